# Shows: -bsf[:STREAM] (and -vbsf/-absf) passes the matching streams' packets through FFmpeg's bitstream filters and
# chains, with the packets and stream parameters ffmpeg writes for the same command line, through pipes; a filter
# that does not exist or does not take the stream's codec is one usage line (status 2) and no output file.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# The stream parameters a filter changes (extradata, the codec's profile and level stay as ffmpeg leaves them).
params() { ffprobe -v error -show_entries stream=index,codec_name,extradata_size,profile,level -of csv=p=0 "$1"; }
cases=(
  "mp4_front.mp4|-bsf:v h264_mp4toannexb|nut"
  "mp4_front.mp4|-vbsf h264_mp4toannexb|matroska"
  "mp4_front.mp4|-bsf:v h264_metadata=aud=insert|matroska"
  "mp4_front.mp4|-bsf:v h264_mp4toannexb,dump_extra|nut"
  "mp4_front.mp4|-bsf:v null -bsf:a:0 null|mp4"
  "mkv_multi.mkv|-bsf:v h264_mp4toannexb -bsf:v:0 h264_metadata=sample_aspect_ratio=4/3|matroska"
  "mkv_multi.mkv|-bsf:a:1 opus_metadata=gain=512|nut"
)
n=0
for c in "${cases[@]}"; do
  IFS='|' read -r in args fmt <<< "$c"
  read -r -a a <<< "$args"
  maps=(-map 0); [ "$fmt" = matroska ] || maps=(-map 0 -map -0:s?)
  # Through pipes, but MP4 to a file (to a pipe it is fragmented, where ffmpeg's file is not).
  if [ "$fmt" = mp4 ]; then
    cat "$FX/$in" | memremux "${maps[@]}" "${a[@]}" -f "$fmt" -o "$T/got" 2> "$T/err" || st=$?
  else
    cat "$FX/$in" | memremux "${maps[@]}" "${a[@]}" -f "$fmt" 2> "$T/err" | cat > "$T/got" || st=$?
  fi
  [ "${st:-0}" -eq 0 ] || { cat "$T/err" >&2; fail "$in $args -> $fmt: memremux failed"; }
  ! grep -v '^memremux: warning: ' "$T/err" | grep -q . || { cat "$T/err" >&2; fail "$in $args: more than warnings"; }
  cat "$FX/$in" | ffmpeg -nostdin -v error -i pipe:0 "${maps[@]}" -c copy "${a[@]}" -f "$fmt" -y "$T/ref"
  same_packets "$T/got" "$T/ref"
  [ "$(params "$T/got")" = "$(params "$T/ref")" ] || fail "$in $args -> $fmt: stream parameters differ from ffmpeg's"
  n=$((n + 1))
done
ok "$n command lines: ffmpeg's packets and parameters"
# The filter really ran: Annex B start codes in the video's first packet, and none without the filter.
first_video_packet() { ffprobe -v error -select_streams v -show_packets -show_data -read_intervals '%+#1' "$1"; }
cat "$FX/mp4_front.mp4" | memremux -bsf:v h264_mp4toannexb -f nut > "$T/annexb.nut"
first_video_packet "$T/annexb.nut" > "$T/annexb.txt"
grep -q '^00000000: 0000 0001' "$T/annexb.txt" || fail "-bsf:v h264_mp4toannexb: no start code in the first packet"
cat "$FX/mp4_front.mp4" | memremux -f nut > "$T/plain.nut"
first_video_packet "$T/plain.nut" > "$T/plain.txt"
grep -q '^00000000: ' "$T/plain.txt" && ! grep -q '^00000000: 0000 0001' "$T/plain.txt" ||
  fail "a start code without the filter (or no packet): the check above proves nothing"
ok "h264_mp4toannexb writes Annex B"

bad() {  # bad REGEX ARGS...: status 2, one line, no output file
  local re=$1; shift
  rm -f "$T/bad.mkv"
  expect_status 2 memremux -i "$FX/mp4_front.mp4" "$@" "$T/bad.mkv"
  expect_stderr "$re"
  [ "$(wc -l < "$T/err")" -eq 1 ] || fail "$*: more than one line: $(cat "$T/err")"
  ! ls "$T" | grep -q '^bad\.mkv' || fail "$*: an output file was left"
}
bad "^memremux: error: usage: -bsf:v: 'nosuch': Bitstream filter not found \(see --help\)$" -bsf:v nosuch
bad "^memremux: error: -bsf:a: 'h264_mp4toannexb' cannot filter output stream 1 \(aac\): .*not supported" -bsf:a h264_mp4toannexb
bad "^memremux: error: -bsf: 'h264_mp4toannexb' cannot filter output stream 1 \(aac\)" -bsf h264_mp4toannexb
bad "^memremux: error: -bsf:x: invalid stream specifier 'x'" -bsf:x null
bad "^memremux: error: usage: -bsf:v: no filter named" -bsf:v ""
ok "bad filters: one line, status 2, no output"
