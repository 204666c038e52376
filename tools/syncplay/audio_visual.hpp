// ffplay's audio display (-showmode waves|rdft, the w key): the sound just played drawn as waves, one band per
// channel, or as a spectrogram scrolling one column per refresh (a real DFT of a windowed stretch of samples). The
// audio device's thread hands over what it plays; the display loop draws an ARGB picture of the window's size, which
// the video output shows. No SDL here.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "common/ffmpeg.hpp"

namespace syncplay {

enum class ShowMode { kVideo, kWaves, kRdft };

struct VisualTuning {
  static constexpr int kSamples = 8 * 65536;     // ffplay's SAMPLE_ARRAY_SIZE: the sound kept, all channels
  static constexpr int kTriggerSearch = 1000;    // waves: samples searched back for a rising edge to start at
  static constexpr uint32_t kWave = 0xFFFFFFFF;  // white waves
  static constexpr uint32_t kSeparator = 0xFF0000FF;  // blue lines between the channels' bands
};

class AudioVisual {
 public:
  AudioVisual(int channels, int rate);
  ~AudioVisual();
  AudioVisual(const AudioVisual&) = delete;
  AudioVisual& operator=(const AudioVisual&) = delete;

  // From the audio device's thread: interleaved signed 16-bit samples just handed to the device at `now`.
  void push(const int16_t* samples, int count, double now);
  // Draws into canvas (width x height, 0xAARRGGBB, row by row): waves redraws it all; rdft keeps it and adds the
  // next column (from the left, round again at the right edge; a new size starts black). Paused, the same stretch
  // of sound is drawn again and the spectrogram does not move on.
  void draw(ShowMode mode, int width, int height, bool paused, double now, std::vector<uint32_t>& canvas);

 private:
  int start_index(ShowMode mode, int width, int nb_freq, bool paused, double now);
  void draw_waves(int start, int width, int height, std::vector<uint32_t>& canvas);
  bool draw_rdft(int start, int width, int height, int bits, std::vector<uint32_t>& canvas);

  const int channels_;
  const int rate_;
  mutable std::mutex mutex_;  // the ring, its index and the time of the last push
  std::vector<int16_t> ring_;
  int index_ = 0;
  double pushed_at_ = 0.0;
  int last_start_ = 0;
  // The spectrogram's transform (one per size) and where its next column goes.
  AVTXContext* rdft_ = nullptr;
  av_tx_fn rdft_fn_ = nullptr;
  int rdft_bits_ = 0;
  // av_malloc'ed: the transform's SIMD code needs its buffers aligned as av_malloc aligns them.
  float* rdft_in_ = nullptr;
  AVComplexFloat* rdft_out_ = nullptr;
  int xpos_ = 0;
  int canvas_w_ = 0, canvas_h_ = 0;
};

}  // namespace syncplay
