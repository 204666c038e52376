#!/usr/bin/env bash
# Shows: --tee copies stdin to stdout byte for byte while probing it, with the JSON in --json-out (or on stderr)
# equal to ffprobe's; a consumer that reads slowly or stops early does not break it, and the probe does not hold
# back the copy (a large input flows through although the probe only needs its start).
source "$(dirname "$0")/../lib.sh"
for f in mkv_multi.mkv mp4_end.mp4 ts_programs.ts; do
  cat "$FX/$f" | avprobe-json --tee --json-out "$T/meta.json" > "$T/copy" || fail "$f: tee failed"
  cmp -s "$FX/$f" "$T/copy" || fail "$f: the copy is not byte-identical"
  # The same JSON as probing the same bytes from a plain pipe.
  avprobe-json < <(cat "$FX/$f") > "$T/pipe.json"
  cmp -s "$T/pipe.json" "$T/meta.json" || fail "$f: tee JSON differs from a plain pipe probe"
  # And ffprobe's on the file, but for what a pipe cannot know (size, the bit rate from it; a TS's duration).
  ffprobe -v quiet -of json -show_format -show_streams "$FX/$f" > "$T/ref.json"
  [ "$f" = ts_programs.ts ] && continue
  json_diff --ignore format.filename --ignore format.size --ignore format.bit_rate "$T/ref.json" "$T/meta.json" ||
    fail "$f: tee JSON differs from ffprobe"
done
# JSON on stderr when no --json-out.
cat "$FX/audio.flac" | avprobe-json --tee 2> "$T/err.json" > "$T/copy" || fail "tee to stderr failed"
cmp -s "$FX/audio.flac" "$T/copy" || fail "copy differs"
jq -e '.streams[0].codec_name == "flac"' "$T/err.json" > /dev/null || fail "no JSON on stderr"
# A large stream (about 40 MB: the TS fixture many times over) flows through while the probe stops early.
for i in $(seq 1 60); do cat "$FX/ts_programs.ts"; done > "$T/big.ts"
cat "$T/big.ts" | avprobe-json -v error --tee --json-out "$T/big.json" | md5sum > "$T/copy.md5"
[ "$(cut -d' ' -f1 "$T/copy.md5")" = "$(md5sum < "$T/big.ts" | cut -d' ' -f1)" ] || fail "big copy differs"
jq -e '.streams | length == 4' "$T/big.json" > /dev/null || fail "big: probe failed"
# The consumer leaves early: quiet, the JSON still complete.
set +o pipefail
cat "$T/big.ts" | avprobe-json -v error --tee --json-out "$T/early.json" 2> "$T/err" | head -c 1000 > /dev/null
st=${PIPESTATUS[1]}
set -o pipefail
[ "$st" -eq 0 ] || fail "early close exit $st"
[ ! -s "$T/err" ] || fail "early close printed: $(cat "$T/err")"
jq -e '.streams | length == 4' "$T/early.json" > /dev/null || fail "early close: JSON incomplete"
# A failed probe still forwards everything and exits 1.
st=0; cat "$FX/garbage.bin" | avprobe-json -v quiet --tee --json-out "$T/bad.json" > "$T/copy" || st=$?
[ "$st" -eq 1 ] || fail "garbage through tee exited $st"
cmp -s "$FX/garbage.bin" "$T/copy" || fail "garbage copy differs"
jq -e '.error.code < 0' "$T/bad.json" > /dev/null || fail "no error object"
expect_status 2 avprobe-json --tee "$FX/audio.flac"
ok "tee forwards byte for byte while probing"
