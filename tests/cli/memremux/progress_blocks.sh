# Shows: -progress URL writes ffmpeg's machine-readable blocks (key=value lines ending in progress=continue, the
# last in progress=end) every -stats_period, to pipe:2 or a file, with out_time_us never going back, the same keys
# as ffmpeg's blocks for a stream copy, and duration_us/percent (beyond ffmpeg) when the input's duration is known.
source "$(dirname "$0")/../lib.sh"
IN=$FX/sync_av10.nut
# A slow pipe (the clip over about 1.2 s), so that several blocks are written.
slow() { sh -c 'i=0; while [ $((i * 65536)) -lt "$(stat -c %s "$1")" ]; do
  dd if="$1" bs=65536 skip=$i count=1 status=none; sleep 0.05; i=$((i + 1)); done' sh "$1"; }
slow "$IN" | memremux -f nut -progress "$T/p.txt" -stats_period 0.1 > "$T/out.nut" || fail "exit $?"
blocks=$(grep -c '^progress=' "$T/p.txt")
[ "$blocks" -ge 3 ] || fail "$blocks blocks: $(cat "$T/p.txt")"
[ "$(tail -1 "$T/p.txt")" = progress=end ] || fail "the last block does not end with progress=end"
[ "$(grep -c '^progress=end$' "$T/p.txt")" -eq 1 ] || fail "progress=end more than once"
grep '^out_time_us=' "$T/p.txt" | cut -d= -f2 | awk 'NR > 1 && $1 < prev { exit 1 } { prev = $1 }' \
  || fail "out_time_us goes back: $(grep out_time_us "$T/p.txt" | tr '\n' ' ')"
last_us=$(grep '^out_time_us=' "$T/p.txt" | tail -1 | cut -d= -f2)
[ "$last_us" -ge 9900000 ] || fail "the last block is at $last_us us of a 10 s clip"
# A named file says how long it is: the blocks say how far along (a pipe of NUT does not: no such keys then).
memremux -i "$IN" -f nut -progress "$T/f.txt" - > /dev/null || fail "file: exit $?"
grep -q '^duration_us=100' "$T/f.txt" && grep -q '^percent=100.0$' "$T/f.txt" || fail "no duration_us/percent: $(tail -14 "$T/f.txt")"
# ffmpeg's keys for the same stream copy (ffmpeg has no duration_us/percent, and frame/fps only where it counts)
ffmpeg -nostdin -v error -i "$IN" -c copy -f nut -progress "$T/ref.txt" -y /dev/null
ref_keys=$(sed -n '1,/^progress=/p' "$T/ref.txt" | cut -d= -f1 | grep -Ev '^(frame|fps|stream_.*)$' | sort -u)
our_keys=$(sed -n '1,/^progress=/p' "$T/p.txt" | cut -d= -f1 | grep -Ev '^(duration_us|percent)$' | sort -u)
missing=$(comm -23 <(echo "$ref_keys") <(echo "$our_keys") | tr '\n' ' ')
[ -z "$missing" ] || fail "keys of ffmpeg's blocks missing: $missing"
ok "$blocks blocks, out_time_us monotonic to $last_us, ffmpeg's keys, progress=end last"
# To stderr (pipe:2) beside the media on stdout; pipe:1 while stdout carries the media is refused.
memremux -i "$IN" -f nut -progress pipe:2 - 2> "$T/err" > /dev/null || fail "pipe:2: exit $?"
[ "$(grep -c '^progress=end$' "$T/err")" -eq 1 ] || fail "pipe:2: $(cat "$T/err")"
expect_status 2 memremux -i "$IN" -f nut -progress pipe:1 -
expect_stderr '^memremux: error: usage: -progress pipe:1: stdout carries the media'
expect_status 2 memremux -i "$IN" -f nut -stats_period 0 -progress pipe:2 -
expect_stderr '^memremux: error: usage: -stats_period: '
# --progress (two dashes) stays the line on stderr for people.
memremux --progress -i "$IN" -f nut - 2> "$T/line" > /dev/null
grep -q 'size=' "$T/line" || fail "--progress: $(cat "$T/line")"
ok "-progress pipe:2, pipe:1 refused with media on stdout, --progress still the human line"
