# Shows: --verify hashes every copied stream as read and as written in the same pass; both sides equal ffmpeg's
# streamhash (of the input with the same cut, of the output as written), a -bsf stream is "filtered", a packet lost
# on the way (MP4 cannot hold a stream hours away from the others) fails the run with one line and leaves a named
# output as it was; the receipt goes to stderr, a file or stdout; bad uses are usage errors.
source "$(dirname "$0")/../lib.sh"
sides() { jq -r ".streamhash.$2[]" "$1"; }
# ffmpeg's streamhash of FILE's streams, the FFmpeg way of checking either side.
ref_hash() { ffmpeg -nostdin -v error "$@" -c copy -f streamhash -; }

# A whole copy: read side = ffmpeg's hash of the input, written side = ffmpeg's hash of what was written.
memremux --verify="$T/r.json" -i "$FX/mkv_multi.mkv" "$T/out.mkv" 2>"$T/err" || fail "exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
jq -e '.verified and .outcome == "complete" and (.streams | length == 4) and all(.streams[]; .verdict == "equal")' \
  "$T/r.json" >/dev/null || fail "receipt: $(cat "$T/r.json")"
diff <(sides "$T/r.json" read) <(ref_hash -i "$FX/mkv_multi.mkv" -map 0) || fail "read side is not ffmpeg's hash of the input"
diff <(sides "$T/r.json" written) <(ref_hash -i "$T/out.mkv" -map 0) || fail "written side is not ffmpeg's hash of the output"
jq -e '.streams[0] | .read.packets == .written.packets and .read.packets > 0 and .read.time_base == "1/1000" and
       .written.first_pts != null and .input == "0:0" and .codec_name == "h264"' "$T/r.json" >/dev/null ||
  fail "stream fields: $(jq -c '.streams[0]' "$T/r.json")"
ok "a whole copy: both sides are ffmpeg's streamhash"

# Cuts, before and after -i, into MP4 on a pipe (fragmented) and to a file: the read side is what ffmpeg copies for
# the same cut, the written side what the file holds.
memremux --verify="$T/cut.json" -ss 1 -i "$FX/mp4_front.mp4" -f mp4 - 2>"$T/err" | cat > "$T/cut.mp4" || fail "cut: $(cat "$T/err")"
diff <(sides "$T/cut.json" read) <(ref_hash -ss 1 -i "$FX/mp4_front.mp4" -map 0) || fail "-ss before -i: read side"
diff <(sides "$T/cut.json" written) <(ref_hash -i "$T/cut.mp4" -map 0) || fail "-ss before -i: written side"
memremux --verify="$T/cut2.json" -i "$FX/mp4_front.mp4" -ss 0.5 -t 1 "$T/cut2.mp4" 2>"$T/err" || fail "cut2: $(cat "$T/err")"
diff <(sides "$T/cut2.json" read) <(ref_hash -i "$FX/mp4_front.mp4" -ss 0.5 -t 1 -map 0) || fail "-ss after -i: read side"
diff <(sides "$T/cut2.json" written) <(ref_hash -i "$T/cut2.mp4" -map 0) || fail "-ss after -i: written side"
jq -e '.verified' "$T/cut2.json" >/dev/null || fail "cut receipt: $(cat "$T/cut2.json")"
ok "cuts: the read side is ffmpeg's packets for the same cut"

# A bitstream filter changes the payload by request: "filtered", not judged; the written side is ffmpeg's with the
# same -bsf. Another hash by name, as ffmpeg's -hash.
memremux --verify="$T/bsf.json" --verify-hash md5 -i "$FX/mp4_front.mp4" -map 0:v -bsf:v h264_mp4toannexb -f h264 "$T/x.h264" 2>"$T/err" ||
  fail "bsf: $(cat "$T/err")"
jq -e '.verified and .hash == "MD5" and .streams[0].verdict == "filtered" and .streams[0].bitstream_filters == "h264_mp4toannexb"' \
  "$T/bsf.json" >/dev/null || fail "bsf receipt: $(cat "$T/bsf.json")"
diff <(sides "$T/bsf.json" written) <(ffmpeg -nostdin -v error -i "$FX/mp4_front.mp4" -map 0:v -c copy -bsf:v h264_mp4toannexb -f streamhash -hash md5 -) ||
  fail "bsf: written side is not ffmpeg's"
ok "-bsf: filtered, the written side is ffmpeg's"

# --verify alone: the receipt on stderr, and the next argument stays the input.
memremux --verify "$FX/mkv_multi.mkv" -f nut - 2>"$T/stderr.json" >"$T/out.nut" || fail "bare --verify: $(cat "$T/stderr.json")"
jq -e '.verified' "$T/stderr.json" >/dev/null || fail "bare --verify: stderr is not the receipt: $(head -3 "$T/stderr.json")"
memremux --verify=- -i "$FX/mkv_multi.mkv" "$T/o2.mkv" >"$T/stdout.json" 2>"$T/err" || fail "--verify=-: $(cat "$T/err")"
jq -e '.verified' "$T/stdout.json" >/dev/null || fail "--verify=-: stdout is not the receipt"
ok "receipt on stderr (--verify) and stdout (--verify=-)"

# A packet lost on the way: an audio stream 28 hours after the video cannot go into fragmented MP4 (FFmpeg 5.1
# aborts on it; memremux drops it with a warning); --verify makes that a failure, and the named output is kept as
# it was.
ffmpeg -nostdin -v error -f lavfi -i testsrc=size=64x48:rate=10:duration=1 -f lavfi -i sine=duration=1:sample_rate=48000 \
  -map 0 -map 1 -c:v libx264 -c:a aac -y "$T/a.mkv"
command ffmpeg -nostdin -v error -i "$T/a.mkv" -itsoffset 100000 -i "$T/a.mkv" -map 0:v -map 1:a -c copy -copyts -y "$T/far.mkv"
echo "keep me" > "$T/far.mp4"
expect_status 1 memremux --verify="$T/far.json" -i "$T/far.mkv" -movflags +frag_keyframe+empty_moov -y "$T/far.mp4"
grep -Eq '^memremux: error: verifying: stream 1 \(audio, input stream 0:1\): 48 packet\(s\) read, 0 written; .*far.mp4 not written$' "$T/err" ||
  fail "loss: $(cat "$T/err")"
[ "$(grep -c 'error' "$T/err")" -eq 1 ] || fail "loss: more than one error line: $(cat "$T/err")"
[ "$(cat "$T/far.mp4")" = "keep me" ] || fail "loss: the named output was replaced"
jq -e '(.verified | not) and .streams[1].verdict == "differs" and .streams[0].verdict == "equal"' "$T/far.json" >/dev/null ||
  fail "loss receipt: $(cat "$T/far.json")"
expect_status 0 memremux -i "$T/far.mkv" -movflags +frag_keyframe+empty_moov -y "$T/far.mp4"  # without --verify: a warning
ok "a lost packet fails --verify, the output is not replaced"

# Usage errors: stdout twice, an unknown hash, an empty file name.
expect_status 2 memremux --verify=- -i "$FX/mkv_multi.mkv" -f nut -
expect_stderr '^memremux: error: usage: --verify=-: stdout carries the media'
expect_status 2 memremux --verify --verify-hash nosuch -i "$FX/mkv_multi.mkv" "$T/u.mkv"
expect_stderr "^memremux: error: usage: --verify-hash: unknown hash 'nosuch' \(.*SHA256.*\) \(see --help\)$"
expect_status 2 memremux --verify= -i "$FX/mkv_multi.mkv" "$T/u.mkv"
expect_stderr "^memremux: error: usage: --verify=: no value after '=' \\(--verify alone takes its default\\) \\(see --help\\)$"
[ ! -e "$T/u.mkv" ] || fail "a usage error wrote the output"
ok "usage errors"
