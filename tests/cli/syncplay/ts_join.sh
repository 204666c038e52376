# Shows: two MPEG-TS streams joined (`cat a.ts b.ts`: at the join the timestamps jump back a second and the video
# changes size) play as one timeline, from a pipe and from a redirected file: every frame shown, none dropped or
# repeated, A/V in sync (ffplay's rules alone would show the second part's frames as a second late: a burst of
# catching up, drops, repeats and a second of A/V offset). The broken join itself is reported (status 1).
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ff() { ffmpeg -nostdin -v error -y "$@"; }
ff -f lavfi -i testsrc=size=320x240:rate=25:duration=1 -f lavfi -i sine=f=440:sample_rate=44100:duration=1 -ac 2 \
  -c:v mpeg2video -c:a mp2 "$T/a.ts"
ff -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 -f lavfi -i sine=f=880:sample_rate=44100:duration=1 -ac 2 \
  -c:v mpeg2video -c:a mp2 "$T/b.ts"
cat "$T/a.ts" "$T/b.ts" > "$T/ab.ts"
# (awk, not head: head leaving early would make ffprobe die of SIGPIPE, and pipefail end the test silently.)
frames=$(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$T/ab.ts" | awk 'NR == 1' | tr -dc 0-9)

check() {
  local how=$1 st=$2
  [ "$st" -eq 1 ] || fail "$how: exit $st, expected 1 (the join is damaged): $(cat "$T/err")"
  grep -q '^syncplay: error: reading input: the input is damaged' "$T/err" || fail "$how: $(cat "$T/err")"
  local s; s=$(tail -1 "$T/r.jsonl")
  # (A few repeats are a loaded machine's, a frame decoded late under the sanitizers; the join's burst would be a
  # second's worth, 25.)
  echo "$s" | jq -e --argjson n "$frames" '.summary.sync == "audio" and .summary.shown >= $n - 1 and
    .summary.dropped == 0 and .summary.repeated <= 3 and .summary.av_diff_p95 <= 0.060' > /dev/null ||
    fail "$how: $s ($frames frames in the input)"
  jq -s -e 'map(select(.action == "shown") | .pts) | . as $p | all(range(1; length); $p[.] > $p[. - 1])' "$T/r.jsonl" \
    > /dev/null || fail "$how: shown times go back"
  ok "$how: $s"
}
from_pipe() { cat "$T/ab.ts" | syncplay --autoexit --sync-report "$T/r.jsonl" 2> "$T/err"; }
from_file() { syncplay --autoexit --sync-report "$T/r.jsonl" < "$T/ab.ts" 2> "$T/err"; }
st=0
fed_run "$T/r.jsonl" from_pipe || st=$?
check "pipe" "$st"
st=0
fed_run "$T/r.jsonl" from_file || st=$?
check "redirected file" "$st"
