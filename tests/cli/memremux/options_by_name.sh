# Shows: FFmpeg's container options by name go where ffmpeg sends them: before -i to the demuxer (-f, -probesize,
# -fflags, -ignore_editlist), after it to the muxer (-write_crc32 0, -fflags +bitexact); the output equals ffmpeg's
# byte for byte where it can (bitexact), an option the chosen (de)muxer does not take is one line, status 2.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# Muxer options: with +bitexact Matroska carries no random UID, so the whole file can equal ffmpeg's (both writing a
# file that seeks: memremux's stdout is one here).
for opts in "-fflags +bitexact" "-fflags +bitexact -write_crc32 0" "-fflags +bitexact -cluster_size_limit 20000"; do
  # shellcheck disable=SC2086
  memremux -i "$FX/mkv_multi.mkv" $opts -f matroska - > "$T/ours.mkv"
  # shellcheck disable=SC2086
  ffmpeg -nostdin -v error -i "$FX/mkv_multi.mkv" -map 0 -c copy $opts -f matroska -y "$T/ref.mkv"
  cmp -s "$T/ours.mkv" "$T/ref.mkv" || fail "memremux $opts: not ffmpeg's bytes"
done
# Pipes both ways: ffmpeg's pipe output (no seeking) byte for byte.
cat "$FX/mkv_multi.mkv" | memremux -fflags +bitexact -write_crc32 0 -f matroska | cat > "$T/pipe.mkv"
ffmpeg -nostdin -v error -i "$FX/mkv_multi.mkv" -map 0 -c copy -fflags +bitexact -write_crc32 0 -f matroska - | cat > "$T/piperef.mkv"
cmp -s "$T/pipe.mkv" "$T/piperef.mkv" || fail "through pipes: not ffmpeg's bytes"
ok "muxer options by name after -i: ffmpeg's bytes"
# Demuxer options before -i: the same packets as ffmpeg with the same options.
for opts in "-f matroska" "-fflags +genpts" "-probesize 100000 -analyzeduration 500000"; do
  # shellcheck disable=SC2086
  memremux $opts -i "$FX/mkv_multi.mkv" -f matroska "$T/in.mkv"
  # shellcheck disable=SC2086
  ffmpeg -nostdin -v error $opts -i "$FX/mkv_multi.mkv" -map 0 -c copy -f matroska -y "$T/inref.mkv"
  same_packets "$T/in.mkv" "$T/inref.mkv"
done
memremux -ignore_editlist 1 -i "$FX/mp4_front.mp4" -f nut "$T/ie.nut"
ffmpeg -nostdin -v error -ignore_editlist 1 -i "$FX/mp4_front.mp4" -map 0 -c copy -f nut -y "$T/ieref.nut"
same_packets "$T/ie.nut" "$T/ieref.nut"
ok "demuxer options by name before -i: ffmpeg's packets"
# Refused: an option of another demuxer or muxer (ffmpeg: "Option scan_all_pmts not found."), of neither, and -f
# before -i naming no demuxer.
expect_status 2 memremux -scan_all_pmts 1 -i "$FX/mkv_multi.mkv" -f nut "$T/x.nut"
expect_stderr "^memremux: error: opening input: unknown demuxer option 'scan_all_pmts'$"
expect_status 2 memremux -i "$FX/mkv_multi.mkv" -map 0:v -write_crc32 0 -f nut "$T/x.nut"
expect_stderr "^memremux: error: writing header: unknown muxer option 'write_crc32'$"
expect_status 2 memremux -i "$FX/mkv_multi.mkv" -nosuch_option 1 -f nut "$T/x.nut"
expect_stderr "^memremux: error: usage: unknown option '-nosuch_option' \(see --help\)$"
expect_status 2 memremux -write_crc32 0 -i "$FX/mkv_multi.mkv" -f matroska "$T/x.mkv"
expect_stderr "^memremux: error: usage: unknown option '-write_crc32'"
expect_status 2 memremux -f nosuchformat -i "$FX/mkv_multi.mkv" -f nut "$T/x.nut"
expect_stderr "^memremux: error: usage: -f nosuchformat \(input\): unknown input format \(see --help\)$"
[ ! -e "$T/x.nut" ] && [ ! -e "$T/x.mkv" ] || fail "a refused run left an output"
ok "options no (de)muxer takes: one line, status 2, no output"
