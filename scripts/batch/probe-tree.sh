#!/usr/bin/env bash
# Probes every file of a tree into one NDJSON file, with GNU parallel: locally (-j) or on hosts (-S), with a job log
# and resume. Each line is avprobe-json's document for one input ({"input": ..., "format": ..., "streams": ...}), or
# its error line ({"input": ..., "error": {...}}) for a file that cannot be probed. See mediatoolkit-batch(7).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/batch-lib.sh"
batch_help() {
  cat << HELP
Usage: $(basename "$0") [-j N] [-S HOSTS] [--resume] TREE OUT.ndjson [-- AVPROBE_JSON_OPTIONS...]

Probes every file under TREE (avprobe-json --ndjson, one line per file) into OUT.ndjson, the lines of files that
cannot be probed being avprobe-json's error lines. Beside OUT: OUT.joblog (parallel's job log) and OUT.inputs (the
list of files, in the order the job log counts them). Options after -- go to avprobe-json (-show_chapters,
--typed, ...). The tool is \$AVPROBE_JSON (default: avprobe-json on PATH, on every host).
$batch_usage_common

Exit status: 0 when every file was probed, else parallel's (the number of files that failed, up to 100).
HELP
}
batch_parse "$@"
[ ${#batch_args[@]} -eq 2 ] || batch_die "give TREE and OUT.ndjson (see --help)"
tree=$(realpath -e -- "${batch_args[0]}") || batch_die "no such tree: ${batch_args[0]}"
out=$(realpath -m -- "${batch_args[1]}")
[ -d "$tree" ] || batch_die "not a directory: $tree"

export AVPROBE_JSON=${AVPROBE_JSON:-avprobe-json}
export MT_PROBE_OPTIONS=${batch_tool_args[*]+"${batch_tool_args[*]}"}
batch_env=(AVPROBE_JSON MT_PROBE_OPTIONS)
# One job: one file, one line on stdout. The error line says why on stdout too; stderr keeps the tool's diagnostics.
mt_probe_job() {
  # shellcheck disable=SC2086 # the options are words
  "$AVPROBE_JSON" -v error --ndjson $MT_PROBE_OPTIONS -- "$1"
}
export -f mt_probe_job
batch_inputs "$tree" "$out.inputs"
[ "$batch_resume" = 1 ] || : > "$out"
batch_run "$out.inputs" "$out.joblog" "$out" mt_probe_job
