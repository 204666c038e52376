# stdin closed in the middle of the stream: syncplay plays what it received, then exits 1 with one error line.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
size=$(stat -c %s "$FX/sync_av4.nut")
got=0
head -c $((size / 2 + 777)) "$FX/sync_av4.nut" | syncplay --autoexit --sync-report "$T/r.jsonl" 2>"$T/err" || got=$?
[ "$got" -eq 1 ] || fail "exit $got, expected 1: $(cat "$T/err")"
tail -1 "$T/err" | grep -Eq '^syncplay: error: (reading input|decoding): ' || fail "stderr: $(cat "$T/err")"
[ "$(grep -c '^syncplay: error' "$T/err")" -eq 1 ] || fail "more than one error line: $(cat "$T/err")"
shown=$(tail -1 "$T/r.jsonl" | jq .summary.shown)
[ "$shown" -ge 30 ] || fail "only $shown frames shown before the end"
ok "played $shown frames, then exit 1"
