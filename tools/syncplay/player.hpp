// The player: opens the input, decoders and outputs, runs the demux and decode threads, and drives the display
// loop (events, frame timing, clocks) until the end, a quit key or a signal. Returns the exit status.
#pragma once

#include "syncplay_options.hpp"

namespace syncplay {

// Plays as the options say. Throws common::Error for setup failures; returns the exit status otherwise.
int play(const Options& options);

}  // namespace syncplay
