#!/usr/bin/env bash
# Shows: --typed output (numbers as numbers, rationals as {num,den}, format.duration_source) validates against
# schema/avprobe-json.typed.schema.json for every fixture and section, and carries the same values as ffprobe's.
source "$(dirname "$0")/../lib.sh"
schema=$MT_SOURCE/schema/avprobe-json.typed.schema.json
py=python3
"$py" -c 'import jsonschema' 2> /dev/null || py=/usr/bin/python3  # Debian's python3-jsonschema
"$py" -c 'import jsonschema' 2> /dev/null || { echo "python3-jsonschema missing (scripts/setup.sh installs it)"; exit 1; }
validate() {
  "$py" - "$schema" "$@" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    docs = [json.loads(l) for l in text.splitlines() if l.strip()] if path.endswith(".jsonl") else [json.loads(text)]
    for d in docs:
        for e in v.iter_errors(d):
            bad += 1
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
sys.exit(1 if bad else 0)
PY
}
files=()
for f in mp4_front.mp4 mp4_end.mp4 mkv_multi.mkv ts_single.ts ts_programs.ts webm_vp9.webm audio.flac audio.mp3 audio.wav rotated.mp4 attach_badtag.mkv; do
  avprobe-json --typed --show-format --show-streams --show-chapters --show-programs "$FX/$f" > "$T/$f.json"
  files+=("$T/$f.json")
done
avprobe-json --typed --show-packets --show-frames "$FX/mkv_multi.mkv" > "$T/pf.json"
avprobe-json --typed --ndjson --show-packets --count-frames "$FX/ts_programs.ts" "$T/missing.ts" > "$T/lines.jsonl" || true
# --show-warnings' list too, on a TS with damaged bytes (the H.264 decoder complains).
cp "$FX/ts_single.ts" "$T/damaged.ts"
for off in 20000 30000 31000 50000 70000; do printf 'garbage!' | dd of="$T/damaged.ts" bs=1 seek=$off conv=notrunc 2> /dev/null; done
avprobe-json --typed --show-warnings "$T/damaged.ts" > "$T/warnings.json" 2> /dev/null
jq -e '.warnings | length > 0' "$T/warnings.json" > /dev/null || fail "the damaged TS gave no warnings to validate"
files+=("$T/pf.json" "$T/lines.jsonl" "$T/warnings.json")
validate "${files[@]}" || fail "typed output does not validate"
# The negative case: a string where the schema wants a number is caught (the validation can fail).
jq '.format.duration = "2.0"' "$T/mp4_front.mp4.json" > "$T/broken.json"
validate "$T/broken.json" > /dev/null && fail "the schema accepted a string duration"
# Same values as ffprobe's strings.
ffprobe -v quiet -of json -show_format -show_streams "$FX/mkv_multi.mkv" > "$T/ref.json"
jq -e --slurpfile r "$T/ref.json" '
  (.format.duration == ($r[0].format.duration | tonumber)) and
  (.format.bit_rate == ($r[0].format.bit_rate | tonumber)) and
  (.streams[1].sample_rate == ($r[0].streams[1].sample_rate | tonumber)) and
  (.streams[0].time_base == {num: 1, den: 1000}) and
  (.format.duration_source == "header")' "$T/mkv_multi.mkv.json" > /dev/null || fail "typed values differ from ffprobe's"
jq -e '.format.duration_source == "timestamps"' "$T/ts_single.ts.json" > /dev/null || fail "TS duration source"
jq -e '.format.duration_source == "header"' "$T/audio.mp3.json" > /dev/null || fail "MP3 (Xing) duration source"
ffmpeg -nostdin -v error -f lavfi -i "sine=duration=1" -c:a libmp3lame -write_xing 0 -fflags +bitexact "$T/cbr.mp3"
avprobe-json --typed "$T/cbr.mp3" | jq -e '.format.duration_source == "bitrate"' > /dev/null || fail "CBR MP3 duration source"
ok "typed output validates against the schema"
