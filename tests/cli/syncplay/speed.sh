# --speed plays faster or slower with the pitch kept: every frame shown at the scaled pace on the player's own clock,
# in sync with the audio, and the audio that reaches the device (SDL's disk driver) is still the 440 Hz tone, over
# 1/speed of the media's time.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=disk
clip="$FX/sync_av4.nut"
# tone FILE: frequency of a mono s16 recording from its upward crossings (with hysteresis: from below -1000 to above
# 1000, so that coding noise near zero does not count), and the seconds between the first and the last of them.
tone() {
  od -An -v -t d2 -w2 "$1" | awk '{ if (low && $1 > 1000) { if (!first) first = NR; last = NR; n++; low = 0 } if ($1 < -1000) low = 1 }
    END { if (n > 1) printf "%.1f %.3f\n", (n - 1) * 48000 / (last - first), (last - first) / 48000; else print "0 0" }'
}
for case in "2 2" "0.5 0.6"; do
  read -r speed media <<<"$case"
  play() {
    SDL_DISKAUDIOFILE="$T/a.raw" timeout "$HANG_SECONDS" syncplay --autoexit --speed "$speed" --t "$media" \
      --sync-report "$T/r.jsonl" "$clip" 2>"$T/err"
  }
  fed_run "$T/r.jsonl" play || fail "exit $?: $(cat "$T/err")"
  n=$(jq -s 'map(select(.action == "shown")) | length' "$T/r.jsonl")
  want=$(echo "$media * 25" | bc | cut -d. -f1)
  [ "$n" -ge $((want - 1)) ] && [ "$n" -le $((want + 1)) ] || fail "--speed $speed: $n frames shown, expected $want"
  # The device took its sound in real time (SDL's disk driver sleeps a buffer's time and then asks for the next:
  # slower than real time by what the callback costs and how late the sleeper wakes, several per cent in the
  # sanitizer build, more than ten on a busy host; the checks below judge by this pace).
  apace=$(audio_pace "$T/r.jsonl")
  within "$apace" 0.8 1.1 || fail "--speed $speed: the device received $apace s of sound per second"
  # The pictures follow the audio master: 1/speed seconds per media second at the pace the device takes the sound
  # (5 % either way), on the player's clock.
  pace=$(video_pace "$T/r.jsonl")
  expect=$(echo "1 / $speed / $apace" | bc -l)
  within "$pace" "$(echo "$expect * 0.95" | bc -l)" "$(echo "$expect * 1.05" | bc -l)" \
    || fail "--speed $speed: frames shown at $pace s per media second, expected $expect (device pace $apace)"
  # Sync thresholds are in real time (40 ms at least): in media time that is 80 ms at 2x, 40 ms (a frame) at 0.5x;
  # the difference may pass the threshold by the drift of one frame before it is corrected (10 % allowed: in the
  # sanitizer build the stretcher slows SDL's dummy audio device down by several per cent).
  bound=$(awk -v s="$speed" 'BEGIN { printf "%.3f", 1.1 * 0.040 * (s > 1 ? s : 1) }')
  tail -1 "$T/r.jsonl" | jq -e --argjson b "$bound" '.summary.sync == "audio" and .summary.av_diff_p95 <= $b' >/dev/null \
    || fail "--speed $speed: $(tail -1 "$T/r.jsonl")"
  # The sound is the tone stretched to media/speed seconds.
  read -r freq secs <<<"$(tone "$T/a.raw")"
  within "$freq" 435 445 || fail "--speed $speed: the tone is at $freq Hz, not 440"
  expect=$(echo "$media / $speed" | bc -l)
  within "$secs" "$(echo "$expect * 0.85" | bc -l)" "$(echo "$expect * 1.15" | bc -l)" \
    || fail "--speed $speed: $secs s of tone for $media s of media"
  ok "--speed $speed: $n frames at $pace s per media second, $secs s of tone at $freq Hz (device pace $apace)"
done
