#include "common/tempo.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace common {

namespace {
// Bounds that keep every size an int and every buffer reasonable, whatever the caller passes.
constexpr double kMaxWindow = 1.0;  // seconds
constexpr double kMaxSearch = 0.5;  // seconds
constexpr int kMaxHop = 1 << 18;    // frames
double sane(double value, double fallback, double hi) { return std::isfinite(value) && value > 0 ? std::min(value, hi) : fallback; }
}  // namespace

TempoStretcher::TempoStretcher(int channels, int rate, double speed, TempoOptions options)
    : channels_(std::max(1, channels)), rate_(std::max(1, rate)),
      speed_(std::isnan(speed) ? 1.0 : std::clamp(speed, 0.5, 2.0)) {
  const double window = sane(options.window, TempoOptions::kDefaultWindow, kMaxWindow);
  const double search = sane(options.search, TempoOptions::kDefaultSearch, kMaxSearch);
  hop_ = std::clamp(static_cast<int>(window * rate_ / 2), 16, kMaxHop);
  window_ = 2 * hop_;
  search_ = std::clamp(static_cast<int>(search * rate_), 1, hop_);  // (searching further than a hop finds nothing new)
  fade_.resize(static_cast<size_t>(hop_));
  const double pi = std::acos(-1.0);
  for (int i = 0; i < hop_; ++i) fade_[static_cast<size_t>(i)] = static_cast<float>(0.5 - 0.5 * std::cos(pi * (i + 0.5) / hop_));
}

void TempoStretcher::reset() {
  in_.clear();
  out_.clear();
  out_read_ = 0;
  in_pos_ = 0.0;
  prev_ = -1;
}

double TempoStretcher::buffered_seconds() const {
  double in_frames = static_cast<double>(in_.size() / static_cast<size_t>(channels_)) - in_pos_;
  return (std::max(0.0, in_frames) + available() * speed_) / rate_;
}

void TempoStretcher::push(const int16_t* samples, int frames) {
  if (frames <= 0) return;
  if (speed_ == 1.0) {  // pass-through
    out_.insert(out_.end(), samples, samples + static_cast<size_t>(frames) * channels_);
    return;
  }
  size_t n = static_cast<size_t>(frames) * channels_;
  size_t old = in_.size();
  in_.resize(old + n);
  for (size_t i = 0; i < n; ++i) in_[old + i] = samples[i];
  process();
}

int TempoStretcher::pull(int16_t* out, int max_frames) {
  int n = std::min(max_frames, available());
  if (n <= 0) return 0;
  std::memcpy(out, out_.data() + static_cast<size_t>(out_read_) * channels_, static_cast<size_t>(n) * channels_ * 2);
  out_read_ += n;
  if (out_read_ * 2 > static_cast<int>(out_.size() / channels_)) {  // compact now and then
    out_.erase(out_.begin(), out_.begin() + static_cast<long>(out_read_) * channels_);
    out_read_ = 0;
  }
  return n;
}

// The start within [nominal - search, nominal + search] whose first half-window best matches the natural
// continuation of the previous window (normalised cross-correlation on a decimated mono mix).
int TempoStretcher::best_offset(int nominal) const {
  if (prev_ < 0) return nominal;
  const int frames = static_cast<int>(in_.size() / channels_);
  const int lo = std::max(0, nominal - search_);
  const int hi = std::min(nominal + search_, frames - window_);
  const int ref = prev_ + hop_;
  auto mono = [&](int frame) {
    float s = 0;
    for (int c = 0; c < channels_; ++c) s += in_[static_cast<size_t>(frame) * channels_ + c];
    return s;
  };
  constexpr int kStride = 4;   // samples compared: every 4th
  constexpr int kCoarse = 8;   // candidates tried first: every 8th, then every one around the best
  auto score = [&](int cand) {
    double dot = 0, energy = 1e-9;
    for (int i = 0; i < hop_; i += kStride) {
      float a = mono(ref + i), b = mono(cand + i);
      dot += static_cast<double>(a) * b;
      energy += static_cast<double>(b) * b;
    }
    return dot / std::sqrt(energy);
  };
  int best = std::clamp(nominal, lo, std::max(lo, hi));
  double best_score = -1e300;
  for (int cand = lo; cand <= hi; cand += kCoarse) {
    double sc = score(cand);
    if (sc > best_score) {
      best_score = sc;
      best = cand;
    }
  }
  const int centre = best;
  for (int cand = std::max(lo, centre - kCoarse + 1); cand <= std::min(hi, centre + kCoarse - 1); ++cand) {
    double sc = score(cand);
    if (sc > best_score) {
      best_score = sc;
      best = cand;
    }
  }
  return best;
}

void TempoStretcher::process() {
  const double analysis_hop = hop_ * speed_;
  for (;;) {
    const int frames = static_cast<int>(in_.size() / channels_);
    const int nominal = static_cast<int>(std::lround(in_pos_));
    if (nominal + search_ + window_ > frames) break;
    if (prev_ >= 0 && prev_ + window_ > frames) break;
    const int start = best_offset(nominal);
    // Output one hop: the previous window's second half fading out, this window's first half fading in.
    size_t base = out_.size();
    out_.resize(base + static_cast<size_t>(hop_) * channels_);
    for (int i = 0; i < hop_; ++i) {
      float rise = fade_[static_cast<size_t>(i)];
      for (int c = 0; c < channels_; ++c) {
        float now = in_[static_cast<size_t>(start + i) * channels_ + c] * rise;
        float before = prev_ >= 0 ? in_[static_cast<size_t>(prev_ + hop_ + i) * channels_ + c] * (1.0f - rise) : 0.0f;
        float v = prev_ >= 0 ? now + before : in_[static_cast<size_t>(start + i) * channels_ + c];
        out_[base + static_cast<size_t>(i) * channels_ + c] = static_cast<int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
      }
    }
    prev_ = start;
    in_pos_ += analysis_hop;
    // Drop input nothing will look at again.
    int keep_from = std::min(prev_ + hop_, static_cast<int>(in_pos_) - search_);
    if (keep_from > window_ * 4) {
      in_.erase(in_.begin(), in_.begin() + static_cast<long>(keep_from) * channels_);
      prev_ -= keep_from;
      in_pos_ -= keep_from;
    }
  }
}

}  // namespace common
