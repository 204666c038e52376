# DVB and PGS (bitmap) subtitles drawn into a real window under Xvfb at their times and gone after, as ffplay draws
# them: a white box over a black picture while the subtitle is up, nothing once it is down. DVB as ffmpeg writes it
# (-c:s dvbsub from a DVD subtitle, in MPEG-TS: a page with a 30 s time-out, ended by the empty page that follows),
# DVB ended by its page time-out alone (make_dvdsub --dvb, in Matroska), and PGS (make_pgs: an epoch start showing
# the box and an empty display set clearing it), muxed into Matroska and as a --sub-file .sup. The report's
# subtitle lines say when each went up and down, by the subtitle's own times: the box is up for the time the stream
# says (2.5 s, or the 2 s time-out), not for the 30 s time-out of an ended page.
# Moments are chosen by the player's own report and held still with an IPC pause before each screenshot.
# ctest: RUN_SERIAL (a real window, real time)
source "$(dirname "$0")/../lib.sh"
xvfb_needs import python3

# A black 320x240 picture with sound for 6 s; each subtitle is a 200x40 white box at 60,180 of a 320x240 picture.
ffmpeg -v error -y -f lavfi -i color=c=black:s=320x240:r=25:d=6 -f lavfi -i sine=d=6 \
  -c:v mpeg4 -q:v 2 -c:a aac "$T/plain.mkv" || fail "making the clip"
"$MT_BIN/make_dvdsub" "$T/box.mkv" 1-3.5 || fail "making the DVD subtitle"
# (The video encoded again: MPEG-TS carries MPEG-4's headers in the stream, not beside it as Matroska does.)
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/box.mkv" -map 0 -map 1 -c:v mpeg4 -q:v 2 -c:a copy -c:s dvbsub "$T/dvb.ts" \
  || fail "making the DVB subtitle with ffmpeg"
"$MT_BIN/make_dvdsub" "$T/timeout.mkv" --dvb 1-3 || fail "making the DVB subtitle with a time-out"
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/timeout.mkv" -map 0 -map 1 -c copy "$T/dvb_timeout.mkv" \
  || fail "muxing the DVB subtitle"
"$MT_BIN/make_pgs" "$T/box.sup" 1-3.5 || fail "making the PGS subtitle"
# (-copyts: without it ffmpeg counts each input from its own start, and the box would come up at 0, with the first
# frame, before the window shows anything to take a picture of.)
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/box.sup" -copyts -map 0 -map 1 -c copy "$T/pgs.mkv" || fail "muxing the PGS subtitle"
# The streams are what the test says they are: FFmpeg decodes each, the DVB page with its 30 s time-out and the
# empty page, the PGS box and the empty display set at 3.5 s.
subs() { ffprobe -v error -select_streams s -show_entries subtitle=pts_time,end_display_time,num_rects -of csv=p=0 "$1" | tr '\n' ' '; }
[ "$(subs "$T/dvb.ts")" = "2.400000,30000,1 4.891000,30000,0 " ] || fail "ffmpeg's DVB stream: $(subs "$T/dvb.ts")"
[ "$(subs "$T/dvb_timeout.mkv")" = "1.000000,2000,1 " ] || fail "the DVB stream with a time-out: $(subs "$T/dvb_timeout.mkv")"
[ "$(subs "$T/box.sup")" = "1.000000,4294967295,1 3.500000,4294967295,0 " ] || fail "the PGS stream: $(subs "$T/box.sup")"
[ "$(subs "$T/pgs.mkv")" = "1.000000,4294967295,1 3.500000,4294967295,0 " ] || fail "the PGS stream in Matroska: $(subs "$T/pgs.mkv")"
[ "$(ffprobe -v error -select_streams s -show_entries stream=codec_name -of csv=p=0 "$T/pgs.mkv")" = hdmv_pgs_subtitle ] \
  || fail "pgs.mkv holds no PGS stream"
ok "FFmpeg decodes the DVB and PGS streams made for the test"

# The driver, inside the X server: starts the player; when the report says the subtitle went up, pauses it through
# the socket and takes a screenshot; resumes; when it says it came down, pauses and takes another.
cat >"$T/drive.py" <<'PY'
import subprocess, sys, time
from player_ipc import Player

out, args = sys.argv[1], sys.argv[2:]
p = Player(out, args)

def shot(name):
    time.sleep(0.3)  # paused: nothing moves; the X server catches up with the last frame
    subprocess.run(["import", "-window", "root", out + "/" + name + ".png"], check=True)

line = p.wait_subtitles(1, "subtitle shown")
# (A subtitle up from the start would be shot before the window shows its first frame.)
if line["subtitle"] != "shown" or line["master"] < line["start"] or line["start"] < 0.5:
    p.fail(f"first line: {p.subtitles()}")
p.ask("set_property", "pause", True)
if len(p.subtitles()) != 1:
    p.fail("the subtitle came down before the pause: the moment is gone (a machine far too slow?)")
shot("shown")
p.ask("set_property", "pause", False)
line = p.wait_subtitles(2, "subtitle hidden at its end")
if line["subtitle"] != "hidden" or line["end"] is None or line["master"] < line["end"]:
    p.fail(f"hidden: {line}")
p.ask("set_property", "pause", True)
shot("after")
print("span", round(line["end"] - line["start"], 3))
p.quit()
PY

xvfb_env
export PATH="$MT_BIN:$PATH" PYTHONPATH="$MT_SOURCE/tests/cli/syncplay" PYTHONDONTWRITEBYTECODE=1
run() {  # run NAME SPAN SYNCPLAY-ARGS...: screenshots in $T/NAME/; the subtitle must be up SPAN seconds of media
  local name=$1 span=$2
  shift 2
  mkdir -p "$T/$name"
  xvfb-run -a -s "-screen 0 320x240x24" python3 "$T/drive.py" "$T/$name" "$@" >"$T/$name/log" 2>&1 \
    || fail "$name: $(grep -m1 FAIL "$T/$name/log" || tail -3 "$T/$name/log")"
  local got
  got=$(sed -n 's/^span //p' "$T/$name/log")
  within "$got" "$(awk -v s="$span" 'BEGIN { print s - 0.05 }')" "$(awk -v s="$span" 'BEGIN { print s + 0.05 }')" \
    || fail "$name: the subtitle was up for ${got} s of media, not its ${span} s"
  # The box (200x40 at 60,180 of the subtitle picture, which covers the window) while it is up, and nothing else;
  # nothing anywhere once it is down.
  [ "$(brightest "$T/$name/shown.png" 100 190 120 20)" -ge 200 ] || fail "$name: the box is not drawn"
  [ "$(brightest "$T/$name/shown.png" 0 0 320 150)" -le 40 ] || fail "$name: drawn outside its box"
  [ "$(brightest "$T/$name/after.png" 0 0 320 240)" -le 40 ] || fail "$name: something still drawn after its end"
}
# brightest SHOT X Y W H: the brightest grey level (0-255) in that part of the screen.
brightest() { convert "$1" -crop "$4x$5+$2+$3" -colorspace Gray -format "%[fx:int(255*maxima)]" info:; }

run dvb 2.5 "$T/dvb.ts"
ok "DVB (ffmpeg's, in MPEG-TS): the box is drawn at its time and gone when the empty page comes (2.5 s, not 30)"
run dvb_timeout 2 "$T/dvb_timeout.mkv"
ok "DVB in Matroska: the box is drawn at its time and gone at its page time-out (2 s)"
run pgs 2.5 "$T/pgs.mkv"
ok "PGS in Matroska: the box is drawn at its time and gone at the clearing display set"
run pgs_file 2.5 --sub-file "$T/box.sup" "$T/plain.mkv"
ok "PGS as --sub-file x.sup: drawn at its time and gone at the clearing display set"
