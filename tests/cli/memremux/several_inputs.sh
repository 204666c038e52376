# Shows: several -i inputs are muxed together as ffmpeg -c copy does (-map across inputs, every stream of every input
# without -map, -ss/-t/-f before each -i for that input, the output's -t), with ffmpeg's packets, from files, stdin
# and a FIFO; two stdins, a missing input or a map past the inputs are one line naming the problem.
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
V=$FX/mp4_front.mp4   # H.264 + AAC
A=$FX/audio.flac
n=0
# same ARGS... : memremux and ffmpeg -c copy with the same inputs, maps and cuts, into Matroska and NUT files.
same() {
  local fmt
  for fmt in matroska nut; do
    memremux "$@" -f "$fmt" -y "$T/ours.$fmt" 2> "$T/err" || { cat "$T/err" >&2; fail "memremux $*: exit $?"; }
    ffmpeg -nostdin -v error "$@" -c copy -f "$fmt" -y "$T/ref.$fmt"
    same_packets "$T/ours.$fmt" "$T/ref.$fmt"
  done
  n=$((n + 1))
}
same -i "$V" -i "$A" -map 0:v -map 1:a
same -i "$A" -i "$V" -map 1:v -map 0:a
same -i "$FX/mkv_multi.mkv" -i "$A" -map 0 -map -0:s -map 1
same -ss 1 -i "$V" -i "$A" -map 0:v -map 1:a
same -i "$V" -ss 0.5 -t 1 -i "$A" -map 0:v -map 1:a
same -i "$V" -i "$A" -map 0:v -map 1:a -t 1.5
same -f flac -i "$A" -i "$V" -map 1:v:0 -map 0:a -map 1:a?
# MP4 to a file: the index written at the end, as ffmpeg's.
memremux -i "$V" -i "$FX/mkv_multi.mkv" -map 0:v -map 1:a:0 -f mov "$T/ours.mov"
ffmpeg -nostdin -v error -i "$V" -i "$FX/mkv_multi.mkv" -map 0:v -map 1:a:0 -c copy -f mov -y "$T/ref.mov"
same_packets "$T/ours.mov" "$T/ref.mov"
ok "$n command lines with two inputs, and MOV: ffmpeg's packets"
# Without -map, every stream of every input (memremux keeps what the container can hold), as -map 0 -map 1.
memremux -i "$FX/mkv_multi.mkv" -i "$A" -f matroska "$T/all.mkv"
ffmpeg -nostdin -v error -i "$FX/mkv_multi.mkv" -i "$A" -map 0 -map 1 -c copy -f matroska -y "$T/allref.mkv"
same_packets "$T/all.mkv" "$T/allref.mkv"
ok "no -map: every stream of every input"
# stdin and a FIFO together, read as the muxer needs them.
mkfifo "$T/a.fifo"
cat "$A" > "$T/a.fifo" &
cat "$V" | memremux -i - -i "$T/a.fifo" -map 0:v -map 1:a -f matroska | cat > "$T/pipes.mkv"
wait
ffmpeg -nostdin -v error -i "$V" -i "$A" -map 0:v -map 1:a -c copy -f matroska -y "$T/piperef.mkv"
same_packets "$T/pipes.mkv" "$T/piperef.mkv"
ok "stdin and a FIFO: the packets of the files"
# Bad: stdin twice, an input that is not there, a map naming input 2, a damaged second input.
expect_status 2 memremux -i - -i pipe:0 -f nut - < "$V"
expect_stderr "^memremux: error: usage: stdin can be read only once \(-i - given 2 times\) \(see --help\)$"
expect_status 1 memremux -i "$V" -i "$T/nonexistent.flac" -f nut "$T/x.nut"
expect_stderr "^memremux: error: opening input .*nonexistent.flac: No such file or directory$"
expect_status 2 memremux -i "$V" -i "$A" -map 2:a -f nut "$T/x.nut"
expect_stderr "^memremux: error: selecting streams: map '2:a' names input 2, but there are 2 inputs$"
[ ! -e "$T/x.nut" ] || fail "a failed run left an output"
expect_status 1 memremux -i "$V" -i "$FX/truncated.mkv" -map 0:v -map 1:v -f matroska "$T/cut.mkv"
expect_stderr "^memremux: error: .*truncated.mkv: reading input: the input is truncated: .*; the output holds what could be copied$"
[ -s "$T/cut.mkv" ] || fail "a damaged second input: nothing written"
ok "bad inputs: one line naming the input, status 2 (usage) or 1"
