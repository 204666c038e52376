// The three clocks of a player (audio, video, external) behind one lock, shared by the audio device's thread and
// the display loop, and the master chosen among them.
#pragma once

#include <atomic>
#include <mutex>

#include "common/clock.hpp"
#include "common/sync.hpp"

namespace syncplay {

class SyncClocks {
 public:
  SyncClocks(const std::atomic<int>* video_serial, const std::atomic<int>* audio_serial, common::SyncMaster master,
             common::SyncTuning tuning = {});

  common::SyncMaster master() const { return master_.load(); }
  // Makes the external clock the master from `now` on, starting from the current master's time (live input found
  // during playback).
  void switch_to_external(double now);
  // Makes `master` the master from `now` on (a stream turned off or on). The external clock, when it becomes the
  // master, starts from the current master's time; audio and video have times of their own.
  void set_master(common::SyncMaster master, double now);
  double master_time(double now) const;
  double audio_time(double now) const;  // NaN while unset (or of another serial than the audio packets')
  double video_time(double now) const;
  int video_serial() const;  // the serial of the picture on screen (-1 before the first)
  // video clock - master clock (NaN when either is unknown, or when video is the master).
  double video_diff(double now) const;
  // audio clock - master clock (NaN when either is unknown, or when audio is the master).
  double audio_diff(double now) const;

  // Each set also brings the external clock along when it is unset or far off (a timestamp jump).
  void set_video(double pts, int serial, double now);
  void set_audio(double pts, int serial, double now);
  void set_external(double pts, double now);
  void set_paused(bool paused, double now);
  // Pauses or resumes the external clock alone (a stalled live input).
  void set_external_stalled(bool stalled, double now);
  bool external_stalled() const;
  void set_speed(double speed, double now);
  double external_speed() const;
  void set_external_speed(double speed, double now);

 private:
  double master_locked(double now) const;
  mutable std::mutex mutex_;
  common::Clock audio_;
  common::Clock video_;
  common::Clock external_;
  std::atomic<common::SyncMaster> master_;
  common::SyncTuning tuning_;
  bool stalled_ = false;
};

}  // namespace syncplay
