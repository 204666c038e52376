# Shows: -stream_loop N before an -i reads that input N more times (-1: forever), each pass's timestamps after the
# last's as ffmpeg 5.1 measures them (the span of each stream's timestamps plus its last frame; the last decoded audio
# frame when there is audio): the frames are ffmpeg's, byte for byte with their timestamps (framemd5), for video with
# audio, B-frames with a variable frame rate, MPEG-TS, a loop without end cut by -t, a looped second input, threaded
# and serial alike. Where ffmpeg cannot (a pipe: "Seek to start failed", one pass), graphrun spools the pipe and
# loops it all the same. With an input -ss, each pass after the first is whole and follows the first without a gap
# or an overlap (ffmpeg measures the first pass from where its seek landed: it drops the start of the next pass, or
# writes its audio at a standstill). A bad count, or -stream_loop after the last -i, is a usage error.
# ctest: LABELS parity (graphrun's tests of ffmpeg's command line run on the normal build)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# loop_case NAME ARGS...: graphrun and ffmpeg run the same command line into framemd5: the same bytes.
loop_case() {
  local name=$1; shift
  ffq "$@" -f framemd5 - > "$T/$name.ref" || fail "$name: ffmpeg $*"
  graphrun "$@" -f framemd5 - > "$T/$name.got" 2> "$T/$name.err" || { cat "$T/$name.err" >&2; fail "$name: graphrun: exit $?"; }
  if ! cmp -s "$T/$name.ref" "$T/$name.got"; then
    diff "$T/$name.ref" "$T/$name.got" | head -10 >&2
    fail "$name: frames differ from ffmpeg's ($*)"
  fi
  ok "$name: $(grep -vc '^#' "$T/$name.ref") frames as ffmpeg's"
}
av=(-filter_complex '[0:v]null[v];[0:a]anull[a]' -map '[v]' -map '[a]')
loop_case main_3_passes -stream_loop 2 -i "$MAIN" "${av[@]}"
loop_case bframes_vfr -stream_loop 1 -i "$FX/cut_bframes_vfr.mkv" -filter_complex '[0:v]null[v]' -map '[v]'
loop_case mpegts -stream_loop 2 -i "$FX/ts_single.ts" "${av[@]}"
loop_case forever_cut -stream_loop -1 -i "$MAIN" "${av[@]}" -t 7.5
loop_case audio_only -stream_loop 1 -i "$MAIN" -filter_complex '[0:a]anull[a]' -map '[a]'
graphrun --threads-mode serial -stream_loop 2 -i "$MAIN" "${av[@]}" -f framemd5 - > "$T/serial.got" 2> "$T/err" ||
  { cat "$T/err" >&2; fail "serial: exit $?"; }
cmp -s "$T/main_3_passes.ref" "$T/serial.got" || fail "serial: frames differ from ffmpeg's (and the threaded run's)"
ok "serial: the threaded run's frames, ffmpeg's"
n=$(grep -c '^0,' "$T/forever_cut.got")
[ "$n" -eq 450 ] || fail "-stream_loop -1 -t 7.5: $n video frames, not 7.5 s at 60 fps"

# A second input looped under the first: each stream's frames are ffmpeg's. (Their interleaving in the output may
# differ around the first input's end: ffmpeg and graphrun decide differently which input to read next there.)
ffq -i "$FX/ts_single.ts" -stream_loop 3 -i "$MAIN" -filter_complex '[0:v]null[v];[1:a]anull[a]' -map '[v]' -map '[a]' \
  -f framemd5 - | grep -v '^#' | sort -s -t, -k1,1 > "$T/two.ref"
graphrun -i "$FX/ts_single.ts" -stream_loop 3 -i "$MAIN" -filter_complex '[0:v]null[v];[1:a]anull[a]' -map '[v]' \
  -map '[a]' -f framemd5 - 2> "$T/err" | grep -v '^#' | sort -s -t, -k1,1 > "$T/two.got"
cmp -s "$T/two.ref" "$T/two.got" || { diff "$T/two.ref" "$T/two.got" | head >&2; fail "a looped second input: frames differ"; }
[ "$(grep -c '^1,' "$T/two.got")" -eq $((4 * 141)) ] || fail "a looped second input: not 4 passes of 141 audio frames"
ok "a second input looped 3 more times: each stream's frames are ffmpeg's"

# A pipe: ffmpeg reads it once; graphrun spools it and gives what ffmpeg gives from the file.
cat "$MAIN" | graphrun -stream_loop 2 -i - "${av[@]}" -f framemd5 - > "$T/pipe.got" 2> "$T/err" ||
  { cat "$T/err" >&2; fail "a looped pipe: exit $?"; }
cmp -s "$T/main_3_passes.ref" "$T/pipe.got" || fail "a looped pipe: frames differ from ffmpeg's from the file"
cat "$MAIN" | ffq -stream_loop 2 -i - "${av[@]}" -f framemd5 - 2> /dev/null | grep -c '^0,' > "$T/ffmpeg_pipe_frames"
[ "$(cat "$T/ffmpeg_pipe_frames")" -eq 180 ] || fail "ffmpeg looped a pipe? ($(cat "$T/ffmpeg_pipe_frames") video frames)"
ok "a pipe looped 2 more times (spooled): ffmpeg's frames from the file; ffmpeg itself reads the pipe once"
# A spool cut short by its limit is an error, not the end of a pass to loop again: no frame comes twice.
expect_status 1 graphrun -stream_loop 1 --spool-limit 200k -i - "${av[@]}" -f framemd5 - < <(cat "$MAIN")
tail -1 "$T/err" | grep -q "^graphrun: error: spooling input 0 '-': spool limit reached" || fail "past --spool-limit: $(cat "$T/err")"
[ -z "$(awk -F, '$1 == 0 { print $6 }' "$T/out" | sort | uniq -d)" ] || fail "past --spool-limit: what was spooled was looped"
ok "a looped pipe past --spool-limit: an error (status 1), not a loop over what was spooled"

# With an input -ss: the first pass from 1.2 s, then whole passes, each frame right after the one before.
graphrun -ss 1.2 -stream_loop 1 -i "$MAIN" -filter_complex '[0:v]null[v]' -map '[v]' -f framemd5 - 2> "$T/err" |
  grep -v '^#' | awk -F, '{ print $2 + 0 }' > "$T/v_pts" || fail "-ss 1.2 -stream_loop 1, video: exit $?"
awk 'NR - 1 != $1 { print "frame " NR " at " $1; exit 1 }' "$T/v_pts" || fail "-ss 1.2 -stream_loop 1: a gap or overlap"
[ "$(wc -l < "$T/v_pts")" -eq $((108 + 180)) ] || fail "-ss 1.2 -stream_loop 1: $(wc -l < "$T/v_pts") frames, not 1.8 s + 3 s"
graphrun -ss 1.2 -stream_loop 1 -i "$MAIN" -filter_complex '[0:a]anull[a]' -map '[a]' -f framemd5 - 2> "$T/err" |
  grep -v '^#' | awk -F, '{ print $2 + 0, $4 + 0 }' > "$T/a_pts" || fail "-ss 1.2 -stream_loop 1, audio: exit $?"
awk 'NR > 1 && $1 != end { print "frame " NR " at " $1 ", not " end; exit 1 } { end = $1 + $2 }
     END { if (end != 86400 + 144000) { print "ends at " end; exit 1 } }' "$T/a_pts" ||
  fail "-ss 1.2 -stream_loop 1, audio: not 1.8 s then 3 s without a gap"
ok "-ss 1.2 -stream_loop 1: 1.8 s then the whole input, without a gap or an overlap (video and audio)"

expect_status 2 graphrun -stream_loop twice -i "$MAIN" "${av[@]}" -f null -
expect_stderr "^graphrun: error: usage: -stream_loop: a number of passes more \(-1: forever\), not 'twice' \(see --help\)$"
expect_status 2 graphrun -i "$MAIN" -stream_loop 1 "${av[@]}" -f null -
expect_stderr "^graphrun: error: usage: -stream_loop applies to an input: give it before the -i it belongs to"
ok "-stream_loop twice, -stream_loop after the last -i: usage errors"
