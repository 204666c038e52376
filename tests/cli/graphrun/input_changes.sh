# Shows: two MPEG-TS streams joined (`cat a.ts b.ts`: timestamps jump back, the video changes size, the audio its
# rate and layout) run through graphrun as ffmpeg runs them: the discontinuity is joined up and the graph is
# rebuilt for the new format, so the video frames hash as ffmpeg -filter_complex's (crop's size is an expression
# of the input size: the old graph would crop the new frames wrongly); the audio, where ffmpeg 5.1 stops with
# "Error reinitializing filters!", comes out whole; a graph whose output would change size mid-stream is refused
# with one clear line and status 1 instead of writing frames the encoder was not opened for.
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
ok "audio across a rate and layout change: $samples samples at 48 kHz stereo, $want in (ffmpeg 5.1 stops there)"

st=0
graphrun --vf null -an < "$T/ab.ts" > "$T/null.nut" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || { cat "$T/err"; fail "--vf null across a size change: status $st, expected 1"; }
grep -q '^graphrun: error: encoding output stream 0: its frames changed format mid-stream (320x240 yuv420p -> 160x120 yuv420p' "$T/err" ||
  { cat "$T/err"; fail "--vf null: message"; }
[ "$(grep -c '^graphrun: error' "$T/err")" -eq 1 ] || { cat "$T/err"; fail "--vf null: more than one error line"; }
ok "an output that would change size mid-stream: one clear error, status 1"
