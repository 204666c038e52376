// Small helpers the filter graph's units share (filter_graph.cpp builds, filter_graph_inspect.cpp inspects): names
// and formats as text, an integer option read. Private to libcommon.
#pragma once

#include <string>

#include "common/ffmpeg.hpp"

namespace common::graph_util {

inline std::string filter_name(const AVFilterContext* f) { return f->name ? f->name : f->filter->name; }

inline std::string pad_name(const AVFilterPad* pads, int index) {
  const char* n = avfilter_pad_get_name(pads, index);
  return n ? n : std::to_string(index);
}

inline std::string layout_text(const AVChannelLayout& layout) {
  char buf[128];
  if (av_channel_layout_describe(&layout, buf, sizeof buf) < 0) return "unknown";
  return buf;
}

inline std::string media_text(AVMediaType type) {
  const char* s = av_get_media_type_string(type);
  return s ? s : "unknown";
}

inline std::string format_text(AVMediaType type, int format) {
  const char* n = nullptr;
  if (type == AVMEDIA_TYPE_VIDEO) n = av_get_pix_fmt_name(static_cast<AVPixelFormat>(format));
  if (type == AVMEDIA_TYPE_AUDIO) n = av_get_sample_fmt_name(static_cast<AVSampleFormat>(format));
  return n ? n : "none";
}

inline bool has_int_option(AVFilterContext* f, const char* name, int64_t& value) {
  return av_opt_get_int(f, name, AV_OPT_SEARCH_CHILDREN, &value) >= 0;
}

}  // namespace common::graph_util
