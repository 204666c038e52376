#include "common/read_rate.hpp"

#include <algorithm>

#include "common/cli_support.hpp"
#include "common/ffmpeg.hpp"

namespace common {

int64_t ReadRate::wait_us(int64_t dts, int64_t origin, int64_t elapsed_us, double speed) {
  if (dts == AV_NOPTS_VALUE || origin == INT64_MIN || speed <= 0) return 0;
  // Where the input may have reached by now, in its own time.
  const auto allowed = static_cast<int64_t>(static_cast<double>(elapsed_us) * speed) + origin;
  if (dts <= allowed) return 0;
  return static_cast<int64_t>(static_cast<double>(dts - allowed) / speed) + 1;
}

void ReadRate::pace(int64_t dts, const std::atomic<bool>* cancel) {
  if (start_us_ < 0) start_us_ = av_gettime_relative();
  if (dts == AV_NOPTS_VALUE) return;
  if (origin_ == INT64_MIN) origin_ = std::max<int64_t>(dts, 0);  // ffmpeg: from the first DTS, or the file's 0
  for (;;) {
    const int64_t wait = wait_us(dts, origin_, av_gettime_relative() - start_us_, speed_);
    if (wait <= 0 || interrupted() || (cancel && cancel->load())) return;
    const int64_t step = std::min<int64_t>(wait, 50000);
    av_usleep(static_cast<unsigned>(step));
    waited_us_ += step;
  }
}

}  // namespace common
