# ffplay's mouse in a real window under Xvfb (xdotool): a right click at three quarters of the window's width seeks
# to three quarters of the duration (the keyframe before it), dragging with the right button held seeks as the
# pointer moves (ending at a quarter), and a double left click toggles full screen (mpv's fullscreen property: Xvfb
# has no window manager to resize the window). Positions are read paused through the IPC socket, so the load of the
# machine cannot move them. The player runs with -alwaysontop, and its window asks the window manager to keep it
# above the others (_NET_WM_STATE_ABOVE, read with xprop).
# ctest: RUN_SERIAL (a real window, real time)
source "$(dirname "$0")/../lib.sh"
xvfb_needs xdotool python3 xprop
xvfb_env
cat >"$T/drive.py" <<'PY'
import subprocess, sys, time
from player_ipc import Player

out, clip = sys.argv[1], sys.argv[2]
p = Player(out, ["-loglevel", "info", "-alwaysontop", clip])
p.read_until(lambda m: m.get("event") == "playback-restart", "playback-restart")
p.ask("set_property", "pause", True)
win = subprocess.run(["xdotool", "search", "--sync", "--name", "syncplay"], capture_output=True, text=True,
                     check=True).stdout.split()[0]

state = subprocess.run(["xprop", "-id", win, "_NET_WM_STATE"], capture_output=True, text=True).stdout
print("wm state:", "above" if "_NET_WM_STATE_ABOVE" in state else state.strip())

def xdo(*args):
    subprocess.run(["xdotool", *args], check=True)

def geometry():
    g = subprocess.run(["xdotool", "getwindowgeometry", win], capture_output=True, text=True, check=True).stdout
    return g.split("Geometry:")[1].split()[0]

def landed(what):  # the position once a seek the mouse asked for has restarted playback
    p.read_until(lambda m: m.get("event") == "seek", what + ": seek")
    p.read_until(lambda m: m.get("event") == "playback-restart", what + ": playback-restart")
    time.sleep(0.3)  # a drag's later moves seek again; the last one counts
    return p.ask("get_property", "time-pos")

xdo("mousemove", "--window", win, "240", "120")
xdo("click", "3")
print("right click at 3/4:", round(landed("right click"), 3))

xdo("mousemove", "--window", win, "200", "120")
xdo("mousedown", "3")
for x in (160, 120, 80):
    xdo("mousemove", "--window", win, str(x), "120")
    time.sleep(0.1)
xdo("mouseup", "3")
time.sleep(0.5)
p.read_until(lambda m: m.get("event") == "playback-restart", "drag: playback-restart")
deadline = time.monotonic() + 20
pos = p.ask("get_property", "time-pos")
while not (1.9 <= pos <= 2.6) and time.monotonic() < deadline:  # later seeks of the drag may still land
    time.sleep(0.2)
    pos = p.ask("get_property", "time-pos")
print("drag to 1/4:", round(pos, 3))

states = [p.ask("get_property", "fullscreen")]
for _ in range(2):  # a double click each time; the window's state read through the socket (no window manager here)
    xdo("click", "--repeat", "2", "--delay", "100", "1")
    deadline = time.monotonic() + 20
    while p.ask("get_property", "fullscreen") == states[-1] and time.monotonic() < deadline:
        time.sleep(0.1)
    states.append(p.ask("get_property", "fullscreen"))
xdo("click", "1")  # a single click changes nothing
time.sleep(0.7)
states.append(p.ask("get_property", "fullscreen"))
print("fullscreen:", *["yes" if s else "no" for s in states])
p.quit()
PY
PYTHONPATH="$(dirname "$0")" xvfb-run -a -s "-screen 0 640x480x24" python3 "$T/drive.py" "$T" "$FX/sync_av10.nut" \
  >"$T/out" 2>"$T/err" || fail "$(cat "$T/out") $(tail -5 "$T/err")"
right=$(awk '/^right click/ {print $NF}' "$T/out")
drag=$(awk '/^drag/ {print $NF}' "$T/out")
states=$(grep '^fullscreen:' "$T/out")
# 10 s with a keyframe every second: 3/4 is 7.5 s, and the seek lands on the keyframe at 7 s (ffplay's seek goes
# to the keyframe before); a quarter is 2.5 s, landing at 2 s.
within "$right" 6.9 7.55 || fail "right click at 3/4 of the window: time-pos $right (7 s wanted)"
within "$drag" 1.9 2.55 || fail "drag to 1/4 of the window: time-pos $drag (2 s wanted)"
[ "$states" = "fullscreen: no yes no no" ] || fail "double clicks, then a single one: $states (no yes no no wanted)"
grep -q "Seek to 75% ( 0:00:07) of total duration ( 0:00:10)" "$T/err" || fail "no ffplay-style seek line: $(cat "$T/err")"
grep -q '^wm state: above$' "$T/out" || fail "-alwaysontop: the window does not ask to be kept above: $(grep '^wm state' "$T/out")"
ok "right click: $right s; drag: $drag s; double clicks: $states; -alwaysontop: _NET_WM_STATE_ABOVE"
