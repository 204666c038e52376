# Shows: -ss, -t and -to cut as ffmpeg cuts with -c copy, before -i (seek the input) and after it (cut the output),
# with -copyts, -start_at_zero, -avoid_negative_ts and -itsoffset: the packets written are ffmpeg's for the same command on the
# same file (B-frames, a variable frame rate, audio starting after video; Matroska, MP4 and MPEG-TS inputs), both
# when memremux reads the file and when it reads it from a pipe, where nothing seeks; chapters are cut as ffmpeg
# cuts them. One documented difference: an input -ss on an MPEG-TS pipe starts at the key frame at or before the
# start, where ffmpeg's byte-position seek in a TS file starts at the first key frame after where it landed.
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
src=$FX/cut_bframes_vfr.mkv
ffmpeg -nostdin -v error -i "$src" -c copy -y "$T/in.mp4"
ffmpeg -nostdin -v error -i "$src" -c copy -y "$T/in.ts"
cp "$src" "$T/in.mkv"
# cut_case IN FMT 'BEFORE -i' 'AFTER -i': ffmpeg on the file, memremux on the file and on a pipe, the same packets.
cut_case() {
  local in=$1 fmt=$2 before after
  read -r -a before <<< "$3"
  read -r -a after <<< "$4"
  ffmpeg -nostdin -v error "${before[@]}" -i "$in" -map 0 -c copy "${after[@]}" -f "$fmt" -y "$T/ref" ||
    fail "ffmpeg $3 -i $in $4"
  memremux "${before[@]}" -i "$in" "${after[@]}" -f "$fmt" "$T/file" 2> "$T/err" ||
    { cat "$T/err" >&2; fail "memremux $3 -i $in $4: exit $?"; }
  if [[ $in == *.ts ]]; then
    same_packets_only "$T/ref" "$T/file"  # the TS carries AAC in ADTS: ffmpeg's Matroska of it is damaged
  else
    same_packets "$T/ref" "$T/file"
  fi
  local n
  n=$(grep -c '^packet,' "$T/pa.txt")
  cat "$in" | memremux "${before[@]}" -i - "${after[@]}" -f "$fmt" "$T/pipe" 2> "$T/err" ||
    { cat "$T/err" >&2; fail "cat $in | memremux $3 -i - $4: exit $?"; }
  if [[ $in == *.ts && " $3 " == *" -ss "* ]]; then
    # On a TS pipe: from the video key frame at or before the start (when the output's own cut leaves any video).
    ffprobe -v error -select_streams v -show_entries packet=pts_time,flags -of csv=p=0 "$T/pipe" | awk 'NR == 1' > "$T/first"
    [ ! -s "$T/first" ] || grep -q ',K' "$T/first" || fail "TS pipe, $3: the first video packet is no key frame: $(cat "$T/first")"
    ok "${in##*/} -> $fmt [$3 -i $4]: $n packets as ffmpeg from the file; from a pipe, from the key frame before"
    return
  fi
  if [[ $in == *.ts ]]; then
    same_packets_only "$T/ref" "$T/pipe"
  else
    same_packets "$T/ref" "$T/pipe"
  fi
  ok "${in##*/} -> $fmt [$3 -i $4]: $n packets as ffmpeg, from the file and from a pipe"
}
cases=(
  "|-ss 2.5 -t 2"
  "|-ss 1 -to 6.3"
  "|-t 3.3"
  "-ss 2.5|"
  "-ss 5.1 -t 1.5|"
  "-ss 2.2|-ss 0.5 -t 2"
  "-ss 2.5 -copyts|-t 4"
  "-copyts -start_at_zero|-ss 1 -t 2"
  "-ss 2.5|-avoid_negative_ts make_zero"
  "-to 1.5|"
  "-itsoffset 0.7|"
  "-itsoffset -0.4 -ss 1|-t 2"
)
for in in "$T/in.mkv" "$T/in.mp4" "$T/in.ts"; do
  for c in "${cases[@]}"; do cut_case "$in" matroska "${c%%|*}" "${c#*|}"; done
done
for c in "${cases[0]}" "${cases[3]}" "${cases[5]}"; do cut_case "$T/in.mkv" mp4 "${c%%|*}" "${c#*|}"; done
cut_case "$FX/mkv_multi.mkv" matroska "" "-ss 0.5 -t 1"
cut_case "$FX/mkv_multi.mkv" matroska "-ss 0.7" "-t 1"
cut_case "$FX/sync_av4.nut" matroska "-ss 1.3" ""

# -itsoffset on one of two inputs: audio moved against the video (a lip-sync fix), ffmpeg's packets.
for off in 0.3 -0.25; do
  ffmpeg -nostdin -v error -i "$T/in.mkv" -itsoffset "$off" -i "$T/in.mkv" -map 0:v -map 1:a -c copy -y "$T/ref.mkv" ||
    fail "ffmpeg -itsoffset $off"
  memremux -i "$T/in.mkv" -itsoffset "$off" -i "$T/in.mkv" -map 0:v -map 1:a -y "$T/got.mkv" 2> "$T/err" ||
    { cat "$T/err" >&2; fail "memremux -itsoffset $off: exit $?"; }
  same_packets "$T/ref.mkv" "$T/got.mkv"
done
ok "-itsoffset on a second input moves its streams as ffmpeg's"

# Chapters: shifted by the start and cut at the end, as ffmpeg's.
for c in "|-ss 0.5 -t 1" "-ss 1.2|" "|-ss 1.5"; do
  read -r -a before <<< "${c%%|*}"
  read -r -a after <<< "${c#*|}"
  ffmpeg -nostdin -v error "${before[@]}" -i "$FX/mkv_multi.mkv" -map 0 -c copy "${after[@]}" -y "$T/ref.mkv"
  cat "$FX/mkv_multi.mkv" | memremux "${before[@]}" -i - "${after[@]}" -y "$T/got.mkv"
  diff <(container_facts "$T/ref.mkv" | jq .chapters) <(container_facts "$T/got.mkv" | jq .chapters) ||
    fail "chapters after [$c] differ from ffmpeg's"
done
ok "chapters are shifted and cut as ffmpeg does"
