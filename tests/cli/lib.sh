# Sourced by every CLI test: strict mode, paths, a private temp dir, and assertions.
# Environment (set by ctest): MT_BIN (built binaries), MT_FIXTURES (generated media), MT_SOURCE, MT_TMP.
set -euo pipefail
: "${MT_BIN:?run through ctest}" "${MT_FIXTURES:?run through ctest}"
FX=$MT_FIXTURES
mkdir -p "${MT_TMP:-/tmp}"
T=$(mktemp -d "${MT_TMP:-/tmp}/cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export PATH="$MT_BIN:$PATH"

fail() { echo "FAIL: $*" >&2; exit 1; }
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
