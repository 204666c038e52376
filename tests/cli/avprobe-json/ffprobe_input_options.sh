#!/usr/bin/env bash
# Shows: ffprobe's input options (-f, -i, -probesize, -analyzeduration, -fflags, -fpsprobesize, -skip_frame, demuxer
# options by name such as -scan_all_pmts and -ignore_editlist) give ffprobe's output byte for byte, in both spellings;
# an option the demuxer does not take is a warning as in ffprobe, an unknown one a usage error.
source "$(dirname "$0")/../lib.sh"
check() {  # check FIXTURE ARGS...: ffprobe and avprobe-json, same arguments, JSON, byte for byte
  local f=$1
  shift
  ffprobe -v quiet -of json "$@" "$FX/$f" > "$T/ref.json"
  avprobe-json -v quiet -of json "$@" "$FX/$f" > "$T/ours.json" || fail "$f $*: failed"
  cmp -s "$T/ref.json" "$T/ours.json" || { diff "$T/ref.json" "$T/ours.json" | head >&2; fail "$f $*: differs"; }
}
# Each changes ffprobe's answer on this input (checked below), so matching it shows the option was applied.
differs_without() {  # differs_without FIXTURE 'OPTION VALUE' ARGS...
  local f=$1 opt=$2
  shift 2
  # shellcheck disable=SC2086
  [ "$(ffprobe -v quiet -of json $opt "$@" "$FX/$f" | md5sum)" != "$(ffprobe -v quiet -of json "$@" "$FX/$f" | md5sum)" ] ||
    fail "$opt does not change ffprobe's answer on $f: the check would show nothing"
}
check mkv_multi.mkv -probesize 32 -show_streams -show_format
differs_without mkv_multi.mkv '-probesize 32' -show_streams
check ts_programs.ts -analyzeduration 1 -probesize 2000 -show_streams -show_programs
check mp4_end.mp4 -ignore_editlist 1 -show_packets -show_streams
differs_without mp4_end.mp4 '-ignore_editlist 1' -show_packets
check mkv_multi.mkv -skip_frame nokey -show_frames
differs_without mkv_multi.mkv '-skip_frame nokey' -show_frames
check mkv_multi.mkv -skip_frame:v nokey -show_frames -show_streams -select_streams v
check ts_programs.ts -scan_all_pmts 1 -show_programs -show_streams -show_format
check ts_programs.ts -scan_all_pmts 0 -show_programs -show_streams -show_format
check mp4_front.mp4 -fpsprobesize 1 -show_streams
check ts_single.ts -fflags +genpts+igndts -show_packets
check ts_single.ts -f mpegts -show_format -show_streams
check audio.wav -f s16le -show_streams
differs_without audio.wav '-f s16le' -show_streams
# The GNU spellings, and the options before -i.
ffprobe -v quiet -of json -probesize 5000000 -analyzeduration 2000000 -show_streams "$FX/mkv_multi.mkv" > "$T/ref.json"
avprobe-json -v quiet -of json --probesize=5000000 --analyzeduration 2000000 -show_streams -i "$FX/mkv_multi.mkv" \
  > "$T/ours.json" || fail "GNU spellings failed"
cmp -s "$T/ref.json" "$T/ours.json" || fail "--probesize/--analyzeduration differ"
avprobe-json -v quiet -of json --skip-frame nokey --fflags=+genpts --format matroska -show_frames "$FX/mkv_multi.mkv" \
  > "$T/ours.json" || fail "GNU spellings failed"
ffprobe -v quiet -of json -skip_frame nokey -fflags +genpts -f matroska -show_frames "$FX/mkv_multi.mkv" > "$T/ref.json"
cmp -s "$T/ref.json" "$T/ours.json" || fail "--skip-frame/--fflags/--format differ"
# On a pipe, as ffprobe on the same pipe.
cat "$FX/ts_single.ts" | ffprobe -v quiet -of json -skip_frame nokey -probesize 100000 -show_frames -show_streams - \
  > "$T/ref.json"
cat "$FX/ts_single.ts" | avprobe-json -v quiet -of json -skip_frame nokey -probesize 100000 -show_frames -show_streams - \
  > "$T/ours.json" || fail "stdin failed"
cmp -s "$T/ref.json" "$T/ours.json" || fail "options on stdin differ"
# A demuxer option the chosen demuxer does not take: ffprobe warns and probes on (scan_all_pmts is for MPEG-TS).
ffprobe -of json -scan_all_pmts 1 -show_format "$FX/mkv_multi.mkv" > "$T/ref.json" 2> "$T/ref.err"
grep -q 'Option scan_all_pmts skipped - not known to demuxer.' "$T/ref.err" || fail "ffprobe's warning changed"
expect_status 0 avprobe-json -of json -scan_all_pmts 1 -show_format "$FX/mkv_multi.mkv"
cmp -s "$T/ref.json" "$T/out" || fail "-scan_all_pmts on Matroska differs"
expect_stderr '^avprobe-json: warning: Option scan_all_pmts skipped - not known to demuxer\.$'
expect_status 0 avprobe-json -v error -of json -ignore_editlist 1 -show_format "$FX/mkv_multi.mkv"
[ ! -s "$T/err" ] || fail "-v error still warns: $(cat "$T/err")"
# Unknown options and formats: one usage line, nothing on stdout (ffprobe stops before probing too).
expect_status 2 avprobe-json -nosuchoption 1 "$FX/mkv_multi.mkv"
expect_stderr "^avprobe-json: error: usage: unknown option '-nosuchoption' \(see --help\)$"
expect_status 2 avprobe-json -f nosuchformat "$FX/mkv_multi.mkv"
expect_stderr "^avprobe-json: error: usage: -f: unknown input format 'nosuchformat' \(see --help\)$"
[ ! -s "$T/out" ] || fail "-f nosuchformat printed on stdout"
expect_status 2 avprobe-json -fflags:v +genpts "$FX/mkv_multi.mkv"
expect_stderr 'a stream specifier on a demuxer option'
expect_status 2 avprobe-json -skip_frame:v bogus -show_frames "$FX/mkv_multi.mkv"
expect_stderr "^avprobe-json: error: usage: -skip_frame:v: 'bogus' is not a value of skip_frame \(none, default, .*\) \(see --help\)$"
ok "ffprobe's input options as ffprobe takes them"
