# --af reaches the device: with --af volume=0.5 the peak SDL's disk driver writes is half of ffmpeg's decoded peak;
# with --af atempo=2 and --vf setpts=0.5*PTS both chains change the timing together: 2 s of media play in about
# 1 s, every frame at half its time, and sync holds.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=disk
clip="$FX/sync_av4.nut"
peak() { od -An -v -t d2 -w2 "$1" | awk '{v = $1 < 0 ? -$1 : $1; if (v > m) m = v} END {print m + 0}'; }
ffmpeg -nostdin -v error -i "$clip" -t 0.5 -map 0:a -f s16le -ac 1 "$T/ref.raw"
want=$(peak "$T/ref.raw")
[ "$want" -gt 1000 ] || fail "reference peak $want"
SDL_DISKAUDIOFILE="$T/half.raw" syncplay --autoexit --no-display --t 0.5 --af volume=0.5 "$clip" 2>"$T/err" \
  || fail "exit $?: $(cat "$T/err")"
[ "$(stat -c %s "$T/half.raw")" -gt 40000 ] || fail "only $(stat -c %s "$T/half.raw") bytes played"
got=$(peak "$T/half.raw")
[ $((got * 2 - want)) -le 64 ] && [ $((want - got * 2)) -le 64 ] || fail "peak with volume=0.5 is $got, decoded $want"
ok "peak $got with --af volume=0.5 (decoded $want)"

export SDL_AUDIODRIVER=dummy
clip="$FX/mp4_front.mp4"
play() {
  timeout "$HANG_SECONDS" syncplay --autoexit --af atempo=2 --vf 'setpts=0.5*PTS' --sync-report "$T/r.jsonl" "$clip" \
    2>"$T/err"
}
fed_run "$T/r.jsonl" play || fail "exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
# The chains halve the timestamps, so the report's (filtered) pts play at real time on the player's clock: at the
# pace the audio master's device takes its sound (a busy machine or a sanitizer build slows SDL's dummy driver,
# which sleeps a buffer's time after each callback: 0.89 under ASan in ci61, with the machine otherwise idle).
apace=$(audio_pace "$T/r.jsonl")
within "$apace" 0.8 1.1 || fail "the device received $apace s of sound per second"
pace=$(video_pace "$T/r.jsonl")
within "$pace" "$(echo "0.95 / $apace" | bc -l)" "$(echo "1.05 / $apace" | bc -l)" ||
  fail "filtered frames shown at $pace s per (halved) media second (device pace $apace)"
span=$(video_span "$T/r.jsonl")
within "$span" "$(echo "0.85 / $apace" | bc -l)" "$(echo "1.1 / $apace" | bc -l)" || fail "2 s at double speed shown over $span s"
ffprobe -v error -select_streams v -show_entries frame=pts_time -of csv=p=0 "$clip" | awk -F, '$1 != "" {printf "%.3f\n", $1 / 2}' >"$T/want"
# In pts order: a frame dropped early (before the display queue, on a busy machine) is reported by the video
# thread when it drops it, ahead of frames shown before it.
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | awk '{printf "%.3f\n", $1}' |
  sort -n >"$T/got"
diff "$T/want" "$T/got" >"$T/pts.diff" || fail "pts are not half the stream's: $(head -5 "$T/pts.diff")"
tail -1 "$T/r.jsonl" | jq -e '.summary | .sync == "audio" and .dropped <= 1 and .av_diff_p95 <= 0.040' >/dev/null \
  || fail "summary: $(tail -1 "$T/r.jsonl")"
ok "double speed through both chains over $span s: $(tail -1 "$T/r.jsonl")"
