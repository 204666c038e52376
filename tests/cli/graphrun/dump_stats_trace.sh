# --dump-graph text|dot|json shows the negotiated links; --stats counts frames per filter; --trace logs scheduler events.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
g='[0:v]scale=80:60,format=gray[v];[0:a]aresample=22050[a]'
cat "$MAIN" | graphrun -g "$g" --dump-graph text > /dev/null 2> "$T/text"
grep -q 'Parsed_scale_0:default -> Parsed_format_1:default  video gray 80x60' "$T/text" || { cat "$T/text"; fail "text dump"; }
grep -q 'audio s16 22050 Hz mono' "$T/text" || { cat "$T/text"; fail "text dump audio"; }
cat "$MAIN" | graphrun -g "$g" --dump-graph dot --dump-graph-file "$T/g.dot" > /dev/null
grep -q '^digraph filtergraph' "$T/g.dot" || fail "dot dump"
if command -v dot >/dev/null; then dot -Tsvg "$T/g.dot" > /dev/null || fail "dot does not read the dump"; fi
cat "$MAIN" | graphrun -g "$g" --dump-graph json --dump-graph-file "$T/g.json" > /dev/null
python3 - "$T/g.json" <<'PY' || fail "json dump"
import json, sys
d = json.load(open(sys.argv[1]))
links = {(l["src"], l["dst"]): l for l in d["links"]}
v = links[("Parsed_format_1", "out:v")]
assert v["format"] == "gray" and v["width"] == 80 and v["height"] == 60 and v["frame_rate"] == "60/1", v
a = links[("Parsed_aresample_2", "out:a")]
assert a["sample_rate"] == 22050 and a["channel_layout"] == "mono", a
PY
ok "dumps"

cat "$MAIN" | graphrun -g "$g" --stats > /dev/null 2> "$T/stats"
grep -q 'stats: Parsed_scale_0 (scale): 180 frames in, 180 frames out' "$T/stats" || { cat "$T/stats"; fail "stats"; }
ok "stats"

# trace: JSON Lines; input 0 is starved and read; the trim ends its output early, and input 0 (feeding only it)
# stops long before its end while input 1 is read to its end.
graphrun -i - -i "$SIDE" -g '[0:v]trim=end=0.5[v];[1:v]null[w]' --trace "$T/trace.jsonl" < <(cat "$MAIN") > "$T/t.nut"
python3 - "$T/trace.jsonl" <<'PY' || fail "trace"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
kinds = {e["event"] for e in ev}
assert {"read", "frame_in", "frame_out", "eof_in", "eof_out", "input_stopped", "queue"} <= kinds, kinds
stops = [e for e in ev if e["event"] == "input_stopped"]
assert any(e["input"].startswith("0:") and e["reason"] == "outputs ended" for e in stops), stops
frames0 = sum(1 for e in ev if e["event"] == "frame_in" and e["source"] == "0:v")
assert frames0 < 60, frames0   # 0.5 s of 60 fps, not the 180 frames of the input
assert any(e["event"] == "input_stopped" and e["input"].startswith("1:") and e["reason"] == "eof" for e in ev)
assert all(e["reason"] in ("starved", "oldest") for e in ev if e["event"] == "read")
q = [e for e in ev if e["event"] == "queue"]
assert q and all(e["queued"] == sum(e.get("links", {}).values()) for e in q), q[:3]
trim = [e for e in ev if e["event"] == "filter" and e["kind"] == "trim"]
assert len(trim) == 1 and trim[0]["frames_out"] == 30, trim
PY
n=$(ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$T/t.nut")
[ "$n" = 30 ] || fail "trimmed output has $n frames"
ok "trace, and the trim stops the input feeding only it"

# --progress: a progress line on stderr even when it is not a terminal, ending at the last frame's time (179/60 s)
graphrun --vf 'scale=80:60' -an --progress "$MAIN" 2> "$T/progress" > /dev/null
grep -q 'time=00:00:02.98' "$T/progress" || { cat "$T/progress"; fail "progress"; }
ok "progress"

# Bytes that are not UTF-8, in a label and in an input's name, are written as U+FFFD in the JSON dump and the trace,
# not a crash (nlohmann/json throws on them unless told).
odd=$(printf 'v\377')
cp "$MAIN" "$T/in$(printf '\377').nut"
expect_status 0 graphrun -i "$T/in$(printf '\377').nut" -g "[0:v]null[$odd]" --dump-graph json --dump-graph-file "$T/odd.json" \
  --trace "$T/odd.trace" -f null -
jq -e '.links | map(.dst) | index("out:v\ufffd") != null' "$T/odd.json" > /dev/null || { cat "$T/odd.json"; fail "odd label"; }
jq -s -e 'map(select(.input)) | .[0].input | endswith("in\ufffd.nut")' "$T/odd.trace" > /dev/null ||
  { head -3 "$T/odd.trace"; fail "odd input name in the trace"; }
ok "labels and file names that are not UTF-8: U+FFFD in the JSON dump and the trace"
