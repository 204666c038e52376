# Sourced by memremux's CLI tests after ../lib.sh: references made by ffmpeg itself, and comparisons.

# ref_copy INPUT FORMAT OUT [ffmpeg -map args...]: ffmpeg's own "-c copy" remux of INPUT, read from a pipe like
# memremux's. An MP4 with its index at the end is read as a file instead: from a pipe, ffmpeg 5.1 fails on it
# ("partial file") and still exits 0 with an empty output. Same for a MOV named *_end.mov.
ref_copy() {
  local in=$1 fmt=$2 out=$3; shift 3
  local maps=("$@")
  [ ${#maps[@]} -gt 0 ] || maps=(-map 0)
  case $in in
    *_end.mp4|*_end.mov) ffmpeg -nostdin -v error -i "$in" "${maps[@]}" -c copy -f "$fmt" -y "$out" ;;
    *) cat "$in" | ffmpeg -nostdin -v error -i pipe:0 "${maps[@]}" -c copy -f "$fmt" -y "$out" ;;
  esac
}

# same_packets A B: every packet's stream, time, flags and payload hash equal, in the same order, and the same
# streams (codec and type). One ffprobe per file: its start-up is most of a comparison's cost.
same_packets() {
  local entries=packet=stream_index,codec_type,pts_time,dts_time,flags,data_hash:stream=codec_type,codec_name
  ffprobe -v error -show_data_hash md5 -show_entries "$entries" -of csv "$1" > "$T/pa.txt"
  ffprobe -v error -show_data_hash md5 -show_entries "$entries" -of csv "$2" > "$T/pb.txt"
  grep -q '^packet,' "$T/pa.txt" || fail "$1 has no packets"
  if ! cmp -s "$T/pa.txt" "$T/pb.txt"; then
    diff "$T/pa.txt" "$T/pb.txt" | head -20 >&2
    fail "packets or streams of $1 differ from those of $2"
  fi
}

# same_packets_only A B: as same_packets, the packets alone. For Matroska made by ffmpeg from AAC in ADTS: ffmpeg
# writes the header without the AAC config and rewrites it at the end, damaging the Tracks element (ffprobe then
# lists the streams twice, or drops one), where memremux reads the config from the first packet first.
same_packets_only() {
  local entries=packet=stream_index,codec_type,pts_time,dts_time,flags,data_hash
  ffprobe -v error -show_data_hash md5 -show_entries "$entries" -of csv "$1" 2> /dev/null | grep '^packet,' > "$T/pa.txt"
  ffprobe -v error -show_data_hash md5 -show_entries "$entries" -of csv "$2" 2> /dev/null | grep '^packet,' > "$T/pb.txt"
  [ -s "$T/pa.txt" ] || fail "$1 has no packets"
  if ! cmp -s "$T/pa.txt" "$T/pb.txt"; then
    diff "$T/pa.txt" "$T/pb.txt" | head -20 >&2
    fail "packets of $1 differ from those of $2"
  fi
}

# Runs memremux over every fixture into FORMAT through real pipes (cat | memremux | cat) and compares with ffmpeg.
# Arguments: FORMAT, then "fixture" or "fixture=ffmpeg-map-args" entries.
match_ffmpeg_over_pipes() {
  local fmt=$1; shift
  local entry in maps
  for entry in "$@"; do
    in=${entry%%=*}
    maps=()
    [ "$entry" = "$in" ] || read -r -a maps <<< "${entry#*=}"
    cat "$FX/$in" | memremux -f "$fmt" 2>"$T/err" | cat > "$T/got.$fmt" || { cat "$T/err" >&2; fail "memremux failed on $in"; }
    ref_copy "$FX/$in" "$fmt" "$T/ref.$fmt" "${maps[@]}"
    same_packets "$T/got.$fmt" "$T/ref.$fmt"
    ok "$in -> $fmt: $(grep -c '^packet,' "$T/pa.txt") packets as ffmpeg -c copy"
  done
}

# payloads FILE: "stream_index md5" per packet (no times), sorted stably by stream: what each stream carries.
payloads() {
  ffprobe -v error -show_data_hash md5 -show_entries packet=stream_index,data_hash -of json "$1" |
    jq -r '.packets[] | "\(.stream_index) \(.data_hash)"' | sort -s -k1,1n
}

# container_facts FILE: chapters, global and stream tags, dispositions and stream timing as ffprobe sees them (JSON).
container_facts() {
  ffprobe -v error -show_chapters -show_entries \
    format_tags:stream_tags:stream_disposition:stream=index,codec_name,codec_tag_string,time_base,r_frame_rate,avg_frame_rate,sample_aspect_ratio,start_time \
    -of json "$1" | jq -S .
}
