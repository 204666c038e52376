#!/usr/bin/env bash
# Cuts every file of a tree into HLS (memremux -f hls, no decoding): one folder per input under an output tree of the
# same shape, holding its playlist and segments, with GNU parallel: locally (-j) or on hosts (-S), with a job log
# and resume. One result line per input in OUT/.batch.ndjson. See mediatoolkit-batch(7).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/batch-lib.sh"
batch_help() {
  cat << HELP
Usage: $(basename "$0") [-j N] [-S HOSTS] [--resume] [--hls-time SECONDS] [--fmp4] TREE OUT [-- MEMREMUX_OPTIONS...]

Cuts every file under TREE into HLS: TREE/a/talk.mp4 becomes OUT/a/talk.mp4/index.m3u8 (a VOD playlist naming
every segment) with its segments seg00000.ts, seg00001.ts, ... beside it. memremux writes each segment beside its
name and renames it into place when complete, so a run cut off never leaves a playlist naming a partial segment. In
OUT: .batch.ndjson (one line per input: input, output (the playlist), status done or error, exit, error, seconds,
segments, bytes), .batch.joblog (parallel's job log) and .batch.inputs (the list of files, in the order the job log
counts them). --resume also makes again a done input whose playlist or segments are gone (needs jq). Options after
-- go to memremux (-map 0:v -map 0:a:0, -hls_flags +independent_segments, ...). The tool is \$MEMREMUX (default:
memremux on PATH, on every host).
  --hls-time S  the segments' length in seconds (default 4; a segment ends at the first key frame after it)
  --fmp4        fragmented MP4 segments (seg00000.m4s, with init.mp4) instead of MPEG-TS
$batch_usage_common

Exit status: 0 when every file was cut, else parallel's (the number of files that failed, up to 100).
HELP
}
hls_time=4
fmp4=0
args=()
while [ $# -gt 0 ]; do  # this recipe's own options; the rest is batch_parse's
  case $1 in
    --hls-time) hls_time=${2:?--hls-time needs seconds}; shift 2 ;;
    --fmp4) fmp4=1; shift ;;
    --) args+=("$@"); break ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ $hls_time =~ ^[0-9]+(\.[0-9]+)?$ ]] && [[ ! $hls_time =~ ^0+(\.0*)?$ ]] || batch_die "--hls-time: a number of seconds above 0, not '$hls_time'"
batch_parse "${args[@]}"
batch_tree_and_out

export MEMREMUX=${MEMREMUX:-memremux} MT_TREE=$tree MT_OUT=$out MT_HLS_TIME=$hls_time MT_FMP4=$fmp4
export MT_REMUX_OPTIONS=${batch_tool_args[*]+"${batch_tool_args[*]}"}
batch_env=(MEMREMUX MT_TREE MT_OUT MT_HLS_TIME MT_FMP4 MT_REMUX_OPTIONS batch_json_string batch_result)
# The segments a playlist names, one a line.
mt_hls_segments() { grep -v '^#' -- "$1" | grep -v '^$' || true; }
# One job: one input, one folder (made afresh: what an earlier, failed attempt left goes), one result line.
mt_hls_job() {
  local in=$1 dir playlist start status=0 err extra n bytes seg
  dir=$MT_OUT/${in#"$MT_TREE"/}
  playlist=$dir/index.m3u8
  start=${EPOCHREALTIME//[.,]/}
  rm -rf -- "$dir"
  mkdir -p -- "$dir"
  local type=(-hls_segment_filename "$dir/seg%05d.ts")
  [ "$MT_FMP4" = 1 ] && type=(-hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$dir/seg%05d.m4s")
  # shellcheck disable=SC2086 # the options are words
  err=$("$MEMREMUX" -v error -nostdin -i "$in" $MT_REMUX_OPTIONS -f hls -hls_time "$MT_HLS_TIME" -hls_list_size 0 \
    -hls_playlist_type vod "${type[@]}" -y "$playlist" 2>&1 > /dev/null) || status=$?
  extra=""
  # A failed input leaves no folder: segments it completed before the failure would pass for a (short) result.
  [ "$status" = 0 ] || rm -rf -- "$dir"
  if [ "$status" = 0 ]; then
    n=0
    bytes=$(stat -c %s -- "$playlist")
    while IFS= read -r seg; do
      n=$((n + 1))
      bytes=$((bytes + $(stat -c %s -- "$dir/$seg")))
    done < <(mt_hls_segments "$playlist")
    [ "$MT_FMP4" = 0 ] || bytes=$((bytes + $(stat -c %s -- "$dir/init.mp4")))
    extra="\"segments\":$n,\"bytes\":$bytes"
  fi
  batch_result "$in" "$playlist" "$status" "$err" "$start" "$extra"
  return "$status"
}
# A done input is intact when its playlist is there and names as many segments as its result line, each there.
# Arguments: the line's output (the playlist), bytes, segments, verified.
mt_hls_intact() {
  local playlist=$1 n=$3 seg count=0
  [ -f "$playlist" ] && [ -n "$n" ] || return 1
  while IFS= read -r seg; do
    [ -f "${playlist%/*}/$seg" ] || return 1
    count=$((count + 1))
  done < <(mt_hls_segments "$playlist")
  [ "$count" = "$n" ]
}
export -f mt_hls_job mt_hls_segments batch_json_string batch_result
batch_env+=(mt_hls_segments)
batch_inputs "$tree" "$out/.batch.inputs"
batch_run_tree mt_hls_job mt_hls_intact
