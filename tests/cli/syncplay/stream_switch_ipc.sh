# Audio and video streams switch at run time (ffplay's a and v keys) through mpv's IPC on a headless player: on a
# clip with two video streams (25 fps and 30 fps) and two audio streams (440 Hz and 1000 Hz), `cycle aid` goes to
# the second audio stream and round to the first, set_property aid and vid choose the second ones, a track that is
# not there is refused; aid, vid and track-list follow. The sync report has a line for each switch, and the frames
# shown after the video switch have the new stream's timestamps (a 30 fps grid, going on from where the old one
# was); SDL's disk driver, whose file starts
# afresh each time the device opens, holds the 1000 Hz tone of the second audio stream at the end. The summary's
# audio counts every stream played. The clip is 20 s long although the test ends 10 frames after the switches: a
# sanitizer build on a slow, busy machine took over 5 s for them, and a 6 s clip ended first (ci47).
# ctest: RUN_SERIAL (real time: a player runs while the client asks)
source "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/audio.raw"
export PYTHONPATH="$MT_SOURCE/tests/cli/syncplay" PYTHONDONTWRITEBYTECODE=1
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=20 \
  -f lavfi -i sine=frequency=440:sample_rate=48000:duration=20 -f lavfi -i testsrc=size=160x120:rate=30:duration=20 \
  -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=20 -map 0 -map 1 -map 2 -map 3 -c:v mpeg4 -q:v 5 \
  -c:a pcm_s16le "$T/two.nut" || fail "making the clip"

cat >"$T/drive.py" <<'PY'
import json, sys, time
from player_ipc import BOUND, Player

out, clip = sys.argv[1], sys.argv[2]
p = Player(out, ["-nodisp", clip])

def wait_pos(t):
    end = time.monotonic() + BOUND
    while True:
        m = p.reply("get_property", "time-pos")
        if m["error"] == "success" and m["data"] >= t:
            return
        if time.monotonic() > end:
            p.fail(f"time-pos never reached {t}")
        time.sleep(0.05)

def expect(prop, want):
    got = p.ask("get_property", prop)
    if got != want:
        p.fail(f"{prop} is {got}, expected {want}")

def selected():
    return sorted((t["type"], t["id"]) for t in p.ask("get_property", "track-list") if t["selected"])

wait_pos(0.5)
expect("aid", 1)
expect("vid", 1)
p.ask("cycle", "aid")
expect("aid", 2)
p.ask("cycle", "aid")  # round to the first
expect("aid", 1)
p.ask("set_property", "aid", 2)
expect("aid", 2)
p.ask("set_property", "aid", 3, error="error accessing property")
p.ask("set_property", "vid", 2)
expect("vid", 2)
if selected() != [("audio", 2), ("video", 2)]:
    p.fail(f"track-list selects {selected()}")
# Plays on with the new streams: frames of the second video stream come up.
end = time.monotonic() + BOUND
def shown_after_switch():
    lines = [json.loads(l) for l in open(p.report)]
    at = [l["at"] for l in lines if l.get("switch") == "video"]
    return [l for l in lines if at and l.get("action") == "shown" and l["shown_at"] > at[0]]
while len(shown_after_switch()) < 10:
    if time.monotonic() > end:
        p.fail("no frames of the second video stream in the report")
    time.sleep(0.05)
p.quit()
PY
python3 "$T/drive.py" "$T" "$T/two.nut" >"$T/out" 2>"$T/err" || fail "$(cat "$T/out" "$T/err")"
r="$T/r.jsonl"
# One line per switch: audio 1 -> 3 -> 1 -> 3 (input stream indexes), then video 0 -> 2.
switches=$(jq -s -c 'map(select(has("switch")) | [.switch, .from, .to])' "$r")
[ "$switches" = '[["audio",1,3],["audio",3,1],["audio",1,3],["video",0,2]]' ] || fail "switches in the report: $switches"
ok "cycle aid, set_property aid and vid: aid, vid, track-list and the report follow ($switches)"
# The summary's audio covers the whole playback, the streams switched away from too (from before the first switch).
jq -s -e '(map(select(.switch == "audio")) | .[0].at) as $first | .[-1].summary
  | .audio_span > .ended_at - $first + 0.2 and .audio_seconds > 0.8 * .audio_span' "$r" >/dev/null \
  || fail "summary: $(tail -1 "$r"), audio switches at $(jq -s -c 'map(select(.switch == "audio") | .at)' "$r")"
# The frames: the first stream's (on a 25 fps grid) up to the video switch, the second one's after it (on a 30 fps
# grid, most of them off the 25 fps one), in order, going on from where the first stream was (no jump back).
jq -s -e 'def on(fps): (. * fps - (. * fps | round)) | fabs < 0.01;
  (map(select(has("switch") and .switch == "video")) | .[0].at) as $at
  | map(select(.action == "shown")) as $f
  | ($f | map(select(.shown_at < $at) | .pts)) as $old | ($f | map(select(.shown_at > $at) | .pts)) as $new
  | ($old | length > 5) and ($new | length >= 10) and ($old | all(on(25)))
    and ($new | all(on(30))) and ([$new[] | select(on(25) | not)] | length > ($new | length) / 2)
    and ($new == ($new | sort)) and ($new[0] >= $old[-1])' \
  "$r" >/dev/null || fail "frames around the video switch: $(jq -s -c 'map(select(.action == "shown" or has("switch")))' "$r" | head -c 1500)"
ok "the frames after the switch have the second video stream's timestamps, going on"
# The sound since the last switch: its zero crossings say its frequency (1000 Hz: two a cycle).
freq=$(python3 - "$T/audio.raw" <<'PY'
import array, sys
a = array.array("h", open(sys.argv[1], "rb").read())
a = [v for v in a if abs(v) > 100]  # silence (before the first samples, an underrun) says nothing
crossings = sum(1 for x, y in zip(a, a[1:]) if (x < 0) != (y < 0))
print(round(crossings / 2 / (len(a) / 48000)) if a else 0)
PY
)
within "$freq" 900 1100 || fail "the audio played last is at $freq Hz, not the second stream's 1000 Hz"
ok "the device played the second audio stream (${freq} Hz)"
