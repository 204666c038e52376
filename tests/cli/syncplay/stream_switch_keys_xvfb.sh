# ffplay's a, v and c keys in a real window under Xvfb (xdotool), on a clip with two video and two audio streams: a
# switches the audio stream, v the video stream, c both again (video first, then audio, then subtitles: ffplay's
# "cycle program"), each switch a line of the sync report; the frames shown between the v and the c have the second
# video stream's timestamps (a 30 fps grid), those after the c the first one's again (25 fps).
# ctest: RUN_SERIAL (real time, and an X server of its own)
source "$(dirname "$0")/../lib.sh"
xvfb_needs xdotool
xvfb_env
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=20 \
  -f lavfi -i sine=frequency=440:sample_rate=48000:duration=20 -f lavfi -i testsrc=size=160x120:rate=30:duration=20 \
  -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=20 -map 0 -map 1 -map 2 -map 3 -c:v mpeg4 -q:v 5 \
  -c:a pcm_s16le "$T/two.nut" || fail "making the clip"
# keys.sh: each key once the report shows what the one before did (20 s at most each), then q.
cat >"$T/keys.sh" <<'SH'
set -e
clip=$1 report=$2
syncplay --sync-report "$report" "$clip" & pid=$!
xdotool windowfocus --sync "$(xdotool search --sync --name syncplay | head -1)" || true
wait_lines() {  # wait_lines N JQ [TENTHS]: until N report lines satisfy JQ (TENTHS/10 s at most, default 20 s)
  for _ in $(seq 1 "${3:-200}"); do
    [ "$(jq -c "select($2)" "$report" 2>/dev/null | wc -l)" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
# key K N: presses K until the report has N switch lines. A key sent before the window had the focus (a loaded
# machine) is lost; pressed again only when nothing happened for 5 s, so a press is never counted twice.
key() {
  for _ in 1 2 3 4; do
    xdotool windowfocus --sync "$(xdotool search --name syncplay | head -1)" 2>/dev/null || true
    xdotool key "$1"
    wait_lines "$2" 'has("switch")' 50 && return 0
  done
}
# frames_after N: until N frames were shown after the last switch (20 s at most): the checks want 5 on each side of
# the c, counted by the report, not by a wall-clock wait that a loaded machine can make too short.
frames_after() {
  for _ in $(seq 1 200); do
    n=$(jq -s '(map(select(has("switch")) | .at) | last) as $t | map(select(.action == "shown" and .shown_at > $t)) | length' \
      "$report" 2>/dev/null) || n=0
    [ "${n:-0}" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
wait_lines 5 '.action == "shown"' || true  # (the checks after the run say what did not happen)
key a 1 || true
key v 2 || true
frames_after 8 || true
key c 4 || true
frames_after 8 || true
xdotool key q
status=0; wait "$pid" || status=$?
echo "$status" >"$report.status"
SH
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/keys.sh" "$T/two.nut" "$T/r.jsonl" 2>"$T/err" \
  || fail "xvfb run: $(cat "$T/err")"
[ "$(cat "$T/r.jsonl.status")" -eq 0 ] || fail "exit $(cat "$T/r.jsonl.status"): $(cat "$T/err")"
switches=$(jq -s -c 'map(select(has("switch")) | [.switch, .from, .to])' "$T/r.jsonl")
[ "$switches" = '[["audio",1,3],["video",0,2],["video",2,0],["audio",3,1]]' ] || fail "switches: $switches"
jq -s -e 'def on(fps): (. * fps - (. * fps | round)) | fabs < 0.01;
  map(select(has("switch")) | .at) as $at | map(select(.action == "shown")) as $f
  | ($f | map(select(.shown_at > $at[1] and .shown_at < $at[2]) | .pts)) as $v
  | ($f | map(select(.shown_at > $at[3]) | .pts)) as $c
  | ($v | length >= 5) and ($v | all(on(30))) and ([$v[] | select(on(25) | not)] | length > 0)
    and ($c | length >= 5) and ($c | all(on(25)))' "$T/r.jsonl" >/dev/null \
  || fail "frames after v and c: $(jq -s -c 'map(select(.action == "shown" or has("switch")) | [.switch, .pts])' "$T/r.jsonl" | tail -c 600);\
 switches: $(jq -c 'select(has("switch"))' "$T/r.jsonl" | tr '\n' ' ');\
 actions: $(jq -s -c 'map(.action // empty) | group_by(.) | map({(.[0]): length}) | add' "$T/r.jsonl");\
 last: $(jq -c 'select(has("action")) | [.pts, .master, .action]' "$T/r.jsonl" | tail -n 8 | tr '\n' ' ')"
ok "a, v and c switch the streams: $switches"
