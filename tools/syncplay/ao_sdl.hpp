// The SDL audio output: a device opened for signed 16-bit samples near the source's rate and channels; its
// callback pulls from an AudioSource and applies volume and mute.
#pragma once

#include <memory>
#include <string>

#include "output.hpp"

namespace syncplay {

// Returns nullptr (with the reason in `error`) when no audio device can be opened.
std::unique_ptr<AudioOutput> open_sdl_audio(int rate, int channels, int volume, std::string& error);

}  // namespace syncplay
