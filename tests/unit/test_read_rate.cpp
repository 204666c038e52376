// read_rate: ffmpeg's -re / -readrate rule as a pure function of the input's DTS and the wall time, and the pacing
// itself on the real clock (a lower bound only: a busy machine may make it slower, never faster).
#include <doctest/doctest.h>

#include "common/ffmpeg.hpp"
#include "common/read_rate.hpp"

using namespace common;

TEST_CASE("ReadRate::wait_us holds an input at its timestamps' pace") {
  // Real time: 2 s read after 1.5 s waits 0.5 s; behind the clock, no wait.
  CHECK(ReadRate::wait_us(2000000, 0, 1500000, 1.0) == 500001);
  CHECK(ReadRate::wait_us(1000000, 0, 1500000, 1.0) == 0);
  CHECK(ReadRate::wait_us(1500000, 0, 1500000, 1.0) == 0);
  // Twice real time: 2 s of input may be read in 1 s.
  CHECK(ReadRate::wait_us(2000000, 0, 1000000, 2.0) == 0);
  CHECK(ReadRate::wait_us(3000000, 0, 1000000, 2.0) == 500001);
  // Counted from the first DTS (-copyts keeps an input's own, late, times).
  CHECK(ReadRate::wait_us(3600000000 + 500000, 3600000000, 500000, 1.0) == 0);
  CHECK(ReadRate::wait_us(3600000000 + 900000, 3600000000, 500000, 1.0) == 400001);
  // Nothing read yet, or no timestamp: no wait.
  CHECK(ReadRate::wait_us(AV_NOPTS_VALUE, 0, 0, 1.0) == 0);
  CHECK(ReadRate::wait_us(5000000, INT64_MIN, 0, 1.0) == 0);
}

TEST_CASE("ReadRate::pace waits at least until the input's time has come") {
  // Judged by lower bounds only: a busy machine may hold this thread between the two calls (ci45: 11 ms), so how
  // long pace() itself waited is only bounded when the second call came well before its time.
  ReadRate rate(4.0);
  const int64_t start = av_gettime_relative();
  rate.pace(0);  // the first: starts the clock, origin 0
  const int64_t before_second = av_gettime_relative() - start;
  rate.pace(1000000);  // 1 s of input at 4x: 0.25 s after the start
  const int64_t elapsed = av_gettime_relative() - start;
  CHECK(elapsed >= 250000);
  CHECK(rate.waited_us() <= elapsed);  // the sleeps it counted did happen
  if (before_second < 125000) CHECK(rate.waited_us() > 0);
}
