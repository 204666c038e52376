# Keys in a real window under Xvfb (xdotool): p pauses and resumes, s steps one frame while paused, Left seeks back
# (to the start, with the queues flushed: no frame of before the seek shows after it), q quits with status 0;
# f, m, 9 and 0 keep playback going; a seek while paused shows the frame it landed on.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
xvfb_needs xdotool
xvfb_env
clip="$FX/sync_av4.nut"
# keys.sh CLIP REPORT STEPS...: plays CLIP in a window; each step is a key name for xdotool, +SECONDS to wait, or
# ^PTS to wait (10 s at most) until the report's last shown frame is before PTS (the player has done what the last
# key asked, however slow a busy machine makes it).
cat >"$T/keys.sh" <<'SH'
set -e
clip=$1 report=$2; shift 2
syncplay --autoexit --sync-report "$report" "$clip" & pid=$!
xdotool windowfocus --sync "$(xdotool search --sync --name syncplay | head -1)" || true
for step in "$@"; do
  case $step in
    +*) sleep "${step#+}" ;;
    ^*) for _ in $(seq 1 100); do
          grep '"action":"shown"' "$report" | tail -1 | jq -e ".pts < ${step#^}" > /dev/null 2>&1 && break
          sleep 0.1
        done ;;
    *) xdotool key "$step" ;;
  esac
done
# From the last key (q, when it is one) to the player's exit: promptness, start-up excluded.
last_key=$(date +%s%N)
status=0; wait "$pid" || status=$?
echo "$status" >"$report.status"
echo $((($(date +%s%N) - last_key) / 1000000)) >"$report.quit_ms"
SH
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/keys.sh" "$clip" "$T/a.jsonl" +1 p +0.5 s +0.5 p +0.5 Left 2>"$T/err" \
  || fail "xvfb run: $(cat "$T/err")"
[ "$(cat "$T/a.jsonl.status")" -eq 0 ] || fail "exit $(cat "$T/a.jsonl.status"): $(cat "$T/err")"
jq -s -c 'map(select(.action == "shown") | [.pts, .shown_at])' "$T/a.jsonl" >"$T/shown"
# Pause, step, resume: frames N, N+1, N+2 shown about 0.5 s apart each.
jq -e '[range(0; length - 2) as $i | .[$i] as $a | .[$i + 1] as $b | .[$i + 2] as $c
  | ($b[1] - $a[1] > 0.3) and ($c[1] - $b[1] > 0.3) and (($c[0] - $a[0] - 0.08) | fabs < 0.001)] | any' "$T/shown" >/dev/null \
  || fail "no pause-step-resume in the report: $(head -c 600 "$T/shown")"
ok "p pauses, s steps one frame, p resumes"
# Left: the pts go back once, to the start, and playback goes on to the end.
jq -e '[range(1; length) as $i | select(.[$i][0] < .[$i - 1][0])] | length == 1' "$T/shown" >/dev/null \
  || fail "expected one jump back: $(head -c 600 "$T/shown")"
jq -e '(map(.[0]) | . as $p | [range(1; length) as $i | select($p[$i] < $p[$i - 1]) | $p[$i]][0] < 0.1) and (.[-1][0] > 3.9)' \
  "$T/shown" >/dev/null || fail "seek back did not restart from the beginning and play to the end"
ok "Left seeks back to the start and plays on"

xvfb-run -a -s "-screen 0 320x240x24" bash "$T/keys.sh" "$clip" "$T/q.jsonl" +0.3 f +0.2 m +0.1 9 +0.1 0 +0.2 p +0.3 Left ^0.1 +0.2 q 2>"$T/err" \
  || fail "xvfb run: $(cat "$T/err")"
[ "$(cat "$T/q.jsonl.status")" -eq 0 ] || fail "q: exit $(cat "$T/q.jsonl.status")"
quit_ms=$(cat "$T/q.jsonl.quit_ms")
[ "$quit_ms" -lt 3000 ] || fail "q did not quit promptly (${quit_ms} ms)"
tail -1 "$T/q.jsonl" | jq -e '.summary.shown >= 15 and .summary.shown < 60' >/dev/null || fail "q: $(tail -1 "$T/q.jsonl")"
# Paused, Left shows where the seek landed (the first frame) and stays paused.
jq -s -e 'map(select(.action == "shown")) | (.[-1].pts < 0.1) and (.[-2].pts > 0.3)' "$T/q.jsonl" >/dev/null \
  || fail "seek while paused: $(jq -s -c 'map(select(.action == "shown") | .pts) | .[-3:]' "$T/q.jsonl")"
ok "f, m, 9, 0 keep playing; Left while paused shows the new position; q quits (${quit_ms} ms)"
