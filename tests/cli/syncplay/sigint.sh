# SIGINT stops playback promptly, the report still ends with its summary, and the status is 130.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
syncplay --autoexit --sync-report "$T/r.jsonl" "$FX/sync_av10.nut" 2>"$T/err" & pid=$!
# Once frames are going up (the player's report says so, a buffer of lines at a time), however slowly it started;
# the 10 s clip has 250 frames, so fewer than 200 shown means it stopped early.
wait_handles_signals "$pid"
for _ in $(seq 1 200); do grep -q '"action":"shown"' "$T/r.jsonl" 2> /dev/null && break; sleep 0.05; done
sleep 0.5
kill -INT "$pid"
got=0; wait "$pid" || got=$?
[ "$got" -eq 130 ] || fail "exit $got after SIGINT"
tail -1 "$T/r.jsonl" | jq -e '.summary.shown > 5 and .summary.shown < 200' >/dev/null || fail "report: $(tail -1 "$T/r.jsonl")"
ok "SIGINT: 130, $(tail -1 "$T/r.jsonl")"
