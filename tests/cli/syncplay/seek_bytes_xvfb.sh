# ffplay's -bytes: the mouse (and the arrow keys) seek by bytes instead of time. On a clip whose first half (noise)
# holds 95% of its bytes, a right click at half the window's width lands near 2.5 s by bytes (half the bytes) and
# at 5 s by time. In MPEG-TS (timestamps that may jump) ffplay's default (-1) is by bytes, and -bytes 0 makes it
# time; in NUT the default is time. The Right key (-seek_interval 2) goes 2 s on by time, and by bytes 2 s of the
# clip's mean bit rate further, about 1 s into the noisy half. Positions are read paused through the IPC socket once
# the frame of the new place is up.
# (A seek by bytes needs a format that can be read from any byte: NUT and FLV cannot, in FFmpeg as in ffplay.)
# ctest: RUN_SERIAL (a real window, real time)
source "$(dirname "$0")/../lib.sh"
xvfb_needs xdotool python3
xvfb_env
for f in nut mpegts; do
  codec=mpeg4; [ "$f" = mpegts ] && codec=mpeg2video
  ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=s=160x120:r=25:d=5,noise=alls=80:allf=t+u" \
    -f lavfi -i "color=c=gray:s=160x120:r=25:d=5" -filter_complex "[0:v][1:v]concat=n=2:v=1[v]" -map "[v]" \
    -c:v "$codec" -q:v 2 -g 5 -f "$f" "$T/clip.$f" || fail "making the $f clip"
done
cat >"$T/drive.py" <<'PY'
import subprocess, sys, time
from player_ipc import Player

out, clip, bytes_mode = sys.argv[1], sys.argv[2], sys.argv[3]
args = ["-an", "-seek_interval", "2", clip] if bytes_mode == "auto" else ["-an", "-seek_interval", "2", "-bytes", bytes_mode, clip]
p = Player(out, args)
p.read_until(lambda m: m.get("event") == "playback-restart", "playback-restart")
p.ask("set_property", "pause", True)
win = subprocess.run(["xdotool", "search", "--sync", "--name", "syncplay"], capture_output=True, text=True,
                     check=True).stdout.split()[0]

def landed(what):  # the position once the frame of the new place is up (a seek by bytes knows it only then)
    p.read_until(lambda m: m.get("event") == "playback-restart", what + ": playback-restart")
    deadline = time.monotonic() + 30
    pos = p.ask("get_property", "time-pos")
    while pos is None and time.monotonic() < deadline:
        time.sleep(0.1)
        pos = p.ask("get_property", "time-pos")
    return pos if pos is not None else -1

subprocess.run(["xdotool", "mousemove", "--window", win, "80", "60"], check=True)
subprocess.run(["xdotool", "click", "3"], check=True)
print("click:", round(landed("right click"), 3))
subprocess.run(["xdotool", "key", "--window", win, "Right"], check=True)
print("right:", round(landed("Right key"), 3))
p.quit()
PY
run() {  # run CLIP MODE: prints "CLICK RIGHT"
  PYTHONPATH="$(dirname "$0")" xvfb-run -a -s "-screen 0 320x240x24" python3 "$T/drive.py" "$T" "$1" "$2" \
    >"$T/out" 2>"$T/err" || fail "$1 -bytes $2: $(cat "$T/out") $(tail -5 "$T/err")"
  echo "$(awk '/^click:/ {print $2}' "$T/out") $(awk '/^right:/ {print $2}' "$T/out")"
}
read -r c r <<<"$(run "$T/clip.mpegts" auto)"
within "$c" 1.9 3.3 || fail "MPEG-TS by default, click at 1/2: time-pos $c (by bytes: about 2.5 s)"
within "$r" "$(awk -v c="$c" 'BEGIN { print c + 0.5 }')" "$(awk -v c="$c" 'BEGIN { print c + 1.6 }')" \
  || fail "MPEG-TS by default, Right from $c: $r (by bytes: about 1 s on)"
read -r c1 _ <<<"$(run "$T/clip.mpegts" 1)"
within "$c1" 1.9 3.3 || fail "-bytes 1, click at 1/2: time-pos $c1 (by bytes: about 2.5 s)"
read -r c0 r0 <<<"$(run "$T/clip.mpegts" 0)"
within "$c0" 4.7 5.05 || fail "-bytes 0, click at 1/2: time-pos $c0 (by time: 5 s, its keyframe before)"
within "$r0" "$(awk -v c="$c0" 'BEGIN { print c + 1.8 }')" "$(awk -v c="$c0" 'BEGIN { print c + 2.3 }')" \
  || fail "-bytes 0, Right from $c0: $r0 (2 s on)"
read -r cn _ <<<"$(run "$T/clip.nut" auto)"
within "$cn" 4.7 5.05 || fail "NUT by default: time-pos $cn (by time: 5 s)"
ok "click at 1/2 and Right: MPEG-TS $c -> $r s (bytes), -bytes 1 $c1 s, -bytes 0 $c0 -> $r0 s (time), NUT $cn s (time)"
