# Shows: a Matroska file cut in half is remuxed as far as it goes, the output is finished and playable, and the status (1) and one line say the input was truncated.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
expect_status 1 sh -c "cat '$FX/truncated.mkv' | memremux -f matroska"
expect_stderr '^memremux: error: reading input: the input is truncated: packets end at 00:00:00\.[0-9]+ of 00:00:02\.02 \(File ended prematurely\); the output holds what could be copied$'
cp "$T/out" "$T/got.mkv"
# finished properly: it probes without complaint and holds the same packets as ffmpeg's copy of the same bytes
ffprobe -v error "$T/got.mkv" 2>"$T/probe_err" && [ ! -s "$T/probe_err" ] || fail "output does not probe cleanly"
ref_copy "$FX/truncated.mkv" matroska "$T/ref.mkv"
same_packets "$T/got.mkv" "$T/ref.mkv"
[ "$(packets "$T/got.mkv" | wc -l)" -gt 50 ] || fail "too few packets salvaged"
ok "truncated Matroska salvaged and reported"
