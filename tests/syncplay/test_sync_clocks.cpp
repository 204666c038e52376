// syncplay's clocks: the master follows the streams playing (set_master, for aid/vid no): the external clock taken
// as the master goes on from the old master's time, and audio taken back is the audio clock again, on simulated time.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>

#include "sync_clocks.hpp"

using namespace syncplay;

TEST_CASE("set_master: the external clock goes on from the audio's time, and audio comes back as the master") {
  std::atomic<int> video_serial{0}, audio_serial{0};
  SyncClocks clocks(&video_serial, &audio_serial, common::SyncMaster::kAudio);
  clocks.set_audio(10.0, 0, 100.0);
  CHECK(clocks.master_time(100.5) == doctest::Approx(10.5));
  // Audio turned off: its queue starts a new serial, its clock has no time; the external clock is the master and
  // carries on from where audio was.
  clocks.set_master(common::SyncMaster::kExternal, 100.5);
  audio_serial = 1;
  CHECK(std::isnan(clocks.audio_time(101.0)));
  CHECK(clocks.master() == common::SyncMaster::kExternal);
  CHECK(clocks.master_time(101.0) == doctest::Approx(11.0));
  // Taken again as the master, the external clock is not moved (set_master to itself changes nothing).
  clocks.set_master(common::SyncMaster::kExternal, 101.0);
  CHECK(clocks.master_time(101.5) == doctest::Approx(11.5));
  // Audio back: no time until its first samples play, then its own.
  clocks.set_master(common::SyncMaster::kAudio, 102.0);
  CHECK(std::isnan(clocks.master_time(102.0)));
  clocks.set_audio(12.2, 1, 102.1);
  CHECK(clocks.master_time(102.2) == doctest::Approx(12.3));
}

TEST_CASE("set_master: a paused external clock taken as the master stays paused") {
  std::atomic<int> video_serial{0}, audio_serial{0};
  SyncClocks clocks(&video_serial, &audio_serial, common::SyncMaster::kAudio);
  clocks.set_audio(5.0, 0, 50.0);
  clocks.set_paused(true, 51.0);
  clocks.set_master(common::SyncMaster::kExternal, 52.0);
  CHECK(clocks.master_time(53.0) == doctest::Approx(6.0));
  CHECK(clocks.master_time(60.0) == doctest::Approx(6.0));
}
