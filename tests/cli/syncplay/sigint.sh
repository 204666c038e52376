# SIGINT stops playback promptly, the report still ends with its summary, and the status is 130.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
syncplay --autoexit --sync-report "$T/r.jsonl" "$FX/sync_av10.nut" 2>"$T/err" & pid=$!
sleep 1
kill -INT "$pid"
got=0; wait "$pid" || got=$?
[ "$got" -eq 130 ] || fail "exit $got after SIGINT"
tail -1 "$T/r.jsonl" | jq -e '.summary.shown > 5 and .summary.shown < 60' >/dev/null || fail "report: $(tail -1 "$T/r.jsonl")"
ok "SIGINT: 130, $(tail -1 "$T/r.jsonl")"
