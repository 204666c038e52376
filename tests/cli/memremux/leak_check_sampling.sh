#!/usr/bin/env bash
# Shows: in the sanitizer build, LeakSanitizer's check at exit is sampled over a test's repeated command lines as
# tests/sanitizer/leak_sampling.cpp says (the sanitizer pass of scripts/test.sh relies on it): with
# MT_LEAK_CHECK_EVERY=3, the first run of a set of options is checked, then every third repeat of it; new options are
# checked; another value or file with the same options is a repeat; without the variable every run is checked. A check is seen in the run's minor page faults: the scan touches the 32 MiB of
# the libraries' writable data, doubling them (about 11000 against 5600 for -version).
source "$(dirname "$0")/../lib.sh"
sanitizer_build "$MT_BIN/memremux" && ! thread_sanitizer_build "$MT_BIN/memremux" ||
  { echo "skip: not the address sanitizer build"; exit 77; }
export ASAN_OPTIONS=detect_leaks=1
dir=$T/counts
mkdir -p "$dir"
# faults [ENV...] -- ARGS...: memremux ARGS' minor page faults, with ENV set.
faults() {
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  env -u MT_LEAK_CHECK_EVERY -u MT_LEAK_CHECK_DIR "${envs[@]}" /usr/bin/time -f %R -o "$T/faults" memremux "$@" > /dev/null 2>&1 || true
  tail -n 1 "$T/faults"  # after "Command exited with non-zero status N", when it did
}
sampled=(MT_LEAK_CHECK_EVERY=3 "MT_LEAK_CHECK_DIR=$dir")
got=()
for run in 1 2 3 4 5; do got+=("$(faults "${sampled[@]}" -- -version)"); done
new=$(faults "${sampled[@]}" -- -version -loglevel error)
value=$(faults "${sampled[@]}" -- -version -loglevel quiet)
mkdir -p "$T/a" "$T/b"
: > "$T/a/same.nut"
: > "$T/b/same.nut"
other=()
other+=("$(faults "${sampled[@]}" -- -f nut "$T/a/same.nut")")
other+=("$(faults "${sampled[@]}" -- -f nut "$T/b/same.nut")")
plain=$(faults MT_LEAK_CHECK_DIR="$dir" -- -version)
echo "minor faults: -version runs 1-5: ${got[*]}; new options: $new; another value: $value; /a/same.nut then /b/same.nut: ${other[*]}; unsampled: $plain"
# checked A B: A's faults are those of a run with the check (over 1.3 times B's, a run without it).
checked() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 1.3 * b) }'; }
for c in 0 3; do
  for u in 1 2 4; do
    checked "${got[$c]}" "${got[$u]}" || fail "run $((c + 1)) should be checked (${got[$c]} faults), run $((u + 1)) not (${got[$u]})"
  done
done
ok "first run and every third repeat checked, the others not"
checked "$new" "${got[1]}" || fail "new options are not checked ($new faults)"
ok "new options are checked"
checked "$new" "$value" || fail "-loglevel quiet after -loglevel error counted as new options ($value faults)"
checked "${other[0]}" "${other[1]}" || fail "/b/same.nut after /a/same.nut counted as new options"
ok "another value or file with the same options is a repeat"
checked "$plain" "${got[1]}" || fail "without MT_LEAK_CHECK_EVERY a run is not checked ($plain faults)"
ok "without MT_LEAK_CHECK_EVERY every run is checked"
