# A real window under Xvfb shows the picture: a 160x240 clip with a 2:1 sample aspect ratio (left half red, right
# half blue) fills a 320x240 screen; the screenshot has red on the left, blue on the right, at the right places.
source "$(dirname "$0")/../lib.sh"
command -v xvfb-run >/dev/null && command -v import >/dev/null || { echo "skip: xvfb-run or import missing"; exit 77; }
cat >"$T/shot.sh" <<'SH'
set -e
SDL_AUDIODRIVER=dummy syncplay --autoexit "$1" & pid=$!
sleep 1.5
import -window root "$2"
wait $pid
SH
unset SDL_VIDEODRIVER
# In the sanitizer build: X11, D-Bus and the GL drivers SDL loads leak on exit; syncplay's own leaks are checked by
# every other test, which uses the dummy drivers.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/shot.sh" "$FX/sync_sar.nut" "$T/shot.png" 2>"$T/err" \
  || fail "xvfb run: $(cat "$T/err")"
pixel() { convert "$T/shot.png" -format "%[fx:int(255*p{$1,$2}.r)] %[fx:int(255*p{$1,$2}.g)] %[fx:int(255*p{$1,$2}.b)]" info:; }
near() {  # near "R G B" R G B: every channel within 24
  read -r r g b <<<"$1"
  [ $((${r}-$2)) -le 24 ] && [ $(($2-${r})) -le 24 ] && [ $((${g}-$3)) -le 24 ] && [ $(($3-${g})) -le 24 ] &&
    [ $((${b}-$4)) -le 24 ] && [ $(($4-${b})) -le 24 ]
}
left=$(pixel 40 120); right=$(pixel 280 120); centre_l=$(pixel 150 60); centre_r=$(pixel 170 180)
near "$left" 255 0 0 || fail "left of the window is '$left', not red"
near "$centre_l" 255 0 0 || fail "just left of the centre is '$centre_l', not red (aspect ratio not honoured?)"
near "$right" 0 0 255 || fail "right of the window is '$right', not blue"
near "$centre_r" 0 0 255 || fail "just right of the centre is '$centre_r', not blue"
ok "window shows red | blue at 2:1 SAR ($left / $right)"
