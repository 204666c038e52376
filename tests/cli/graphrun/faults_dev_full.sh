#!/usr/bin/env bash
# Shows: writing to a full device is exit 1 with the one line "graphrun: error: writing output: No space left on
# device", for audio, video and both, for the default NUT and for Matroska with an encoder, on stdout and with -o.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
[ -w /dev/full ] || { echo "skip: no /dev/full"; exit 77; }
for args in "--af anull" "--vf scale=80:60 --af anull" "--vf null -c:v mpeg4 -f matroska" "-g testsrc=d=1:s=64x48[v]"; do
  for where in stdout file; do
    st=0
    if [ "$where" = stdout ]; then
      graphrun $args "$MAIN" > /dev/full 2> "$T/err" || st=$?
    else
      graphrun $args "$MAIN" -o /dev/full 2> "$T/err" || st=$?
    fi
    [ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "/dev/full ($args, $where): exit $st"; }
    expect_stderr '^graphrun: error: writing output: No space left on device$'
    stderr_is_clean || fail "/dev/full: crash text"
    record_fault graphrun "output on /dev/full" "exit 1, one error line"
  done
done
ok "/dev/full: exit 1 and one line"
