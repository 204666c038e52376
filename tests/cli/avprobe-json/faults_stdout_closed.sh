#!/usr/bin/env bash
# Shows: when the reader of our output goes away early (| head -c 100), avprobe-json stops promptly and quietly:
# exit 0, nothing on stderr, and the bytes read are the start of the full output -- even on an endless input.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# An endless, clean input (a generated tone as NUT): the probe can only end because the reader left.
endless() { ffmpeg -nostdin -v quiet -f lavfi -i sine=frequency=440:sample_rate=48000 -c:a pcm_s16le -f nut -; }
endless | head -c 300000 > "$T/start.nut" || true
avprobe-json --show-packets "$T/start.nut" > "$T/full.json" 2> /dev/null
for mode in "--show-packets" "--show-packets --ndjson" "--show-frames"; do
  start=$(now_ms)
  set +o pipefail
  endless |
    { timeout 20 avprobe-json $mode 2> "$T/err"; echo $? > "$T/status"; } | head -c 100 > "$T/head"
  set -o pipefail
  elapsed=$(($(now_ms) - start))
  st=$(cat "$T/status")
  [ "$st" -ne 124 ] || fail "$mode: still running 20 s after the reader left"
  [ "$elapsed" -lt 5000 ] || fail "$mode: ${elapsed} ms to notice the reader left"
  [ "$st" -eq 0 ] || { cat "$T/err" >&2; fail "$mode: exit $st after the reader left"; }
  [ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "$mode: not quiet"; }
  [ "$(stat -c %s "$T/head")" -eq 100 ] || fail "$mode: the reader got $(stat -c %s "$T/head") bytes"
  if [ "$mode" = "--show-packets" ]; then
    cmp -s "$T/head" <(head -c 100 "$T/full.json") || fail "$mode: the first 100 bytes are not the output's start"
  fi
  echo "$mode: ${elapsed} ms"
  record_fault avprobe-json "stdout closed by the reader" "exit 0, quiet, prompt"
done
# A finite input and the plain document: also quiet.
set +o pipefail
{ avprobe-json --show-packets "$FX/mkv_multi.mkv" 2> "$T/err"; echo $? > "$T/status"; } | head -c 100 > /dev/null
set -o pipefail
[ "$(cat "$T/status")" -eq 0 ] && [ ! -s "$T/err" ] || fail "finite input: exit $(cat "$T/status"), $(cat "$T/err")"
record_fault avprobe-json "stdout closed by the reader" "exit 0, quiet, prompt"
ok "a reader that leaves early stops us quietly and promptly"
