# Shows: a container that cannot hold the selected streams is one error line naming the stream (status 1, nothing written), while the default selection leaves such streams out with a warning each.
source "$(dirname "$0")/../lib.sh"
# explicit: webm cannot hold H.264 (ffmpeg fails too)
expect_status 1 memremux "$FX/mkv_multi.mkv" -map 0:v -f webm
expect_stderr '^memremux: error: opening output: the webm container cannot hold stream 0:0 \(video h264\)$'
[ ! -s "$T/out" ] || fail "something was written"
if ffmpeg -nostdin -v error -i "$FX/mkv_multi.mkv" -map 0:v -c copy -f webm -y "$T/ff.webm" 2>/dev/null; then fail "ffmpeg accepted it"; fi
# nothing at all fits
expect_status 1 memremux "$FX/audio.flac" -f webm
grep -q '^memremux: warning: dropping stream 0:0 (audio flac): the webm container cannot hold it$' "$T/err" || fail "no warning"
grep -q '^memremux: error: opening output: the webm container cannot hold any stream of the input$' "$T/err" || fail "no error"
# -o with such a failure leaves no file
expect_status 1 memremux "$FX/mkv_multi.mkv" -map 0:s -o "$T/x.mp4"
expect_stderr 'the mp4 container cannot hold stream 0:3 \(subtitle subrip\)'
[ ! -e "$T/x.mp4" ] || fail "a file was left"
# default: what fits is kept, each dropped stream named once; ffmpeg without -map picks one stream per type instead
cat "$FX/mkv_multi.mkv" | memremux -f nut 2>"$T/err" > "$T/got.nut"
[ "$(cat "$T/err")" = "memremux: warning: dropping stream 0:3 (subtitle subrip): the nut container cannot hold it" ] ||
  { cat "$T/err"; fail "warnings"; }
[ "$(streams "$T/got.nut" | tr '\n' ' ')" = "h264,video aac,audio opus,audio " ] || fail "kept: $(streams "$T/got.nut")"
# a single-stream container keeps the first stream that fits
cat "$FX/mkv_multi.mkv" | memremux -f adts 2>"$T/err" > "$T/got.aac"
[ "$(streams "$T/got.aac" | tr '\n' ' ')" = "aac,audio " ] || fail "adts kept: $(streams "$T/got.aac")"
[ "$(grep -c 'dropping stream' "$T/err")" -eq 3 ] || { cat "$T/err"; fail "adts warnings"; }
ok "container fitting"
