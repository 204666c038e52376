# -seek_interval 3 in a real window under Xvfb (xdotool): Right seeks about 3 s forward (to the keyframe at or after
# the target) and Left about 3 s back (to the keyframe before it), where the default step (10 s) would have gone to
# the end and back to the start; judged by the frames' pts in the sync report.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
xvfb_needs xdotool
xvfb_env
# keys.sh CLIP REPORT: plays CLIP (10 s, a keyframe every second) with -seek_interval 3; Right once a frame past 1 s
# is up, Left once the seek forward shows, q once the seek back shows (each wait 20 s at most).
cat >"$T/keys.sh" <<'SH'
set -e
clip=$1 report=$2
syncplay -seek_interval 3 --sync-report "$report" "$clip" & pid=$!
xdotool windowfocus --sync "$(xdotool search --sync --name syncplay | head -1)" || true
shown() { jq -s -c 'map(select(.action == "shown") | .pts)' "$report" 2>/dev/null || echo '[]'; }
wait_for() {  # wait_for JQ: until the shown pts satisfy JQ
  for _ in $(seq 1 200); do
    shown | jq -e "$1" >/dev/null && return 0
    sleep 0.1
  done
  return 0
}
wait_for 'any(. >= 1.0)'
xdotool key Right
wait_for '[range(1; length) as $i | select(.[$i] - .[$i - 1] > 0.5)] | length > 0 and .[-1] > 1'
sleep 0.5
xdotool key Left
wait_for '[range(1; length) as $i | select(.[$i] < .[$i - 1])] | length > 0'
sleep 0.3
xdotool key q
status=0; wait "$pid" || status=$?
echo "$status" >"$report.status"
SH
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/keys.sh" "$FX/sync_av10.nut" "$T/r.jsonl" 2>"$T/err" \
  || fail "xvfb run: $(cat "$T/err")"
[ "$(cat "$T/r.jsonl.status")" -eq 0 ] || fail "exit $(cat "$T/r.jsonl.status"): $(cat "$T/err")"
jq -s -c 'map(select(.action == "shown") | .pts)' "$T/r.jsonl" >"$T/pts"
# The frames before and after each jump: one forward, then one back.
fwd=$(jq -c '[range(1; length) as $i | select(.[$i] - .[$i - 1] > 0.5) | [.[$i - 1], .[$i]]]' "$T/pts")
back=$(jq -c '[range(1; length) as $i | select(.[$i] < .[$i - 1]) | [.[$i - 1], .[$i]]]' "$T/pts")
jq -e 'length == 1' <<<"$fwd" >/dev/null || fail "expected one jump forward, got $fwd: $(head -c 800 "$T/pts")"
jq -e 'length == 1' <<<"$back" >/dev/null || fail "expected one jump back, got $back: $(head -c 800 "$T/pts")"
# Forward: the keyframe at or after (position + 3), the position being the audio clock (a little behind the frame
# on screen): 2 to 4.6 s on. Back: the keyframe at or before (position - 3): 2 to 4.6 s back, not the start.
jq -e '.[0] | (.[1] - .[0]) >= 2 and (.[1] - .[0]) <= 4.6' <<<"$fwd" >/dev/null || fail "Right jumped $fwd"
jq -e '.[0] | (.[0] - .[1]) >= 2 and (.[0] - .[1]) <= 4.6 and .[1] >= 0.9' <<<"$back" >/dev/null || fail "Left jumped $back"
ok "-seek_interval 3: Right went $fwd, Left went $back"
