// The SDL video output: a resizable window showing video frames with their display aspect ratio, and the
// keyboard and window events turned into player commands.
#pragma once

#include <memory>
#include <string>

#include "common/ffmpeg.hpp"
#include "output.hpp"

namespace syncplay {

struct SdlVideoConfig {
  std::string title = "syncplay";
  int width = 0, height = 0;  // initial window size; 0: the video's display size
  bool fullscreen = false;
  int left = -1, top = -1;  // window position (ffplay's -left/-top); -1: the window manager's choice
  bool borderless = false;  // -noborder
  bool always_on_top = false;  // -alwaysontop
  bool exit_on_key = false;    // -exitonkeydown: any key quits
  bool exit_on_mouse = false;  // -exitonmousedown: any mouse button quits
  // The video's size and sample aspect ratio as the stream declares them, so that the window can be opened before
  // the first frame (opening it takes long enough to make the first frames late).
  int video_width = 0, video_height = 0;
  AVRational sar{0, 1};
};

// Throws common::Error("opening display", ...) when there is no display to open.
std::unique_ptr<VideoOutput> open_sdl_video(const SdlVideoConfig& config);

}  // namespace syncplay
