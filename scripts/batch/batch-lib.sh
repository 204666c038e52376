# Shared by the batch recipes (probe-tree.sh, remux-tree.sh, hls-tree.sh): sourced, not run. GNU parallel does the scheduling,
# the remote hosts (-S), the job log and the resume; this only names the inputs in a fixed order, runs parallel over
# them, and keeps one result line per input. See mediatoolkit-batch(7).

batch_usage_common='
  -j N          jobs at once on each host (parallel -j; default: one per core)
  -S HOSTS      run on these hosts too (parallel -S): host1,4/host2 (4 jobs), ":" this machine through the
                remote path; the tree and the output must be at the same absolute path on every host
                (a shared filesystem), and the tools installed there
  --resume      go on with an earlier run of the same tree and output: files done are not redone, failed ones
                are tried again (parallel --resume-failed, from the job log)
  Extra options for parallel itself go in $PARALLEL (parallel'"'"'s own variable): PARALLEL="--retries 3 --sshdelay 0.1"'

batch_die() {
  echo "$(basename "$0"): error: $*" >&2
  exit 2
}

# batch_parse ARGS...: sets batch_jobs, batch_hosts, batch_resume, batch_args (the positional arguments) and
# batch_tool_args (what follows --: options for the tool).
batch_parse() {
  batch_jobs="" batch_hosts="" batch_resume=0 batch_args=() batch_tool_args=()
  while [ $# -gt 0 ]; do
    case $1 in
      -j) batch_jobs=${2:?-j needs a number}; shift 2 ;;
      -S) batch_hosts=${2:?-S needs hosts}; shift 2 ;;
      --resume) batch_resume=1; shift ;;
      -h | --help) batch_help; exit 0 ;;
      --) shift; batch_tool_args=("$@"); break ;;
      -*) batch_die "unknown option $1 (see --help)" ;;
      *) batch_args+=("$1"); shift ;;
    esac
  done
}

# batch_tree_and_out: the two arguments of a recipe that writes a tree of outputs (remux-tree.sh, hls-tree.sh): sets
# tree and out (absolute), refuses a missing tree and an output inside it, and makes the output folder.
batch_tree_and_out() {
  [ ${#batch_args[@]} -eq 2 ] || batch_die "give TREE and OUT (see --help)"
  tree=$(realpath -e -- "${batch_args[0]}") || batch_die "no such tree: ${batch_args[0]}"
  out=$(realpath -m -- "${batch_args[1]}")
  [ -d "$tree" ] || batch_die "not a directory: $tree"
  case $out/ in "$tree"/*) batch_die "OUT inside TREE: the outputs would become inputs" ;; esac
  mkdir -p "$out"
}

# batch_inputs TREE LIST: the files under TREE, absolute, in a fixed order, NUL-separated into LIST. parallel's job
# log knows jobs by their number in this list, so a resumed run reads the list of the first run, never a new one.
batch_inputs() {
  local tree=$1 list=$2
  if [ "$batch_resume" = 1 ]; then
    [ -f "$list" ] || batch_die "--resume: no earlier run here ($list is missing)"
    return
  fi
  find "$tree" -type f ! -name '.*' -print0 | LC_ALL=C sort -z > "$list.tmp"
  mv "$list.tmp" "$list"
}

# batch_run LIST JOBLOG RESULTS FUNCTION: runs FUNCTION on every input of LIST under parallel, its one result line per
# input appended to RESULTS. Exported functions and variables named in batch_env reach the hosts of -S (--env).
batch_run() {
  local list=$1 joblog=$2 results=$3 fn=$4 opts=() v
  [ -n "$batch_jobs" ] && opts+=(-j "$batch_jobs")
  [ -n "$batch_hosts" ] && opts+=(-S "$batch_hosts")
  if [ "$batch_resume" = 1 ]; then
    opts+=(--resume-failed)
  elif [ -e "$joblog" ]; then
    batch_die "$joblog exists: an earlier run; give --resume to go on with it, or remove it to start again"
  fi
  # --env only for hosts: a local job inherits the exported functions and variables, and parallel's wrapper that
  # ships them costs each job 0.1 s of CPU (a perl process of its own), more than a probe of a small file.
  if [ -n "$batch_hosts" ]; then
    for v in "$fn" "${batch_env[@]}"; do opts+=(--env "$v"); done
  fi
  # The exit status is parallel's: the number of failed jobs (up to 100), 0 when every input went through.
  # parallel writes a job's output, then its job log line: a job the log calls done has its line in RESULTS, even
  # when parallel is killed; a job cut off between the two is run again and its line kept once (batch_compact).
  local status=0
  parallel -0 --keep-order --joblog "$joblog" "${opts[@]}" "$fn" {} < "$list" >> "$results" || status=$?
  batch_compact "$results"
  return "$status"
}

# batch_result IN OUT STATUS ERROR START_US [EXTRA]: a job's result line on stdout: input, output, status (done or
# error), exit, error (the tool's last line, or null), seconds since START_US (EPOCHREALTIME without its dot), and
# EXTRA, more '"key":value' pairs, already JSON.
batch_result() {
  local in=$1 out=$2 status=$3 err=$4 start=$5 extra=${6:-} end micro
  end=${EPOCHREALTIME//[.,]/}
  micro=$((end - start))
  err=${err##*$'\n'}  # the last line: the tool's one-line error
  printf '{"input":%s,"output":%s,"status":"%s","exit":%d,"error":%s,"seconds":%d.%06d%s}\n' \
    "$(batch_json_string "$in")" "$(batch_json_string "$out")" "$([ "$status" = 0 ] && echo done || echo error)" \
    "$status" "$([ "$status" = 0 ] && echo null || batch_json_string "$err")" $((micro / 1000000)) $((micro % 1000000)) \
    "${extra:+,$extra}"
}

# batch_forget_broken LIST JOBLOG RESULTS INTACT_FUNCTION: before a resume, the inputs whose result line says done
# but whose output INTACT_FUNCTION finds damaged or gone lose their job log line, so that parallel --resume-failed
# runs them again; prints how many. INTACT_FUNCTION gets a done line's output, bytes, segments and verified fields
# (empty when the line has none). One jq for all the lines: a tree of 100,000 files resumes in seconds. Needs jq.
batch_forget_broken() {
  local list=$1 joblog=$2 results=$3 intact=$4 seqs="" n=0 seq input output bytes segments verified
  [ -f "$results" ] && [ -f "$joblog" ] || { echo 0; return; }
  command -v jq > /dev/null || batch_die "--resume checks the outputs with jq: install it (the Debian package jq)"
  # The job number of each input: its place in the list (parallel counts from 1).
  declare -A seq_of=()
  seq=0
  while IFS= read -r -d '' input; do
    seq=$((seq + 1))
    seq_of[$input]=$seq
  done < "$list"
  # (Fields split on the unit separator: a tab is whitespace to read, which would merge an empty field away.)
  while IFS=$'\x1f' read -r input output bytes segments verified; do
    "$intact" "$output" "$bytes" "$segments" "$verified" && continue
    [ -n "${seq_of[$input]:-}" ] || continue
    seqs+=" ${seq_of[$input]}"
    n=$((n + 1))
  done < <(jq -r 'select(.status == "done") | [.input, .output, (.bytes // "" | tostring), (.segments // "" | tostring),
                  (.verified // "" | tostring)] | join("\u001f")' "$results")
  if [ "$n" -gt 0 ]; then
    awk -F'\t' -v drop="$seqs" 'BEGIN { k = split(drop, d, " "); for (i = 1; i <= k; i++) gone[d[i]] = 1 }
      NR == 1 || !($1 in gone)' "$joblog" > "$joblog.tmp"
    mv "$joblog.tmp" "$joblog"
  fi
  echo "$n"
}

# batch_run_tree JOB INTACT: runs JOB over the inputs listed in $out/.batch.inputs, result lines in
# $out/.batch.ndjson; with --resume, first makes the done inputs whose output INTACT finds gone or changed run again.
batch_run_tree() {
  local job=$1 intact=$2 redo
  if [ "$batch_resume" = 1 ]; then
    redo=$(batch_forget_broken "$out/.batch.inputs" "$out/.batch.joblog" "$out/.batch.ndjson" "$intact")
    [ "$redo" = 0 ] || echo "$(basename "$0"): $redo output(s) done before are gone or changed: made again" >&2
  else
    : > "$out/.batch.ndjson"
  fi
  batch_run "$out/.batch.inputs" "$out/.batch.joblog" "$out/.batch.ndjson" "$job"
}

# batch_compact RESULTS: one line per input, the last one written (a retried input's, or one whose job was cut off
# after its line before the job log said so); whole lines only.
batch_compact() {
  local results=$1
  [ -f "$results" ] || return 0
  tac "$results" | awk '
    /^\{"input":".*\}$/ {
      key = substr($0, 1, index($0, "\",\"") - 1)   # {"input":"NAME: the first field, JSON-escaped
      if (!(key in seen)) { seen[key] = 1; print }
    }' | tac > "$results.tmp"
  mv "$results.tmp" "$results"
}

# batch_json_string TEXT: TEXT as a JSON string.
batch_json_string() {
  local s=$1 out="" c i
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\t'/\\t}
  s=${s//$'\r'/\\r}
  if [[ $s == *[[:cntrl:]]* ]]; then
    for ((i = 0; i < ${#s}; i++)); do
      c=${s:i:1}
      if [[ $c == [[:cntrl:]] ]]; then printf -v c '\\u%04x' "'$c"; fi
      out+=$c
    done
    s=$out
  fi
  printf '"%s"' "$s"
}
