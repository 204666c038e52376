#include "common/video_sync.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace common {

bool parse_fps_mode(std::string_view text, FpsMode& mode) {
  struct Name {
    const char* name;
    FpsMode mode;
  };
  static const Name kNames[] = {{"passthrough", FpsMode::kPassthrough}, {"0", FpsMode::kPassthrough},
                                {"cfr", FpsMode::kCfr},                 {"1", FpsMode::kCfr},
                                {"vfr", FpsMode::kVfr},                 {"2", FpsMode::kVfr},
                                {"drop", FpsMode::kDrop},               {"auto", FpsMode::kAuto},
                                {"-1", FpsMode::kAuto}};
  for (const Name& n : kNames) {
    if (text == n.name) {
      mode = n.mode;
      return true;
    }
  }
  return false;
}

FpsMode resolve_fps_mode(FpsMode mode, const AVOutputFormat* muxer, bool copyts, bool single_stream_input) {
  if (mode != FpsMode::kAuto) return mode;
  if (muxer && std::strcmp(muxer->name, "avi") == 0) return FpsMode::kVfr;
  if (muxer && (muxer->flags & AVFMT_VARIABLE_FPS))
    return (muxer->flags & AVFMT_NOTIMESTAMPS) ? FpsMode::kPassthrough : FpsMode::kVfr;
  return copyts || single_stream_input ? FpsMode::kVscfr : FpsMode::kCfr;
}

double sync_pts(int64_t pts, AVRational from, AVRational encoder_tb, int64_t output_start) {
  AVRational tb = encoder_tb;
  const int extra_bits = std::clamp(29 - av_log2(static_cast<unsigned>(tb.den)), 0, 16);
  tb.den <<= extra_bits;
  double value = static_cast<double>(av_rescale_q(pts, from, tb) - av_rescale_q(output_start, kTimeBaseQ, tb));
  value /= static_cast<double>(1 << extra_bits);
  // ffmpeg avoids exact midpoints, so that rounding does not depend on the platform's.
  value += (value > 0 ? 1.0 : value < 0 ? -1.0 : 0.0) / (1 << 17);
  return value;
}

VideoSync::Plan VideoSync::next(double frame_pts, double duration) {
  double delta0 = frame_pts - static_cast<double>(next_pts_);  // how far the frame is from where it would fall
  double delta = delta0 + duration;
  Plan plan;
  plan.total = 1;
  if (delta0 < 0 && delta > 0 && mode_ != FpsMode::kPassthrough && mode_ != FpsMode::kDrop) {
    // A frame starting a little early is clipped to where the output is.
    frame_pts = static_cast<double>(next_pts_);
    duration += delta0;
    delta0 = 0;
  }
  switch (mode_) {
    case FpsMode::kVscfr:
      if (sent_ == 0 && delta0 >= 0.5) {  // no copies of the first frame to fill the time before it
        delta = duration;
        delta0 = 0;
        next_pts_ = std::llrint(frame_pts);
      }
      [[fallthrough]];
    case FpsMode::kCfr:
    case FpsMode::kAuto:
      if (drop_threshold_ != 0 && delta < drop_threshold_ && sent_ > 0) {
        plan.total = 0;
      } else if (delta < -1.1) {
        plan.total = 0;
      } else if (delta > 1.1) {
        plan.total = static_cast<int>(std::llrint(delta));
        if (delta0 > 1.1) plan.previous = static_cast<int>(std::llrint(delta0 - 0.6));
      }
      break;
    case FpsMode::kVfr:
      if (delta <= -0.6)
        plan.total = 0;
      else if (delta > 0.6)
        next_pts_ = std::llrint(frame_pts);
      break;
    case FpsMode::kDrop:
    case FpsMode::kPassthrough:
      next_pts_ = std::llrint(frame_pts);
      break;
  }
  return account(plan, true);
}

VideoSync::Plan VideoSync::flush() {
  Plan plan;
  std::array<int, 3> v = last_previous_;
  std::sort(v.begin(), v.end());
  plan.total = plan.previous = v[1];
  return account(plan, false);
}

VideoSync::Plan VideoSync::account(Plan plan, bool have_frame) {
  plan.previous = std::min(plan.previous, plan.total);
  last_previous_ = {plan.previous, last_previous_[0], last_previous_[1]};
  if (plan.previous == 0 && last_dropped_) ++dropped_;
  const int extra = plan.total - ((plan.previous && last_dropped_) ? 1 : 0) - (plan.total > plan.previous ? 1 : 0);
  if (extra > 0) duplicated_ += extra;
  last_dropped_ = plan.total == plan.previous && have_frame;
  if (!have_frame && sent_ == 0) plan.total = plan.previous = 0;  // nothing to send again
  plan.pts = next_pts_;
  next_pts_ += plan.total;
  sent_ += plan.total;
  return plan;
}

}  // namespace common
