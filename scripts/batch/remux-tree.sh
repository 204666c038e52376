#!/usr/bin/env bash
# Remuxes every file of a tree into another container (memremux, no decoding) under an output tree of the same
# shape, with GNU parallel: locally (-j) or on hosts (-S), with a job log and resume. One result line per input in
# OUT/.batch.ndjson, and a --verify receipt beside each output. See mediatoolkit-batch(7).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/batch-lib.sh"
batch_help() {
  cat << HELP
Usage: $(basename "$0") [-j N] [-S HOSTS] [--resume] [-e EXT] [--keep-ext] [--no-verify] TREE OUT [-- MEMREMUX_OPTIONS...]

Remuxes every file under TREE into OUT, keeping the tree's shape, the extension replaced by EXT (default mkv; the
container follows from it, or from -f in the memremux options). Each output is written beside its name and renamed
into place by memremux, so a run cut off leaves no truncated output; beside it, memremux's --verify receipt
(NAME.verify.json: every stream's packets hashed as read and as written). In OUT: .batch.ndjson (one line per
input: input, output, status done or error, exit, error, seconds, bytes, receipt, verified), .batch.joblog
(parallel's job log) and .batch.inputs (the list of files, in the order the job log counts them). --resume also
makes again a done output that is gone, or whose size or receipt no longer matches its line (needs jq). Options after -- go to memremux (-map 0:v -map 0:a,
-movflags +faststart, ...). The tool is \$MEMREMUX (default: memremux on PATH, on every host).
  -e EXT        the outputs' extension (mkv, mp4, mov, nut, ts, ...)
  --keep-ext    keep the input's extension before it (talk.mp4 -> talk.mp4.mkv): for trees where two files differ
                by their extension only (the recipe refuses such a tree without it)
  --no-verify   no receipts (memremux without --verify)
$batch_usage_common

Exit status: 0 when every file was remuxed, else parallel's (the number of files that failed, up to 100).
HELP
}
ext=mkv
keep_ext=0
verify=1
args=()
while [ $# -gt 0 ]; do  # -e is this recipe's own; the rest is batch_parse's
  case $1 in
    -e) ext=${2:?-e needs an extension}; shift 2 ;;
    --keep-ext) keep_ext=1; shift ;;
    --no-verify) verify=0; shift ;;
    --) args+=("$@"); break ;;
    *) args+=("$1"); shift ;;
  esac
done
batch_parse "${args[@]}"
batch_tree_and_out

export MEMREMUX=${MEMREMUX:-memremux} MT_TREE=$tree MT_OUT=$out MT_EXT=$ext MT_KEEP_EXT=$keep_ext MT_VERIFY=$verify
export MT_REMUX_OPTIONS=${batch_tool_args[*]+"${batch_tool_args[*]}"}
batch_env=(MEMREMUX MT_TREE MT_OUT MT_EXT MT_KEEP_EXT MT_VERIFY MT_REMUX_OPTIONS batch_json_string batch_result mt_remux_target)
# The output of an input: the same place under OUT, its extension replaced by EXT (kept before it with --keep-ext).
mt_remux_target() {
  local rel=${1#"$MT_TREE"/}
  [[ $MT_KEEP_EXT = 0 && ${rel##*/} == ?*.* ]] && rel=${rel%.*}
  printf '%s' "$MT_OUT/$rel.$MT_EXT"
}
# One job: one input, one output file and its --verify receipt (OUTPUT.verify.json), one result line on stdout
# (with the output's size and the receipt's verdict); the job's status is memremux's.
mt_remux_job() {
  local in=$1 out start status=0 err receipt extra verified
  out=$(mt_remux_target "$in")
  receipt=$out.verify.json
  start=${EPOCHREALTIME//[.,]/}
  mkdir -p -- "${out%/*}"
  # memremux writes .NAME.part-XXXXXX beside NAME and renames it; a job killed outright (SIGKILL, a host lost) leaves
  # it behind: this output's own leftovers go before it is made again.
  rm -f -- "${out%/*}/.${out##*/}".part-?????? "${out%/*}/.${receipt##*/}".part-??????
  local verify=()
  [ "$MT_VERIFY" = 1 ] && verify=(--verify="$receipt")
  # shellcheck disable=SC2086 # the options are words
  err=$("$MEMREMUX" -v error -nostdin "${verify[@]}" -i "$in" $MT_REMUX_OPTIONS -y "$out" 2>&1 > /dev/null) || status=$?
  extra=""
  if [ "$status" = 0 ]; then extra="\"bytes\":$(stat -c %s -- "$out")"; fi
  if [ "$MT_VERIFY" = 1 ]; then
    # The receipt's verdict, read without jq (hosts need only the tools): memremux writes '"verified": BOOL'.
    verified=null
    if [ -f "$receipt" ]; then
      verified=$(grep -m1 -o '"verified": [a-z]*' "$receipt" | sed 's/.*: //')
      extra+="${extra:+,}\"receipt\":$(batch_json_string "$receipt")"
    fi
    extra+="${extra:+,}\"verified\":${verified:-null}"
  fi
  batch_result "$in" "$out" "$status" "$err" "$start" "$extra"
  return "$status"
}
# A done input's output is intact when it is there with the size its result line gave (and, with receipts, its
# receipt is there and the line said verified). Arguments: the line's output, bytes, segments, verified.
mt_remux_intact() {
  local out=$1 bytes=$2 verified=$4
  [ -f "$out" ] && [ -n "$bytes" ] && [ "$(stat -c %s -- "$out")" = "$bytes" ] || return 1
  [ "$MT_VERIFY" = 0 ] || { [ -f "$out.verify.json" ] && [ "$verified" = true ]; }
}
export -f mt_remux_job mt_remux_target batch_json_string batch_result
batch_inputs "$tree" "$out/.batch.inputs"
# Two inputs that would write one output (talk.mp4 and talk.mkv to talk.mkv): refused before anything runs.
clash=$(while IFS= read -r -d '' f; do mt_remux_target "$f"; echo; done < "$out/.batch.inputs" | sort | uniq -d | head -3)
[ -z "$clash" ] || batch_die "inputs differing by their extension only would write the same output ($(echo $clash)): give --keep-ext"
batch_run_tree mt_remux_job mt_remux_intact
