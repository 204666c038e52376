// The SDL video output: a resizable window showing YUV420P frames with their display aspect ratio, and the
// keyboard and window events turned into player commands.
#pragma once

#include <memory>
#include <string>

#include "output.hpp"

namespace syncplay {

struct SdlVideoConfig {
  std::string title = "syncplay";
  int width = 0, height = 0;  // initial window size
  bool fullscreen = false;
};

// Throws common::Error("opening display", ...) when there is no display to open.
std::unique_ptr<VideoOutput> open_sdl_video(const SdlVideoConfig& config);

}  // namespace syncplay
