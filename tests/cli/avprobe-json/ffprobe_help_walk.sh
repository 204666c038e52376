#!/usr/bin/env bash
# Shows: every option the installed ffprobe lists in `ffprobe -h full` is either implemented by avprobe-json (a run
# compared with ffprobe's, byte for byte, or for the few that are ours by design a check of their own) or refused
# with exactly one stderr line naming it and exit 2; and every decoding AVOption of AVFormatContext and
# AVCodecContext is taken as ffprobe takes it (all at their defaults in one run, output as ffprobe's).
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
# ctest: LABELS parity (byte for byte ffprobe's output, every option of ffprobe's help: judged on the normal build, scripts/test.sh)
source "$(dirname "$0")/../lib.sh"
ffprobe -h full > "$T/help.txt" 2> /dev/null
a=$FX/audio.mp3 m=$FX/mkv_multi.mkv ts=$FX/ts_programs.ts bad=$FX/garbage.bin
# Implemented options: the arguments of a comparison run (the option comes first, then these).
declare -A compare=(
  [-loglevel]="error -show_format $a" [-v]="error -show_format $a" [-hide_banner]="-show_format $a"
  [-f]="mp3 -show_format $a" [-sexagesimal]="-show_format -show_streams $m" [-print_format]="xml -show_format $a"
  [-of]="ini -show_streams $a" [-select_streams]="a -show_streams $m"
  [-show_data]="-show_packets -read_intervals %+#2 $m" [-show_data_hash]="md5 -show_packets -show_streams $m"
  [-show_error]="-show_format $bad" [-show_format]="$a" [-show_frames]="-read_intervals %+#3 $m"
  [-show_entries]="format=duration:stream=codec_name $m" [-show_packets]="$ts" [-show_programs]="$ts"
  [-show_streams]="$m" [-show_chapters]="$m" [-count_frames]="-show_streams $a" [-count_packets]="-show_streams $ts"
  [-show_pixel_formats]="" [-show_optional_fields]="always -of json -show_format $a"
  [-show_log]="24 -show_frames -of json -read_intervals %+#4 $m"
  [-unit]="-show_format -show_streams $a" [-prefix]="-show_format $m" [-byte_binary_prefix]="-prefix -show_format $m"
  [-pretty]="-show_format -show_streams -show_packets -read_intervals %+#2 $m"
  [-o]="- -show_format $a" [-print_filename]="name -show_format $a" [-find_stream_info]="-show_streams $a"
  [-show_private_data]="-show_streams $m" [-private]="-show_streams $m" [-bitexact]="-show_streams -show_format $m"
  [-read_intervals]="%+#2 -show_packets $ts" [-i]="$a -show_format"
)
# Ours by design: help and version are avprobe-json's; program_version holds our version, library_versions the
# libraries we link (each compared with ffprobe in ffprobe_output_options.sh).
declare -A own=(
  [-h]="^Usage: avprobe-json" [-?]="^Usage: avprobe-json" [-help]="^Usage: avprobe-json" [--help]="^Usage: avprobe-json"
  [-version]="^avprobe-json " [-show_program_version]="^version=" [-show_library_versions]="^name=libavutil"
  [-show_versions]="^name=libavformat"
)
main=$(sed -n '/^Main options:/,/^$/p' "$T/help.txt" | awk '/^-/ {print $1}')
[ "$(echo "$main" | wc -l)" -gt 50 ] || fail "ffprobe -h full lists too few main options: $main"
refused=0 compared=0
for opt in $main; do
  if [ -n "${compare[$opt]+x}" ]; then
    read -ra args <<< "${compare[$opt]}"
    quiet=(-v quiet)
    case $opt in -v | -loglevel) quiet=() ;; esac
    ffprobe "${quiet[@]}" "$opt" "${args[@]}" > "$T/ref.txt" 2> /dev/null || true
    avprobe-json "${quiet[@]}" "$opt" "${args[@]}" > "$T/ours.txt" 2> "$T/err" < /dev/null || true
    cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head >&2; cat "$T/err" >&2; fail "$opt ${args[*]}: differs from ffprobe"; }
    compared=$((compared + 1))
  elif [ -n "${own[$opt]+x}" ]; then
    expect_status 0 avprobe-json "$opt" < /dev/null
    grep -q -- "${own[$opt]}" "$T/out" || fail "$opt: stdout lacks ${own[$opt]}"
  else
    st=0
    avprobe-json "$opt" x "$a" > "$T/out" 2> "$T/err" < /dev/null || st=$?
    [ "$st" -eq 2 ] || fail "$opt: exit $st, expected 2 (refused) or an entry in this test's compare table"
    expect_stderr "^avprobe-json: error: usage: ${opt//\?/\\?}: "
    refused=$((refused + 1))
  fi
done
# Decoding AVOptions of the format and codec contexts, each at its default: accepted, and the output unchanged.
# (The help prints some defaults in a form no option parser takes back: INT_MAX, an empty channel layout as 0x0.)
avopts() {  # avopts SECTION: "-name default" for each decoding option with a default (not binary ones)
  sed -n "/^$1 AVOptions:/,/^[^ ]/p" "$T/help.txt" |
    awk '/^  -/ && substr($3, 2, 1) == "D" && $2 != "<binary>" && match($0, /\(default [^)]*\)$/) {
      d = substr($0, RSTART + 9, RLENGTH - 10); gsub(/^"|"$/, "", d)
      if (d !~ /^(INT_MAX|I64_MAX|UINT32_MAX|0x0)$/) { print $1; print d } }'
}
mapfile -t fmt_opts < <(avopts AVFormatContext)
mapfile -t codec_opts < <(avopts AVCodecContext)
[ ${#fmt_opts[@]} -gt 20 ] && [ ${#codec_opts[@]} -gt 40 ] || fail "too few AVOptions found in ffprobe -h full"
for set in fmt_opts codec_opts; do
  declare -n opts=$set
  ffprobe -v error "${opts[@]}" -show_format -show_streams -of json "$m" > "$T/ref.txt" 2> "$T/ref_err" || true
  st=0
  avprobe-json -v error "${opts[@]}" -show_format -show_streams -of json "$m" > "$T/ours.txt" 2> "$T/err" || st=$?
  [ "$st" -eq 0 ] || fail "$set at their defaults: exit $st: $(cat "$T/err")"
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head >&2; fail "$set at their defaults: output differs"; }
done
ok "ffprobe -h full: $compared options compared, ${#own[@]} ours by design, $refused refused by name; $((${#fmt_opts[@]} / 2 + ${#codec_opts[@]} / 2)) AVOptions taken"
