# When audio is not the master it is stretched or squeezed to follow it (swresample compensation): with video as
# the master on a slow display (video falls behind real time), most audio frames are resized; with an external
# master that keeps real time only a few are; with audio as the master none is.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
resized() {  # resized ARGS...: "N M" from syncplay's info line, or nothing
  syncplay --autoexit -v info --t 2 "$@" "$clip" 2>"$T/err" || fail "$*: exit $?: $(cat "$T/err")"
  sed -n 's/^syncplay: info: audio: \([0-9]*\) of \([0-9]*\) frames stretched or squeezed.*/\1 \2/p' "$T/err"
}
read -r n m <<<"$(resized --sync video --simulate-slow-display 60)"
[ -n "${m:-}" ] && [ "$m" -gt 50 ] && [ "$n" -gt $((m / 3)) ] || fail "video master, slow display: ${n:-?} of ${m:-?} resized"
ok "video master on a slow display: $n of $m audio frames resized"
read -r e f <<<"$(resized --sync ext)"
[ -n "${f:-}" ] && [ "$e" -lt $((f / 2)) ] || fail "ext master: ${e:-?} of ${f:-?} resized"
ok "ext master: $e of $f resized"
[ -z "$(resized --sync audio)" ] || fail "audio master: audio was resized"
ok "audio master: no compensation"
