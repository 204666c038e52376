# A live pipe (a writer at media speed) with --live: the external clock is the master, playback starts fast and
# the latency behind the writer stays bounded, without drift, to the end.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ffmpeg -nostdin -v error -re -i "$FX/sync_av4.nut" -c copy -f nut - |
  timeout "$HANG_SECONDS" syncplay --autoexit --live --sync-report "$T/r.jsonl" 2>"$T/err" || fail "exit $?: $(cat "$T/err")"
s=$(tail -1 "$T/r.jsonl")
echo "$s" | jq -e '.summary.sync == "ext" and .summary.shown >= 95 and .summary.av_diff_p95 <= 0.040' >/dev/null || fail "$s"
# Latency: when each frame is shown, relative to its time in the stream. The external clock slows down (to 0.9)
# while the queues hold 2 packets or fewer, building a small buffer, and speeds up past 10: so the latency settles
# within a bound instead of growing with the stream.
jq -s -e 'map(select(.action == "shown") | .shown_at - .pts) | (max < 0.6) and ((.[-1] - .[-25]) | fabs < 0.15)' "$T/r.jsonl" \
  >/dev/null || fail "latency: $(jq -s -c 'map(select(.action == "shown") | .shown_at - .pts) | [.[10], .[-25], .[-1], max]' "$T/r.jsonl")"
ok "live: $s"
