#!/usr/bin/env bash
# Shows: --tee never holds the pipeline back for the prober: with a slow probe (decoding every frame of a 40 MB
# stream), the reader downstream has the whole stream long before the probe is done, and the JSON still has
# every frame.
source "$(dirname "$0")/../lib.sh"
for i in $(seq 1 60); do cat "$FX/ts_programs.ts"; done > "$T/big.ts"
size=$(stat -c %s "$T/big.ts")
start=$(date +%s%N)
cat "$T/big.ts" | avprobe-json -v quiet --tee --ndjson --show-frames \
  --json-out "$T/frames.jsonl" | { head -c "$size" > "$T/copy"; date +%s%N > "$T/t_copy"; cat > /dev/null; }
end=$(date +%s%N)
cmp -s "$T/big.ts" "$T/copy" || fail "the copy differs"
copy_ms=$(( ($(cat "$T/t_copy") - start) / 1000000 ))
total_ms=$(( (end - start) / 1000000 ))
echo "downstream had everything after ${copy_ms} ms; the probe took ${total_ms} ms"
[ "$total_ms" -gt 500 ] || { echo "the probe was too fast to show anything (${total_ms} ms)"; exit 77; }
[ $((copy_ms * 2)) -lt "$total_ms" ] || fail "forwarding waited for the prober (${copy_ms} of ${total_ms} ms)"
frames=$(grep -c '"frame":' "$T/frames.jsonl")
[ "$frames" -eq "$(ffprobe -v quiet -count_frames -show_streams -of json "$T/big.ts" | jq '[.streams[].nb_read_frames | tonumber] | add')" ] ||
  fail "the probe saw $frames frames, not ffprobe's count"
ok "tee forwards ahead of a slow probe"
