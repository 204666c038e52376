# A bad --vf/--af chain is a usage error before anything plays: one line on stderr, status 2, no report written.
# Checked when parsing the options (unknown filter, syntax, not one chain, wrong media type) and, for a chain that
# parses but cannot fit the input (a crop larger than the picture), once the input is opened.
source "$(dirname "$0")/../lib.sh"
# The disk audio driver records what reached the device: nothing may, for a chain refused before playing.
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/a.raw"
clip="$FX/sync_av4.nut"
bad() {  # bad REGEX ARGS...: status 2 at once, one matching line, no frame played (the report, if any, is a summary only)
  local re=$1; shift
  rm -f "$T/a.raw"
  expect_status 2 timeout "$HANG_SECONDS" syncplay --autoexit --sync-report "$T/r.jsonl" "$@" "$clip"
  expect_stderr "$re"
  if [ -e "$T/r.jsonl" ]; then
    [ "$(grep -c '' "$T/r.jsonl")" -eq 1 ] && jq -e '.summary.shown == 0' "$T/r.jsonl" > /dev/null ||
      fail "$*: frames were reported (playback started)"
  fi
  rm -f "$T/r.jsonl"
  [ ! -s "$T/a.raw" ] || fail "$*: $(stat -c %s "$T/a.raw") bytes of sound reached the audio device"
}
bad "^syncplay: error: usage: --vf: .*nosuchfilter" --vf nosuchfilter
bad "^syncplay: error: usage: --vf: " --vf "scale=160:120[x"
bad "^syncplay: error: usage: --vf: .*video filters is needed.*audio" --vf volume=2
bad "^syncplay: error: usage: --vf: .*one input and one output.*2 output" --vf split
bad "^syncplay: error: usage: --vf: .*one input and one output.*0 input" --vf testsrc
bad "^syncplay: error: usage: --af: .*audio filters is needed.*video" --af hflip
bad "^syncplay: error: usage: --af: .*nosuch" --af "volume=nosuch"
ok "chains that do not parse or are not one chain of the right type"
bad "^syncplay: error: --vf: .*(too big|Invalid)" --vf crop=400:400
bad "^syncplay: error: --af: .*not available" --af "channelmap=map=1-0"
ok "chains that do not fit the input"
expect_status 0 syncplay --help
grep -q -- '-vf FILTERS' "$T/out" && grep -q -- '-af FILTERS' "$T/out" || fail "--help does not list --vf and --af"
ok "--help lists --vf and --af"
