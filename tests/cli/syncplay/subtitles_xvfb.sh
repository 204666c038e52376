# Subtitles drawn into a real window under Xvfb: white text on a black picture is there while its subtitle is up and
# gone after it, for an SRT muxed into Matroska (rendered by libass), for --sub-file x.srt, and for a DVD (bitmap)
# subtitle; the t key takes the text away (no track) and brings it back.
# Moments are chosen by the player's own report (a "subtitle" line says the picture changed) and held still with an
# IPC pause before each screenshot, so the load of the machine cannot move them.
# ctest: RUN_SERIAL (a real window, real time)
source "$(dirname "$0")/../lib.sh"
xvfb_needs import xdotool python3

# A black 320x240 picture with sound for 6 s; the subtitle is up from 1 s to 3.5 s.
printf '1\n00:00:01,000 --> 00:00:03,500\nHELLO WORLD\n\n' >"$T/text.srt"
ffmpeg -v error -y -f lavfi -i color=c=black:s=320x240:r=25:d=6 -f lavfi -i sine=d=6 \
  -c:v mpeg4 -q:v 2 -c:a aac "$T/plain.mkv" || fail "making the clip"
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/text.srt" -map 0 -map 1 -c:v copy -c:a copy -c:s srt "$T/srt.mkv" \
  || fail "muxing the SRT"
"$MT_BIN/make_dvdsub" "$T/box.mkv" 1-3.5 || fail "making the DVD subtitle"
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/box.mkv" -map 0 -map 1 -c copy "$T/dvd.mkv" || fail "muxing the DVD subtitle"

# The driver, inside the X server: starts the player, and at each moment the report names, pauses it through the
# socket and takes a screenshot. Steps are bounded in time against a hang only.
cat >"$T/drive.py" <<'PY'
import subprocess, sys, time
from player_ipc import Player

out, keys, args = sys.argv[1], sys.argv[2] == "keys", sys.argv[3:]
p = Player(out, args)

def shot(name):
    time.sleep(0.3)  # paused: nothing moves; the X server catches up with the last frame
    subprocess.run(["import", "-window", "root", out + "/" + name + ".png"], check=True)

def key_t(n, state):  # the t key, then the n-th report line must say the subtitle is STATE
    subprocess.run(["xdotool", "key", "t"], check=True)
    if p.wait_subtitles(n, f"{state} by t")["subtitle"] != state:
        p.fail(f"t: {p.subtitles()}")

if p.wait_subtitles(1, "subtitle shown")["subtitle"] != "shown":
    p.fail(f"first line: {p.subtitles()}")
p.ask("set_property", "pause", True)
if len(p.subtitles()) != 1:
    p.fail("the subtitle came down before the pause: the moment is gone (a machine far too slow?)")
shot("shown")
if keys:
    wid = subprocess.run(["xdotool", "search", "--sync", "--name", "syncplay"], capture_output=True, text=True).stdout.split()[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", wid])
    key_t(2, "hidden")  # the next track: none (the input has one)
    shot("off")
    key_t(3, "shown")  # back to the first
    shot("on")
n = len(p.subtitles())
p.ask("set_property", "pause", False)
line = p.wait_subtitles(n + 1, "subtitle hidden at its end")
if line["subtitle"] != "hidden" or line["master"] < line["end"]:
    p.fail(f"hidden: {line}")
p.ask("set_property", "pause", True)
shot("after")
p.quit()
PY

xvfb_env
export PATH="$MT_BIN:$PATH" PYTHONPATH="$MT_SOURCE/tests/cli/syncplay" PYTHONDONTWRITEBYTECODE=1
run() {  # run NAME keys|nokeys SYNCPLAY-ARGS...: screenshots in $T/NAME/
  local name=$1
  shift
  mkdir -p "$T/$name"
  xvfb-run -a -s "-screen 0 320x240x24" python3 "$T/drive.py" "$T/$name" "$@" >"$T/$name/log" 2>&1 \
    || fail "$name: $(grep -m1 FAIL "$T/$name/log" || tail -3 "$T/$name/log")"
}
# brightest SHOT X Y W H: the brightest grey level (0-255) in that part of the screen.
brightest() { convert "$1" -crop "$4x$5+$2+$3" -colorspace Gray -format "%[fx:int(255*maxima)]" info:; }
# Text: bright pixels in the lower half (where subtitles go), none anywhere once it is down.
text_up() { [ "$(brightest "$1" 0 120 320 120)" -ge 200 ] || fail "$2: no subtitle text in $(basename "$1")"; }
nothing() { [ "$(brightest "$1" 0 0 320 240)" -le 40 ] || fail "$2: something still drawn in $(basename "$1")"; }

run srt keys "$T/srt.mkv"
text_up "$T/srt/shown.png" "SRT in Matroska"
nothing "$T/srt/off.png" "t (no track)"
text_up "$T/srt/on.png" "t (back to track 1)"
nothing "$T/srt/after.png" "SRT in Matroska, after its end"
[ "$(brightest "$T/srt/shown.png" 0 0 320 120)" -le 40 ] || fail "SRT: something drawn in the upper half"
ok "an SRT subtitle in Matroska is drawn at its time and gone after it; t takes it off and back"

run file nokeys --sub-file "$T/text.srt" "$T/plain.mkv"
text_up "$T/file/shown.png" "--sub-file"
nothing "$T/file/after.png" "--sub-file, after its end"
ok "--sub-file x.srt: drawn at its time and gone after it"

run dvd nokeys "$T/dvd.mkv"
# The box: 200x40 at 60,180 of the 320x240 subtitle picture, which covers the window.
[ "$(brightest "$T/dvd/shown.png" 100 190 120 20)" -ge 200 ] || fail "DVD subtitle: the box is not drawn"
[ "$(brightest "$T/dvd/shown.png" 0 0 320 150)" -le 40 ] || fail "DVD subtitle: drawn outside its box"
nothing "$T/dvd/after.png" "DVD subtitle, after its end"
ok "a DVD (bitmap) subtitle is drawn at its place and time, and gone after it"
