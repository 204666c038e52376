# Shows: with stdin on a terminal and no input named, syncplay says so at once (status 2 and a hint) instead of
# waiting for media from the keyboard.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
expect_on_terminal 2 "syncplay: error: usage: no input: give INPUT or pipe something in (stdin is a terminal) (see --help)" \
  "timeout 10 syncplay -nodisp -autoexit"
ok "stdin on a terminal: refused with a hint"
