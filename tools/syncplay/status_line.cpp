#include "status_line.hpp"

#include <cinttypes>

namespace syncplay {

std::string format_status(const StatusValues& v) {
  const char* label = v.audio && v.video ? "A-V" : v.video ? "M-V" : v.audio ? "M-A" : "   ";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%7.2f %s:%7.3f fd=%4d aq=%5dKB vq=%5dKB sq=%5dB f=%" PRId64 "/%" PRId64 "   \r",
                v.master, label, v.av_diff, v.drops, static_cast<int>(v.audio_bytes / 1024),
                static_cast<int>(v.video_bytes / 1024), static_cast<int>(v.subtitle_bytes), v.faulty_dts, v.faulty_pts);
  return buf;
}

void StatusLine::show(const std::string& line, double now) {
  if (!enabled_) return;
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
  shown_ = true;
  last_ = micros(now);
}

void StatusLine::finish() {
  if (!enabled_ || !shown_) return;
  std::fputs("\n", out_);
  std::fflush(out_);
  shown_ = false;
}

}  // namespace syncplay
