#include "presenter.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "common/clock.hpp"

namespace syncplay {

Presenter::Presenter(FrameQueue& frames, const PacketQueue& packets, SyncClocks& clocks, VideoOutput& output,
                     SyncReport& report, PresenterConfig config, double epoch)
    : frames_(frames), packets_(packets), clocks_(clocks), output_(output), report_(report), config_(config),
      epoch_(epoch) {}

Presenter::Peeked Presenter::peek(size_t i) const {
  Peeked p;
  frames_.peek(i, [&](const common::Message<DecodedFrame>& m) {
    p.exists = true;
    p.kind = m.kind;
    p.serial = m.serial;
    p.pts = m.data.pts;
    p.duration = m.data.duration;
  });
  return p;
}

bool Presenter::idle() const { return frames_.messages() == 0; }

bool Presenter::finished(double now) const {
  if (eof_serial_ != packets_.serial() || frames_.messages() != 0) return false;
  // Leave the last frame on screen for its duration.
  return !have_last_ || now >= frame_timer_ + last_.duration / config_.speed;
}

bool Presenter::take_step_done() {
  bool d = step_done_;
  step_done_ = false;
  return d;
}

double Presenter::refresh(double now, bool paused) {
  double remaining = config_.refresh;
  for (;;) {
    Peeked vp = peek(0);
    if (!vp.exists) break;
    if (vp.kind == common::MessageKind::kFlush || vp.serial != packets_.serial()) {
      frames_.try_pop();  // stale: from before a seek
      continue;
    }
    if (vp.kind == common::MessageKind::kEof) {
      eof_serial_ = vp.serial;
      frames_.try_pop();
      continue;
    }
    if (prev_serial_ != vp.serial) frame_timer_ = now;  // a new start (first frame, after a seek): due now
    if (paused && !step_) break;

    double last_duration = prev_serial_ >= 0 ? common::frame_duration(prev_pts_, vp.pts, prev_duration_,
                                                                      prev_serial_ == vp.serial, config_.max_frame_duration)
                                             : 0.0;
    last_duration /= config_.speed;
    // The frame timer runs in system time: a difference in media time counts 1/speed as much.
    double diff = clocks_.video_diff(now) / config_.speed;
    double delay = common::compute_target_delay(last_duration, diff, config_.max_frame_duration, config_.tuning);
    auto step = common::step_frame_timer(frame_timer_, delay, now, config_.tuning);
    if (!step.advance) {
      remaining = std::min(remaining, step.wait);
      if (have_last_ && prev_pts_ == last_.pts && delay > last_duration && !repeat_reported_) {
        // Video ahead of the master: the frame on screen stays up longer than its duration.
        repeat_reported_ = true;
        ++repeated_;
        report_.frame(last_.pts, now - epoch_, clocks_.master_time(now), FrameAction::kRepeated);
      }
      break;
    }
    const double due = frame_timer_ + delay;  // the plan, before a stalled timer snaps to now
    frame_timer_ = step.frame_timer;
    if (!std::isnan(vp.pts)) clocks_.set_video(vp.pts, vp.serial, now);

    Peeked next = peek(1);
    if (config_.framedrop && !step_ && next.exists && next.kind == common::MessageKind::kData &&
        next.serial == vp.serial) {
      double duration =
          common::frame_duration(vp.pts, next.pts, vp.duration, true, config_.max_frame_duration) / config_.speed;
      if (common::is_frame_late(now, frame_timer_, duration)) {
        frames_.try_pop();
        prev_pts_ = vp.pts;
        prev_duration_ = vp.duration;
        prev_serial_ = vp.serial;
        ++dropped_;
        report_.frame(vp.pts, now - epoch_, clocks_.master_time(now), FrameAction::kDropped, due - epoch_);
        continue;
      }
    }
    auto msg = frames_.try_pop();
    if (!msg || msg->kind != common::MessageKind::kData || msg->serial != vp.serial) continue;  // raced a flush
    last_ = std::move(msg->data);
    shown_serial_ = vp.serial;
    prev_pts_ = vp.pts;
    prev_duration_ = vp.duration;
    prev_serial_ = vp.serial;
    have_last_ = true;
    repeat_reported_ = false;
    force_refresh_ = true;
    report_pending_ = true;
    due_ = due;
    if (step_) {
      step_ = false;
      step_done_ = true;
    }
    break;
  }
  display();
  return remaining;
}

void Presenter::display() {
  if (!force_refresh_ || !have_last_) return;
  force_refresh_ = false;
  if (draw_) output_.show(last_.frame.get());
  if (report_pending_) {
    report_pending_ = false;
    ++(draw_ ? shown_ : undrawn_);
    double at = common::now_seconds();  // after the picture went up (or would have)
    report_.frame(last_.pts, at - epoch_, clocks_.master_time(at), draw_ ? FrameAction::kShown : FrameAction::kUndrawn,
                  due_ - epoch_);
  }
  if (config_.slow_display_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(config_.slow_display_ms));
}

}  // namespace syncplay
