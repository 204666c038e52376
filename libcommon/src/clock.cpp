#include "common/clock.hpp"

#include "common/ffmpeg.hpp"

namespace common {

double now_seconds() { return static_cast<double>(av_gettime_relative()) / 1e6; }

Clock::Clock(const std::atomic<int>* queue_serial) : queue_serial_(queue_serial) {}

double Clock::get(double now) const {
  if (obsolete()) return std::numeric_limits<double>::quiet_NaN();
  if (paused_) return pts_;
  // Media time advances at `speed` since the last update: drift + now is the time at speed 1.
  return pts_drift_ + now - (now - last_updated_) * (1.0 - speed_);
}

void Clock::set(double pts, int serial, double now) {
  pts_ = pts;
  last_updated_ = now;
  pts_drift_ = pts - now;
  serial_ = serial;
}

void Clock::set_speed(double speed, double now) {
  set(get(now), serial_, now);
  speed_ = speed;
}

void Clock::set_paused(bool paused, double now) {
  if (paused == paused_) return;
  // Re-anchor at `now` so that a resumed clock continues from where it stopped.
  set(get(now), serial_, now);
  paused_ = paused;
}

void Clock::sync_to_slave(const Clock& slave, double now, double threshold) {
  double mine = get(now);
  double theirs = slave.get(now);
  if (!std::isnan(theirs) && (std::isnan(mine) || std::fabs(mine - theirs) > threshold))
    set(theirs, slave.serial(), now);
}

}  // namespace common
