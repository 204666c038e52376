# Headless (SDL's dummy drivers): the sync report names each subtitle shown and hidden at its media times by the
# master clock, at --speed 2 and through IPC seeks (forward past one, back before one), for the input's own subtitles
# and for a --sub-file (whose events a seek back into the middle of one shows again); the player's clock shows the
# media times passing twice as fast. Judged by the report's own clocks only.
# ctest: RUN_SERIAL (real time, judged by the player's clocks)
source "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH="$MT_SOURCE/tests/cli/syncplay" PYTHONDONTWRITEBYTECODE=1

printf '1\n00:00:01,000 --> 00:00:03,000\nONE\n\n2\n00:00:06,000 --> 00:00:08,000\nTWO\n\n' >"$T/subs.srt"
ffmpeg -v error -y -f lavfi -i color=c=black:s=160x120:r=25:d=10 -f lavfi -i sine=d=10 -c:v mpeg4 -g 25 -c:a aac \
  "$T/plain.mkv" || fail "making the clip"
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/subs.srt" -map 0 -map 1 -c:v copy -c:a copy -c:s srt "$T/srt.mkv" \
  || fail "muxing the SRT"

# The driver: waits for report lines and seeks through the socket. STEPS: "wait TEXT shown|hidden", "seek SECONDS".
cat >"$T/drive.py" <<'PY'
import sys, time
from player_ipc import BOUND, Player

out, steps, args = sys.argv[1], sys.argv[2].split(";"), sys.argv[3:]
p = Player(out, args)
seen = 0
for step in steps:
    word = step.split()
    if word[0] == "seek":
        p.seek(float(word[1]))
        continue
    end = time.monotonic() + BOUND
    while True:
        lines = p.subtitles()
        hit = [l for l in lines[seen:] if l["text"] == word[1] and l["subtitle"] == word[2]]
        if hit:
            seen = lines.index(hit[0]) + 1
            break
        if time.monotonic() > end:
            p.fail(f"no '{step}' in the report: {lines}")
        time.sleep(0.02)
p.quit()
PY

# judge REPORT EXPECTED: the subtitle lines, in order, are EXPECTED ("TEXT shown|hidden" per line); each shown at or
# after its start and each hidden at or after its end, by the master clock, and at most LATE media seconds after
# (room for a loaded machine and a sanitizer build: the display loop wakes at least every 10 ms); between a shown and
# its hidden, the player's clock (shown_at) ran about half the media time (--speed 2).
LATE=0.3
judge() {
  local got
  got=$(jq -r 'select(.subtitle) | "\(.text) \(.subtitle)"' "$1" | paste -sd';')
  [ "$got" = "$2" ] || fail "$3: subtitle lines '$got', expected '$2'"
  jq -e -s --argjson late "$LATE" '
    [.[] | select(.subtitle)] as $s
    | all($s[]; if .subtitle == "shown" then (.master >= .start and .master <= .start + $late)
                else (.master >= .end and .master <= .end + $late) end)' "$1" >/dev/null \
    || fail "$3: a subtitle off its time: $(jq -c 'select(.subtitle)' "$1")"
  jq -e -s '
    [.[] | select(.subtitle)] as $s
    | all(range(0; $s | length; 2); ($s[.+1].master - $s[.].master) / ($s[.+1].shown_at - $s[.].shown_at) | (. > 1.6 and . < 2.5))' \
    "$1" >/dev/null || fail "$3: media time did not run at twice the player's clock: $(jq -c 'select(.subtitle)' "$1")"
}

mkdir -p "$T/in" "$T/file"
python3 "$T/drive.py" "$T/in" "wait ONE shown;wait ONE hidden;seek 4.5;wait TWO shown;wait TWO hidden;seek 0.2;wait ONE shown;wait ONE hidden" \
  --speed 2 "$T/srt.mkv" >"$T/in/log" 2>&1 || fail "the input's subtitles: $(grep -m1 FAIL "$T/in/log" || tail -3 "$T/in/log")"
judge "$T/in/r.jsonl" "ONE shown;ONE hidden;TWO shown;TWO hidden;ONE shown;ONE hidden" "the input's subtitles"
ok "the input's SRT at --speed 2: shown and hidden at their media times, after a seek forward and one back"

# A --sub-file keeps its events: a seek into the middle of one shows it at once, with the first picture there (an
# exact seek may start a frame before its target), and hides it at its end.
python3 "$T/drive.py" "$T/file" "wait ONE shown;wait ONE hidden;seek 6.8;wait TWO shown;wait TWO hidden" \
  --speed 2 --sub-file "$T/subs.srt" "$T/plain.mkv" >"$T/file/log" 2>&1 \
  || fail "--sub-file: $(grep -m1 FAIL "$T/file/log" || tail -3 "$T/file/log")"
got=$(jq -r 'select(.subtitle) | "\(.text) \(.subtitle)"' "$T/file/r.jsonl" | paste -sd';')
[ "$got" = "ONE shown;ONE hidden;TWO shown;TWO hidden" ] || fail "--sub-file: subtitle lines '$got'"
jq -e -s --argjson late "$LATE" '[.[] | select(.subtitle)] as $s
  | $s[0].master >= 1 and $s[0].master <= 1 + $late and $s[1].master >= 3 and $s[1].master <= 3 + $late
    and $s[2].master >= 6 and $s[2].master <= 6.8 + $late and $s[3].master >= 8 and $s[3].master <= 8 + $late' \
  "$T/file/r.jsonl" >/dev/null || fail "--sub-file: off its times: $(jq -c 'select(.subtitle)' "$T/file/r.jsonl")"
ok "--sub-file at --speed 2: shown and hidden at its times, and shown at once after a seek into the middle of one"
