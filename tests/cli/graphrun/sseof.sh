# Shows: -sseof (a start counted back from the input's end) gives the frames ffmpeg gives (framemd5, timestamps
# included), threaded and serial, from a file and from a pipe (Matroska with B-frames and a variable frame rate,
# MP4). On a pipe whose header gives no duration (a live Matroska stream), where ffmpeg says "duration not known" and
# decodes everything, graphrun reads to the end keeping only the tail: its length is where its packets end, and the
# frames are those ffmpeg gives with -ss at that length plus -sseof (its memory on a long input: sseof_memory.sh).
# ffmpeg's rules: -ss wins over -sseof, one before the start is ignored; a value not below 0, or -sseof after the last
# -i, is a usage error (status 2).
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
src=$FX/cut_bframes_vfr.mkv
cp "$src" "$T/in.mkv"
ffmpeg -nostdin -v error -i "$src" -c copy -y "$T/in.mp4"
ffmpeg -nostdin -v error -i "$src" -c copy -live 1 -f matroska - > "$T/live.mkv"  # no duration in its header
G=(-vf scale=80:60 -af volume=0.5 -c:v rawvideo -c:a pcm_s16le)
# The live stream's length: where its packets end (the furthest PTS + duration).
end=$(ffprobe -v error -show_entries packet=pts_time,duration_time -of csv=p=0 "$T/live.mkv" |
  awk -F, '$1 != "" { e = $1 + $2; if (e > m) m = e } END { printf "%.6f", m }')

# same IN 'BEFORE -i' 'AFTER -i': ffmpeg's framemd5 (for live.mkv: -ss at its length plus the -sseof, on in.mkv)
# against graphrun's, threaded and serial, on the file and on a pipe.
same() {
  local in=$1 before after ref_before ref=$1 mode k
  read -r -a before <<< "$2"
  read -r -a after <<< "$3"
  ref_before=("${before[@]}")
  if [[ $in == *live.mkv ]]; then
    ref=$T/in.mkv
    for k in "${!ref_before[@]}"; do
      [ "${ref_before[$k]}" != -sseof ] ||
        { ref_before[$k]=-ss; ref_before[$((k + 1))]=$(awk -v e="$end" -v s="${ref_before[$((k + 1))]}" 'BEGIN { printf "%.6f", e + s }'); }
    done
  fi
  ffmpeg -nostdin -v error "${ref_before[@]}" -i "$ref" "${G[@]}" "${after[@]}" -f framemd5 - | grep -v '^#' > "$T/ref" ||
    fail "ffmpeg ${ref_before[*]} -i $ref $3"
  [ -s "$T/ref" ] || fail "ffmpeg ${ref_before[*]}: no frames"
  for mode in threaded serial; do
    graphrun -v error --threads-mode $mode "${before[@]}" -i "$in" "${G[@]}" "${after[@]}" -f framemd5 - 2> "$T/err" |
      grep -v '^#' > "$T/file" || { cat "$T/err" >&2; fail "graphrun $2 -i $in $3 ($mode)"; }
    cmp -s "$T/ref" "$T/file" || { diff "$T/ref" "$T/file" | head -6 >&2; fail "$2 -i ${in##*/} $3 ($mode): frames differ"; }
    graphrun -v error --threads-mode $mode "${before[@]}" -i - "${G[@]}" "${after[@]}" -f framemd5 - < "$in" 2> "$T/err" |
      grep -v '^#' > "$T/pipe" || { cat "$T/err" >&2; fail "graphrun $2 -i - $3 < $in ($mode)"; }
    cmp -s "$T/ref" "$T/pipe" || { diff "$T/ref" "$T/pipe" | head -6 >&2; fail "$2 -i - $3 < ${in##*/} ($mode): frames differ"; }
  done
  ok "${in##*/} [$2 -i $3]: $(wc -l < "$T/ref") frames as ffmpeg's, file and pipe, threaded and serial"
}
for c in "-sseof -1.5|" "-sseof -2 -t 1.2|" "-sseof -3|-t 0.8"; do
  for in in in.mkv in.mp4 live.mkv; do same "$T/$in" "${c%%|*}" "${c#*|}"; done
done
# ffmpeg on the same pipe: no duration, so it decodes everything (and says so).
ffmpeg -nostdin -v warning -sseof -1.5 -i - "${G[@]}" -f null - < "$T/live.mkv" 2> "$T/fferr"
grep -q 'Cannot use -sseof, duration of .* not known' "$T/fferr" || fail "ffmpeg took -sseof on the pipe: $(cat "$T/fferr")"
ok "ffmpeg on the live pipe: '$(head -1 "$T/fferr")'; graphrun: the tail"

# ffmpeg's rules: -ss wins (a warning); one before the start is ignored (a warning, the whole input).
graphrun -sseof -1 -ss 2 -i "$T/in.mkv" "${G[@]}" -f framemd5 "$T/both" 2> "$T/err" || fail "-sseof -ss: $(cat "$T/err")"
grep -q 'using -ss' "$T/err" || fail "-sseof with -ss: no warning: $(cat "$T/err")"
graphrun -ss 2 -i "$T/in.mkv" "${G[@]}" -f framemd5 "$T/ss" 2> /dev/null
cmp -s "$T/ss" "$T/both" || fail "-sseof with -ss: not the frames of -ss"
graphrun -sseof -60 -i - "${G[@]}" -f framemd5 "$T/early" < "$T/live.mkv" 2> "$T/err" || fail "-sseof -60: $(cat "$T/err")"
grep -q 'before the start of the input: ignored' "$T/err" || fail "-sseof -60: no warning: $(cat "$T/err")"
graphrun -i "$T/in.mkv" "${G[@]}" -f framemd5 "$T/all" 2> /dev/null
cmp -s "$T/all" "$T/early" || fail "-sseof -60: not the whole input"
ok "-ss wins over -sseof; -sseof before the start is ignored: both with a warning, as ffmpeg"

expect_status 2 graphrun -sseof 1 -i "$T/in.mkv" "${G[@]}" -f null -
expect_stderr "^graphrun: error: usage: -sseof: a time below 0 \(before the end\), not '1' \(see --help\)$"
expect_status 2 graphrun -i "$T/in.mkv" -sseof -1 "${G[@]}" -f null -
expect_stderr "^graphrun: error: usage: -sseof applies to an input: give it before the -i it belongs to \(see --help\)$"
ok "-sseof 1, -sseof after -i: usage errors, status 2"
