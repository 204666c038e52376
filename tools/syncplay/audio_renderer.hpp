// The audio side of the player, pulled by the audio device: takes decoded frames, resamples them to the device
// format (stretching or squeezing a little when audio is not the master), and keeps the audio clock.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "common/ffmpeg.hpp"
#include "common/sync.hpp"
#include "common/tempo.hpp"
#include "audio_visual.hpp"
#include "output.hpp"
#include "pipeline.hpp"
#include "sync_clocks.hpp"

namespace syncplay {

class AudioRenderer : public AudioSource {
 public:
  // speed != 1 plays faster or slower with the pitch kept (common::TempoStretcher).
  AudioRenderer(FrameQueue& frames, const PacketQueue& packets, SyncClocks& clocks, AudioDeviceSpec device,
                double speed = 1.0);
  ~AudioRenderer() override { av_channel_layout_uninit(&in_layout_); }
  AudioRenderer(const AudioRenderer&) = delete;
  AudioRenderer& operator=(const AudioRenderer&) = delete;
  void fill(uint8_t* buf, int len, double now) override;
  // A new playback speed (from any thread): the device's thread takes it up at its next callback.
  void set_speed(double speed) { wanted_speed_ = speed; }
  // The audio display that is handed what is played (nullptr: none), before start.
  void set_visual(AudioVisual* visual) { visual_ = visual; }

  // True once the end of the current serial has been played.
  bool finished() const { return finished_.load(); }
  int underruns() const { return underruns_.load(); }
  bool started() const { return started_.load(); }
  int frames_played() const { return frames_played_.load(); }
  int frames_compensated() const { return frames_compensated_.load(); }  // stretched or squeezed (not master)
  // What the device received, on the player's clock: seconds of sound (silence filling an underrun not counted),
  // and the times of the first and the last callback that received any (NaN before the first).
  double seconds_delivered() const { return static_cast<double>(bytes_delivered_.load()) / device_.bytes_per_second(); }
  double first_delivery() const { return first_delivery_.load(); }
  double last_delivery() const { return last_delivery_.load(); }

 private:
  // Converts the next frame into buf_; false when none is ready.
  bool next_chunk(double now);
  bool configure(const AVFrame* frame);

  FrameQueue& frames_;
  const PacketQueue& packets_;
  SyncClocks& clocks_;
  AudioDeviceSpec device_;
  common::SwrPtr swr_;
  AVChannelLayout in_layout_{};
  int in_rate_ = 0;
  int in_format_ = -1;
  double speed_;  // the device's thread's own
  std::atomic<double> wanted_speed_;
  std::unique_ptr<common::TempoStretcher> tempo_;  // only when speed_ != 1
  std::vector<uint8_t> buf_;
  size_t pos_ = 0;
  double audio_clock_;  // media time at the end of the last converted frame
  int audio_serial_ = -1;
  common::AudioDriftAverager averager_;
  std::atomic<bool> finished_{false};
  std::atomic<bool> started_{false};
  std::atomic<int> underruns_{0};
  std::atomic<int> frames_played_{0};
  std::atomic<int> frames_compensated_{0};
  std::atomic<int64_t> bytes_delivered_{0};
  std::atomic<double> first_delivery_{std::numeric_limits<double>::quiet_NaN()};
  std::atomic<double> last_delivery_{std::numeric_limits<double>::quiet_NaN()};
  AudioVisual* visual_ = nullptr;
};

}  // namespace syncplay
