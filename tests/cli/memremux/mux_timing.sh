# Shows: -muxdelay and -muxpreload as ffmpeg's: how long a packet may wait in the muxer (MPEG-TS and MPEG-PS gather
# audio into PES packets and start their clock by it; ffmpeg's default 0.7 s) and the MPEG-PS muxer's initial decode
# delay (default 0.5 s; other muxers ignore it, as with ffmpeg). The streaming idiom "-muxdelay 0 -muxpreload 0",
# other values, and the defaults write ffmpeg's bytes, for memremux here and graphrun in graphrun/mux_defaults.
# A value that is not a number is a usage error (2), and so is a preload the muxer refuses (negative).
source "$(dirname "$0")/../lib.sh"
IN=$FX/ts_single.ts  # h264 + mp2
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
for c in "mpegts" "mpegts -muxdelay 0 -muxpreload 0" "mpegts -muxdelay 0.1" "mpeg" "mpeg -muxpreload 0.2 -muxdelay 0" \
  "vob -muxpreload 1" "mpegts -muxpreload 0.3"; do
  read -r -a a <<< "$c"
  fmt=${a[0]}
  ff -i "$IN" -map 0 -c copy "${a[@]:1}" -fflags +bitexact -f "$fmt" "$T/ref.out" 2> /dev/null || fail "ffmpeg $c"
  memremux "${a[@]:1}" -fflags +bitexact -f "$fmt" < "$IN" > "$T/got.out" 2> "$T/err" || fail "memremux $c: $(cat "$T/err")"
  cmp -s "$T/ref.out" "$T/got.out" ||
    fail "-f $c: $(stat -c %s "$T/got.out") bytes, not ffmpeg's $(stat -c %s "$T/ref.out")"
  ok "-f $c: ffmpeg's $(stat -c %s "$T/ref.out") bytes"
done
expect_status 2 memremux -muxdelay soon -f mpegts < "$IN"
expect_stderr "^memremux: error: usage: -muxdelay: not a number: 'soon' \\(see --help\\)$"
[ ! -s "$T/out" ] || fail "-muxdelay soon: bytes written"
expect_status 2 memremux -muxpreload -5 -f mpeg < "$IN"
expect_stderr "-muxpreload: out of the mpeg muxer's range"
[ ! -s "$T/out" ] || fail "-muxpreload -5: bytes written"
ok "-muxdelay soon, -muxpreload -5: usage errors, nothing written"
