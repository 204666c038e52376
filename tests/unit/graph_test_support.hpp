// Helpers shared by the filter graph, scheduler and encode tests: small configured graphs and generated frames.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/filter_graph.hpp"

namespace test_support {

inline common::SourceParams gray_video(AVRational tb, int w = 16, int h = 16) {
  common::SourceParams p;
  p.type = AVMEDIA_TYPE_VIDEO;
  p.time_base = tb;
  p.width = w;
  p.height = h;
  p.pix_fmt = AV_PIX_FMT_GRAY8;
  p.sample_aspect_ratio = {1, 1};
  return p;
}

inline common::SourceParams s16_audio(int rate, const char* layout = "mono") {
  common::SourceParams p;
  p.type = AVMEDIA_TYPE_AUDIO;
  p.time_base = {1, rate};
  p.sample_rate = rate;
  p.sample_fmt = AV_SAMPLE_FMT_S16;
  p.ch_layout = layout;
  return p;
}

// Parses desc, gives every input the params in order and every output a sink accepting anything, configures.
inline std::unique_ptr<common::FilterGraph> configured(const std::string& desc,
                                                       const std::vector<common::SourceParams>& params) {
  common::GraphOptions options;
  options.threads = 1;
  auto g = common::FilterGraph::parse(desc, options);
  for (size_t i = 0; i < params.size(); ++i) g->set_source(i, params[i]);
  for (size_t i = 0; i < g->outputs().size(); ++i) g->set_sink(i);
  g->configure();
  return g;
}

inline common::FramePtr gray_frame(int64_t pts, int value = 128, int w = 16, int h = 16) {
  auto f = common::make_frame();
  f->format = AV_PIX_FMT_GRAY8;
  f->width = w;
  f->height = h;
  f->sample_aspect_ratio = {1, 1};
  if (av_frame_get_buffer(f.get(), 0) < 0) throw common::Error("test frame", AVERROR(ENOMEM));
  for (int y = 0; y < h; ++y) std::memset(f->data[0] + y * f->linesize[0], value, static_cast<size_t>(w));
  f->pts = pts;
  return f;
}

inline common::FramePtr s16_frame(int64_t pts, int samples, int rate) {
  auto f = common::make_frame();
  f->format = AV_SAMPLE_FMT_S16;
  f->nb_samples = samples;
  f->sample_rate = rate;
  av_channel_layout_default(&f->ch_layout, 1);
  if (av_frame_get_buffer(f.get(), 0) < 0) throw common::Error("test frame", AVERROR(ENOMEM));
  auto* d = reinterpret_cast<int16_t*>(f->data[0]);
  for (int i = 0; i < samples; ++i) d[i] = static_cast<int16_t>((i * 37) % 2000 - 1000);
  f->pts = pts;
  return f;
}

}  // namespace test_support
