# Pictures the renderer does not take are converted by swscale for the display. Its SIMD paths write whole blocks
# of pixels, past the end of a row whose width is a multiple of 8 but not of 16 (a 200-pixel row took 208), which
# overran SDL's texture after its last row: heap corruption, an abort at exit now and then. Under valgrind (which
# sees the writes inside the system's swscale, where ASan does not), pictures of such widths play with no invalid
# access. Skipped in the sanitizer build (valgrind cannot run an ASan binary); scripts/valgrind.sh runs more.
# ctest: LABELS plain (valgrind cannot run a sanitizer build)
source "$(dirname "$0")/../lib.sh"
command -v valgrind >/dev/null || { echo "skip: valgrind missing (scripts/setup.sh installs it)"; exit 77; }
! sanitizer_build "$MT_BIN/syncplay" || { echo "skip: a sanitizer build"; exit 77; }
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
# Valgrind 3.19 knows no AVX-512: on a CPU that has it, libhwy (FFmpeg's libjxl) runs one while loading, and the
# program dies of SIGILL before main. That is valgrind's limit on this machine, not a finding.
st=0
valgrind -q --log-file="$T/vg.load" syncplay -version >/dev/null 2>&1 || st=$?
if [ "$st" -eq 132 ] && grep -q 'Illegal opcode' "$T/vg.load"; then
  echo "skip: valgrind cannot run FFmpeg's libraries on this CPU: $(grep -m1 -E 'at 0x' "$T/vg.load" | sed 's/^==[0-9]*== *//')"
  exit 77
fi
[ "$st" -eq 0 ] || fail "syncplay -version under valgrind: exit $st: $(head -5 "$T/vg.load")"
for w in 200 232 1000; do
  valgrind -q --error-exitcode=99 --log-file="$T/vg.$w" syncplay --autoexit --t 0.3 -an --vf "scale=$w:-2" \
    "$FX/sync_av4.nut" 2>"$T/err.$w" || fail "width $w: exit $?: $(grep -m3 -E 'Invalid|at 0x|by 0x' "$T/vg.$w" | tr '\n' ' ') $(cat "$T/err.$w")"
  [ ! -s "$T/err.$w" ] || fail "width $w: $(cat "$T/err.$w")"
done
ok "widths 200, 232 and 1000 converted for the display with no invalid write"
