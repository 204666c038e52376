#include "sync_clocks.hpp"

#include <cmath>
#include <limits>

namespace syncplay {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

SyncClocks::SyncClocks(const std::atomic<int>* video_serial, const std::atomic<int>* audio_serial,
                       common::SyncMaster master, common::SyncTuning tuning)
    : audio_(audio_serial), video_(video_serial), external_(nullptr), master_(master), tuning_(tuning) {}

double SyncClocks::master_locked(double now) const {
  switch (master_.load()) {
    case common::SyncMaster::kAudio: return audio_.get(now);
    case common::SyncMaster::kVideo: return video_.get(now);
    case common::SyncMaster::kExternal: return external_.get(now);
  }
  return kNaN;
}

double SyncClocks::master_time(double now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return master_locked(now);
}

double SyncClocks::audio_time(double now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return audio_.get(now);
}

double SyncClocks::video_time(double now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return video_.get(now);
}

int SyncClocks::video_serial() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return video_.serial();
}

double SyncClocks::video_diff(double now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (master_ == common::SyncMaster::kVideo) return kNaN;
  return video_.get(now) - master_locked(now);
}

double SyncClocks::audio_diff(double now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (master_ == common::SyncMaster::kAudio) return kNaN;
  return audio_.get(now) - master_locked(now);
}

void SyncClocks::switch_to_external(double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (master_ == common::SyncMaster::kExternal) return;
  double t = master_locked(now);
  if (!std::isnan(t)) external_.set(t, external_.serial(), now);
  master_ = common::SyncMaster::kExternal;
}

void SyncClocks::set_master(common::SyncMaster master, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (master_ == master) return;
  if (master == common::SyncMaster::kExternal) {
    double t = master_locked(now);
    if (!std::isnan(t)) external_.set(t, external_.serial(), now);
  }
  master_ = master;
}

void SyncClocks::set_video(double pts, int serial, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  video_.set(pts, serial, now);
  if (!stalled_) external_.sync_to_slave(video_, now, tuning_.nosync_threshold);
}

void SyncClocks::set_audio(double pts, int serial, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  audio_.set(pts, serial, now);
  if (!stalled_) external_.sync_to_slave(audio_, now, tuning_.nosync_threshold);
}

void SyncClocks::set_external(double pts, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  external_.set(pts, external_.serial(), now);
}

void SyncClocks::set_paused(bool paused, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  audio_.set_paused(paused, now);
  video_.set_paused(paused, now);
  external_.set_paused(paused || stalled_, now);
}

void SyncClocks::set_external_stalled(bool stalled, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stalled == stalled_) return;
  stalled_ = stalled;
  external_.set_paused(stalled || video_.paused(), now);
}

bool SyncClocks::external_stalled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stalled_;
}

void SyncClocks::set_speed(double speed, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  audio_.set_speed(speed, now);
  video_.set_speed(speed, now);
  external_.set_speed(speed, now);
}

double SyncClocks::external_speed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return external_.speed();
}

void SyncClocks::set_external_speed(double speed, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  external_.set_speed(speed, now);
}

}  // namespace syncplay
