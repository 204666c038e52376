# --speed plays faster or slower on the clock (every frame shown, at the scaled pace); with audio present it says
# that keeping the pitch needs the atempo filter and plays without audio.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
for case in "2 2 0.9 1.4" "0.5 0.6 1.1 1.6"; do
  read -r speed media lo hi <<<"$case"
  start=$(date +%s.%N)
  syncplay --autoexit --speed "$speed" --t "$media" --sync-report "$T/r.jsonl" "$clip" 2>"$T/err" || fail "exit $?"
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  grep -q '^syncplay: warning: --speed with audio needs the atempo filter' "$T/err" || fail "no warning: $(cat "$T/err")"
  echo "$wall >= $lo && $wall < $hi" | bc | grep -qx 1 || fail "--speed $speed: $media s of media in $wall s"
  n=$(jq -s 'map(select(.action == "shown")) | length' "$T/r.jsonl")
  want=$(echo "$media * 25" | bc | cut -d. -f1)
  [ "$n" -ge $((want - 1)) ] && [ "$n" -le $((want + 1)) ] || fail "--speed $speed: $n frames shown, expected $want"
  tail -1 "$T/r.jsonl" | jq -e '.summary.av_diff_p95 <= 0.040' >/dev/null || fail "--speed $speed: $(tail -1 "$T/r.jsonl")"
  ok "--speed $speed: $media s in $wall s, $n frames"
done
