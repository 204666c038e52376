#include "sdl_library.hpp"

#include <SDL.h>

namespace syncplay {

SdlLibrary::SdlLibrary() {
  // Our SIGINT/SIGTERM handling stays in place (SDL would turn them into a quit event of its own).
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
}

SdlLibrary::~SdlLibrary() { SDL_Quit(); }

}  // namespace syncplay
