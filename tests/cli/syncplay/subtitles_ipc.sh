# Subtitle tracks through mpv's IPC on a headless player: -sst picks the second stream, sid reads it, `cycle sub`
# goes to none after the last and then to the first, set_property sid switches and "no" hides; each switch shows in
# the sync report (the old track's text hidden, the new one's shown). A --sub-file is an external track, shown.
# ctest: RUN_SERIAL (real time: a player runs while the client asks)
source "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH="$MT_SOURCE/tests/cli/syncplay" PYTHONDONTWRITEBYTECODE=1

printf '1\n00:00:00,200 --> 00:00:30,000\nONE\n\n' >"$T/one.srt"
printf '1\n00:00:00,200 --> 00:00:30,000\nTWO\n\n' >"$T/two.srt"
ffmpeg -v error -y -f lavfi -i color=c=black:s=160x120:r=25:d=30 -i "$T/one.srt" -i "$T/two.srt" \
  -map 0 -map 1 -map 2 -c:v mpeg4 -c:s srt "$T/two_tracks.mkv" || fail "making the clip"

cat >"$T/drive.py" <<'PY'
import sys, time
from player_ipc import BOUND, Player

out, mode, args = sys.argv[1], sys.argv[2], sys.argv[3:]
p = Player(out, args)

def expect(want):  # the report's subtitle lines, as "TEXT shown|hidden", come to be want
    end = time.monotonic() + BOUND
    while ["%s %s" % (l["text"], l["subtitle"]) for l in p.subtitles()] != want:
        if time.monotonic() > end:
            p.fail(f"report {p.subtitles()}, expected {want}")
        time.sleep(0.02)

def sub_tracks():
    return [t for t in p.ask("get_property", "track-list") if t["type"] == "sub"]

if mode == "switch":
    expect(["TWO shown"])
    if p.ask("get_property", "sid") != 2:
        p.fail("sid is not 2 with -sst s:1")
    if [t["selected"] for t in sub_tracks()] != [False, True]:
        p.fail(f"track-list: {sub_tracks()}")
    p.ask("cycle", "sub")
    expect(["TWO shown", "TWO hidden"])
    if p.ask("get_property", "sid") is not False:
        p.fail("sid after the last is not false")
    p.ask("cycle", "sub")
    expect(["TWO shown", "TWO hidden", "ONE shown"])
    p.ask("set_property", "sid", 2)
    expect(["TWO shown", "TWO hidden", "ONE shown", "ONE hidden", "TWO shown"])
    p.ask("set_property", "sid", "no")
    expect(["TWO shown", "TWO hidden", "ONE shown", "ONE hidden", "TWO shown", "TWO hidden"])
    p.ask("set_property", "sid", 3, error="error accessing property")
    p.ask("cycle", "audio", error="error running command")
else:
    expect(["FILE shown"])
    subs = sub_tracks()
    if len(subs) != 3 or not subs[2]["external"] or not subs[2]["selected"] or \
            not subs[2]["external-filename"].endswith("file.srt") or p.ask("get_property", "sid") != 3:
        p.fail(f"track-list: {subs}")
p.quit()
PY

mkdir -p "$T/switch" "$T/file"
python3 "$T/drive.py" "$T/switch" switch -sst s:1 "$T/two_tracks.mkv" >"$T/switch/log" 2>&1 \
  || fail "switching: $(grep -m1 FAIL "$T/switch/log" || tail -3 "$T/switch/log")"
ok "-sst s:1 shows track 2; cycle sub: none after the last, then the first; sid set and 'no'"
printf '1\n00:00:00,200 --> 00:00:30,000\nFILE\n\n' >"$T/file.srt"
python3 "$T/drive.py" "$T/file" file --sub-file "$T/file.srt" "$T/two_tracks.mkv" >"$T/file/log" 2>&1 \
  || fail "--sub-file: $(grep -m1 FAIL "$T/file/log" || tail -3 "$T/file/log")"
ok "--sub-file: an external track after the input's, the one shown"
