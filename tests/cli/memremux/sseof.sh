# Shows: -sseof (a start counted back from the input's end) copies what ffmpeg copies for the same command on the
# same file (Matroska with B-frames and a variable frame rate, MP4, MPEG-TS): from the file, and from a pipe, where
# nothing seeks (MPEG-TS: from the key frame before the start, as cut.sh says). On a pipe whose header gives no
# duration (a live Matroska stream, MPEG-TS), where ffmpeg says "duration not known" and copies everything, memremux
# reads to the end keeping only the tail: its length is where its packets end, and the packets are those ffmpeg
# copies from the same packets in a file with -ss at that length plus -sseof (its memory on a long input:
# sseof_memory.sh). ffmpeg's rules: -ss wins over -sseof, one before the start is ignored, -t counts from the new
# start; a value not below 0, or -sseof after the last -i, is a usage error (status 2).
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
src=$FX/cut_bframes_vfr.mkv
cp "$src" "$T/in.mkv"
ffmpeg -nostdin -v error -i "$src" -c copy -y "$T/in.mp4"
ffmpeg -nostdin -v error -i "$src" -c copy -y "$T/in.ts"
# The same packets as a live stream: Matroska written live has no duration in its header.
ffmpeg -nostdin -v error -i "$src" -c copy -live 1 -f matroska - > "$T/live.mkv"
[ "$(ffprobe -v error -show_entries format=duration -of csv=p=0 - < "$T/live.mkv")" = N/A ] ||
  fail "live.mkv: a duration in its header"

# same_per_stream A B: each stream's packets (times, flags, payload) equal and in the same order; the interleaving of
# the streams may differ. A pipe is read from the key frame (common::PipeSeek) where Matroska's seek in a file lands
# on the cluster holding it: the same packets, in another order when that cluster starts with audio.
same_per_stream() {
  local entries=packet=stream_index,pts_time,dts_time,flags,data_hash
  ffprobe -v error -show_data_hash md5 -show_entries "$entries" -of csv "$1" 2> /dev/null | grep '^packet,' |
    sort -s -t, -k2,2 > "$T/pa.txt"
  ffprobe -v error -show_data_hash md5 -show_entries "$entries" -of csv "$2" 2> /dev/null | grep '^packet,' |
    sort -s -t, -k2,2 > "$T/pb.txt"
  [ -s "$T/pa.txt" ] || fail "$1 has no packets"
  if ! cmp -s "$T/pa.txt" "$T/pb.txt"; then
    diff "$T/pa.txt" "$T/pb.txt" | head -20 >&2
    fail "the packets of a stream of $1 differ from those of $2"
  fi
}

# sseof_case REF IN 'BEFORE -i' 'AFTER -i': ffmpeg with the options on the file REF; memremux on IN, from the file
# and from a pipe: the same packets.
sseof_case() {
  local ref=$1 in=$2 before after fmt=matroska
  # AAC in ADTS: ffmpeg's Matroska of it is damaged (helpers.bash, same_packets_only); MPEG-TS keeps it as it is.
  [[ $in != *.ts ]] || fmt=mpegts
  read -r -a before <<< "$3"
  read -r -a after <<< "$4"
  local ref_before=("${before[@]}")
  if [ "$in" != "$ref" ]; then
    # No duration in IN's header: its length is where its packets end (the furthest PTS + duration, as ffprobe lists
    # them), and ffmpeg is given the start that makes, as -ss, on the file REF of the same packets.
    local end k
    end=$(ffprobe -v error -show_entries packet=pts_time,duration_time -of csv=p=0 "$in" |
      awk -F, '$1 != "" { e = $1 + $2; if (e > m) m = e } END { printf "%.6f", m }')
    for k in "${!ref_before[@]}"; do
      [ "${ref_before[$k]}" != -sseof ] || { ref_before[$k]=-ss; ref_before[$((k + 1))]=$(awk -v e="$end" -v s="${ref_before[$((k + 1))]}" 'BEGIN { printf "%.6f", e + s }'); }
    done
  fi
  ffmpeg -nostdin -v error "${ref_before[@]}" -i "$ref" -map 0 -c copy "${after[@]}" -f "$fmt" -y "$T/ref" ||
    fail "ffmpeg ${ref_before[*]} -i $ref $4"
  memremux "${before[@]}" -i "$in" "${after[@]}" -f "$fmt" "$T/file" 2> "$T/err" ||
    { cat "$T/err" >&2; fail "memremux $3 -i $in $4"; }
  if [ "$in" = "$ref" ]; then
    same_packets_only "$T/ref" "$T/file"
  else  # a file without a duration is read to its end, then as a pipe is: from the key frame
    same_per_stream "$T/ref" "$T/file"
  fi
  cat "$in" | memremux "${before[@]}" -i - "${after[@]}" -f "$fmt" "$T/pipe" 2> "$T/err" ||
    { cat "$T/err" >&2; fail "cat $in | memremux $3 -i - $4"; }
  if [[ $in == *.ts ]]; then
    # A TS file seeks by bytes and starts at the first key frame after where it lands (cut.sh); a pipe starts at
    # the key frame at or before the start, and its last packets are the input's (no -t here).
    ffprobe -v error -select_streams v -show_entries packet=flags -of csv=p=0 "$T/pipe" | awk 'NR == 1' | grep -q K ||
      fail "TS pipe, $3: the first video packet is no key frame"
    if [ ${#after[@]} -eq 0 ] && [[ " $3 " != *" -t "* ]]; then
      last() { ffprobe -v error -show_data_hash md5 -show_entries packet=stream_index,data_hash -of csv=p=0 "$1" | tail -1; }
      [ "$(last "$T/pipe")" = "$(last "$in")" ] || fail "TS pipe, $3: does not end with the input's last packet"
    fi
    ok "${in##*/} [$3 -i $4]: packets as ffmpeg from the file; from a pipe, the tail from the key frame before"
    return
  fi
  same_per_stream "$T/ref" "$T/pipe"
  ok "${in##*/} [$3 -i $4]: $(grep -c '^packet,' "$T/pa.txt") packets as ffmpeg from ${ref##*/}, file and pipe"
}
for c in "-sseof -1.5|" "-sseof -3.2|-t 1" "-sseof -0.01|" "-sseof -2 -t 1.2|"; do
  for in in in.mkv in.mp4 in.ts; do sseof_case "$T/$in" "$T/$in" "${c%%|*}" "${c#*|}"; done
  sseof_case "$T/in.mkv" "$T/live.mkv" "${c%%|*}" "${c#*|}"
done
# ffmpeg on the same pipe: no duration, so it copies everything (and says so).
cat "$T/live.mkv" | ffmpeg -nostdin -v warning -sseof -1.5 -i - -c copy -f matroska -y "$T/ffpipe" 2> "$T/fferr"
grep -q 'Cannot use -sseof, duration of .* not known' "$T/fferr" || fail "ffmpeg took -sseof on the pipe: $(cat "$T/fferr")"
ok "ffmpeg on the live pipe: '$(head -1 "$T/fferr")'; memremux: the tail"

# ffmpeg's rules: -ss wins over -sseof (a warning); one before the start is ignored (a warning, everything copied).
memremux -sseof -1 -ss 2 -i "$T/in.mkv" -f matroska "$T/both" 2> "$T/err" || fail "-sseof with -ss: $(cat "$T/err")"
grep -q 'using -ss' "$T/err" || fail "-sseof with -ss: no warning: $(cat "$T/err")"
memremux -ss 2 -i "$T/in.mkv" -f matroska "$T/ss" 2> /dev/null
same_packets_only "$T/ss" "$T/both"
ok "-ss and -sseof: -ss wins, with a warning"
for in in in.mkv live.mkv; do
  cat "$T/$in" | memremux -sseof -60 -i - -f matroska "$T/early" 2> "$T/err" || fail "-sseof -60: $(cat "$T/err")"
  grep -q 'before the start of the input: ignored' "$T/err" || fail "-sseof -60 ($in): no warning: $(cat "$T/err")"
  memremux -i "$T/in.mkv" -f matroska "$T/all" 2> /dev/null
  same_packets_only "$T/all" "$T/early"
done
ok "-sseof before the start: ignored with a warning, everything copied (header duration or read to the end)"

# Usage errors: one line, status 2.
expect_status 2 memremux -sseof 1 -i "$T/in.mkv" -f matroska "$T/x"
expect_stderr "^memremux: error: usage: -sseof: a time below 0 \(before the end\), not '1' \(see --help\)$"
expect_status 2 memremux -sseof 0 -i "$T/in.mkv" -f matroska "$T/x"
expect_stderr "-sseof: a time below 0"
expect_status 2 memremux -i "$T/in.mkv" -sseof -1 -f matroska "$T/x"
expect_stderr "^memremux: error: usage: -sseof applies to an input: give it before the -i it belongs to \(see --help\)$"
[ ! -e "$T/x" ] || fail "a usage error wrote the output"
ok "-sseof 1, -sseof 0, -sseof after -i: usage errors, status 2"
