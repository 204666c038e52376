// Clock: media time from pts and drift at simulated system times; pause, speed, serials, slaving.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>

#include "common/clock.hpp"

using namespace common;

TEST_CASE("an unset clock reads as invalid") {
  Clock c;
  CHECK(std::isnan(c.get(5.0)));
  CHECK_FALSE(c.valid());
}

TEST_CASE("a set clock advances with system time at speed 1") {
  Clock c;
  c.set(10.0, 0, 100.0);
  CHECK(c.get(100.0) == doctest::Approx(10.0));
  CHECK(c.get(100.5) == doctest::Approx(10.5));
  CHECK(c.pts_drift() == doctest::Approx(10.0 - 100.0));
  CHECK(c.last_updated() == doctest::Approx(100.0));
}

TEST_CASE("a paused clock stands still and resumes where it stopped") {
  Clock c;
  c.set(1.0, 0, 0.0);
  c.set_paused(true, 2.0);
  CHECK(c.paused());
  CHECK(c.get(2.0) == doctest::Approx(3.0));
  CHECK(c.get(50.0) == doctest::Approx(3.0));
  c.set_paused(false, 50.0);
  CHECK(c.get(50.0) == doctest::Approx(3.0));
  CHECK(c.get(51.0) == doctest::Approx(4.0));
}

TEST_CASE("speed changes keep the time reached and change the rate from then on") {
  Clock c;
  c.set(0.0, 0, 0.0);
  c.set_speed(2.0, 1.0);
  CHECK(c.get(1.0) == doctest::Approx(1.0));
  CHECK(c.get(2.0) == doctest::Approx(3.0));
  c.set_speed(0.5, 2.0);
  CHECK(c.get(4.0) == doctest::Approx(4.0));
  CHECK(c.speed() == doctest::Approx(0.5));
}

TEST_CASE("a clock of an old serial reads as invalid after a seek, and valid again once set") {
  std::atomic<int> queue_serial{1};
  Clock c(&queue_serial);
  c.set(5.0, 1, 0.0);
  CHECK(c.get(1.0) == doctest::Approx(6.0));
  queue_serial = 2;  // the queue was flushed by a seek
  CHECK(c.obsolete());
  CHECK(std::isnan(c.get(1.0)));
  c.set(60.0, 2, 1.0);
  CHECK(c.get(1.5) == doctest::Approx(60.5));
}

TEST_CASE("the external clock follows its slave only when unset or far off") {
  Clock ext, audio;
  audio.set(3.0, 0, 10.0);
  ext.sync_to_slave(audio, 10.0, 10.0);  // unset: jumps to the slave
  CHECK(ext.get(10.0) == doctest::Approx(3.0));
  ext.set(3.5, 0, 10.0);  // 0.5 s off: inside the no-sync threshold, kept
  ext.sync_to_slave(audio, 10.0, 10.0);
  CHECK(ext.get(10.0) == doctest::Approx(3.5));
  audio.set(40.0, 0, 10.0);  // a timestamp jump: the external clock follows
  ext.sync_to_slave(audio, 10.0, 10.0);
  CHECK(ext.get(10.0) == doctest::Approx(40.0));
}
