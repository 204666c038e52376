# A seek flushes the --vf chain: with fps=10, Left after 1.5 s goes back to the start and the frames after the jump
# are 0.0, 0.1, ... to the end, none of them left over in the graph from before the seek.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
xvfb_needs xdotool
xvfb_env
cat >"$T/keys.sh" <<'SH'
set -e
syncplay --autoexit --vf fps=10 --sync-report "$2" "$1" & pid=$!
xdotool windowfocus --sync "$(xdotool search --sync --name syncplay | head -1)" || true
sleep 1.5
xdotool key Left
status=0; wait "$pid" || status=$?
echo "$status" >"$2.status"
SH
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/keys.sh" "$FX/sync_av4.nut" "$T/r.jsonl" 2>"$T/err" \
  || fail "xvfb run: $(cat "$T/err")"
[ "$(cat "$T/r.jsonl.status")" -eq 0 ] || fail "exit $(cat "$T/r.jsonl.status"): $(cat "$T/err")"
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | awk '{printf "%.3f\n", $1}' >"$T/got"
# One jump back; from there on exactly 0.0, 0.1, ..., 3.9.
jumps=$(awk 'NR > 1 && $1 < prev {n++} {prev = $1} END {print n + 0}' "$T/got")
[ "$jumps" -eq 1 ] || fail "expected one jump back, got $jumps: $(tr '\n' ' ' <"$T/got")"
awk 'NR > 1 && $1 < prev {on = 1} on {print} {prev = $1}' "$T/got" >"$T/after"
seq 0 0.1 3.95 | awk '{printf "%.3f\n", $1}' >"$T/want"
diff "$T/want" "$T/after" >"$T/d" || fail "after the seek: $(tr '\n' ' ' <"$T/after")"
ok "seek back with fps=10: $(wc -l <"$T/after") frames from 0.0 after the jump"
