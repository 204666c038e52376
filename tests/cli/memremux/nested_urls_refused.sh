# Shows: an input that names other files (an HLS playlist, a concat list) does not make FFmpeg open them: all IO goes through memremux's own descriptors; one error line, status 1.
source "$(dirname "$0")/../lib.sh"
printf '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n%s\n#EXT-X-ENDLIST\n' "$FX/ts_single.ts" > "$T/list.m3u8"
# ffmpeg itself follows the playlist
ffmpeg -nostdin -v error -i "$T/list.m3u8" -c copy -f nut -y "$T/ff.nut"
[ -s "$T/ff.nut" ] || fail "ffmpeg did not follow the playlist (the test shows nothing)"
expect_status 1 memremux "$T/list.m3u8" -f nut
expect_stderr "^memremux: error: opening input: .*ts_single\.ts"
[ ! -s "$T/out" ] || fail "something was written"
printf 'ffconcat version 1.0\nfile %s\n' "$FX/ts_single.ts" > "$T/list.ffconcat"
expect_status 1 memremux "$T/list.ffconcat" -f nut
expect_stderr "^memremux: error: opening input: "
ok "nested inputs refused"
