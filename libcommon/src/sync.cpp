#include "common/sync.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace common {

double max_frame_duration(bool ts_discontinuities) { return ts_discontinuities ? 10.0 : 3600.0; }

SyncMaster effective_master(SyncMaster wanted, bool has_audio, bool has_video) {
  if (wanted == SyncMaster::kAudio && !has_audio) return SyncMaster::kExternal;
  if (wanted == SyncMaster::kVideo && !has_video) return has_audio ? SyncMaster::kAudio : SyncMaster::kExternal;
  return wanted;
}

double frame_duration(double pts, double next_pts, double own_duration, bool same_serial, double max_duration) {
  if (!same_serial) return 0.0;
  // A damaged stream may carry a negative or NaN duration of its own: that is no duration at all.
  if (!(own_duration >= 0)) own_duration = 0.0;
  double d = next_pts - pts;
  if (std::isnan(d) || d <= 0 || d > max_duration) return own_duration;
  return d;
}

double compute_target_delay(double delay, double diff, double max_duration, const SyncTuning& t) {
  if (!(delay >= 0)) delay = 0.0;  // a negative or NaN nominal delay shows the frame now, never waits backwards
  if (std::isnan(diff) || std::fabs(diff) >= max_duration) return delay;
  double threshold = std::max(t.threshold_min, std::min(t.threshold_max, delay));
  if (diff <= -threshold) return std::max(0.0, delay + diff);
  if (diff >= threshold && delay > t.framedup_threshold) return delay + diff;
  if (diff >= threshold) return 2 * delay;
  return delay;
}

FrameTimerStep step_frame_timer(double frame_timer, double delay, double now, const SyncTuning& t) {
  if (now < frame_timer + delay) return {false, frame_timer, frame_timer + delay - now};
  double timer = frame_timer + delay;
  if (delay > 0 && now - timer > t.threshold_max) timer = now;
  return {true, timer, 0.0};
}

bool is_frame_late(double now, double frame_timer, double duration) { return now > frame_timer + duration; }

bool framedrop_enabled(int framedrop, SyncMaster master) {
  return framedrop > 0 || (framedrop < 0 && master != SyncMaster::kVideo);
}

bool is_frame_early_late(double pts, double master, bool clock_current, bool more_packets, double nosync_threshold) {
  const double diff = pts - master;  // NaN when either is unknown: never dropped
  return !std::isnan(diff) && std::fabs(diff) < nosync_threshold && diff < 0 && clock_current && more_packets;
}

AudioDriftAverager::AudioDriftAverager(int average_count)
    : coef_(std::exp(std::log(0.01) / average_count)), needed_(average_count) {}

void AudioDriftAverager::reset() {
  cum_ = 0.0;
  count_ = 0;
}

double AudioDriftAverager::average() const {
  return count_ < needed_ ? std::numeric_limits<double>::quiet_NaN() : cum_ * (1.0 - coef_);
}

int AudioDriftAverager::wanted_samples(int nb_samples, int sample_rate, double diff, double threshold,
                                       double max_correction, double nosync_threshold) {
  if (std::isnan(diff) || std::fabs(diff) >= nosync_threshold) {
    reset();  // too far apart to correct smoothly (or unknown): start averaging again
    return nb_samples;
  }
  cum_ = diff + coef_ * cum_;
  if (count_ < needed_) {
    ++count_;
    return nb_samples;
  }
  double avg = cum_ * (1.0 - coef_);
  if (std::fabs(avg) < threshold || nb_samples <= 0) return nb_samples;
  // Audio ahead of the master (diff > 0) needs more samples (plays longer); behind, fewer.
  double wanted = static_cast<double>(nb_samples) + diff * sample_rate;
  if (std::isnan(wanted)) return nb_samples;  // (an infinite difference times a rate of 0)
  // At most max_correction (taken as 0..1) of the frame either way, and never more samples than an int holds.
  double correction = std::isfinite(max_correction) ? std::clamp(max_correction, 0.0, 1.0) : 0.0;
  double lo = nb_samples * (1.0 - correction);
  double hi = std::min(nb_samples * (1.0 + correction), static_cast<double>(std::numeric_limits<int>::max()));
  return static_cast<int>(std::clamp(wanted, lo, hi));
}

double next_external_speed(double speed, int video_packets, int audio_packets, const ExternalSpeedTuning& t) {
  bool has_video = video_packets >= 0, has_audio = audio_packets >= 0;
  if ((has_video && video_packets <= t.min_packets) || (has_audio && audio_packets <= t.min_packets))
    return std::max(t.speed_min, speed - t.step);
  if ((!has_video || video_packets > t.max_packets) && (!has_audio || audio_packets > t.max_packets))
    return std::min(t.speed_max, speed + t.step);
  if (speed == 1.0) return speed;
  // Back towards 1 by one step, without overshooting.
  double next = speed + (speed < 1.0 ? t.step : -t.step);
  return (speed < 1.0) == (next < 1.0) ? next : 1.0;
}

double percentile(double* values, int count, double pct) {
  if (count <= 0) return 0.0;
  int rank = static_cast<int>(std::ceil(pct / 100.0 * count));
  rank = std::clamp(rank, 1, count);
  std::nth_element(values, values + rank - 1, values + count);
  return values[rank - 1];
}

}  // namespace common
