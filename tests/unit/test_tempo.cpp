// Tempo: audio sped up or slowed down keeps its length ratio and its pitch (a sine's frequency, by zero crossings).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "common/tempo.hpp"

using namespace common;

namespace {
constexpr int kRate = 48000;

std::vector<int16_t> sine(double freq, double seconds, int channels) {
  int n = static_cast<int>(seconds * kRate);
  std::vector<int16_t> s(static_cast<size_t>(n) * channels);
  const double pi = std::acos(-1.0);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < channels; ++c) s[static_cast<size_t>(i) * channels + c] = static_cast<int16_t>(8000 * std::sin(2 * pi * freq * i / kRate));
  return s;
}

std::vector<int16_t> stretch(const std::vector<int16_t>& in, int channels, double speed) {
  TempoStretcher t(channels, kRate, speed);
  std::vector<int16_t> out;
  const int chunk = 1024;
  int frames = static_cast<int>(in.size() / channels);
  std::vector<int16_t> buf(static_cast<size_t>(4096) * channels);
  for (int i = 0; i < frames; i += chunk) {
    t.push(in.data() + static_cast<size_t>(i) * channels, std::min(chunk, frames - i));
    int got;
    while ((got = t.pull(buf.data(), 4096)) > 0) out.insert(out.end(), buf.begin(), buf.begin() + got * channels);
  }
  return out;
}

// Frequency from the rate of upward zero crossings of channel 0 (skipping the first 0.1 s).
double frequency(const std::vector<int16_t>& s, int channels) {
  int n = static_cast<int>(s.size() / channels), crossings = 0, first = -1, last = -1;
  for (int i = kRate / 10 + 1; i < n; ++i) {
    if (s[static_cast<size_t>(i - 1) * channels] < 0 && s[static_cast<size_t>(i) * channels] >= 0) {
      if (first < 0) first = i;
      last = i;
      ++crossings;
    }
  }
  return crossings > 1 ? (crossings - 1) * static_cast<double>(kRate) / (last - first) : 0.0;
}
}  // namespace

TEST_CASE("speed 1 passes samples through unchanged") {
  auto in = sine(440, 0.5, 2);
  auto out = stretch(in, 2, 1.0);
  CHECK(out == in);
}

TEST_CASE("faster and slower playback changes the length by the speed and keeps the pitch") {
  for (double speed : {0.5, 0.8, 1.25, 2.0}) {
    for (int channels : {1, 2}) {
      CAPTURE(speed);
      CAPTURE(channels);
      auto in = sine(440, 2.0, channels);
      auto out = stretch(in, channels, speed);
      double want = 2.0 / speed, got = static_cast<double>(out.size() / channels) / kRate;
      CHECK(got == doctest::Approx(want).epsilon(0.05));
      CHECK(frequency(out, channels) == doctest::Approx(440).epsilon(0.02));
      // No clicks: the level stays that of the input (within 20 %).
      int peak = 0;
      for (int16_t v : out) peak = std::max(peak, std::abs(static_cast<int>(v)));
      CHECK(peak <= 8000 * 1.2);
      CHECK(peak >= 8000 * 0.8);
    }
  }
}

TEST_CASE("buffered time accounts for what is inside, and reset empties it") {
  TempoStretcher t(1, kRate, 2.0);
  auto in = sine(440, 0.2, 1);
  t.push(in.data(), static_cast<int>(in.size()));
  CHECK(t.buffered_seconds() > 0.0);
  CHECK(t.buffered_seconds() <= 0.2 + 1e-9);
  t.reset();
  CHECK(t.buffered_seconds() == doctest::Approx(0.0));
  CHECK(t.available() == 0);
}

TEST_CASE("nonsense parameters fall back to sane ones instead of overflowing") {
  TempoOptions wild;
  wild.window = 1e300;
  wild.search = -1.0;
  TempoStretcher a(2, 2000000000, std::nan(""), wild);
  CHECK(a.speed() == 1.0);
  TempoOptions nan_opts;
  nan_opts.window = std::nan("");
  nan_opts.search = std::nan("");
  TempoStretcher b(1, -5, 1.5, nan_opts);
  std::vector<int16_t> in(4000, 100), out(8000);
  b.push(in.data(), 4000);
  int n = b.pull(out.data(), 8000);
  CHECK(n > 0);
  CHECK(n <= 4000 / 1.5 + 64);
  CHECK(b.buffered_seconds() >= 0);
}
