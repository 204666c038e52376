# Audio and video turned off and on at run time through mpv's IPC (set_property aid/vid no, then a track id), on a
# headless player: after `aid no` the video plays on, timed by the external clock (ffplay's -an), while SDL's disk
# audio device, closed, receives nothing; aid, track-list and the report say audio is off; `aid 1` brings the sound
# back (the device's file, which starts afresh when it opens, fills again) and the audio clock is the master again.
# After `vid no` the sound plays on alone (time-pos goes on with the audio clock) and no frame comes up; `vid 1`
# brings the frames back. The one stream playing cannot be turned off, and with -an the audio cannot be turned on
# (a warning, an error reply) while aid no is no change. Judged by the player's own clocks (time-pos, the sync
# report), not by wall time.
# ctest: RUN_SERIAL (real time: a player runs while the client asks)
source "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/audio.raw"
export PYTHONPATH="$MT_SOURCE/tests/cli/syncplay" PYTHONDONTWRITEBYTECODE=1
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=20 \
  -f lavfi -i sine=frequency=440:sample_rate=48000:duration=20 -c:v mpeg4 -q:v 5 -c:a pcm_s16le "$T/clip.nut" \
  || fail "making the clip"

cat >"$T/drive.py" <<'PY'
import json, os, sys, time
from player_ipc import BOUND, Player

out, clip, audio = sys.argv[1], sys.argv[2], sys.argv[3]
p = Player(out, ["-nodisp", clip])

def pos():
    m = p.reply("get_property", "time-pos")
    return m["data"] if m["error"] == "success" else None

def wait_pos(t, what):
    end = time.monotonic() + BOUND
    while True:
        now = pos()
        if now is not None and now >= t:
            return now
        if time.monotonic() > end:
            p.fail(f"time-pos never reached {t} ({what}); it is {now}")
        time.sleep(0.05)

def expect(prop, want):
    got = p.ask("get_property", prop)
    if type(got) is not type(want) or got != want:
        p.fail(f"{prop} is {got!r}, expected {want!r}")

def selected():
    return sorted((t["type"], t["id"]) for t in p.ask("get_property", "track-list") if t["selected"])

def report():
    return [json.loads(l) for l in open(p.report)]

def size():
    return os.path.getsize(audio) if os.path.exists(audio) else 0

def since_switch(n):  # the report's frame lines after its n-th switch line
    lines = report()
    at = [l["at"] for l in lines if "switch" in l]
    if len(at) < n:
        p.fail(f"no switch line {n}: {[l for l in lines if 'switch' in l]}")
    return [l for l in lines if "action" in l and l["shown_at"] > at[n - 1]]

t = wait_pos(0.5, "start")
expect("aid", 1)
p.ask("set_property", "aid", "no")
expect("aid", False)
if selected() != [("video", 1)]:
    p.fail(f"after aid no, track-list selects {selected()}")
time.sleep(0.2)
closed = size()
if closed == 0:
    p.fail("the disk device received nothing before aid no")
t = wait_pos((pos() or t) + 1.5, "after aid no")
if size() != closed:
    p.fail(f"the audio device received {size() - closed} bytes after aid no")
shown = [l for l in since_switch(1) if l["action"] == "shown"]
if len(shown) < 20 or any(l["master"] is None for l in shown) or shown[-1]["master"] - shown[0]["master"] < 0.8:
    p.fail(f"after aid no, the frames do not play on by a running clock: {shown[:3]} ... {shown[-3:]}")
if sorted(abs(l["diff"]) for l in shown)[len(shown) * 9 // 10] > 0.1:
    p.fail(f"after aid no, the frames are off the master clock: {[l['diff'] for l in shown]}")
p.ask("set_property", "aid", 1)
expect("aid", 1)
if selected() != [("audio", 1), ("video", 1)]:
    p.fail(f"after aid 1, track-list selects {selected()}")
t = wait_pos(t + 1.5, "after aid 1")
if size() < 48000 * 2 * 2 // 2:
    p.fail(f"after aid 1 the audio device received only {size()} bytes in 1.5 s of playback")
# The only stream playing cannot be turned off: video off first, then audio is refused.
p.ask("set_property", "vid", False)
expect("vid", False)
p.ask("set_property", "aid", "no", error="error accessing property")
expect("aid", 1)
frames_off = len([l for l in report() if "action" in l])
before = size()
t = wait_pos(pos() + 1.5, "after vid no")
if size() <= before:
    p.fail("after vid no the sound stopped")
late = [l for l in report() if "action" in l][frames_off:]
if late:
    p.fail(f"frames came up after vid no: {late[:3]}")
p.ask("set_property", "vid", 1)
expect("vid", 1)
end = time.monotonic() + BOUND
while len([l for l in since_switch(4) if l["action"] == "shown"]) < 10:
    if time.monotonic() > end:
        p.fail(f"no frames after vid 1: {report()[-5:]}")
    time.sleep(0.05)
p.quit()
PY
python3 "$T/drive.py" "$T" "$T/clip.nut" "$T/audio.raw" >"$T/out" 2>"$T/err" || fail "$(cat "$T/out" "$T/err")"
r="$T/r.jsonl"
switches=$(jq -s -c 'map(select(has("switch")) | [.switch, .from, .to])' "$r")
[ "$switches" = '[["audio",1,-1],["audio",-1,1],["video",0,-1],["video",-1,0]]' ] || fail "switches in the report: $switches"
ok "aid no / aid 1 / vid no / vid 1: the report has a line for each ($switches)"
ok "aid no: the video plays on by the external clock, nothing goes to the audio device; aid 1 brings the sound back"
ok "vid no: the sound plays on, no frame comes up; vid 1 brings the frames back; the one stream left cannot go"
tail -1 "$r" | jq -e '.summary.sync == "audio" and .summary.audio_seconds > 1' >/dev/null \
  || fail "summary: $(tail -1 "$r")"
ok "the summary: the audio master again at the end, the audio of every stretch counted"

# -an: no audio path to turn on; turning it off is no change.
mkdir -p "$T/an"
cat >"$T/an.py" <<'PY'
import sys
from player_ipc import Player
p = Player(sys.argv[1], ["-nodisp", "-an", sys.argv[2]])
p.ask("set_property", "aid", 1, error="error accessing property")
p.ask("set_property", "aid", "no")
if p.ask("get_property", "aid") is not False:
    p.fail("aid is not false with -an")
p.quit()
PY
python3 "$T/an.py" "$T/an" "$T/clip.nut" >"$T/out" 2>"$T/err" || fail "-an: $(cat "$T/out" "$T/err")"
grep -q "^syncplay: warning: no audio played from the start (-vn, -an, or no audio device): it cannot be switched or turned on$" \
  "$T/err" || fail "-an, aid 1: $(cat "$T/err")"
ok "-an: aid 1 is refused with one warning, aid no is no change"
