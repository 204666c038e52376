// Tempo: changes the speed of audio while keeping its pitch (WSOLA: overlap-add of windows taken from the input at
// the speed's pace, each shifted within a small search range to where it best continues the previous one).
// For a player's --speed without a filter graph. Interleaved signed 16-bit samples in and out.
#pragma once

#include <cstdint>
#include <vector>

namespace common {

struct TempoOptions {
  static constexpr double kDefaultWindow = 0.030;  // seconds per overlap-add window (half of it is the output hop)
  static constexpr double kDefaultSearch = 0.012;  // seconds searched either side of the nominal position
  double window = kDefaultWindow;
  double search = kDefaultSearch;
};

class TempoStretcher {
 public:
  // speed: 0.5 to 2.0 (1 passes the samples through unchanged).
  TempoStretcher(int channels, int rate, double speed, TempoOptions options = {});

  // Adds `frames` frames of interleaved samples.
  void push(const int16_t* samples, int frames);
  // Takes up to max_frames frames of output; returns how many were written.
  int pull(int16_t* out, int max_frames);
  // Drops everything buffered (after a seek).
  void reset();

  double speed() const { return speed_; }
  // Media time held inside (input not yet consumed plus output not yet pulled), in seconds of input.
  double buffered_seconds() const;
  int available() const { return static_cast<int>(out_.size() / channels_) - out_read_; }

 private:
  void process();
  int best_offset(int nominal) const;

  int channels_;
  int rate_;
  double speed_;
  int window_;   // frames
  int hop_;      // output hop = window / 2
  int search_;   // frames either side
  std::vector<float> fade_;  // rising half-window, hop_ long
  std::vector<float> in_;    // interleaved input not yet dropped
  double in_pos_ = 0.0;      // nominal start of the next window, in frames from the start of in_
  int prev_ = -1;            // start of the previous window in in_ (-1: none yet)
  std::vector<int16_t> out_;
  int out_read_ = 0;         // frames of out_ already pulled
};

}  // namespace common
