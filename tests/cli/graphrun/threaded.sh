# Shows: the threaded pipeline (the default: each input read and decoded in a thread of its own, the output encoded and
# muxed in another) writes exactly the bytes of the serial one (--threads-mode serial) for graphs of every kind: two
# inputs at different rates, early ends, several outputs, encoders, -r, MPEG-TS; --stats and --trace give each
# thread's busy and waiting time; an input stalled on a pipe does not keep a finished run from ending.
# ctest: LABELS long (a minute or more under ASan, and the longest graphrun test under TSan after the damage loops:
# started early, so that no pass ends with it alone; ci76's TSan pass did, 103 s where 84 s would do)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
n=0
# both NAME ARGS...: serial and threaded runs of graphrun ARGS -y OUT must write the same bytes.
both() {
  local name=$1
  shift
  graphrun --threads-mode serial "$@" -y "$T/$name.serial" 2> "$T/err" || fail "$name (serial): $(cat "$T/err")"
  graphrun "$@" -y "$T/$name.threaded" 2> "$T/err" || fail "$name (threaded): $(cat "$T/err")"
  cmp -s "$T/$name.serial" "$T/$name.threaded" || fail "$name: the threaded output differs from the serial one"
  [ -s "$T/$name.serial" ] || fail "$name: empty output"
  n=$((n + 1))
}
both overlay -i "$MAIN" -i "$SIDE" -filter_complex "[0:v][1:v]overlay=10:10[v];[0:a][1:a]amix[a]" -map "[v]" -map "[a]" -f nut
both trim -i "$MAIN" -filter_complex "[0:v]trim=0.5:1.2,setpts=PTS-STARTPTS[v]" -map "[v]" -f nut
both split -i "$MAIN" -filter_complex "[0:v]split[a][b];[a]scale=32:24[s];[b]hflip[h]" -map "[s]" -map "[h]" -f nut
both vf_audio -i "$MAIN" -vf "scale=80:60" -f nut
both encoded -i "$MAIN" -i "$SIDE" -filter_complex "[0:v][1:v]overlay[v]" -map "[v]" -map 1:a -c:v mpeg4 -c:a flac \
  -fflags +bitexact -f matroska
both rate -i "$MAIN" -vf "fps=24" -r 30 -an -f nut
both ts -i "$FX/ts_single.ts" -vf "scale=64:48" -f nut
both concat -i "$MAIN" -i "$MAIN" -filter_complex "[0:v][0:a][1:v][1:a]concat=n=2:v=1:a=1[v][a]" -map "[v]" -map "[a]" -f nut
for mode in serial threaded; do  # stdin, a pipe
  cat "$MAIN" | graphrun --threads-mode $mode -i - -i "$SIDE" -filter_complex "[1:v]scale=160:120[s];[0:v][s]overlay[v]" \
    -map "[v]" -f nut > "$T/stdin.$mode"
done
cmp -s "$T/stdin.serial" "$T/stdin.threaded" || fail "stdin: the threaded output differs from the serial one"
ok "$n graphs: threaded bytes equal serial bytes"

# Per-thread time, in --stats and --trace.
graphrun -i "$MAIN" -i "$SIDE" -filter_complex "[0:v][1:v]overlay[v]" -map "[v]" -f nut --stats --trace "$T/trace.jsonl" \
  -y "$T/s.nut" 2> "$T/stats"
for t in "input 0" "input 1" graph output; do
  grep -Eq "^graphrun: stats: thread $t: busy [0-9.]+ s, waiting [0-9.]+ s" "$T/stats" || fail "--stats: no thread $t: $(cat "$T/stats")"
done
[ "$(jq -s '[.[] | select(.event == "thread")] | length' "$T/trace.jsonl")" = 4 ] || fail "--trace: not 4 thread events"
jq -e 'select(.event == "thread") | (.busy >= 0 and .waiting >= 0 and (.thread | type) == "string")' "$T/trace.jsonl" > /dev/null ||
  fail "--trace: thread events: $(grep thread "$T/trace.jsonl")"
graphrun --threads-mode serial -i "$MAIN" -vf null -f nut --stats -y "$T/s.nut" 2> "$T/stats"
! grep -q "stats: thread" "$T/stats" || fail "--threads-mode serial reports threads"
ok "--stats and --trace: each thread's busy and waiting time"

# The graph ends (trim, atrim) while input 1 is a pipe that stalls after 12 of its 20 s: the run ends at once (its
# thread's read is cancelled), as the serial run, which never reads it again; the outputs are the same.
ffq -f lavfi -i testsrc=size=64x48:rate=10:duration=20 -f lavfi -i sine=duration=20:sample_rate=8000 -c:v mpeg4 \
  -c:a pcm_s16le "$T/long.nut"
size=$(stat -c %s "$T/long.nut")
for mode in serial threaded; do
  rm -f "$T/stall"
  mkfifo "$T/stall"
  ( head -c $((size * 6 / 10)) "$T/long.nut"; exec sleep 30 ) > "$T/stall" &
  feeder=$!
  start=$(now_ms)
  st=0
  timeout 20 graphrun --threads-mode $mode -i "$MAIN" -i "$T/stall" -filter_complex "[0:v]trim=end=0.5[v];[1:a]atrim=end=0.2[a]" \
    -map "[v]" -map "[a]" -f nut -y "$T/stall.$mode" 2> "$T/err" || st=$?
  took=$(($(now_ms) - start))
  kill "$feeder" 2> /dev/null || true
  wait "$feeder" 2> /dev/null || true
  [ "$st" = 0 ] && [ "$took" -lt 10000 ] || fail "$mode: a stalled input kept a finished run from ending (exit $st, ${took} ms): $(cat "$T/err")"
done
cmp -s "$T/stall.serial" "$T/stall.threaded" || fail "stalled input: the threaded output differs from the serial one"
ok "a stalled input does not hold up a finished run"
expect_status 2 graphrun --threads-mode fast -i "$MAIN" -vf null -f nut
expect_stderr "^graphrun: error: usage: --threads-mode: threaded or serial, not 'fast'"

# Decoder threads: threaded, a picture below 1280x720 is decoded by one thread (FFmpeg's frame threads would only
# crowd the pipeline's cores); from 1280x720 on, FFmpeg picks, as ffmpeg lets it, unless the decoder can change at
# a key frame (MPEG-4 Part 2 without B-frames): that one starts on one thread and takes FFmpeg's frame threads at
# the first key frame after the graph has waited on it. In a serial run FFmpeg picks.
ffq -f lavfi -i testsrc2=s=1280x720:r=5:d=1 -c:v libx264 -preset ultrafast "$T/hd264.nut"
ffq -f lavfi -i testsrc2=s=160x120:r=5:d=1 -c:v libx264 -preset ultrafast "$T/small264.nut"
decoders() {  # decoders ARGS...: the --stats lines on decoder threads
  graphrun "$@" -f nut --stats -y "$T/d.nut" 2>&1 >/dev/null | grep "decoder thread" || true
}
small=$(decoders -i "$T/small264.nut" -vf null -an)
[ "$small" = "graphrun: stats: input 0 stream 0 (h264): 1 decoder thread" ] || fail "small picture, threaded: $small"
cores=$(nproc)
if [ "$cores" -gt 1 ]; then
  hd=$(decoders -i "$T/hd264.nut" -vf null)
  [[ $hd == *"(h264): "[2-9]*" decoder threads (frames)" ]] || fail "1280x720 H.264, threaded: $hd"
  serial=$(decoders --threads-mode serial -i "$MAIN" -vf null -an)
  [[ $serial == *"(mpeg4): "[2-9]*" decoder threads (frames)" ]] || fail "small picture, serial: $serial"
fi
ok "decoder threads: 1 for a small picture when threaded; FFmpeg's choice at 1280x720 and in serial runs"

# A decoder that switches: 4 s of 720p noise in MPEG-4 at q 3 (70 MB) decode more slowly than a null graph passes
# them on, so the graph waits and the decoder takes FFmpeg's frame threads at a key frame (every 12 pictures); the
# graph is still fed read by read as in the serial run, and the frames are ffmpeg's. (-threads 1 before the -i: one
# thread, no switch.)
ffq -f lavfi -i "testsrc2=s=1280x720:r=25:d=4,noise=alls=30:allf=t" -f lavfi -i sine=d=4:sample_rate=48000 \
  -c:v mpeg4 -q:v 3 -c:a pcm_s16le "$T/noisy.nut"
if [ "$cores" -gt 1 ]; then
  switched=$(decoders -i "$T/noisy.nut" -vf null -an)
  [[ $switched == *"(mpeg4): "[2-9]*" decoder threads (frames), from packet "[1-9]*" on (one before it: the graph waited on this input)" ]] ||
    fail "a decode-bound MPEG-4 stream did not take frame threads: $switched"
fi
pinned=$(decoders -threads 1 -i "$T/noisy.nut" -vf null -an)
[ "$pinned" = "graphrun: stats: input 0 stream 0 (mpeg4): 1 decoder thread" ] || fail "-threads 1: $pinned"
ok "a decode-bound MPEG-4 stream takes FFmpeg's frame threads at a key frame; -threads 1 keeps one"

# The graph is given what the serial run gives it, read by read (--trace: the same reads, frames in and out, in
# the same order), though the threaded run decodes with one thread where the serial one has FFmpeg's frame threads,
# which give each picture a few packets late, and merges audio packets into one hand-off. A graph whose result
# depends on that order shows it: amix drops what it holds of input 0 when input 0 ends before input 1 does (the
# overlay waits on input 1's 1 fps pictures, which keeps its audio behind).
events() { jq -c 'select(.event != "thread") | del(.t)' "$1"; }
same_reads() {  # same_reads NAME ARGS...: serial and threaded runs, framemd5 and --trace events
  local name=$1 mode
  shift
  for mode in serial threaded; do
    graphrun --threads-mode $mode --trace "$T/$name.$mode.trace" "$@" -f framemd5 -y "$T/$name.$mode.md5" 2> "$T/err" ||
      fail "$name ($mode): $(cat "$T/err")"
    events "$T/$name.$mode.trace" > "$T/$name.$mode.events"
  done
  cmp -s "$T/$name.serial.md5" "$T/$name.threaded.md5" || fail "$name: the threaded frames differ from the serial ones"
  cmp -s "$T/$name.serial.events" "$T/$name.threaded.events" ||
    { diff "$T/$name.serial.events" "$T/$name.threaded.events" | head -6 >&2; fail "$name: the graph was fed otherwise"; }
  [ -s "$T/$name.serial.events" ] || fail "$name: no trace"
}
ffq -f lavfi -i testsrc2=s=160x120:r=25:d=4 -f lavfi -i sine=d=4:sample_rate=48000 -c:v libx264 -preset veryfast \
  -bf 2 -c:a aac "$T/h264.nut"
same_reads amix -i "$T/h264.nut" -i "$SIDE" -filter_complex "[0:v][1:v]overlay=5:5[v];[0:a][1:a]amix[a]" -map "[v]" \
  -map "[a]"
same_reads switched -i "$T/noisy.nut" -i "$SIDE" -filter_complex "[0:v][1:v]overlay=5:5[v];[0:a][1:a]amix[a]" \
  -map "[v]" -map "[a]"
if [ "$cores" -gt 1 ]; then  # the decoder did switch in that graph too
  switched=$(decoders -i "$T/noisy.nut" -i "$SIDE" -filter_complex "[0:v][1:v]overlay=5:5[v];[0:a][1:a]amix[a]" \
    -map "[v]" -map "[a]" | head -1)
  [[ $switched == *"(mpeg4): "[2-9]*" decoder threads (frames), from packet "[1-9]*" on "* ]] ||
    fail "switched: the overlay's MPEG-4 decoder did not switch: $switched"
fi
ffq -i "$T/noisy.nut" -i "$SIDE" -filter_complex "[0:v][1:v]overlay=5:5[v];[0:a][1:a]amix[a]" -map "[v]" -map "[a]" \
  -f framemd5 "$T/switched.ref"
cmp -s <(grep -v '^#' "$T/switched.ref") <(grep -v '^#' "$T/switched.threaded.md5") || fail "switched: not ffmpeg's frames"
same_reads bframes -i "$T/h264.nut" -i "$MAIN" -filter_complex "[0:v][1:v]overlay=eof_action=endall[v];[1:a]anull[a]" \
  -map "[v]" -map "[a]"
ffq -i "$T/h264.nut" -i "$MAIN" -filter_complex "[0:v][1:v]overlay=eof_action=endall[v];[1:a]anull[a]" -map "[v]" \
  -map "[a]" -f framemd5 "$T/bframes.ref"
cmp -s <(grep -v '^#' "$T/bframes.ref") <(grep -v '^#' "$T/bframes.threaded.md5") || fail "bframes: not ffmpeg's frames"
ok "the graph is fed read by read as in the serial run (frame threads' lateness kept; merged audio taken apart)"

# Graph slice threads (-filter_threads 0): threaded, what the pipeline's graph and output threads leave of the cores
# (at least 1), and 1 for a graph without video (audio filters hand every small frame out by channel); serial,
# FFmpeg's one per core as ffmpeg 5.1; -filter_threads N as given.
slices() { graphrun "$@" -f nut --stats -y "$T/d.nut" 2>&1 >/dev/null | sed -n 's/^graphrun: stats: graph: \([0-9]*\) slice threads*$/\1/p'; }
want_video=$((cores > 3 ? cores - 2 : 1))
[ "$(slices -i "$MAIN" -vf hflip -an)" = "$want_video" ] || fail "video graph, threaded: $(slices -i "$MAIN" -vf hflip -an) slice threads ($want_video wanted on $cores cores)"
[ "$(slices -i "$MAIN" -af volume=0.5 -vn)" = 1 ] || fail "audio graph, threaded: not 1 slice thread"
[ "$(slices -i "$MAIN" -af volume=0.5 -vn -filter_threads 2)" = 2 ] || fail "-filter_threads 2 not honoured"
if [ "$cores" -gt 1 ]; then
  [ "$(slices --threads-mode serial -i "$MAIN" -af volume=0.5 -vn)" -gt 1 ] || fail "serial: FFmpeg's slice threads expected"
fi
ok "graph slice threads: $want_video for video and 1 for audio when threaded, FFmpeg's choice when serial"
