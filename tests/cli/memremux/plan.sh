# Shows: --plan prints what the command would do and writes nothing: streams kept or dropped and why, bitstream
# filters and why, fragmenting and spooling, timestamp shifts, and each stream's first packet after the cut snaps to
# a key frame, which is where ffmpeg's copy of the same command starts.
source "$(dirname "$0")/../lib.sh"
# first_pts FILE: "stream,pts" of each stream's first packet (ms), as ffprobe reads the file.
# (Not Opus in Matroska: the file's times carry its codec delay, which the plan does not model; see the man page.)
first_pts() {
  ffprobe -v error -show_entries packet=stream_index,pts_time -of csv=p=0 "$1" |
    awk -F, '$1 != "" && !seen[$1]++ { printf "%s,%.3f\n", $1, $2 }' | sort
}
planned_pts() { jq -r '.streams[] | select(.kept and .first_packet != null) | "\(.output_index),\(.first_packet.file_pts)"' "$1" |
  awk -F, '{ printf "%s,%.3f\n", $1, $2 }' | sort; }

# Cuts before and after -i: the planned first packets are those of ffmpeg's copy, and nothing is written.
for cut in "-ss 1 -i $FX/mp4_front.mp4" "-i $FX/mp4_front.mp4 -ss 0.5 -t 1" "-ss 0.4 -i $FX/mkv_multi.mkv -map 0:v -map 0:a:0" \
           "-i $FX/cut_bframes_vfr.mkv -ss 0.7"; do
  # shellcheck disable=SC2086
  memremux --plan $cut "$T/out.mkv" > "$T/plan.json" 2>"$T/err" || fail "--plan $cut: $(cat "$T/err")"
  [ ! -e "$T/out.mkv" ] || fail "--plan $cut wrote the output"
  all=(-map 0)
  [[ $cut == *-map* ]] && all=()
  # shellcheck disable=SC2086
  ffmpeg -nostdin -v error $cut "${all[@]}" -c copy -y "$T/ref.mkv"
  diff <(planned_pts "$T/plan.json") <(first_pts "$T/ref.mkv") > "$T/d" ||
    fail "--plan $cut: first packets are not ffmpeg's: $(cat "$T/d")"
done
memremux --plan -ss 1 -i "$FX/mp4_front.mp4" -f matroska - | cat > "$T/cutin.json"
jq -e '.inputs[0] | .cut.start == 1 and (.cut.seek | test("the demuxer seeks")) and .ts_offset == -1 and .seekable' \
  "$T/cutin.json" >/dev/null || fail "input cut: $(jq -c .inputs "$T/cutin.json")"
jq -e '.streams[0] | .first_packet.key and .skipped_before_first_key == 0' "$T/cutin.json" >/dev/null ||
  fail "input cut first packet: $(jq -c .streams "$T/cutin.json")"
cat "$FX/mkv_multi.mkv" | memremux --plan -ss 1 -i - -f nut - | cat > "$T/pipecut.json"
jq -e '.inputs[0] | (.cut.seek | test("read up to the key frame")) and (.seekable | not) and (.spooled | not)' \
  "$T/pipecut.json" >/dev/null || fail "input cut on a pipe: $(jq -c .inputs "$T/pipecut.json")"
ok "cuts: each stream's first packet is ffmpeg's; how the start is reached"

# Streams: dropped because the container cannot hold them, or not mapped; kept with their output index.
memremux --plan -i "$FX/mkv_multi.mkv" "$T/out.mp4" > "$T/mp4.json" 2>"$T/err"
jq -e '[.streams[] | [.input, .kept, .output_index, .reason]] ==
       [["0:0",true,0,"the container can hold it"],["0:1",true,1,"the container can hold it"],
        ["0:2",true,2,"the container can hold it"],["0:3",false,null,"the mp4 container cannot hold it"]]' "$T/mp4.json" >/dev/null ||
  fail "kept/dropped: $(jq -c '[.streams[] | [.input, .kept, .output_index, .reason]]' "$T/mp4.json")"
memremux --plan -i "$FX/mkv_multi.mkv" -map 0:a:1 -f nut - | cat > "$T/map.json"
jq -e '[.streams[] | .reason] == ["not selected by -map","not selected by -map","selected by -map","not selected by -map"]
       and .streams[2].output_index == 0' "$T/map.json" >/dev/null || fail "-map: $(jq -c '[.streams[] | .reason]' "$T/map.json")"
ok "streams kept and dropped, with reasons"

# Bitstream filters, given and added; fragmenting to a pipe, not to a file; spooling an MP4 pipe.
ffmpeg -nostdin -v error -f lavfi -i sine=duration=1 -c:a aac -f adts -y "$T/x.aac"
cat "$T/x.aac" | memremux --plan -f mp4 - | cat > "$T/adts.json"
jq -e '.streams[0] | .bitstream_filters == "aac_adtstoasc" and (.bitstream_filters_reason | test("ADTS"))' "$T/adts.json" >/dev/null ||
  fail "ADTS: $(jq -c .streams "$T/adts.json")"
jq -e '.output | .fragmented and (.seekable | not) and (.fragmented_reason | test("pipe"))' "$T/adts.json" >/dev/null ||
  fail "fragments: $(jq -c .output "$T/adts.json")"
memremux --plan -i "$FX/mp4_front.mp4" -bsf:v h264_mp4toannexb "$T/o.mp4" > "$T/bsf.json"
jq -e '.streams[0].bitstream_filters == "h264_mp4toannexb" and .streams[0].bitstream_filters_reason == "given: -bsf:v"
       and (.output.fragmented | not) and .output.seekable' "$T/bsf.json" >/dev/null || fail "-bsf: $(cat "$T/bsf.json")"
cat "$FX/mp4_end.mp4" | memremux --plan -f matroska - | cat > "$T/spool.json"
jq -e '.inputs[0] | .spooled and (.spool_reason | test("index at the end"))' "$T/spool.json" >/dev/null ||
  fail "spool: $(jq -c .inputs "$T/spool.json")"
ok "bitstream filters, fragments, spooling, each with its reason"

# Timestamp shifts: the input's start to zero, or kept with -copyts. A segmenter writes no file.
memremux --plan -i "$FX/ts_single.ts" -f nut - | cat > "$T/ts.json"
start=$(jq -r '.inputs[0].start_time' "$T/ts.json")
jq -e --argjson s "$start" '$s > 0 and .inputs[0].ts_offset == -$s' "$T/ts.json" >/dev/null || fail "shift: $(jq -c .inputs "$T/ts.json")"
memremux --plan -copyts -i "$FX/ts_single.ts" -f nut - | cat > "$T/copyts.json"
jq -e '.inputs[0].ts_offset == 0' "$T/copyts.json" >/dev/null || fail "-copyts shift: $(jq -c .inputs "$T/copyts.json")"
mkdir "$T/hls"
memremux --plan -i "$FX/ts_single.ts" -f hls -hls_time 1 "$T/hls/x.m3u8" > "$T/hls.json" 2>"$T/err" || fail "hls: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "hls plan: stderr: $(cat "$T/err")"
[ -z "$(ls -A "$T/hls")" ] || fail "hls plan wrote files: $(ls "$T/hls")"
jq -e '.output | .own_files and .format == "hls"' "$T/hls.json" >/dev/null || fail "hls: $(jq -c .output "$T/hls.json")"
ok "timestamp shifts; a segmenter's plan writes no file"

expect_status 2 memremux --plan --verify -i "$FX/mkv_multi.mkv" "$T/o.mkv"
expect_stderr '^memremux: error: usage: --plan writes nothing'
ok "usage error"
