# Audio reaches the device at the decoded level, scaled by --volume: SDL's disk driver writes what syncplay plays;
# its peak is ffmpeg's decoded peak at --volume 100, half of it at 50, and silence at 0.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=disk
clip="$FX/sync_av4.nut"
peak() { od -An -v -t d2 -w2 "$1" | awk '{v = $1 < 0 ? -$1 : $1; if (v > m) m = v} END {print m + 0}'; }
ffmpeg -nostdin -v error -i "$clip" -t 0.5 -map 0:a -f s16le -ac 1 "$T/ref.raw"
want=$(peak "$T/ref.raw")
[ "$want" -gt 1000 ] || fail "reference peak $want"
for v in 100 50 0; do
  SDL_DISKAUDIOFILE="$T/v$v.raw" syncplay --autoexit --no-display --t 0.5 --volume "$v" "$clip" 2>"$T/err" \
    || fail "--volume $v: exit $?: $(cat "$T/err")"
  [ "$(stat -c %s "$T/v$v.raw")" -gt 40000 ] || fail "--volume $v: only $(stat -c %s "$T/v$v.raw") bytes played"
done
p100=$(peak "$T/v100.raw"); p50=$(peak "$T/v50.raw"); p0=$(peak "$T/v0.raw")
[ $((p100 - want)) -le 2 ] && [ $((want - p100)) -le 2 ] || fail "peak at --volume 100 is $p100, decoded $want"
[ $((p50 * 2 - want)) -le 64 ] && [ $((want - p50 * 2)) -le 64 ] || fail "peak at --volume 50 is $p50, decoded $want"
[ "$p0" -eq 0 ] || fail "peak at --volume 0 is $p0"
ok "peaks: decoded $want, played $p100 / $p50 / $p0"
