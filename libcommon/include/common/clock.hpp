// Clock: a media clock as ffplay keeps it (pts, drift against the system time, speed, serial, paused).
// All times are passed in explicitly (seconds of a monotonic system clock), so tests drive it with simulated time.
// A clock whose serial is not the serial of the queue it follows (an obsolete clock after a seek or flush)
// reads as invalid (NaN), like ffplay's.
#pragma once

#include <atomic>
#include <cmath>
#include <limits>

namespace common {

// The system time, in seconds of a monotonic clock (av_gettime_relative), for callers that play in real time.
double now_seconds();

class Clock {
 public:
  // queue_serial: the serial of the packet queue this clock follows (nullptr: the clock follows itself, as the
  // external clock does). It must outlive the clock.
  explicit Clock(const std::atomic<int>* queue_serial = nullptr);

  // The clock's media time at system time `now`, or NaN when unset or obsolete.
  double get(double now) const;
  // Sets the clock to pts at system time `now`, for the packets of `serial`.
  void set(double pts, int serial, double now);
  // Changes the speed from `now` on (the time reached so far is kept).
  void set_speed(double speed, double now);
  // Pauses or resumes at `now`: a paused clock reads its pts; resuming continues from the time reached.
  void set_paused(bool paused, double now);
  // When this clock is unset or more than `threshold` away from `slave`, jump to the slave's time.
  void sync_to_slave(const Clock& slave, double now, double threshold);

  double pts() const { return pts_; }
  double pts_drift() const { return pts_drift_; }
  double last_updated() const { return last_updated_; }
  double speed() const { return speed_; }
  int serial() const { return serial_; }
  bool paused() const { return paused_; }
  // True when the clock has been set and its serial is current.
  bool valid() const { return !std::isnan(pts_) && !obsolete(); }
  bool obsolete() const { return queue_serial_ && queue_serial_->load() != serial_; }

 private:
  double pts_ = std::numeric_limits<double>::quiet_NaN();
  double pts_drift_ = std::numeric_limits<double>::quiet_NaN();
  double last_updated_ = 0.0;
  double speed_ = 1.0;
  int serial_ = -1;
  bool paused_ = false;
  const std::atomic<int>* queue_serial_;
};

}  // namespace common
