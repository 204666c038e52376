// ffplay's status line (video_refresh's show_status): the master clock, the A-V difference, the frames dropped and
// the packet queues, rewritten in place on stderr at most every 30 ms. Shown only on a terminal (see player.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace syncplay {

struct StatusValues {
  double master = 0.0;   // the master clock (NaN: not set yet)
  bool audio = false;    // an audio stream plays
  bool video = false;    // a video stream plays
  double av_diff = 0.0;  // audio - video clock with both, else master - the one stream's clock
  int drops = 0;         // video frames dropped
  int64_t audio_bytes = 0, video_bytes = 0, subtitle_bytes = 0;  // the packet queues
  int64_t faulty_dts = 0, faulty_pts = 0;  // the video decoder's timestamp corrections (pts_correction_num_faulty_*)
};

// The line as ffplay 5.1 prints it, "\r" at its end: "   1.23 A-V:  0.004 fd=   0 aq=   12KB vq=   40KB sq=    0B f=0/0   \r"
// (M-V: video only, M-A: audio only).
std::string format_status(const StatusValues& v);

struct StatusTuning {
  static constexpr int64_t kPeriodUs = 30000;  // ffplay's: at most one line every 30 ms
};

class StatusLine {
 public:
  // Writes to `out` when enabled (nothing otherwise).
  StatusLine(std::FILE* out, bool enabled) : out_(out), enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  // Whether a line is due at `now` (seconds): the first one, then one a period after the last.
  bool due(double now) const { return enabled_ && (!shown_ || micros(now) - last_ >= StatusTuning::kPeriodUs); }
  void show(const std::string& line, double now);
  // Ends the line (a newline, as ffplay at exit) when one was shown.
  void finish();

 private:
  static int64_t micros(double seconds) { return std::llround(seconds * 1e6); }  // whole microseconds, as ffplay
  std::FILE* out_;
  bool enabled_;
  bool shown_ = false;
  int64_t last_ = 0;
};

}  // namespace syncplay
