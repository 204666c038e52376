// ffmpeg's -re and -readrate SPEED: an input read no faster than its timestamps go by on the wall clock (times
// SPEED), for a live destination fed from a file or a fast pipe. As ffmpeg 5.1's get_input_packet: before a packet
// is read, the input's latest DTS (of the packets read so far, from where its first one was) must not be ahead of
// the time since reading began; the start is not delayed.
#pragma once

#include <atomic>
#include <cstdint>

namespace common {

class ReadRate {
 public:
  // speed: 1 for -re; above 0.
  explicit ReadRate(double speed) : speed_(speed) {}

  // How long (microseconds) to wait before reading on: `dts` is the input's latest DTS (AV_TIME_BASE, after its
  // offset; AV_NOPTS_VALUE: none yet), `origin` its first, `elapsed_us` the wall time since reading began. 0: now.
  static int64_t wait_us(int64_t dts, int64_t origin, int64_t elapsed_us, double speed);

  // Sleeps until the input may be read on (in steps of at most 50 ms, so that SIGINT, or `cancel` turning true,
  // stops the wait at once). The first call starts the clock and the first DTS it is given (not AV_NOPTS_VALUE) is
  // the origin.
  void pace(int64_t dts, const std::atomic<bool>* cancel = nullptr);
  // Microseconds spent waiting so far.
  int64_t waited_us() const { return waited_us_; }

 private:
  double speed_;
  int64_t start_us_ = -1;  // av_gettime_relative() at the first call
  int64_t origin_ = INT64_MIN;
  int64_t waited_us_ = 0;
};

}  // namespace common
