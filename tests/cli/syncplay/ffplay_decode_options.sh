# ffplay's -drp, -filter_threads and -find_stream_info/-nofind_stream_info, which syncplay refused before.
# -drp on a clip with B-frames: 0 gives each frame its packet's dts (ffprobe's pkt_dts_time), 1 the decoder's
# reordered pts, -1 (the default) FFmpeg's best-effort guess; -filter_threads sets the --vf chain's slice threads;
# -nofind_stream_info skips FFmpeg's stream probing (its debug line says when it ran).
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ffmpeg -nostdin -v error -y -f lavfi -i testsrc=size=160x120:rate=25:duration=1 -c:v mpeg4 -bf 2 -q:v 4 "$T/b.nut" \
  || fail "making the clip"
frames() { jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$1" | awk '{ printf "%.3f\n", $1 }' | sort -g; }
probe() { ffprobe -v error -select_streams v -show_entries "frame=$1" -of csv=p=0 "$T/b.nut" | awk -F, '$1 != "" { printf "%.3f\n", $1 }' | sort -g; }
probe pkt_dts_time >"$T/dts"
probe pts_time >"$T/pts"
probe best_effort_timestamp_time >"$T/best"
! cmp -s "$T/dts" "$T/pts" || fail "the clip's dts are its pts: the test could not tell them apart"
for drp in 0 1 -1; do
  syncplay --autoexit -nodisp -an -drp "$drp" --sync-report "$T/r$drp.jsonl" "$T/b.nut" 2>"$T/err" || fail "-drp $drp: exit $?: $(cat "$T/err")"
  frames "$T/r$drp.jsonl" >"$T/got$drp"
done
diff "$T/dts" "$T/got0" >/dev/null || fail "-drp 0: not the packets' dts: $(diff "$T/dts" "$T/got0" | head -4 | tr '\n' ' ')"
diff "$T/pts" "$T/got1" >/dev/null || fail "-drp 1: not the decoder's pts: $(diff "$T/pts" "$T/got1" | head -4 | tr '\n' ' ')"
diff "$T/best" "$T/got-1" >/dev/null || fail "-drp -1: not the best-effort times: $(diff "$T/best" "$T/got-1" | head -4 | tr '\n' ' ')"
ok "-drp 0/1/-1: the frames' dts, pts and best-effort times, as ffprobe reports them ($(wc -l <"$T/got0") frames)"

for n in 1 3; do
  syncplay -v verbose --autoexit -nodisp -an -filter_threads "$n" --vf hflip --t 0.2 "$T/b.nut" 2>"$T/err" \
    || fail "-filter_threads $n: exit $?: $(cat "$T/err")"
  grep -q "video filter chain: $n slice thread(s)" "$T/err" || fail "-filter_threads $n: $(grep -i 'filter chain' "$T/err")"
done
ok "-filter_threads 1 and 3 give the chain that many slice threads"

syncplay -v debug --autoexit -nodisp -an --t 0.2 "$T/b.nut" 2>"$T/err" || fail "exit $?"
grep -q 'After avformat_find_stream_info' "$T/err" || fail "no stream probing by default"
syncplay -v debug --autoexit -nodisp -an -nofind_stream_info --sync-report "$T/n.jsonl" "$T/b.nut" 2>"$T/err" || fail "exit $?"
! grep -q 'After avformat_find_stream_info' "$T/err" || fail "-nofind_stream_info probed the streams"
frames "$T/n.jsonl" | diff "$T/best" - >/dev/null || fail "-nofind_stream_info: other frames"
ok "-nofind_stream_info skips the probing and plays the same frames"

expect_status 2 syncplay -drp 2 "$T/b.nut"
expect_stderr '^syncplay: error: .*-drp: -1, 0 or 1'
expect_status 2 syncplay -filter_threads -1 "$T/b.nut"
expect_stderr '^syncplay: error: .*-filter_threads'
ok "bad values are usage errors"
