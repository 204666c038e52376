# Shows: --metadata-out writes what analysis filters attach to frames as JSON Lines, the same keys and values that
# ffprobe -show_entries frame_tags reports for the same graph over the same input (video: signalstats, blackdetect;
# audio: silencedetect, ebur128), with the graph output's label; -f null writes no media (no file, nothing on stdout).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# ref_tags LAVFI_GRAPH: ffprobe's tags of every frame that has some, values as numbers where they read as numbers.
ref_tags() { ffprobe -v error -f lavfi "$1" -show_entries frame_tags -of json | jq -c '.frames[] | select(.tags) | .tags | map_values(tonumber? // .)'; }
our_tags() { jq -c '.tags | map_values(tonumber? // .)' "$1"; }

# Video: signalstats on every frame, blackdetect on a clip that turns black half way.
graphrun -i "$MAIN" -vf signalstats -an -f null --metadata-out "$T/ss.jsonl" 2>"$T/err" > "$T/out" || fail "signalstats: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "-f null wrote $(wc -c < "$T/out") bytes to stdout"
[ "$(wc -l < "$T/ss.jsonl")" = 180 ] || fail "signalstats: $(wc -l < "$T/ss.jsonl") lines for 180 frames"
diff <(ref_tags "movie=$MAIN,signalstats") <(our_tags "$T/ss.jsonl") > "$T/d" || fail "signalstats: not ffprobe's tags: $(head -c 400 "$T/d")"
jq -e 'select(.output != "" or .stream_index != 0 or .media_type != "video" or (.pts_time | type) != "number"
       or (.tags["lavfi.signalstats.YAVG"] | type) != "number")' "$T/ss.jsonl" > /dev/null && fail "signalstats: line fields: $(head -1 "$T/ss.jsonl")"
ffq -f lavfi -i "testsrc=size=64x48:rate=25:duration=2,drawbox=t=fill:c=black:enable='gte(t,1)'" -c:v mpeg4 -q:v 2 "$T/black.nut"
graphrun -filter_complex "[0:v]blackdetect=d=0.2:pix_th=0.1[dark]" -i "$T/black.nut" -map "[dark]" -f null --metadata-out "$T/bd.jsonl" -o /dev/null
diff <(ref_tags "movie=$T/black.nut,blackdetect=d=0.2:pix_th=0.1") <(our_tags "$T/bd.jsonl") > "$T/d" || fail "blackdetect: $(cat "$T/d")"
jq -e '.output == "dark" and (.tags | has("lavfi.black_start"))' < <(head -1 "$T/bd.jsonl") > /dev/null ||
  fail "blackdetect: $(cat "$T/bd.jsonl")"
ok "video: signalstats and blackdetect, ffprobe's tags, the output's label"

# Audio: a tone with a silence in the middle; silencedetect, and ebur128's loudness per frame.
ffq -f lavfi -i "sine=frequency=440:duration=3:sample_rate=48000,volume='if(between(t,1,2),0,1)':eval=frame" -c:a pcm_s16le "$T/tone.wav"
graphrun -i "$T/tone.wav" -af silencedetect=d=0.3 -f null --metadata-out "$T/sd.jsonl"
diff <(ref_tags "amovie=$T/tone.wav,silencedetect=d=0.3") <(our_tags "$T/sd.jsonl") > "$T/d" || fail "silencedetect: $(cat "$T/d")"
jq -s -e 'map(.tags) == [{"lavfi.silence_start": .[0].tags["lavfi.silence_start"]},
                          {"lavfi.silence_end": .[1].tags["lavfi.silence_end"], "lavfi.silence_duration": .[1].tags["lavfi.silence_duration"]}]
           and all(.[]; .media_type == "audio") and (.[0].tags["lavfi.silence_start"] | . > 0.9 and . < 1.1)
           and (.[1].tags["lavfi.silence_end"] | . > 1.9 and . < 2.1)' "$T/sd.jsonl" > /dev/null ||
  fail "silencedetect: $(cat "$T/sd.jsonl")"
graphrun -i "$T/tone.wav" -af ebur128=metadata=1 -f null --metadata-out "$T/r128.jsonl"
diff <(ref_tags "amovie=$T/tone.wav,ebur128=metadata=1") <(our_tags "$T/r128.jsonl") > "$T/d" || fail "ebur128: $(head -c 400 "$T/d")"
[ "$(wc -l < "$T/r128.jsonl")" -gt 10 ] || fail "ebur128: $(wc -l < "$T/r128.jsonl") lines"
ok "audio: silencedetect and ebur128, ffprobe's tags"

# With media written elsewhere the lines go to stdout; -f null names no file.
graphrun -i "$MAIN" -vf signalstats -an -o "$T/media.nut" --metadata-out - > "$T/stdout.jsonl"
[ "$(wc -l < "$T/stdout.jsonl")" = 180 ] && [ -s "$T/media.nut" ] || fail "metadata on stdout beside a media file"
graphrun -i "$MAIN" -vf signalstats -an -f null -o "$T/none.nut"
[ ! -e "$T/none.nut" ] || fail "-f null wrote $T/none.nut"
expect_status 2 graphrun -i "$MAIN" -vf signalstats -f nut --metadata-out -
expect_stderr '^graphrun: error: usage: --metadata-out -: stdout carries the media'
expect_status 1 graphrun -i "$MAIN" -vf signalstats -f null --metadata-out "$T/no/such/dir/m.jsonl"
expect_stderr "^graphrun: error: opening --metadata-out $T/no/such/dir/m.jsonl: No such file or directory$"
ok "stdout beside a file, -f null writes nothing, errors"
