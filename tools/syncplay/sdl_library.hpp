// SDL as a whole, for the SDL outputs (vo_sdl, ao_sdl): the hints that must be set before any subsystem starts, and
// SDL_Quit once everything that used SDL is gone. The player holds one for the whole playback; nothing else in the
// player knows SDL.
#pragma once

namespace syncplay {

class SdlLibrary {
 public:
  SdlLibrary();   // sets the hints (the subsystems start when an output opens)
  ~SdlLibrary();  // SDL_Quit: every window, renderer and audio device must be closed by then
  SdlLibrary(const SdlLibrary&) = delete;
  SdlLibrary& operator=(const SdlLibrary&) = delete;
};

}  // namespace syncplay
