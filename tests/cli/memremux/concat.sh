# Shows: joining parts end to end as ffmpeg's concat demuxer does (--concat over the -i list, or a concat list file
# with -f concat), with its packets; parts whose streams differ are one line naming the first difference; a list
# opens local files only (no URL even with -safe 0), and a list read from stdin opens nothing.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
A=$FX/cut_bframes_vfr.mkv
cp "$A" "$T/it's b.mkv"  # a quote in a name survives the list memremux writes
printf "file '%s'\nfile '%s'\n" "$A" "$A" > "$T/ref.txt"
for fmt in matroska nut; do
  memremux --concat -i "$A" -i "$T/it's b.mkv" -f "$fmt" "$T/ours.$fmt"
  ffmpeg -nostdin -v error -f concat -safe 0 -i "$T/ref.txt" -map 0 -c copy -f "$fmt" -y "$T/ref.$fmt"
  same_packets "$T/ours.$fmt" "$T/ref.$fmt"
done
memremux --concat -i "$FX/mp4_front.mp4" -i "$FX/mp4_front.mp4" -i "$FX/mp4_front.mp4" -f mp4 "$T/three.mp4"
printf "file '%s'\n" "$FX/mp4_front.mp4" "$FX/mp4_front.mp4" "$FX/mp4_front.mp4" > "$T/three.txt"
ffmpeg -nostdin -v error -f concat -safe 0 -i "$T/three.txt" -map 0 -c copy -f mp4 -y "$T/threeref.mp4"
same_packets "$T/three.mp4" "$T/threeref.mp4"
ok "--concat: ffmpeg's concat packets (Matroska, NUT, MP4)"
# A list file, its entries relative to where it lies; the output to a pipe.
mkdir -p "$T/parts" && cp "$A" "$T/parts/one.mkv" && cp "$A" "$T/parts/two.mkv"
printf "ffconcat version 1.0\nfile one.mkv\nfile two.mkv\n" > "$T/parts/list.ffconcat"
memremux -f concat -i "$T/parts/list.ffconcat" -f matroska | cat > "$T/list.mkv"
ffmpeg -nostdin -v error -f concat -i "$T/parts/list.ffconcat" -map 0 -c copy -f matroska -y "$T/listref.mkv"
same_packets "$T/list.mkv" "$T/listref.mkv"
ok "-f concat -i LIST: ffmpeg's packets"
# Parts that cannot follow each other: one line naming the part and the first difference, nothing written.
expect_status 1 memremux --concat -i "$A" -i "$FX/mkv_multi.mkv" -f nut "$T/bad.nut"
expect_stderr "^memremux: error: .*mkv_multi.mkv: joining inputs: cannot follow .*cut_bframes_vfr.mkv: 4 streams, not 2$"
expect_status 1 memremux --concat -i "$FX/audio.flac" -i "$FX/audio.wav" -f nut "$T/bad.nut"
expect_stderr "audio.wav: joining inputs: cannot follow .*audio.flac: stream 0: codec pcm_s16le, not flac$"
[ ! -e "$T/bad.nut" ] || fail "a refused join left an output"
expect_status 2 memremux --concat -i "$A" -i - -f nut "$T/bad.nut" < "$A"
expect_stderr "stdin cannot be one of them"
expect_status 2 memremux --concat -i "$A" -f nut "$T/bad.nut"
expect_stderr "two or more -i inputs"
ok "parts that do not match: one line naming the difference"
# A list names a URL: refused even with -safe 0 (local files only unless -protocol_whitelist names it). A list on
# stdin resolves its entries against pipe:, which is no file: nothing is opened.
printf "file 'http://127.0.0.1:9/x.mkv'\n" > "$T/url.txt"
expect_status 1 memremux -f concat -safe 0 -i "$T/url.txt" -f nut "$T/url.nut"
[ ! -e "$T/url.nut" ] || fail "a refused list left an output"
memremux -v debug -f concat -safe 0 -i "$T/url.txt" -f nut "$T/url.nut" 2> "$T/debug" || true
grep -q "Protocol 'http' not on whitelist 'file'" "$T/debug" || fail "the URL was not refused by the protocol list"
cp "$A" "$T/secret.mkv"
st=0
(cd "$T" && printf "ffconcat version 1.0\nfile secret.mkv\n" | memremux -f nut > "$T/stdin.nut" 2> "$T/err") || st=$?
[ "$st" -eq 1 ] && [ ! -s "$T/stdin.nut" ] || fail "a list on stdin opened a file (exit $st, $(stat -c %s "$T/stdin.nut") bytes)"
ok "lists open local files only, and a list on stdin nothing"
