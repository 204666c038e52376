# --ss and --t select a range (by seeking a named file, by skipping on a pipe), and --loop replays a named file.
# (The first frame shown is the one on screen at 1 s: it starts at most one frame before.)
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
shown_pts() { jq -r 'select(.action == "shown") | .pts' "$1"; }
syncplay --autoexit --ss 1 --t 1 --sync-report "$T/file.jsonl" "$clip" 2>"$T/err" || fail "file: exit $?"
first=$(shown_pts "$T/file.jsonl" | awk 'NR == 1'); last=$(shown_pts "$T/file.jsonl" | tail -1); n=$(shown_pts "$T/file.jsonl" | wc -l)
echo "$first > 0.95 && $first <= 1.0 && $last <= 2.05 && $n >= 24 && $n <= 27" | bc | grep -qx 1 \
  || fail "file: $n frames from $first to $last"
syncplay --autoexit --ss 1 --t 1 --sync-report "$T/pipe.jsonl" < <(cat "$clip") 2>"$T/err" || fail "pipe: exit $?"
first=$(shown_pts "$T/pipe.jsonl" | awk 'NR == 1'); n=$(shown_pts "$T/pipe.jsonl" | wc -l)
echo "$first > 0.95 && $first <= 1.0 && $n >= 24 && $n <= 27" | bc | grep -qx 1 || fail "pipe: $n frames from $first"
ok "--ss 1 --t 1 on a file and a pipe"
syncplay --autoexit --t 0.6 --loop 2 --sync-report "$T/loop.jsonl" "$clip" 2>"$T/err" || fail "loop: exit $?"
n=$(shown_pts "$T/loop.jsonl" | wc -l)
starts=$(shown_pts "$T/loop.jsonl" | awk '$1 < 0.05' | wc -l)
[ "$starts" -eq 2 ] && [ "$n" -ge 28 ] || fail "loop: $n frames, $starts starts"
tail -1 "$T/loop.jsonl" | jq -e '.summary.av_diff_p95 <= 0.040' >/dev/null || fail "loop: $(tail -1 "$T/loop.jsonl")"
syncplay --autoexit --t 0.2 --loop 2 < <(cat "$clip") 2>"$T/err" || fail "loop on a pipe: exit $?"
grep -q 'warning: --loop needs a seekable input' "$T/err" || fail "no warning for --loop on a pipe"
ok "--loop 2: $n frames"
