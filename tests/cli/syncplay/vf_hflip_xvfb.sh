# --vf hflip in a real window under Xvfb: the red | blue test picture (160x240 at 2:1 SAR) shows mirrored, blue on
# the left and red on the right, filling the 320x240 screen (the chain's output keeps the aspect ratio).
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
xvfb_needs import xdotool
cat >"$T/shot.sh" <<'SH'
set -e
syncplay --vf hflip --sync-report "$2/r.jsonl" "$1" & pid=$!
wid=$(xdotool search --sync --name syncplay | head -1)
xdotool windowfocus --sync "$wid" || true
sleep 1
import -window root "$2/full.png"
xdotool key q
wait "$pid"
SH
xvfb_env
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/shot.sh" "$FX/sync_sar.nut" "$T" 2>"$T/err" \
  || fail "xvfb run: $(cat "$T/err")"
pixel() { convert "$1" -format "%[fx:int(255*p{$2,$3}.r)] %[fx:int(255*p{$2,$3}.g)] %[fx:int(255*p{$2,$3}.b)]" info:; }
near() {
  read -r r g b <<<"$1"
  [ $((r - $2)) -le 24 ] && [ $(($2 - r)) -le 24 ] && [ $((g - $3)) -le 24 ] && [ $(($3 - g)) -le 24 ] &&
    [ $((b - $4)) -le 24 ] && [ $(($4 - b)) -le 24 ]
}
check() {
  local p; p=$(pixel "$1" "$2" "$3")
  near "$p" "$4" "$5" "$6" || fail "$(basename "$1") at $2,$3 is '$p': expected $7"
}
check "$T/full.png" 40 120 0 0 255 "blue (left half, mirrored)"
check "$T/full.png" 150 60 0 0 255 "blue just left of the centre"
check "$T/full.png" 170 180 255 0 0 "red just right of the centre"
check "$T/full.png" 280 120 255 0 0 "red (right half)"
ok "the window shows blue | red: the picture went through hflip"
tail -1 "$T/r.jsonl" | jq -e '.summary.shown > 10' >/dev/null || fail "report: $(tail -1 "$T/r.jsonl")"
