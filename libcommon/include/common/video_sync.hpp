// Video sync: ffmpeg 5.1's output frame rate control (do_video_out), for an encoder whose time base is 1/frame rate:
// which frames the encoder gets (a frame dropped, or sent again to fill a gap) and their timestamps, as ffmpeg's
// -fps_mode (-vsync) decides them. Pure arithmetic on timestamps, so every rule is tested on its own.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "common/ffmpeg.hpp"

namespace common {

enum class FpsMode { kAuto, kPassthrough, kCfr, kVfr, kDrop, kVscfr };

// ffmpeg's names and numbers: passthrough (0), cfr (1), vfr (2), drop, auto (-1). False when none.
bool parse_fps_mode(std::string_view text, FpsMode& mode);

// auto as ffmpeg resolves it for a muxer: vfr for avi and for muxers taking variable frame rates (passthrough when
// they keep no timestamps), else cfr; cfr becomes vscfr (initial frames not duplicated) with -copyts, or when the
// frames come straight from an input of one stream that starts at its own time (no -itsoffset).
FpsMode resolve_fps_mode(FpsMode mode, const AVOutputFormat* muxer, bool copyts, bool single_stream_input);

// A frame's pts in the encoder's time base as the frame rate control sees it (ffmpeg's
// adjust_frame_pts_to_encoder_tb): exact to 1/2^extra bits, nudged off exact midpoints.
// output_start: ffmpeg's output -ss (AV_TIME_BASE units), taken off before the rounding, as ffmpeg does.
double sync_pts(int64_t pts, AVRational from, AVRational encoder_tb, int64_t output_start = 0);

class VideoSync {
 public:
  // drop_threshold: ffmpeg's -frame_drop_threshold (0: none): with cfr, every frame after the first whose end falls
  // more than that many frames before where the output is (delta < threshold) is dropped, before the -1.1 rule.
  explicit VideoSync(FpsMode mode, double drop_threshold = 0) : mode_(mode), drop_threshold_(drop_threshold) {}

  // What to send for one frame: `previous` copies of the frame before it, then the frame itself, `total` frames in
  // all (0: dropped), the first at `pts` and each next one tick later (encoder time base).
  struct Plan {
    int previous = 0;
    int total = 0;
    int64_t pts = 0;
  };
  // frame_pts: sync_pts() of the frame; duration: its length in ticks of the encoder time base (ffmpeg's rule:
  // 1/frame rate of the graph output, or less; 0 when unknown).
  Plan next(double frame_pts, double duration);
  // At the end of the stream: the last frame sent again as the recent ones were (ffmpeg's mid_pred of them).
  Plan flush();
  int64_t dropped() const { return dropped_; }
  int64_t duplicated() const { return duplicated_; }

 private:
  Plan account(Plan plan, bool have_frame);
  FpsMode mode_;
  double drop_threshold_ = 0;
  int64_t next_pts_ = 0;  // ffmpeg's sync_opts: the tick the next frame sent gets
  int64_t sent_ = 0;      // frames sent (ffmpeg's frame_number)
  std::array<int, 3> last_previous_{0, 0, 0};
  bool last_dropped_ = false;
  int64_t dropped_ = 0, duplicated_ = 0;
};

}  // namespace common
