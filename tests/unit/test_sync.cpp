// Sync rules with simulated clocks: target delay, frame timer, late-frame drop, audio compensation, external speed.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "common/clock.hpp"
#include "common/sync.hpp"

using namespace common;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kFrame = 0.04;   // 25 fps
constexpr double kMaxDur = 3600.0;
}  // namespace

TEST_CASE("video ahead or behind by a fraction of a frame: no correction") {
  CHECK(compute_target_delay(kFrame, 0.01, kMaxDur) == doctest::Approx(kFrame));
  CHECK(compute_target_delay(kFrame, -0.039, kMaxDur) == doctest::Approx(kFrame));
  CHECK(compute_target_delay(kFrame, 0.039, kMaxDur) == doctest::Approx(kFrame));
}

TEST_CASE("the threshold is the delay clamped between 0.04 and 0.1") {
  // 60 fps: threshold 0.04, so 0.03 behind is not corrected.
  CHECK(compute_target_delay(1.0 / 60, -0.03, kMaxDur) == doctest::Approx(1.0 / 60));
  // 5 fps: threshold 0.1, so 0.09 behind is not corrected, 0.11 is.
  CHECK(compute_target_delay(0.2, -0.09, kMaxDur) == doctest::Approx(0.2));
  CHECK(compute_target_delay(0.2, -0.11, kMaxDur) == doctest::Approx(0.09));
}

TEST_CASE("video behind by one to two frames: the delay is cut, never below zero") {
  CHECK(compute_target_delay(kFrame, -kFrame, kMaxDur) == doctest::Approx(0.0));
  CHECK(compute_target_delay(kFrame, -1.5 * kFrame, kMaxDur) == doctest::Approx(0.0));
  CHECK(compute_target_delay(0.2, -0.15, kMaxDur) == doctest::Approx(0.05));
}

TEST_CASE("video ahead by one to two frames: short frames doubled, long frames lengthened by the difference") {
  CHECK(compute_target_delay(kFrame, kFrame, kMaxDur) == doctest::Approx(2 * kFrame));
  CHECK(compute_target_delay(kFrame, 2 * kFrame, kMaxDur) == doctest::Approx(2 * kFrame));
  CHECK(compute_target_delay(0.2, 0.3, kMaxDur) == doctest::Approx(0.5));
}

TEST_CASE("video many frames off: corrected; beyond the maximum frame duration (a jump): not corrected") {
  CHECK(compute_target_delay(kFrame, -2.0, kMaxDur) == doctest::Approx(0.0));
  CHECK(compute_target_delay(kFrame, 2.0, kMaxDur) == doctest::Approx(2 * kFrame));
  CHECK(compute_target_delay(kFrame, 20.0, max_frame_duration(true)) == doctest::Approx(kFrame));
  CHECK(compute_target_delay(kFrame, -20.0, max_frame_duration(true)) == doctest::Approx(kFrame));
  CHECK(compute_target_delay(kFrame, kNaN, kMaxDur) == doctest::Approx(kFrame));
}

TEST_CASE("frame duration from pts, with fallbacks for jumps and serial changes") {
  CHECK(frame_duration(1.0, 1.04, 0.05, true, kMaxDur) == doctest::Approx(0.04));
  CHECK(frame_duration(1.0, 0.5, 0.05, true, kMaxDur) == doctest::Approx(0.05));    // backwards
  CHECK(frame_duration(1.0, 30.0, 0.05, true, 10.0) == doctest::Approx(0.05));      // jump
  CHECK(frame_duration(1.0, kNaN, 0.05, true, kMaxDur) == doctest::Approx(0.05));   // unknown
  CHECK(frame_duration(1.0, 61.0, 0.05, false, kMaxDur) == doctest::Approx(0.0));   // after a seek
}

TEST_CASE("the frame timer waits, advances by the delay, and snaps to now after a stall") {
  auto s = step_frame_timer(10.0, kFrame, 10.01);
  CHECK_FALSE(s.advance);
  CHECK(s.wait == doctest::Approx(0.03));
  s = step_frame_timer(10.0, kFrame, 10.05);
  CHECK(s.advance);
  CHECK(s.frame_timer == doctest::Approx(10.04));
  s = step_frame_timer(10.0, kFrame, 11.0);  // 0.96 s behind: snap
  CHECK(s.frame_timer == doctest::Approx(11.0));
}

TEST_CASE("a late frame is dropped only when the next one is already due, and only with framedrop on") {
  CHECK_FALSE(is_frame_late(10.03, 10.0, kFrame));
  CHECK(is_frame_late(10.05, 10.0, kFrame));
  CHECK(framedrop_enabled(-1, SyncMaster::kAudio));
  CHECK(framedrop_enabled(-1, SyncMaster::kExternal));
  CHECK_FALSE(framedrop_enabled(-1, SyncMaster::kVideo));
  CHECK(framedrop_enabled(1, SyncMaster::kVideo));
  CHECK_FALSE(framedrop_enabled(0, SyncMaster::kAudio));
}

TEST_CASE("a decoded picture behind the master is dropped early, as ffplay's get_video_frame drops it") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(is_frame_early_late(4.96, 5.0, true, true));         // 40 ms behind
  CHECK_FALSE(is_frame_early_late(5.04, 5.0, true, true));   // ahead: it waits for its time
  CHECK_FALSE(is_frame_early_late(5.0, 5.0, true, true));    // due now
  CHECK_FALSE(is_frame_early_late(4.96, 5.0, false, true));  // no picture of this serial shown yet
  CHECK_FALSE(is_frame_early_late(4.96, 5.0, true, false));  // no packet waiting: the last one is kept
  CHECK_FALSE(is_frame_early_late(-8.0, 5.0, true, true));   // 13 s: a timestamp jump, not lateness
  CHECK_FALSE(is_frame_early_late(nan, 5.0, true, true));
  CHECK_FALSE(is_frame_early_late(4.96, nan, true, true));
}

TEST_CASE("the master falls back when its stream is missing") {
  CHECK(effective_master(SyncMaster::kAudio, false, true) == SyncMaster::kExternal);
  CHECK(effective_master(SyncMaster::kAudio, true, true) == SyncMaster::kAudio);
  CHECK(effective_master(SyncMaster::kVideo, true, false) == SyncMaster::kAudio);
  CHECK(effective_master(SyncMaster::kExternal, true, true) == SyncMaster::kExternal);
}

// A simulated player: video frames every 40 ms, the master clock drifting from the video by `offset`.
// Runs the frame timer and target delay at simulated times and returns the A-V differences at each shown frame.
static std::vector<double> simulate(double offset, double paused_from, double paused_for, double speed) {
  Clock video, master;
  master.set(offset, 0, 0.0);
  master.set_speed(speed, 0.0);
  double frame_timer = 0.0, now = 0.0;
  double pts = 0.0;
  std::vector<double> diffs;
  bool paused = false;
  while (pts < 4.0) {
    if (!paused && now >= paused_from && now < paused_from + paused_for) {
      paused = true;
      master.set_paused(true, now);
      video.set_paused(true, now);
    }
    if (paused && now >= paused_from + paused_for) {
      paused = false;
      frame_timer += now - video.last_updated();  // as ffplay: the pause does not count as lateness
      master.set_paused(false, now);
      video.set_paused(false, now);
    }
    if (!paused) {
      double diff = video.get(now) - master.get(now);
      double delay = compute_target_delay(kFrame, diff, kMaxDur);
      auto s = step_frame_timer(frame_timer, delay, now);
      if (s.advance) {
        frame_timer = s.frame_timer;
        video.set(pts, 0, now);
        diffs.push_back(video.get(now) - master.get(now));
        pts += kFrame;
      }
    }
    now += 0.001;
  }
  return diffs;
}

TEST_CASE("simulated playback converges to the master from either side and stays within a frame") {
  for (double offset : {-0.5, -0.06, 0.0, 0.06, 0.5}) {
    CAPTURE(offset);
    auto d = simulate(offset, 1e9, 0, 1.0);
    REQUIRE(d.size() > 20);
    for (size_t i = d.size() - 10; i < d.size(); ++i) CHECK(std::fabs(d[i]) < kFrame);
  }
}

TEST_CASE("simulated pause and resume keep sync") {
  auto d = simulate(0.0, 1.0, 2.0, 1.0);
  REQUIRE(d.size() > 20);
  for (size_t i = 5; i < d.size(); ++i) CHECK(std::fabs(d[i]) < kFrame);
}

TEST_CASE("simulated master speed change: video follows a faster and a slower master") {
  for (double speed : {0.5, 1.5, 2.0}) {
    CAPTURE(speed);
    auto d = simulate(0.0, 1e9, 0, speed);
    REQUIRE(d.size() > 20);
    for (size_t i = d.size() - 10; i < d.size(); ++i) CHECK(std::fabs(d[i]) < 2 * kFrame);
  }
}

TEST_CASE("audio compensation waits for the average, corrects by at most 10 %, resets on jumps") {
  AudioDriftAverager avg;
  const int n = 1024, rate = 48000;
  const double threshold = 0.02;
  for (int i = 0; i < AudioDriftAverager::kDefaultAverageCount; ++i) CHECK(avg.wanted_samples(n, rate, 0.1, threshold) == n);
  // Audio 100 ms ahead of the master: more samples, clamped to +10 %.
  CHECK(avg.wanted_samples(n, rate, 0.1, threshold) == static_cast<int>(n * 1.1));
  // A small ahead difference: n + diff * rate.
  int w = avg.wanted_samples(n, rate, 0.001, threshold);
  CHECK(w == n + 48);
  // Behind: fewer samples (the average is still large and positive, but the sign follows the current diff).
  avg.reset();
  for (int i = 0; i < 21; ++i) w = avg.wanted_samples(n, rate, -0.1, threshold);
  CHECK(w == static_cast<int>(n * 0.9));
  // Inside the threshold on average: no change.
  avg.reset();
  for (int i = 0; i < 30; ++i) w = avg.wanted_samples(n, rate, 0.005, threshold);
  CHECK(w == n);
  // A jump beyond the no-sync threshold resets the average.
  CHECK(avg.wanted_samples(n, rate, 20.0, threshold) == n);
  CHECK(std::isnan(avg.average()));
}

TEST_CASE("external clock speed: slower when a queue starves, faster when all pile up, back to 1 otherwise") {
  CHECK(next_external_speed(1.0, 1, 30) == doctest::Approx(0.999));
  CHECK(next_external_speed(0.9, 0, 0) == doctest::Approx(0.9));  // floor
  CHECK(next_external_speed(1.0, 20, 20) == doctest::Approx(1.001));
  CHECK(next_external_speed(1.01, 20, 20) == doctest::Approx(1.01));  // ceiling
  CHECK(next_external_speed(1.0, 20, -1) == doctest::Approx(1.001));  // no audio stream
  CHECK(next_external_speed(0.995, 5, 5) == doctest::Approx(0.996));
  CHECK(next_external_speed(1.0005, 5, 5) == doctest::Approx(1.0));
  CHECK(next_external_speed(1.0, 5, 5) == doctest::Approx(1.0));
}

TEST_CASE("percentile by nearest rank") {
  std::vector<double> v{5, 1, 4, 2, 3};
  CHECK(percentile(v.data(), 5, 50) == doctest::Approx(3));
  CHECK(percentile(v.data(), 5, 95) == doctest::Approx(5));
  CHECK(percentile(v.data(), 0, 95) == doctest::Approx(0));
}

TEST_CASE("damaged values: no negative or NaN delay, no duration below zero, samples within an int") {
  // A negative or NaN nominal delay (a damaged stream's duration) shows the frame now.
  CHECK(compute_target_delay(-0.5, 0.0, kMaxDur) == 0.0);
  CHECK(compute_target_delay(kNaN, 0.5, kMaxDur) == 0.0);
  CHECK(frame_duration(1.0, kNaN, -0.04, true, kMaxDur) == 0.0);
  CHECK(frame_duration(1.0, kNaN, kNaN, true, kMaxDur) == 0.0);
  // Audio compensation with a frame too large for 10 % more to fit an int, and nonsense corrections.
  AudioDriftAverager avg(1);
  for (int i = 0; i < 3; ++i) {
    int n = avg.wanted_samples(std::numeric_limits<int>::max(), 48000, 1.0, 0.01);
    CHECK(n >= std::numeric_limits<int>::max() * 0.9);
  }
  CHECK(avg.wanted_samples(1000, 48000, 1.0, 0.01, kNaN) == 1000);   // no correction allowed
  CHECK(avg.wanted_samples(1000, 48000, 1.0, 0.01, 5.0) == 2000);    // at most the frame's length again
  CHECK(avg.wanted_samples(-5, 48000, 1.0, 0.01) == -5);
}
