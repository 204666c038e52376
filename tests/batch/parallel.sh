#!/usr/bin/env bash
# Shows: the GNU parallel batch recipes (scripts/batch) run over a tree of 200 files, 8 of them broken: every good
# file's result equals a one-by-one run (avprobe-json's line, memremux's bytes with a receipt that verifies, the same
# HLS folder), every broken file has an error line and counts in the exit status. The probe and remux recipes run
# locally (-j 2: the jobs inherit the recipe's exported functions), are killed half way (SIGKILL to the whole batch)
# and resumed (--resume: parallel --resume-failed): the resume finishes the rest without running a done file again,
# and its results are those of a whole run; a resume also makes again a done output that was deleted or damaged
# since. The HLS recipe runs whole, without a kill, through parallel's remote path (-S 2/:, this machine as a host:
# the recipe's functions and variables are shipped with --env and each job runs in parallel's wrapper, as on a
# remote host).
source "$MT_SOURCE/tests/cli/lib.sh"
# The recipes are shell over the tools; the tools' own tests run under the sanitizers.
[ "${MT_SANITIZE:-0}" != 1 ] || { echo "skip: nothing for the sanitizers here"; exit 77; }
command -v parallel > /dev/null || { echo "skip: GNU parallel is not installed (scripts/setup.sh installs it)"; exit 77; }
command -v setsid > /dev/null || { echo "skip: setsid (util-linux) missing"; exit 77; }
batch=$MT_SOURCE/scripts/batch
export PARALLEL_HOME=$T/parallel-home  # parallel's own state (citation notice, caches) out of $HOME
mkdir -p "$PARALLEL_HOME"
touch "$PARALLEL_HOME/will-cite"

# ---- the tree: 4 clips (mkv, mp4 with its index at the end, nut, mpeg-ts) in 48 folders, and 8 broken files -------
tree=$T/tree
mkdir -p "$tree/base"
ffmpeg -v error -f lavfi -i testsrc=size=64x48:rate=5:duration=0.6 -f lavfi -i sine=duration=0.6 -c:v mpeg4 \
  -c:a pcm_s16le "$tree/base/clip.mkv"
ffmpeg -v error -i "$tree/base/clip.mkv" -c:v copy -c:a aac "$tree/base/clip.mp4"
ffmpeg -v error -i "$tree/base/clip.mkv" -c copy "$tree/base/clip.nut"
ffmpeg -v error -i "$tree/base/clip.mkv" -c:v copy -c:a mp2 "$tree/base/clip.ts"
for d in a b "c d" e/f g $(seq -f 's%02g' 1 21) $(seq -f 'deep/%02g/x' 1 21); do
  mkdir -p "$tree/$d"
  for f in "$tree"/base/clip.*; do cp "$f" "$tree/$d/$(basename "$f" | sed 's/clip/take/')"; done
done
broken=("$tree/broken/random.mp4" "$tree/broken/empty.ts" "$tree/broken/text.mkv" "$tree/broken/zeros.nut"
        "$tree/broken/no index.mp4" "$tree/e/cut.mkv" "$tree/deep/07/x/random.ts" "$tree/s11/page.mp4")
mkdir -p "$tree/broken"
# random_bytes N SEED: N seeded pseudo-random bytes, the same on every run (fresh /dev/urandom bytes were now and then
# taken for media by a demuxer's probe: ci39 probed random.ts). Both seeds below are checked to be no media.
random_bytes() { python3 -c "import random, sys; random.seed($2); sys.stdout.buffer.write(random.randbytes($1))"; }
random_bytes 4000 1 > "${broken[0]}"
: > "${broken[1]}"
echo "not media at all" > "${broken[2]}"
head -c 4000 /dev/zero > "${broken[3]}"
head -c 3000 "$tree/base/clip.mp4" > "${broken[4]}"  # the index is at the end: cut off
head -c 40 "$tree/base/clip.mkv" > "${broken[5]}"     # the EBML header and nothing more
random_bytes 9000 2 > "${broken[6]}"
printf '<html><body>not a video</body></html>\n' > "${broken[7]}"
n_files=$(find "$tree" -type f | wc -l)
[ "$n_files" = 200 ] || fail "the tree holds $n_files files, not 200"
for b in "${broken[@]}"; do  # a precondition: each fails one by one
  ! avprobe-json -v quiet "$b" > /dev/null 2>&1 || fail "$b is probed: not broken"
  ! memremux -v quiet -nostdin -i "$b" -y "$T/x.mkv" > /dev/null 2>&1 || fail "$b is remuxed: not broken"
done
declare -A is_broken_=()
for b in "${broken[@]}"; do is_broken_[$b]=1; done
is_broken() { [ -n "${is_broken_[$1]:-}" ]; }
good=()
while IFS= read -r -d '' f; do is_broken "$f" || good+=("$f"); done < <(find "$tree" -type f -print0 | LC_ALL=C sort -z)
# Each good file's content hash (copies of one clip share it), and the reference outputs' hashes by it.
declare -A input_sum=() ref_sum=()
while read -r sum f; do input_sum[$f]=$sum; done < <(printf '%s\0' "${good[@]}" | xargs -0 sha1sum)

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

# check_probe OUT: a line per file; a good file's line is avprobe-json's for it alone (one reference run over all the
# good files, whose lines are those of runs of their own), a broken file's an error line.
check_probe() {
  local out=$1
  [ "$(wc -l < "$out")" = "$n_files" ] || fail "probe: $(wc -l < "$out") lines for $n_files files"
  [ "$(jq -r .input "$out" | sort | uniq -d | wc -l)" = 0 ] || fail "probe: an input has two lines"
  [ -s "$T/probe-ref" ] || avprobe-json -v error --ndjson -- "${good[@]}" | jq -c . | sort > "$T/probe-ref"
  jq -c 'select(.error == null)' "$out" | sort > "$T/probe-good"
  diff -q "$T/probe-ref" "$T/probe-good" > /dev/null || fail "probe: the batch's lines differ from runs of their own: $(diff "$T/probe-ref" "$T/probe-good" | head -c 600)"
  diff <(printf '%s\n' "${broken[@]}" | sort) <(jq -r 'select(.error.string | length > 0) | .input' "$out" | sort) > /dev/null ||
    fail "probe: the error lines are not the broken files'"
}
# check_remux OUT: a result line per file; a good file's output is byte for byte memremux's on it alone (one run per
# distinct clip: copies of one clip give the same bytes) with a receipt that verifies; a broken file's line says
# error with memremux's message.
check_remux() {
  local out=$1 f target status exit err verified bytes receipt sum
  [ "$(wc -l < "$out/.batch.ndjson")" = "$n_files" ] || fail "remux: $(wc -l < "$out/.batch.ndjson") lines for $n_files files"
  # A few processes for the whole tree: the outputs' sizes and hashes, the receipts' verdicts.
  declare -A size_of=() hash_of=()
  while IFS=$'\t' read -r f bytes; do size_of[$f]=$bytes; done < <(find "$out" -name '*.mkv' -printf '%p\t%s\n')
  while read -r sum f; do hash_of[$f]=$sum; done < <(find "$out" -name '*.mkv' -print0 | xargs -0 sha1sum)
  [ "$(find "$out" -name '*.verify.json' | wc -l)" = ${#good[@]} ] || fail "remux: not one receipt per good file"
  find "$out" -name '*.verify.json' -print0 | xargs -0 jq -e -s 'all(.[]; .verified)' > /dev/null ||
    fail "remux: a receipt does not verify"
  while IFS=$'\t' read -r f target status exit err verified bytes receipt; do
    [ "$target" = "$out/${f#"$tree"/}.mkv" ] || fail "remux: $f went to $target"  # --keep-ext: take.mp4 -> take.mp4.mkv
    if is_broken "$f"; then
      [ "$status $exit $verified" = "error 1 null" ] && [[ $err == "memremux: error: "* ]] || fail "remux: no error line for $f"
      continue
    fi
    [ "$status $exit $err $verified" = "done 0 null true" ] && [ "$bytes" = "${size_of[$target]:-}" ] ||
      fail "remux: $f: $status $exit $err verified=$verified bytes=$bytes"
    [ "$receipt" = "$target.verify.json" ] || fail "remux: $f: receipt $receipt"
    # Byte for byte memremux's on it alone: one run per distinct clip (copies of one clip give the same bytes).
    sum=${input_sum[$f]}
    [ -f "$T/ref-$sum.mkv" ] || memremux -v error -nostdin -i "$f" -fflags +bitexact -y "$T/ref-$sum.mkv"
    [ -n "${ref_sum[$sum]:-}" ] || ref_sum[$sum]=$(sha1sum < "$T/ref-$sum.mkv" | cut -c1-40)
    [ "${ref_sum[$sum]}" = "${hash_of[$target]:-}" ] || fail "remux: the batch's $target differs from a run of its own"
  done < <(jq -r '[.input, .output, .status, .exit, (.error // "null"), (.verified | tostring), (.bytes // "" | tostring),
                   (.receipt // "")] | @tsv' "$out/.batch.ndjson")
  [ "$(jq -r .input "$out/.batch.ndjson" | sort -u | wc -l)" = "$n_files" ] || fail "remux: not one line per file"
}
# check_hls OUT: a result line per file; a good file's folder (playlist and segments) is the one memremux makes of it
# alone, a broken file's line says error and leaves no folder.
check_hls() {
  local out=$1 f playlist status segments dir sum
  [ "$(jq -r .input "$out/.batch.ndjson" | sort -u | wc -l)" = "$n_files" ] || fail "hls: not one line per file"
  while IFS=$'\t' read -r f playlist status segments; do
    dir=$out/${f#"$tree"/}
    [ "$playlist" = "$dir/index.m3u8" ] || fail "hls: $f went to $playlist"
    if is_broken "$f"; then
      [ "$status" = error ] && [ ! -e "$dir" ] || fail "hls: $f: $status, folder left: $(ls "$dir" 2> /dev/null)"
      continue
    fi
    [ "$status" = done ] && [ "$segments" = "$(grep -c '^seg' "$playlist")" ] || fail "hls: $f: $status, $segments segments"
    sum=${input_sum[$f]}
    if [ ! -d "$T/hls-ref-$sum" ]; then
      mkdir -p "$T/hls-ref-$sum"
      memremux -v error -nostdin -i "$f" -f hls -hls_time 0.2 -hls_list_size 0 -hls_playlist_type vod \
        -hls_segment_filename "$T/hls-ref-$sum/seg%05d.ts" -y "$T/hls-ref-$sum/index.m3u8"
    fi
    diff -r -q "$T/hls-ref-$sum" "$dir" > /dev/null || fail "hls: $dir differs from a run of its own"
  done < <(jq -r '[.input, .output, .status, (.segments // "" | tostring)] | @tsv' "$out/.batch.ndjson")
}

# ---- probe and remux: killed half way, then resumed ----------------------------------------------------------------
# The resumed run is the whole run of its recipe: its results are checked as a run without a kill would be (each job
# costs a few process starts through parallel's remote path, so the tree is not also run a second time unkilled).
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
kill_half_way "$T/probe2.ndjson.joblog" "$batch/probe-tree.sh" -j 2 "$tree" "$T/probe2.ndjson"
cp "$T/probe2.ndjson.joblog" "$T/probe-joblog-before"
status=0
MT_DELAY=0 "$batch/probe-tree.sh" -j 2 --resume "$tree" "$T/probe2.ndjson" 2> "$T/stderr" || status=$?
[ "$status" = ${#broken[@]} ] || fail "probe-tree.sh --resume exits $status, not the ${#broken[@]} failed files: $(tail -3 "$T/stderr")"
check_probe "$T/probe2.ndjson"
check_not_redone "$T/probe-joblog-before" "$MT_CALLS"

export MT_CALLS=$T/calls-remux
kill_half_way "$T/remuxed2/.batch.joblog" "$batch/remux-tree.sh" -j 2 --keep-ext "$tree" "$T/remuxed2" -- -fflags +bitexact
cp "$T/remuxed2/.batch.joblog" "$T/remux-joblog-before"
# What memremux leaves when killed outright: its temporary file beside the output (.NAME.part-XXXXXX), here for a
# file the killed run did not reach (the last of the list: jobs start in its order, and a third was done).
stale=$(tr '\0' '\n' < "$T/remuxed2/.batch.inputs" | tail -1)
! grep -qF -- "$stale" "$T/remux-joblog-before" || fail "the last file was done before the kill"
stale_rel=${stale#"$tree"/}
mkdir -p "$(dirname "$T/remuxed2/$stale_rel")"
echo partial > "$(dirname "$T/remuxed2/$stale_rel")/.$(basename "$stale_rel").mkv.part-Ab12Cd"
status=0
MT_DELAY=0 "$batch/remux-tree.sh" -j 2 --resume --keep-ext "$tree" "$T/remuxed2" -- -fflags +bitexact 2> "$T/stderr" ||
  status=$?
[ "$status" = ${#broken[@]} ] || fail "remux-tree.sh --resume exits $status: $(tail -3 "$T/stderr")"
check_remux "$T/remuxed2"
check_not_redone "$T/remux-joblog-before" "$MT_CALLS"
# Nothing left beside the outputs and their receipts: the killed remux's temporary file went when its file was made
# again.
left=$(find "$T/remuxed2" -type f ! -name '*.mkv' ! -name '*.mkv.verify.json' ! -name '.batch.*')
[ -z "$left" ] || fail "left behind by the killed run: $left"
# Outputs damaged after they were done: one deleted, one cut short, one whose receipt is gone. A resume makes exactly
# these again (their job log lines are dropped first), and no other.
gone=$T/remuxed2/a/take.mkv.mkv cut=$T/remuxed2/s05/take.mp4.mkv unreceipted=$T/remuxed2/deep/03/x/take.ts.mkv
rm "$gone" "$unreceipted.verify.json"
head -c 1000 "$cut" > "$T/short" && cat "$T/short" > "$cut"
export MT_CALLS=$T/calls-remux-again
: > "$MT_CALLS"
MT_DELAY=0 "$batch/remux-tree.sh" -j 2 --resume --keep-ext "$tree" "$T/remuxed2" -- -fflags +bitexact 2> "$T/stderr" || true
grep -q "3 output(s) done before are gone or changed" "$T/stderr" || fail "resume after damage: $(cat "$T/stderr")"
diff <(printf '%s\n' "$tree/a/take.mkv" "$tree/s05/take.mp4" "$tree/deep/03/x/take.ts" | sort) \
  <(grep -vxF -f <(printf '%s\n' "${broken[@]}") "$MT_CALLS" | sort) > /dev/null ||
  fail "resume after damage ran: $(tr '\n' ' ' < "$MT_CALLS")"
check_remux "$T/remuxed2"
# ---- a whole run without a kill: HLS ------------------------------------------------------------------------------
export MT_CALLS=$T/calls-hls
status=0
"$batch/hls-tree.sh" -S 2/: --hls-time 0.2 "$tree" "$T/hls" 2> "$T/stderr" || status=$?
[ "$status" = ${#broken[@]} ] || fail "hls-tree.sh exits $status: $(tail -3 "$T/stderr")"
check_hls "$T/hls"
# Inputs that differ by their extension only would write one output: refused before anything runs.
! "$batch/remux-tree.sh" -j 2 "$tree" "$T/clash" 2> "$T/stderr" || fail "a tree whose outputs clash was not refused"
grep -q -- --keep-ext "$T/stderr" || fail "the refusal does not name --keep-ext: $(cat "$T/stderr")"
[ ! -e "$T/clash/.batch.joblog" ] || fail "the refused run started jobs"
# Running again over the same output without --resume is refused: the job log would be mixed up.
! "$batch/remux-tree.sh" -j 2 --keep-ext "$tree" "$T/remuxed2" 2> "$T/stderr" || fail "a second run over a job log was not refused"
grep -q -- --resume "$T/stderr" || fail "the refusal does not name --resume: $(cat "$T/stderr")"
echo "ok: $n_files files, ${#broken[@]} broken, probed, remuxed (verified) and cut into HLS (through -S 2/:), killed and resumed"
