# --ss 1 --loop 2 --vf fps=10: each pass starts a new filter graph (the old one ended and was drained), so both
# passes show the same ten frames, 1.0 to 1.9 s, in order, in sync.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/mp4_front.mp4"
syncplay --autoexit --ss 1 --loop 2 --vf fps=10 --sync-report "$T/r.jsonl" "$clip" 2>"$T/err" || fail "exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
seq 1.0 0.1 1.95 | awk '{printf "%.3f\n", $1}' >"$T/pass"
cat "$T/pass" "$T/pass" >"$T/want"
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | awk '{printf "%.3f\n", $1}' >"$T/got"
diff "$T/want" "$T/got" >"$T/pts.diff" || fail "frames differ from two passes of 1.0..1.9: $(head -5 "$T/pts.diff")"
tail -1 "$T/r.jsonl" | jq -e ".summary | .dropped == 0 and .av_diff_p95 <= 0.1" >/dev/null || fail "$(cat "$T/r.jsonl")"
ok "two passes of ten frames: $(tail -1 "$T/r.jsonl")"
