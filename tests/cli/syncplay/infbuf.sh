# -infbuf: the demuxer reads ahead without a bound (ffplay's infinite_buffer): mpv's demuxer-cache-duration, read
# through the IPC socket, reaches the end of the 10 s clip within moments of the start; without -infbuf the demuxer
# holds back at ffplay's 25 packets a stream, about a second ahead of the position.
# ctest: RUN_SERIAL (real time: a player runs while the client asks)
source "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH="$MT_SOURCE/tests/cli/syncplay" PYTHONDONTWRITEBYTECODE=1
cat >"$T/drive.py" <<'PY'
import sys, time
from player_ipc import BOUND, Player

out, args = sys.argv[1], sys.argv[2:]
p = Player(out, args)
# The most read ahead within two seconds of playing (on the player's clock), and where playback was then. (The
# start's playback-restart may come before this client connects: time-pos says when playback is under way.)
most, pos = 0.0, 0.0
end = time.monotonic() + BOUND
while pos < 2.0 and time.monotonic() < end:
    msg = p.reply("get_property", "time-pos")
    pos = msg["data"] if msg["error"] == "success" else 0.0
    msg = p.reply("get_property", "demuxer-cache-duration")  # unavailable until each stream has a packet
    if msg["error"] == "success":
        most = max(most, msg["data"])
    time.sleep(0.05)
print("%.3f %.3f" % (most, pos))
p.quit()
PY
python3 "$T/drive.py" "$T" -nodisp "$FX/sync_av10.nut" >"$T/plain" 2>"$T/err" || fail "without -infbuf: $(cat "$T/plain" "$T/err")"
mkdir "$T/inf"
python3 "$T/drive.py" "$T/inf" -nodisp -infbuf "$FX/sync_av10.nut" >"$T/inf.txt" 2>"$T/err" \
  || fail "-infbuf: $(cat "$T/inf.txt" "$T/err")"
read -r plain plain_pos <"$T/plain"
read -r inf inf_pos <"$T/inf.txt"
within "$plain" 0.2 3 || fail "without -infbuf the demuxer read $plain s ahead (at $plain_pos s)"
# By 2 s in, what was read reaches the end (10 s): at least 7.5 s ahead at some moment.
within "$inf" 7.5 10.5 || fail "-infbuf: the demuxer read only $inf s ahead (at $inf_pos s)"
ok "demuxer-cache-duration: at most $plain s without -infbuf, $inf s with"
