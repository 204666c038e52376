// The video side of the display loop (ffplay's video_refresh): decides, at each tick, whether the next frame is
// due (frame timer + target delay), drops frames that are already late, keeps the last shown frame for redraws,
// and writes each decision to the sync report.
#pragma once

#include "common/sync.hpp"
#include "output.hpp"
#include "pipeline.hpp"
#include "sync_clocks.hpp"
#include "sync_report.hpp"

namespace syncplay {

struct PresenterConfig {
  static constexpr double kDefaultRefresh = 0.01;  // longest wait between ticks (ffplay's REFRESH_RATE)
  bool framedrop = true;
  double max_frame_duration = 3600.0;
  int slow_display_ms = 0;  // fault injection: a display that blocks this long after each frame
  double refresh = kDefaultRefresh;
  double speed = 1.0;  // frame durations are divided by this
  common::SyncTuning tuning;
};

class Presenter {
 public:
  Presenter(FrameQueue& frames, const PacketQueue& packets, SyncClocks& clocks, VideoOutput& output,
            SyncReport& report, PresenterConfig config, double epoch);

  // One tick at system time `now`. Returns how long the loop may wait before the next tick.
  double refresh(double now, bool paused);
  // Shows the last frame again at the next tick (window exposed or resized).
  void force_redraw() { force_refresh_ = true; }
  // Playback resumed at `now` after a pause that began at paused_since: the frame timer moves on by the paused
  // time, so the pause does not count as lateness (ffplay's rule).
  void on_resume(double now, double paused_since) { frame_timer_ += now - paused_since; }
  // Step mode: show one frame even though paused, then report it.
  void request_step() { step_ = true; }
  bool take_step_done();

  bool finished(double now) const;  // the end of the current serial was reached and the last frame's time is up
  bool idle() const;                // no frame waiting
  double last_pts() const { return have_last_ ? last_.pts : 0.0; }
  const AVFrame* frame() const { return have_last_ ? last_.frame.get() : nullptr; }  // the frame on screen
  int shown_serial() const { return have_last_ ? shown_serial_ : -1; }  // the serial of the frame on screen
  // Whether frames go to the output (false while the window shows the audio display: the timing and the clocks go on
  // as if they were shown, as in ffplay, but the report says they were not drawn).
  void set_draw(bool draw) { draw_ = draw; }
  // Playback speed from now on (frame durations are divided by it).
  void set_speed(double speed) { config_.speed = speed; }
  int shown() const { return shown_; }      // frames that came up at their time and were drawn
  int undrawn() const { return undrawn_; }  // frames that came up at their time while the audio display had the window
  int presented() const { return shown_ + undrawn_; }  // either
  int dropped() const { return dropped_; }
  int repeated() const { return repeated_; }

 private:
  struct Peeked {
    bool exists = false;
    common::MessageKind kind = common::MessageKind::kData;
    int serial = 0;
    double pts = 0.0;
    double duration = 0.0;
  };
  Peeked peek(size_t i) const;
  void display();

  FrameQueue& frames_;
  const PacketQueue& packets_;
  SyncClocks& clocks_;
  VideoOutput& output_;
  SyncReport& report_;
  PresenterConfig config_;
  double epoch_;  // system time of the start of playback (the report's shown_at is relative to it)

  DecodedFrame last_;  // the frame on screen, kept for redraws
  bool have_last_ = false;
  int shown_serial_ = -1;
  double due_ = 0.0;  // when the frame on screen was due (its frame timer): the report's "due"
  // The last frame taken from the queue, shown or dropped: the next frame's delay is measured from it.
  double prev_pts_ = 0.0;
  double prev_duration_ = 0.0;
  int prev_serial_ = -1;
  double frame_timer_ = 0.0;
  bool force_refresh_ = false;
  bool draw_ = true;
  bool report_pending_ = false;
  bool repeat_reported_ = false;
  bool step_ = false;
  bool step_done_ = false;
  int eof_serial_ = -1;
  int shown_ = 0, undrawn_ = 0, dropped_ = 0, repeated_ = 0;
};

}  // namespace syncplay
