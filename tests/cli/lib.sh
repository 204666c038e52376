# Sourced by every CLI test: strict mode, paths, a private temp dir, and assertions.
# Environment (set by ctest): MT_BIN (built binaries), MT_FIXTURES (generated media), MT_SOURCE, MT_TMP.
set -euo pipefail
: "${MT_BIN:?run through ctest}" "${MT_FIXTURES:?run through ctest}"
FX=$MT_FIXTURES
mkdir -p "${MT_TMP:-/tmp}"
T=$(mktemp -d "${MT_TMP:-/tmp}/cli.XXXXXX")
# MT_KEEP_TMP=1 keeps a failed test's temp dir (its path goes to stderr) for a post-mortem.
trap 'st=$?; if [ "$st" -ne 0 ] && [ -n "${MT_KEEP_TMP:-}" ]; then echo "kept: $T" >&2; else rm -rf "$T"; fi' EXIT
export PATH="$MT_BIN:$PATH"
# The sanitizer build's leak checks at exit, sampled over this test's repeated sets of options when the test command
# asks (MT_LEAK_CHECK_EVERY, scripts/test.sh): the repeats are counted here (tests/sanitizer/leak_sampling.cpp).
if [ -n "${MT_LEAK_CHECK_EVERY:-}" ]; then
  export MT_LEAK_CHECK_DIR=$T/.leak-checks  # hidden: tests list $T for files a tool left
  mkdir -p "$MT_LEAK_CHECK_DIR"
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
# within VALUE LO HI: LO <= VALUE <= HI (decimals).
within() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v != "" && v >= lo && v <= hi) }'; }

# ---- real-time judged by the player's own clocks (issue 15) -----------------------------------------------------
# A real-time test never measures pace with the wall clock: start-up (slow in a sanitizer build, slower on a busy
# machine) is not playback. syncplay's --sync-report says when each frame went up on its own clock (shown_at) and
# how much sound the audio device received over how long (summary.audio_seconds / audio_span).
# video_pace REPORT: player-clock seconds between the first and the last shown frame per media second between them
# (1: real time; 0.5 at --speed 2).
video_pace() {
  jq -s -r 'map(select(.action == "shown")) | if length < 2 then "" else
    (.[-1].shown_at - .[0].shown_at) / (.[-1].pts - .[0].pts) end' "$1"
}
# xvfb_needs CMD...: skips the test (77) unless xvfb-run and every CMD are installed (a real window under Xvfb).
xvfb_needs() {
  local c
  for c in xvfb-run "$@"; do
    command -v "$c" > /dev/null || { echo "skip: $c missing (scripts/setup.sh installs it)"; exit 77; }
  done
}
# xvfb_env: syncplay in a real X window (Xvfb's DISPLAY), audio to SDL's dummy device. X11, D-Bus and the GL
# drivers SDL loads leak on exit in the sanitizer build, so leak checks are off here (syncplay's own leaks are
# checked by the dummy-driver tests).
xvfb_env() {
  unset SDL_VIDEODRIVER
  export SDL_AUDIODRIVER=dummy
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
}
# video_span REPORT: player-clock seconds between the first and the last shown frame.
video_span() { jq -s -r 'map(select(.action == "shown")) | if length < 2 then "" else .[-1].shown_at - .[0].shown_at end' "$1"; }
# audio_pace REPORT: seconds of sound the device received per second of the player's clock (1: real time).
audio_pace() { tail -1 "$1" | jq -r '.summary | if .audio_span > 0 then .audio_seconds / .audio_span else "" end'; }
# starved REPORT: whether the host starved the player in that run, by the player's own report; prints why: a frame
# handled more than 25 ms after the display loop planned it (shown_at - due: its thread woke late; a few ms on an
# idle machine, under the sanitizers too), a picture the decoder dropped (its thread fell behind the master), or an
# audio device that took less than 0.9 s of sound per second (SDL's dummy and disk drivers run on the host's time).
# A real-time test that judges sync closely runs again after a starved run (fed_run), four runs at most, and judges
# the first one that was not starved (or the last): a verdict on the player, not on the load beside it.
starved() {
  jq -s -r '(map(select(.due != null) | .shown_at - .due) | max // 0) as $late
    | (map(select(.early == true)) | length) as $early
    | (.[-1].summary // {} | if .audio_span > 0 then .audio_seconds / .audio_span else null end) as $pace
    | if $late > 0.025 then "a frame handled \($late * 1000 | floor) ms after its time"
      elif $early > 0 then "the decoder fell behind the master (\($early) early drops)"
      elif $pace != null and $pace < 0.9 then "the audio device took \($pace * 1000 | floor / 1000) s of sound per second"
      else empty end' "$1" | grep .
}
# fed_run REPORT CMD...: runs CMD, a syncplay run that writes the sync report REPORT, again while the report shows
# that the host starved the player (starved; the reason goes to stderr), four runs at most. Returns the last run's
# status; its report is the one judged. CMD is a function that holds its own redirections (a 2> around fed_run would
# take its reasons too).
fed_run() {
  local report=$1 run st why
  shift
  for run in 1 2 3 4; do
    st=0
    "$@" || st=$?
    why=$(starved "$report") || return "$st"
    echo "run $run starved by the host: $why" >&2
  done
  return "$st"
}
# wait_handles_signals PID: waits (10 s at most) until PID catches SIGINT and SIGTERM. A background job of a script
# starts with SIGINT ignored, until the tool installs its handlers: a signal sent before then (a slow start on a busy
# machine, a sanitizer build) is lost, and the run goes on to the end.
wait_handles_signals() {
  local mask
  for _ in $(seq 1 200); do
    mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$1/status" 2> /dev/null) || return 0
    [ -n "$mask" ] && [ $((16#$mask & 0x4002)) -eq $((0x4002)) ] && return 0
    sleep 0.05
  done
}
# on_terminal 'COMMAND LINE': runs it with stdin, stdout and stderr on a pseudo-terminal (script -qec), what the
# terminal showed in $T/tty.txt; sets tty_status. (Skips the test, 77, where script is missing.)
on_terminal() {
  command -v script > /dev/null || { echo "skip: script (util-linux) missing"; exit 77; }
  script -qec "$1; echo tty_status=\$?" /dev/null < /dev/null > "$T/tty.txt" 2>&1 || true
  tty_status=$(sed -n 's/.*tty_status=\([0-9]*\).*/\1/p' "$T/tty.txt" | tail -1)
}
# expect_on_terminal STATUS TEXT 'COMMAND LINE': on_terminal, then the status and a line of the terminal holding TEXT.
expect_on_terminal() {
  on_terminal "$3"
  [ "$tty_status" = "$1" ] || fail "$3: status $tty_status on a terminal, expected $1: $(cat "$T/tty.txt")"
  grep -qF -- "$2" "$T/tty.txt" || fail "$3: the terminal does not show '$2': $(cat "$T/tty.txt")"
}
# A bound on a whole run against a hang only (CI's machine may be slow and busy): far above any honest run.
HANG_SECONDS=${MT_HANG_SECONDS:-60}

# ---- the reference tools' results, cached (issue 15) ------------------------------------------------------------
# ffprobe and ffmpeg are the reference of most tests: about 1200 calls per pass, each a process start and a probe
# (60 ms of CPU, more on a busy machine); tests ask the same questions about the same bytes, and the thread
# sanitizer pass repeats graphrun's tests.
# With MT_REF_CACHE set (scripts/test.sh: one cache for all passes, emptied when the command starts), a call whose
# result can only depend on its arguments and on the bytes of the files they name is answered from the cache:
#   - the key is the tool, every argument, and for an argument that names a file its base name and content hash
#     (not its directory: each test has its own temp dir, each build tree its own fixtures);
#   - a call is run, not cached, when it reads stdin or a device, when an argument holds a path without being one
#     (a filter's movie=, a -progress file) or names a list of other files (concat, playlists), when ffmpeg is asked for real time (-re), when ffmpeg writes anything
#     but a hash (or nothing: -f null) to a pipe (its reader may stop early: ffmpeg must see that) or writes a file, and when what it
#     printed names one of its files (the names differ from run to run);
#   - stdout, stderr and the exit status are replayed as they were.
# Without MT_REF_CACHE (ctest by hand) every call runs.
# The cache's own work costs few processes (a test makes hundreds of these calls, and on a virtual machine a process
# start costs milliseconds of page faults): one sha1sum hashes the arguments and the files at once, and the key is its
# hashes in a row; an answer is three files, ENTRY.PID.out and ENTRY.PID.err written by the process PID that ran the
# call, then ENTRY.rc, "STATUS PID", created only if absent (noclobber: the first of two tests storing the same answer
# wins, the other removes its files). A reader that finds no ENTRY.rc, or one not yet written, runs the call itself.
ref_cached() {  # ref_cached TOOL ARGS...
  local tool=$1
  shift
  [ -n "${MT_REF_CACHE:-}" ] || { command "$tool" "$@"; return; }
  local a files=() keys=() cacheable=1 hash_output=0 n=$#
  local i=0
  for a in "$@"; do
    i=$((i + 1))
    case $a in
      -re | -readrate) cacheable=0 ;;
      md5 | framemd5 | streamhash | framehash | hash | crc | framecrc | null) hash_output=1 ;;
      *concat* | *.m3u8 | *.mpd | *.txt | *.ffconcat) cacheable=0 ;;  # lists naming other files
    esac
    if [ "$tool" = ffmpeg ] && [ "$i" -eq "$n" ]; then
      case $a in -|pipe:|pipe:1) keys+=("OUT") ;; *) cacheable=0 ;; esac
      continue
    fi
    if [ -f "$a" ] && [ -r "$a" ]; then
      files+=("$a")
      keys+=("F:${a##*/}")
      continue
    fi
    case $a in
      - | pipe: | pipe:0 | /dev/* | -o) cacheable=0 ;;
      *"$MT_TMP"* | *"$MT_FIXTURES"* | *"$MT_SOURCE"* | *"$MT_BIN"* | */tmp/*) cacheable=0 ;;
    esac
    keys+=("A:$a")
  done
  if [ "$tool" = ffmpeg ] && [ "$hash_output" = 0 ] && ! [ -f /dev/stdout ]; then cacheable=0; fi
  if [ "$cacheable" = 0 ] || [ ${#files[@]} -gt 16 ]; then command "$tool" "$@"; return; fi
  local key="" h _
  # 16 hex digits of each hash: the key stays a file name (17 hashes at most); ("\HASH" for a name with a newline).
  while read -r h _; do h=${h#\\}; key+=${h:0:16}; done < <(printf '%s\0' "$tool" "${keys[@]}" | command sha1sum -- - "${files[@]}")
  [ -n "$key" ] || { command "$tool" "$@"; return; }
  local entry=$MT_REF_CACHE/$key rc=0 pid
  if [ -f "$entry.rc" ] && read -r rc pid < "$entry.rc" && [ -n "$pid" ]; then
    command cat "$entry.$pid.out"
    [ ! -s "$entry.$pid.err" ] || command cat "$entry.$pid.err" >&2
    return "$rc"
  fi
  [ -d "$MT_REF_CACHE" ] || command mkdir -p "$MT_REF_CACHE"
  local own=$entry.$BASHPID
  rc=0
  command "$tool" "$@" > "$own.out" 2> "$own.err" || rc=$?
  command cat "$own.out"
  [ ! -s "$own.err" ] || command cat "$own.err" >&2
  local keep=1 stored=0
  if [ "$rc" -ge 128 ]; then
    keep=0
  elif [ ${#files[@]} -gt 0 ]; then
    local patterns=()
    for a in "${files[@]}"; do patterns+=(-e "$a"); done
    ! command grep -qF "${patterns[@]}" "$own.out" "$own.err" || keep=0
  fi
  if [ "$keep" = 1 ]; then
    local clobber_was_set=0
    [[ $- != *C* ]] || clobber_was_set=1
    set -C
    { echo "$rc $BASHPID" > "$entry.rc"; } 2> /dev/null && stored=1
    [ "$clobber_was_set" = 1 ] || set +C
  fi
  [ "$stored" = 1 ] || command rm -f "$own.out" "$own.err"
  return "$rc"
}
ffprobe() { ref_cached ffprobe "$@"; }
ffmpeg() { ref_cached ffmpeg "$@"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
ok() { echo "ok: $*"; }

# expect_status N CMD...: runs CMD (stdout to $T/out, stderr to $T/err) and checks its exit status.
expect_status() {
  local want=$1; shift
  local got=0
  "$@" >"$T/out" 2>"$T/err" || got=$?
  [ "$got" -eq "$want" ] || { cat "$T/err" >&2; fail "'$*' exited $got, expected $want"; }
}
# expect_stderr REGEX: the last stderr has exactly one line and it matches REGEX.
expect_stderr() {
  local lines
  lines=$(grep -c '' "$T/err" || true)
  [ "$lines" -eq 1 ] || { cat "$T/err" >&2; fail "expected one line on stderr, got $lines"; }
  grep -Eq -- "$1" "$T/err" || { cat "$T/err" >&2; fail "stderr does not match /$1/"; }
}
# packets FILE: one line per packet: stream index, codec type, pts and dts in seconds, key flag, payload md5.
# Comparable across containers (time bases differ, times in seconds do not).
packets() {
  ffprobe -v error -show_data_hash md5 -show_entries packet=stream_index,codec_type,pts_time,dts_time,flags,data_hash \
    -of csv=p=0 "$1"
}
# streams FILE: codec_type,codec_name per stream.
streams() { ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 "$1"; }

# ---- fault injection helpers (issue 6) ------------------------------------------------------------------------
# damage_fixtures: the fixtures the damage loops cut and corrupt: tests/fixtures/representative says which and why.
damage_fixtures() {
  local name
  for name in $(grep -v '^#' "$MT_SOURCE/tests/fixtures/representative"); do
    [ -s "$FX/$name" ] || fail "damage_fixtures: $name is not among the fixtures"
    echo "$FX/$name"
  done
}
# cut_points FILE: offsets spread over the file (at k/11 of its size).
# Six of the ten points at size * k / 11 used until ci47 (the damage loops under the sanitizers were a fifth of the
# test command on a slower machine; the fuzz smoke and `scripts/fuzz/run.sh` search truncations far more densely),
# five since ci90 (the test command at the half hour again; the point at 9/11 went: the one at 10/11 still cuts
# a trailer or an index at the end, the others the start and the middle).
# Points at size * k / 7 broke memremux's oracle, not memremux (ci48: raw H.264 cut at 25735 bytes, an MPEG-TS with
# programs at 43562): its packets there are exactly `ffmpeg -c copy`'s of the cut file, but FFmpeg itself gives the
# cut file other packets than the first ones of the whole file. Such points want ffmpeg's remux of the cut as oracle.
CUT_COUNT=5
cut_points() {
  local size k
  size=$(stat -c %s "$1")
  for k in 1 3 5 7 10; do echo $((size * k / 11)); done
}
# corrupt IN OUT SEED [COUNT]: a copy of IN with COUNT (default 20) bytes overwritten at seeded positions,
# sparing the first 64 bytes so the format is still recognised and the damage reaches the demuxer/decoder.
corrupt() {
  local in=$1 out=$2 seed=$3 count=${4:-20} size
  cp "$in" "$out"
  size=$(stat -c %s "$in")
  LC_ALL=C awk -v seed="$seed" -v n="$count" -v size="$size" 'BEGIN {
    srand(seed); for (i = 0; i < n; i++) printf "%d %d\n", 64 + int(rand() * (size - 64)), int(rand() * 256) }' |
  while read -r pos byte; do
    printf "$(printf '\\%03o' "$byte")" | dd of="$out" bs=1 seek="$pos" conv=notrunc status=none
  done
}
# record_fault TOOL FAULT OUTCOME: one line for RELIABILITY.md (scripts/reliability.sh sets MT_FAULT_LOG).
record_fault() {
  [ -n "${MT_FAULT_LOG:-}" ] && printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$MT_FAULT_LOG"
  return 0
}
# status_ok_for_damage STATUS: a damaged input may give 0 (nothing lost that mattered) or 1 (reported); a signal
# (>= 128) or anything else is a failure of ours.
status_ok_for_damage() { [ "$1" -eq 0 ] || [ "$1" -eq 1 ]; }
# sanitizer_build BIN: BIN is built with AddressSanitizer or ThreadSanitizer. Their allocators keep freed memory
# (ASan's quarantine) or shadow all that was touched (TSan), so a peak RSS there says nothing about our own memory;
# and valgrind cannot run such a binary.
sanitizer_build() { grep -qE '__asan_init|__tsan_init' "$1"; }
# thread_sanitizer_build BIN: BIN is built with ThreadSanitizer.
thread_sanitizer_build() { grep -q '__tsan_init' "$1"; }
# stderr_is_clean: no sanitizer report or crash text in the last stderr.
stderr_is_clean() { ! grep -Eq 'AddressSanitizer|ThreadSanitizer|runtime error:|Segmentation|Aborted|core dumped' "$T/err"; }
# for_each_parallel JOBS FUNC MESSAGE ITEM...: runs FUNC ITEM for every item, at most JOBS at once, and fails with
# MESSAGE when any run failed. (Call it plainly, not behind "||": that would switch errexit off inside the jobs.)
for_each_parallel() {
  local jobs=$1 fn=$2 msg=$3 item p failed=0
  shift 3
  local pids=()
  for item in "$@"; do
    "$fn" "$item" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
      wait "${pids[0]}" || failed=1
      pids=("${pids[@]:1}")
    fi
  done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ "$failed" -eq 0 ] || fail "$msg"
}

# writer_killed SETTLE FILE CMD...: CMD reads its stdin from a FIFO whose writer sends the first half of FILE and
# then hangs (as a stuck producer would); once CMD has read that half and SETTLE seconds more have passed, the
# writer is killed (SIGKILL). CMD's stdout goes to $T/out, its stderr to $T/err. Sets st (CMD's exit status) and
# elapsed (milliseconds from the kill to CMD's end).
writer_killed() {
  local settle=$1 f=$2
  shift 2
  local half=$(($(stat -c %s "$f") / 2))
  rm -f "$T/fifo"
  mkfifo "$T/fifo"
  sh -c 'head -c "$1" "$2"; exec sleep 60' sh "$half" "$f" > "$T/fifo" &
  local writer=$!
  "$@" < "$T/fifo" > "$T/out" 2> "$T/err" &
  local pid=$!
  # The half has been read when the process's read count reaches it (the writer is asleep by then).
  for _ in $(seq 1 50); do
    [ "$(awk '/^rchar/ {print $2}' "/proc/$pid/io" 2> /dev/null || echo 0)" -ge "$half" ] 2> /dev/null && break
    sleep 0.1
  done
  sleep "$settle"
  kill -KILL "$writer"
  local start
  start=$(now_ms)
  st=0
  wait "$pid" || st=$?
  elapsed=$(($(now_ms) - start))
  wait "$writer" 2> /dev/null || true
}
