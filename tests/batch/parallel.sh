#!/usr/bin/env bash
# Shows: the GNU parallel batch recipes (scripts/batch) run over a tree of 30 files, 6 of them broken, through
# parallel's remote path (-S 2/:): every good file's result equals a one-by-one run (avprobe-json's line, memremux's
# bytes), every broken file has an error line, and a run killed half way (SIGKILL to the whole batch) then resumed
# (--resume: parallel --resume-failed) finishes the rest without running a done file again.
source "$MT_SOURCE/tests/cli/lib.sh"
# The recipes are shell over the tools; the tools' own tests run under the sanitizers.
[ "${MT_SANITIZE:-0}" != 1 ] || { echo "skip: nothing for the sanitizers here"; exit 77; }
command -v parallel > /dev/null || { echo "skip: GNU parallel is not installed (scripts/setup.sh installs it)"; exit 77; }
command -v setsid > /dev/null || { echo "skip: setsid (util-linux) missing"; exit 77; }
batch=$MT_SOURCE/scripts/batch
export PARALLEL_HOME=$T/parallel-home  # parallel's own state (citation notice, caches) out of $HOME
mkdir -p "$PARALLEL_HOME"
touch "$PARALLEL_HOME/will-cite"

# ---- the tree: 4 clips (mkv, mp4 with its index at the end, nut, mpeg-ts) in 6 folders, and 6 broken files --------
tree=$T/tree
mkdir -p "$tree/base"
ffmpeg -v error -f lavfi -i testsrc=size=64x48:rate=5:duration=0.6 -f lavfi -i sine=duration=0.6 -c:v mpeg4 \
  -c:a pcm_s16le "$tree/base/clip.mkv"
ffmpeg -v error -i "$tree/base/clip.mkv" -c:v copy -c:a aac "$tree/base/clip.mp4"
ffmpeg -v error -i "$tree/base/clip.mkv" -c copy "$tree/base/clip.nut"
ffmpeg -v error -i "$tree/base/clip.mkv" -c:v copy -c:a mp2 "$tree/base/clip.ts"
for d in a b "c d" e/f g; do
  mkdir -p "$tree/$d"
  for f in "$tree"/base/clip.*; do cp "$f" "$tree/$d/$(basename "$f" | sed 's/clip/take/')"; done
done
broken=("$tree/broken/random.mp4" "$tree/broken/empty.ts" "$tree/broken/text.mkv" "$tree/broken/zeros.nut"
        "$tree/broken/no index.mp4" "$tree/e/cut.mkv")
mkdir -p "$tree/broken"
head -c 4000 /dev/urandom > "${broken[0]}"
: > "${broken[1]}"
echo "not media at all" > "${broken[2]}"
head -c 4000 /dev/zero > "${broken[3]}"
head -c 3000 "$tree/base/clip.mp4" > "${broken[4]}"  # the index is at the end: cut off
head -c 40 "$tree/base/clip.mkv" > "${broken[5]}"     # the EBML header and nothing more
n_files=$(find "$tree" -type f | wc -l)
[ "$n_files" = 30 ] || fail "the tree holds $n_files files, not 30"
for b in "${broken[@]}"; do  # a precondition: each fails one by one
  ! avprobe-json -v quiet "$b" > /dev/null 2>&1 || fail "$b is probed: not broken"
  ! memremux -v quiet -nostdin -i "$b" -y "$T/x.mkv" > /dev/null 2>&1 || fail "$b is remuxed: not broken"
done
is_broken() { local b; for b in "${broken[@]}"; do [ "$1" = "$b" ] && return 0; done; return 1; }

# The tools behind a wrapper that logs every input it is run on (a file done twice shows twice) and takes its time
# (so that a kill lands half way).
cat > "$T/probe-wrapper" << 'WRAP'
#!/usr/bin/env bash
printf '%s\n' "${!#}" >> "$MT_CALLS"
sleep "${MT_DELAY:-0}"
exec avprobe-json "$@"
WRAP
cat > "$T/remux-wrapper" << 'WRAP'
#!/usr/bin/env bash
for ((i = 1; i < $#; i++)); do [ "${!i}" = -i ] && j=$((i + 1)) && printf '%s\n' "${!j}" >> "$MT_CALLS"; done
sleep "${MT_DELAY:-0}"
exec memremux "$@"
WRAP
chmod +x "$T/probe-wrapper" "$T/remux-wrapper"
export AVPROBE_JSON=$T/probe-wrapper MEMREMUX=$T/remux-wrapper

# check_probe OUT: a line per file; a good file's line is avprobe-json's for it alone, a broken file's an error line.
check_probe() {
  local out=$1 f line
  [ "$(wc -l < "$out")" = "$n_files" ] || fail "probe: $(wc -l < "$out") lines for $n_files files"
  while IFS= read -r -d '' f; do
    line=$(jq -c --arg f "$f" 'select(.input == $f)' "$out")
    [ "$(wc -l <<< "$line")" = 1 ] && [ -n "$line" ] || fail "probe: not one line for $f"
    if is_broken "$f"; then
      jq -e '.error.string | length > 0' <<< "$line" > /dev/null || fail "probe: no error line for $f: $line"
    else
      [ "$(jq -c . <<< "$line")" = "$(avprobe-json -v error --ndjson -- "$f" | jq -c .)" ] ||
        fail "probe: the batch's line for $f differs from a run of its own"
    fi
  done < <(find "$tree" -type f -print0)
}
# check_remux OUT: a result line per file; a good file's output is byte for byte memremux's on it alone, a broken
# file's line says error with memremux's message.
check_remux() {
  local out=$1 f rel line target
  [ "$(wc -l < "$out/.batch.ndjson")" = "$n_files" ] || fail "remux: $(wc -l < "$out/.batch.ndjson") lines for $n_files files"
  while IFS= read -r -d '' f; do
    rel=${f#"$tree"/}
    target=$out/$rel.mkv  # --keep-ext: take.mp4 -> take.mp4.mkv
    line=$(jq -c --arg f "$f" 'select(.input == $f)' "$out/.batch.ndjson")
    [ "$(wc -l <<< "$line")" = 1 ] && [ -n "$line" ] || fail "remux: not one line for $f"
    [ "$(jq -r .output <<< "$line")" = "$target" ] || fail "remux: $f went to $(jq -r .output <<< "$line")"
    if is_broken "$f"; then
      jq -e '.status == "error" and .exit == 1 and (.error | test("memremux: error: "))' <<< "$line" > /dev/null ||
        fail "remux: no error line for $f: $line"
    else
      jq -e '.status == "done" and .exit == 0 and .error == null and .seconds >= 0' <<< "$line" > /dev/null ||
        fail "remux: $f: $line"
      memremux -v error -nostdin -i "$f" -fflags +bitexact -y "$T/one.mkv"
      cmp -s "$T/one.mkv" "$target" || fail "remux: the batch's $target differs from a run of its own"
    fi
  done < <(find "$tree" -type f -print0)
}

# ---- whole runs on two job slots of this host through parallel's remote path ----------------------------------------
export MT_CALLS=$T/calls-full
status=0
"$batch/probe-tree.sh" -S 2/: "$tree" "$T/probe.ndjson" 2> "$T/stderr" || status=$?
[ "$status" = ${#broken[@]} ] || fail "probe-tree.sh exits $status, not the ${#broken[@]} failed files: $(tail -3 "$T/stderr")"
check_probe "$T/probe.ndjson"
status=0
"$batch/remux-tree.sh" -S 2/: --keep-ext "$tree" "$T/remuxed" -- -fflags +bitexact 2> "$T/stderr" || status=$?
[ "$status" = ${#broken[@]} ] || fail "remux-tree.sh exits $status: $(tail -3 "$T/stderr")"
check_remux "$T/remuxed"
# Inputs that differ by their extension only would write one output: refused before anything runs.
! "$batch/remux-tree.sh" -S 2/: "$tree" "$T/clash" 2> "$T/stderr" || fail "a tree whose outputs clash was not refused"
grep -q -- --keep-ext "$T/stderr" || fail "the refusal does not name --keep-ext: $(cat "$T/stderr")"
[ ! -e "$T/clash/.batch.joblog" ] || fail "the refused run started jobs"
# Running again over the same output without --resume is refused: the job log would be mixed up.
! "$batch/remux-tree.sh" -S 2/: --keep-ext "$tree" "$T/remuxed" 2> "$T/stderr" || fail "a second run over a job log was not refused"
grep -q -- --resume "$T/stderr" || fail "the refusal does not name --resume: $(cat "$T/stderr")"

# ---- killed half way, then resumed ---------------------------------------------------------------------------------
# kill_half_way JOBLOG COMMAND...: starts COMMAND in a session of its own, and kills the whole session (the recipe,
# parallel, the jobs) with SIGKILL once JOBLOG holds 10 finished jobs.
kill_half_way() {
  local joblog=$1
  shift
  setsid "$@" > /dev/null 2>&1 &
  local pid=$! i
  for i in $(seq 1 600); do
    [ -f "$joblog" ] && [ "$(($(wc -l < "$joblog") - 1))" -ge 10 ] && break
    kill -0 "$pid" 2> /dev/null || fail "the batch ended before it could be killed"
    sleep 0.05
  done
  kill -KILL -- "-$pid"
  wait "$pid" 2> /dev/null || true
  local done_now=$(($(wc -l < "$joblog") - 1))
  [ "$done_now" -lt "$n_files" ] || fail "the batch finished before the kill"
}
# check_not_redone JOBLOG_BEFORE CALLS: every file done (exit 0) before the kill was run once in all.
check_not_redone() {
  local f n
  awk -F'\t' 'NR > 1 && $7 == 0 { sub(/^[^ ]* /, "", $9); print $9 }' "$1" > "$T/done-before"
  [ -s "$T/done-before" ] || fail "no file was done before the kill"
  while IFS= read -r f; do
    f=$(eval "printf '%s' $f")  # parallel's shell quoting, as in its job log
    n=$(grep -cxF -- "$f" "$2")
    [ "$n" = 1 ] || fail "$f was run $n times: done before the kill, and again after --resume"
  done < "$T/done-before"
  echo "killed with $(wc -l < "$T/done-before") files done; resumed: none of them run again"
}
export MT_DELAY=0.15
export MT_CALLS=$T/calls-probe
kill_half_way "$T/probe2.ndjson.joblog" "$batch/probe-tree.sh" -S 2/: "$tree" "$T/probe2.ndjson"
cp "$T/probe2.ndjson.joblog" "$T/probe-joblog-before"
"$batch/probe-tree.sh" -S 2/: --resume "$tree" "$T/probe2.ndjson" 2> /dev/null || true
check_probe "$T/probe2.ndjson"
check_not_redone "$T/probe-joblog-before" "$MT_CALLS"

export MT_CALLS=$T/calls-remux
kill_half_way "$T/remuxed2/.batch.joblog" "$batch/remux-tree.sh" -S 2/: --keep-ext "$tree" "$T/remuxed2" -- -fflags +bitexact
cp "$T/remuxed2/.batch.joblog" "$T/remux-joblog-before"
# What memremux leaves when killed outright: its temporary file beside the output (.NAME.part-XXXXXX), here for a
# file the killed run did not reach (the last of the list: jobs start in its order, and a third was done).
stale=$(tr '\0' '\n' < "$T/remuxed2/.batch.inputs" | tail -1)
! grep -qF -- "$stale" "$T/remux-joblog-before" || fail "the last file was done before the kill"
stale_rel=${stale#"$tree"/}
mkdir -p "$(dirname "$T/remuxed2/$stale_rel")"
echo partial > "$(dirname "$T/remuxed2/$stale_rel")/.$(basename "$stale_rel").mkv.part-Ab12Cd"
"$batch/remux-tree.sh" -S 2/: --resume --keep-ext "$tree" "$T/remuxed2" -- -fflags +bitexact 2> /dev/null || true
check_remux "$T/remuxed2"
check_not_redone "$T/remux-joblog-before" "$MT_CALLS"
# Nothing left beside the outputs: the killed remux's temporary file went when its file was made again.
left=$(find "$T/remuxed2" -type f ! -name '*.mkv' ! -name '.batch.*')
[ -z "$left" ] || fail "left behind by the killed run: $left"
echo "ok: $n_files files, ${#broken[@]} broken, probed and remuxed with parallel -S 2/:, killed and resumed"
