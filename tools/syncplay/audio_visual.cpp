#include "audio_visual.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace syncplay {

namespace {
int wrap(int i, int size) { return ((i % size) + size) % size; }
// Each channel's part of the transform's buffers starts 32 bytes aligned, as av_malloc's own start.
size_t in_stride(int nb_freq) { return (static_cast<size_t>(2 * nb_freq) + 7) & ~size_t{7}; }   // floats
size_t out_stride(int nb_freq) { return (static_cast<size_t>(nb_freq + 1) + 3) & ~size_t{3}; }  // complex values
}  // namespace

AudioVisual::AudioVisual(int channels, int rate)
    : channels_(std::max(channels, 1)), rate_(std::max(rate, 1)), ring_(VisualTuning::kSamples, 0) {}

AudioVisual::~AudioVisual() {
  av_tx_uninit(&rdft_);
  av_freep(&rdft_in_);
  av_freep(&rdft_out_);
}

void AudioVisual::push(const int16_t* samples, int count, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (count > 0) {
    int n = std::min(count, VisualTuning::kSamples - index_);
    std::copy(samples, samples + n, ring_.begin() + index_);
    samples += n;
    count -= n;
    index_ = (index_ + n) % VisualTuning::kSamples;
  }
  pushed_at_ = now;
}

// ffplay's video_audio_display: the stretch ends about where the device is playing (the last push, less the time
// since), with twice what is drawn kept in hand; waves start at the steepest rising zero crossing of the last 1000
// samples, so that a steady tone stands still.
int AudioVisual::start_index(ShowMode mode, int width, int nb_freq, bool paused, double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (paused) return last_start_;
  const int data_used = mode == ShowMode::kWaves ? width : 2 * nb_freq;
  // Samples played since the last push, bounded before the conversion: before the first push (pushed_at_ 0) it is
  // the whole system uptime, past INT_MAX samples after 12.4 hours at 48 kHz; anything past 2 * data_used gives
  // data_used below anyway.
  const double since = std::min((now - pushed_at_) * rate_, 2.0 * data_used);
  int delay = 2 * data_used - static_cast<int>(since);
  delay = std::max(delay, data_used);
  int start = wrap(index_ - delay * channels_, VisualTuning::kSamples);
  if (mode == ShowMode::kWaves) {
    int best = INT_MIN;
    const int x = start;
    for (int i = 0; i < VisualTuning::kTriggerSearch; i += channels_) {
      const int idx = wrap(x - i, VisualTuning::kSamples);
      const int a = ring_[idx];
      const int b = ring_[(idx + 4 * channels_) % VisualTuning::kSamples];
      const int c = ring_[(idx + 5 * channels_) % VisualTuning::kSamples];
      const int d = ring_[(idx + 9 * channels_) % VisualTuning::kSamples];
      const int score = a - d;
      if (best < score && (b ^ c) < 0) {
        best = score;
        start = idx;
      }
    }
  }
  last_start_ = start;
  return start;
}

void AudioVisual::draw(ShowMode mode, int width, int height, bool paused, double now, std::vector<uint32_t>& canvas) {
  if (width <= 0 || height <= 0 || mode == ShowMode::kVideo) return;
  int bits = 1;
  while ((1 << bits) < 2 * height) ++bits;
  const int nb_freq = 1 << (bits - 1);
  const int start = start_index(mode, width, nb_freq, paused, now);
  if (mode == ShowMode::kRdft && draw_rdft(start, width, height, bits, canvas)) {
    if (!paused) ++xpos_;
    return;
  }
  draw_waves(start, width, height, canvas);  // also when the transform cannot be made (ffplay falls back too)
}

void AudioVisual::draw_waves(int start, int width, int height, std::vector<uint32_t>& canvas) {
  canvas.assign(static_cast<size_t>(width) * height, 0xFF000000);
  canvas_w_ = 0;  // the spectrogram starts afresh after waves
  auto fill = [&](int x, int y, int w, int h, uint32_t colour) {
    for (int row = std::max(y, 0); row < std::min(y + h, height); ++row)
      for (int col = std::max(x, 0); col < std::min(x + w, width); ++col)
        canvas[static_cast<size_t>(row) * width + col] = colour;
  };
  std::lock_guard<std::mutex> lock(mutex_);
  const int h = height / channels_;  // one band per channel
  const int h2 = h * 9 / 20;         // half the wave's height at full scale
  for (int ch = 0; ch < channels_; ++ch) {
    int i = (start + ch) % VisualTuning::kSamples;
    const int centre = ch * h + h / 2;
    for (int x = 0; x < width; ++x) {
      int y = (ring_[i] * h2) >> 15;
      int top = centre;
      if (y < 0) {
        y = -y;
        top = centre - y;
      }
      fill(x, top, 1, y, VisualTuning::kWave);
      i = (i + channels_) % VisualTuning::kSamples;
    }
  }
  for (int ch = 1; ch < channels_; ++ch) fill(0, ch * h, width, 1, VisualTuning::kSeparator);
}

bool AudioVisual::draw_rdft(int start, int width, int height, int bits, std::vector<uint32_t>& canvas) {
  const int nb_freq = 1 << (bits - 1);
  if (bits != rdft_bits_) {
    av_tx_uninit(&rdft_);
    av_freep(&rdft_in_);
    av_freep(&rdft_out_);
    rdft_bits_ = 0;
    const float scale = 1.0f;
    // Two channels' worth of each: 2 * nb_freq samples in, nb_freq + 1 values out.
    rdft_in_ = static_cast<float*>(av_calloc(2 * in_stride(nb_freq), sizeof(float)));
    rdft_out_ = static_cast<AVComplexFloat*>(av_calloc(2 * out_stride(nb_freq), sizeof(AVComplexFloat)));
    if (!rdft_in_ || !rdft_out_ || av_tx_init(&rdft_, &rdft_fn_, AV_TX_FLOAT_RDFT, 0, 1 << bits, &scale, 0) < 0)
      return false;
    rdft_bits_ = bits;
  }
  if (width != canvas_w_ || height != canvas_h_ || canvas.size() != static_cast<size_t>(width) * height) {
    canvas.assign(static_cast<size_t>(width) * height, 0xFF000000);
    canvas_w_ = width;
    canvas_h_ = height;
    xpos_ = 0;
  }
  if (xpos_ >= width) xpos_ = 0;
  const int shown = std::min(channels_, 2);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int ch = 0; ch < shown; ++ch) {
      float* in = rdft_in_ + in_stride(nb_freq) * static_cast<size_t>(ch);
      AVComplexFloat* out = rdft_out_ + out_stride(nb_freq) * static_cast<size_t>(ch);
      int i = (start + ch) % VisualTuning::kSamples;
      for (int x = 0; x < 2 * nb_freq; ++x) {
        const double w = (x - nb_freq) * (1.0 / nb_freq);  // a Welch window
        in[x] = static_cast<float>(ring_[i] * (1.0 - w * w));
        i = (i + channels_) % VisualTuning::kSamples;
      }
      rdft_fn_(rdft_, out, in, sizeof(float));
      out[0].im = out[nb_freq].re;  // as ffplay packs it (the old av_rdft's layout)
      out[nb_freq].re = 0;
    }
  }
  const double w = 1 / std::sqrt(static_cast<double>(nb_freq));
  for (int y = 0; y < height && y < nb_freq; ++y) {
    const AVComplexFloat* c0 = rdft_out_;
    const AVComplexFloat* c1 = rdft_out_ + (shown == 2 ? out_stride(nb_freq) : 0);
    int a = static_cast<int>(std::sqrt(w * std::hypot(c0[y].re, c0[y].im)));
    int b = static_cast<int>(std::sqrt(w * std::hypot(c1[y].re, c1[y].im)));
    a = std::min(a, 255);
    b = std::min(b, 255);
    // Low frequencies at the bottom; red for the first channel, green for the second, blue their mean.
    canvas[static_cast<size_t>(height - 1 - y) * width + xpos_] =
        0xFF000000u | (static_cast<uint32_t>(a) << 16) | (static_cast<uint32_t>(b) << 8) | static_cast<uint32_t>((a + b) >> 1);
  }
  return true;
}

}  // namespace syncplay
