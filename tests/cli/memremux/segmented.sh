# Shows: muxers that write files of their own (hls, segment, dash, tee) work through memremux's IO, byte for byte as
# ffmpeg writes them, from files and pipes; each file appears under its name only when complete, so a full disk or a
# kill never leaves a playlist naming a missing or partial segment; stdout and URLs are refused in one line.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
IN=$FX/cut_bframes_vfr.mkv
n=0
# same NAME "MEMREMUX ARGS" "FFMPEG ARGS": both run in directories of their own, which must end up identical.
same() {
  local name=$1
  mkdir -p "$T/$name/ours" "$T/$name/ref"
  (cd "$T/$name/ours" && eval "memremux $2") 2> "$T/err" || { cat "$T/err" >&2; fail "$name: memremux exited $?"; }
  (cd "$T/$name/ref" && eval "command ffmpeg -nostdin -v error $3")
  [ -n "$(ls "$T/$name/ref")" ] || fail "$name: ffmpeg wrote nothing"
  diff -r "$T/$name/ours" "$T/$name/ref" > "$T/diff" || { cat "$T/diff" >&2; fail "$name: files differ from ffmpeg's"; }
  n=$((n + 1))
}
same hls '-i "$IN" -f hls -hls_time 1 out.m3u8' '-i "$IN" -map 0 -c copy -f hls -hls_time 1 out.m3u8'
same hls_pipe '-i - -f hls -hls_time 1 -hls_list_size 2 live.m3u8 < <(cat "$IN")' \
  '-i "$IN" -map 0 -c copy -f hls -hls_time 1 -hls_list_size 2 live.m3u8'
same hls_fmp4 '-i "$IN" -f hls -hls_time 2 -hls_segment_type fmp4 -hls_segment_filename "s_%d.m4s" out.m3u8' \
  '-i "$IN" -map 0 -c copy -f hls -hls_time 2 -hls_segment_type fmp4 -hls_segment_filename "s_%d.m4s" out.m3u8'
same segment '-i "$IN" -f segment -segment_time 2 -segment_list list.csv seg%03d.ts' \
  '-i "$IN" -map 0 -c copy -f segment -segment_time 2 -segment_list list.csv seg%03d.ts'
same dash '-i "$IN" -f dash -seg_duration 2 out.mpd' '-i "$IN" -map 0 -c copy -f dash -seg_duration 2 out.mpd'
same tee '-i - -fflags +bitexact -f tee "[f=matroska:fflags=+bitexact]a.mkv|[f=nut]b.nut" < "$IN"' \
  '-i "$IN" -map 0 -c copy -fflags +bitexact -f tee "[f=matroska:fflags=+bitexact]a.mkv|[f=nut]b.nut"'
same short '-t 0.5 -i "$IN" -f hls out.m3u8' '-t 0.5 -i "$IN" -map 0 -c copy -f hls out.m3u8'
ok "$n segmented outputs: ffmpeg's files, byte for byte"

# playlist_whole DIR PLAYLIST: every segment the playlist names is there and reads to its end.
playlist_whole() {
  local seg
  for seg in $(grep -v '^#' "$1/$2"); do
    [ -s "$1/$seg" ] || fail "$2 names $seg, which is not there"
    command ffmpeg -nostdin -v error -xerror -i "$1/$seg" -map 0 -c copy -f null - || fail "$seg is damaged"
  done
}
# A full disk in the middle: exit 1, one line naming the segment; the playlist names only the complete ones.
if [ "$(id -u)" -eq 0 ] && unshare -m true 2> /dev/null; then
  mkdir -p "$T/full"
  st=0
  unshare -m sh -c 'mount -t tmpfs -o size=200k tmpfs "$1" && cd "$1" && memremux -i "$2" -f hls -hls_time 1 out.m3u8 \
    2> ../err; echo $? > ../status; grep -v "^#" out.m3u8 > ../named; ls > ../present' sh "$T/full" "$IN"
  # (The tmpfs is gone with the namespace: what it held was listed from inside.)
  [ "$(cat "$T/status")" = 1 ] || fail "full disk: exit $(cat "$T/status")"
  grep -q '^memremux: error: writing output out.m3u8: out[0-9]*.ts: No space left on device$' "$T/err" ||
    { cat "$T/err" >&2; fail "full disk: not one line naming the segment"; }
  [ "$(wc -l < "$T/err")" -eq 1 ] || fail "full disk: more than one line"
  for seg in $(cat "$T/named"); do grep -qx "$seg" "$T/present" || fail "full disk: playlist names $seg, not written"; done
  ok "full disk: status 1, the playlist names only complete segments"
else
  echo "skip: full disk (needs root and mount namespaces)"
fi
# Killed in the middle (SIGKILL: no clean-up at all): what the playlist names is there and whole.
mkdir -p "$T/kill"
mkfifo "$T/kill.fifo"
( cat "$IN"; exec sleep 30 ) > "$T/kill.fifo" &  # the input stays open: memremux is killed mid-segment
feeder=$!
(cd "$T/kill" && exec memremux -i "$T/kill.fifo" -f hls -hls_time 1 out.m3u8 2> /dev/null) &
job=$!
for _ in $(seq 1 300); do
  [ -e "$T/kill/out.m3u8" ] && grep -q '^out1.ts' "$T/kill/out.m3u8" && break
  sleep 0.1
done
kill -KILL "$job" 2> /dev/null || true
wait "$job" 2> /dev/null || true
kill "$feeder" 2> /dev/null || true
wait "$feeder" 2> /dev/null || true
[ -e "$T/kill/out.m3u8" ] || fail "killed: no playlist at all after the first segments"
playlist_whole "$T/kill" out.m3u8
# The segment being written when the kill came is not under its name (it was being written beside it).
for f in "$T"/kill/out*.ts; do
  grep -qx "$(basename "$f")" <(grep -v '^#' "$T/kill/out.m3u8") || fail "killed: $(basename "$f") is there but not listed"
done
ok "killed in the middle: every segment the playlist names is whole, no other under a segment's name"

# Refused: stdout as the main file, a URL for the segments.
expect_status 2 memremux -i "$IN" -f hls -
expect_stderr "^memremux: error: opening output: the hls muxer writes files of its own: name its main file"
mkdir -p "$T/url" && cd "$T/url"
expect_status 1 memremux -i "$IN" -f hls -hls_segment_filename 'http://example.invalid/s%d.ts' out.m3u8
expect_stderr "^memremux: error: "
[ -z "$(ls "$T/url")" ] || fail "a refused URL left files: $(ls "$T/url")"
ok "stdout and URLs refused"
# Several outputs as ffmpeg spells them (a second -f FMT OUT, a second -o, a third argument): one line naming the way
# memremux takes them (tee), status 2, nothing written.
for args in "-f matroska $T/two1.mkv -f nut $T/two2.nut" "-o $T/two1.mkv -o $T/two2.nut" "$T/two1.mkv $T/two2.nut"; do
  # shellcheck disable=SC2086
  expect_status 2 memremux -i "$IN" $args
  expect_stderr '^memremux: error: usage: one output per run.*use the tee muxer'
  [ ! -e "$T/two1.mkv" ] && [ ! -e "$T/two2.nut" ] || fail "several outputs ($args): something was written"
done
ok "several outputs: pointed to the tee muxer"
