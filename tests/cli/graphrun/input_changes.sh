# Shows: two MPEG-TS streams joined (`cat a.ts b.ts`: timestamps jump back, the video changes size, the audio its
# rate and layout) run through graphrun as ffmpeg runs them: the discontinuity is joined up and the graph is
# rebuilt for the new format, so the video frames hash as ffmpeg -filter_complex's (crop's size is an expression
# of the input size: the old graph would crop the new frames wrongly). A rebuilt graph's outputs keep what they
# were, as ffmpeg 5.1's (-autoscale): a graph that passes the size on (hflip, --vf null) gives ffmpeg's frames
# at the first size, an MJPEG encoder follows the new aspect ratio (ffmpeg's bytes), and audio whose rate and
# layout change keeps the first ones (ffmpeg's MP2 bytes); with -autoscale 0 the new size reaches the encoder,
# which refuses it: one clear line and status 1 instead of frames the encoder was not opened for.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
ffq -f lavfi -i testsrc=size=320x240:rate=25:duration=1 -f lavfi -i sine=f=440:sample_rate=44100:duration=1 -ac 2 \
  -c:v mpeg2video -c:a mp2 "$T/a.ts"
ffq -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 -f lavfi -i sine=f=880:sample_rate=48000:duration=1 -ac 1 \
  -c:v mpeg2video -c:a mp2 "$T/b.ts"
cat "$T/a.ts" "$T/b.ts" > "$T/ab.ts"

vgraph='[0:v]crop=iw/2:ih/2,scale=160:120[v]'
graphrun -g "$vgraph" --trace "$T/trace.jsonl" < "$T/ab.ts" > "$T/v.nut" 2> "$T/err" || { cat "$T/err"; fail "video: graphrun failed"; }
frames_of "$T/v.nut" | cut -d, -f5,6 > "$T/v.ours"
ffq -i pipe:0 -filter_complex "$vgraph" -map '[v]' -f framemd5 - < "$T/ab.ts" 2> /dev/null | grep -v '^#' | cut -d, -f5,6 > "$T/v.ref"
[ "$(wc -l < "$T/v.ref")" -ge 45 ] || fail "video: the reference made $(wc -l < "$T/v.ref") frames"
cmp -s "$T/v.ours" "$T/v.ref" || { diff "$T/v.ours" "$T/v.ref" | head >&2; fail "video: frames differ from ffmpeg's"; }
jq -e -s '[.[] | select(.event == "reconfigure")] | length == 1 and .[0].reason == "320x240 yuv420p -> 160x120 yuv420p"' \
  "$T/trace.jsonl" > /dev/null || fail "video: no reconfigure event in the trace"
ffprobe -v error -show_entries packet=pts -of csv=p=0 "$T/v.nut" |
  awk 'NR > 1 && $1 <= last { bad = 1 } { last = $1 } END { exit bad }' || fail "video: timestamps do not go on across the join"
ok "video across a size change and a timestamp jump: $(wc -l < "$T/v.ref") frames as ffmpeg"

agraph='[0:a]aresample=48000,aformat=sample_fmts=s16:channel_layouts=stereo[a]'
graphrun -g "$agraph" < "$T/ab.ts" > "$T/a.nut" 2> "$T/err" || { cat "$T/err"; fail "audio: graphrun failed"; }
IFS=, read -r rate channels < <(ffprobe -v error -show_entries stream=sample_rate,channels -of csv=p=0 "$T/a.nut")
[ "$rate $channels" = "48000 2" ] || fail "audio: output is $rate Hz, $channels channels"
samples=$(ffprobe -v error -show_entries packet=duration -of csv=p=0 "$T/a.nut" | awk '{ s += $1 } END { print s }')
# as long as the audio of both parts, give or take an MP2 frame lost at the join
want=$(for f in a b; do ffprobe -v error -select_streams a -show_entries packet=duration_time -of csv=p=0 "$T/$f.ts"; done |
  awk '{ s += $1 } END { printf "%d", s * 48000 }')
[ $((samples > want ? samples - want : want - samples)) -le 1300 ] || fail "audio: $samples samples, expected about $want"
ok "audio across a rate and layout change: $samples samples at 48 kHz stereo, $want in"

# hflip passes the new size on: ffmpeg scales it back to the first (its autoscale), so do we; the frames, their
# sizes and times are ffmpeg's, and MJPEG's JFIF header takes the new aspect ratio as ffmpeg's encoder does.
graphrun -g '[0:v]hflip[v]' < "$T/ab.ts" > "$T/h.nut" 2> "$T/err" || { cat "$T/err"; fail "hflip: graphrun failed"; }
frames_of "$T/h.nut" > "$T/h.ours"
ffq -i pipe:0 -filter_complex '[0:v]hflip[v]' -map '[v]' -c:v rawvideo -f framemd5 - < "$T/ab.ts" 2> /dev/null |
  grep -v '^#' > "$T/h.ref"
[ "$(wc -l < "$T/h.ref")" -ge 45 ] || fail "hflip: the reference made $(wc -l < "$T/h.ref") frames"
cmp -s "$T/h.ours" "$T/h.ref" || { diff "$T/h.ours" "$T/h.ref" | head >&2; fail "hflip: frames differ from ffmpeg's"; }
graphrun --vf null -an < "$T/ab.ts" > "$T/null.nut" 2> "$T/err" || { cat "$T/err"; fail "--vf null: graphrun failed"; }
ffq -i pipe:0 -vf null -an -c:v rawvideo -f framemd5 - < "$T/ab.ts" 2> /dev/null | grep -v '^#' > "$T/null.ref"
cmp -s <(frames_of "$T/null.nut") "$T/null.ref" || fail "--vf null: frames differ from ffmpeg -vf null's"
graphrun -g '[0:v]hflip[v]' -c:v mjpeg -fflags +bitexact < "$T/ab.ts" > "$T/h.mjpeg.nut" 2> /dev/null ||
  fail "hflip to MJPEG: graphrun failed"
ffq -i pipe:0 -filter_complex '[0:v]hflip[v]' -map '[v]' -c:v mjpeg -fflags +bitexact -f nut - < "$T/ab.ts" \
  > "$T/h.mjpeg.ref" 2> /dev/null
cmp -s "$T/h.mjpeg.nut" "$T/h.mjpeg.ref" || fail "hflip to MJPEG: bytes differ from ffmpeg's"
ok "an output whose graph passes the size change on keeps its first size, as ffmpeg's (hflip, --vf null, MJPEG bytes)"

# Audio whose rate and layout change, through a graph that passes them on: the output keeps 48 kHz stereo
# (aresample inserted by the rebuilt graph) and MP2's frame size, byte for byte ffmpeg's. (ffmpeg reads the joined
# stream with a small -probesize: else its probe's stream parameters are the second part's, which ffmpeg 5.1 then
# builds its first graph with.)
ffq -f lavfi -i sine=f=440:sample_rate=48000:duration=1 -ac 2 -c:a mp2 "$T/a1.ts"
ffq -f lavfi -i sine=f=660:sample_rate=44100:duration=1 -ac 1 -c:a mp2 "$T/b1.ts"
cat "$T/a1.ts" "$T/b1.ts" > "$T/ab_audio.ts"
graphrun -g '[0:a]volume=0.5[a]' -c:a mp2 -f mp2 -fflags +bitexact < "$T/ab_audio.ts" > "$T/vol.mp2" 2> "$T/err" ||
  { cat "$T/err"; fail "volume: graphrun failed"; }
ffq -probesize 32 -i pipe:0 -filter_complex '[0:a]volume=0.5[a]' -map '[a]' -c:a mp2 -f mp2 -fflags +bitexact - \
  < "$T/ab_audio.ts" > "$T/vol.ref" 2> /dev/null
[ "$(stat -c %s "$T/vol.ref")" -gt 50000 ] || fail "volume: the reference is too short"
cmp -s "$T/vol.mp2" "$T/vol.ref" || fail "volume: MP2 bytes differ from ffmpeg's"
ok "audio through a graph that passes a rate and layout change on: ffmpeg's MP2 bytes"

st=0
graphrun -g '[0:v]hflip[v]' -autoscale 0 < "$T/ab.ts" > /dev/null 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || { cat "$T/err"; fail "-autoscale 0 across a size change: status $st, expected 1"; }
grep -q '^graphrun: error: encoding output stream 0: its frames changed format mid-stream (320x240 yuv420p -> 160x120 yuv420p' "$T/err" ||
  { cat "$T/err"; fail "-autoscale 0: message"; }
[ "$(grep -c '^graphrun: error' "$T/err")" -eq 1 ] || { cat "$T/err"; fail "-autoscale 0: more than one error line"; }
ok "-autoscale 0: the size change reaches the encoder, which refuses it: one clear error, status 1"
