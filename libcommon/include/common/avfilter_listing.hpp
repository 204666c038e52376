// libavfilter's version and filter list, looked up at run time (dlopen) instead of linked.
// The tools that run no filter graph (memremux, avprobe-json) need libavfilter only to answer -version,
// -show_library_versions and the filter completions. Linked, it and the 33 libraries it alone brings are a third of
// every start of those tools (a pipeline of short runs pays it each time); looked up, only those options load it.
// A tool linked to libavfilter anyway (graphrun, syncplay) gets the copy already loaded.
#pragma once

#include <string>

#include "common/ffmpeg.hpp"

namespace common {

struct AvfilterListing {
  unsigned (*version)();
  const AVFilter* (*iterate)(void** opaque);
  unsigned (*pad_count)(const AVFilter* filter, int is_output);
  AVMediaType (*pad_type)(const AVFilterPad* pads, int pad_index);
};

// The soname the build was compiled against ("libavfilter.so.8").
std::string avfilter_soname();
// The functions, loaded on the first call; nullptr when libavfilter cannot be loaded (the listings then leave it out).
const AvfilterListing* avfilter_listing();

}  // namespace common
