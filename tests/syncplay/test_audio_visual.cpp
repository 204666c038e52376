// ffplay's audio display on simulated sound: waves drawn as white columns about each channel's centre line (blue
// lines between the bands), and the spectrum's column with a tone's energy at its bin, low frequencies at the bottom.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "audio_visual.hpp"

using namespace syncplay;

namespace {

// `seconds` of a sine at `freq` Hz, amplitude 1/8 of full scale (as lavfi's sine), on every channel.
std::vector<int16_t> tone(double freq, int rate, int channels, double seconds) {
  std::vector<int16_t> s;
  for (int i = 0; i < static_cast<int>(seconds * rate); ++i)
    for (int c = 0; c < channels; ++c)
      s.push_back(static_cast<int16_t>(std::lround(4096 * std::sin(2 * M_PI * freq * i / rate))));
  return s;
}

int rows_lit(const std::vector<uint32_t>& canvas, int width, int x) {
  int n = 0;
  for (size_t i = static_cast<size_t>(x); i < canvas.size(); i += static_cast<size_t>(width)) n += canvas[i] == VisualTuning::kWave;
  return n;
}

}  // namespace

TEST_CASE("waves: each channel about the centre of its band, within 9/20 of it") {
  AudioVisual v(2, 48000);
  auto s = tone(1000, 48000, 2, 0.5);
  v.push(s.data(), static_cast<int>(s.size()), 10.0);
  std::vector<uint32_t> canvas;
  v.draw(ShowMode::kWaves, 320, 240, false, 10.0, canvas);
  REQUIRE(canvas.size() == 320u * 240u);
  // Two bands of 120 rows: a sample of +-4096 reaches (4096 * 54) >> 15 = 6 rows below the centre line (from it, 60
  // and 180, down) and -7 above it (ffplay's arithmetic shift rounds down).
  for (int y = 0; y < 240; ++y) {
    bool lit = false;
    for (int x = 0; x < 320; ++x) lit = lit || canvas[static_cast<size_t>(y) * 320 + x] == VisualTuning::kWave;
    const bool near_centre = (y >= 53 && y <= 65) || (y >= 173 && y <= 185);
    CHECK_MESSAGE(lit == near_centre, "row " << y);
  }
  CHECK(canvas[120 * 320 + 5] == VisualTuning::kSeparator);
  int most = 0;
  for (int x = 0; x < 320; ++x) most = std::max(most, rows_lit(canvas, 320, x));
  CHECK(most == 14);  // 7 rows above the centre in the columns at the troughs, both channels
}

TEST_CASE("rdft: one column a picture, the tone's bin brightest, from the bottom") {
  AudioVisual v(1, 48000);
  auto s = tone(1500, 48000, 1, 0.5);
  v.push(s.data(), static_cast<int>(s.size()), 10.0);
  std::vector<uint32_t> canvas;
  v.draw(ShowMode::kRdft, 64, 240, false, 10.0, canvas);
  v.draw(ShowMode::kRdft, 64, 240, false, 10.0, canvas);
  // 240 rows: a 512-point transform, bins of 93.75 Hz: 1500 Hz is bin 16, row 239 - 16.
  auto level = [&](int x, int bin) { return static_cast<int>((canvas[static_cast<size_t>(239 - bin) * 64 + x] >> 16) & 0xFF); };
  for (int x : {0, 1}) {
    int best = 0;
    for (int bin = 0; bin < 240; ++bin)
      if (level(x, bin) > level(x, best)) best = bin;
    CHECK(best == 16);
    CHECK(level(x, 16) > 150);
  }
  CHECK(canvas[static_cast<size_t>(239 - 16) * 64 + 2] == 0xFF000000u);  // the next column: not drawn yet
  // Paused, the spectrum does not move on: the next column is drawn, again and again, and the one after stays black.
  v.draw(ShowMode::kRdft, 64, 240, true, 10.5, canvas);
  v.draw(ShowMode::kRdft, 64, 240, true, 10.6, canvas);
  CHECK(level(2, 16) > 150);
  CHECK(canvas[static_cast<size_t>(239 - 16) * 64 + 3] == 0xFF000000u);
}

TEST_CASE("a draw before any sound: a black picture, whatever the clock says") {
  // The display can come before the first audio push (pushed_at 0, now a wall clock in seconds); the time since
  // the push times the rate once overflowed an int (UBSan caught it in showmode_xvfb).
  AudioVisual v(2, 48000);
  for (double now : {1.0, 1.7e9, 1e300}) {
    std::vector<uint32_t> canvas;
    v.draw(ShowMode::kWaves, 320, 240, false, now, canvas);
    REQUIRE(canvas.size() == 320u * 240u);
    CHECK(rows_lit(canvas, 320, 0) == 0);
  }
}
