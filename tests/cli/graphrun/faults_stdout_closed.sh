#!/usr/bin/env bash
# Shows: when the reader of graphrun's output goes away early (| head -c), graphrun stops promptly and quietly --
# exit 0, nothing on stderr -- even on an endless input and with an encoder, and the bytes read are the start of
# the output a full run gives.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
# An endless, clean input (generated video and tone as NUT): graphrun can only end because the reader left.
endless() {
  ffmpeg -nostdin -v quiet -f lavfi -i testsrc2=size=160x120:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -c:v rawvideo -c:a pcm_s16le -f nut -
}
for args in "--vf scale=80:60" "--vf scale=80:60 --af anull" "--vf scale=80:60 -c:v mpeg4" "--af volume=0.5"; do
  start=$(now_ms)
  set +o pipefail
  endless | { timeout 20 graphrun $args 2> "$T/err"; echo $? > "$T/status"; } | head -c 100000 > "$T/head"
  set -o pipefail
  elapsed=$(($(now_ms) - start))
  st=$(cat "$T/status")
  [ "$st" -ne 124 ] || fail "$args: still running 20 s after the reader left"
  [ "$st" -eq 0 ] || { cat "$T/err" >&2; fail "$args: exit $st after the reader left"; }
  [ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "$args: not quiet"; }
  [ "$(stat -c %s "$T/head")" -eq 100000 ] || fail "$args: the reader got $(stat -c %s "$T/head") bytes"
  echo "$args: ${elapsed} ms"
  record_fault graphrun "stdout closed by the reader" "exit 0, quiet, prompt"
done
# A finite input: the bytes the reader got are the start of the full output.
graphrun --vf scale=80:60 --af anull "$MAIN" > "$T/full.nut"
set +o pipefail
{ graphrun --vf scale=80:60 --af anull "$MAIN" 2> "$T/err"; echo $? > "$T/status"; } | head -c 50000 > "$T/head"
set -o pipefail
[ "$(cat "$T/status")" -eq 0 ] && [ ! -s "$T/err" ] || fail "finite input: exit $(cat "$T/status"), $(cat "$T/err")"
cmp -s "$T/head" <(head -c 50000 "$T/full.nut") || fail "finite input: the bytes read are not the output's start"
record_fault graphrun "stdout closed by the reader" "exit 0, quiet, prompt"
ok "a reader that leaves early stops graphrun quietly and promptly"
