# Shows: an MP4 cut in half (index at the front) is remuxed as far as its data goes, finished properly, and reported as damaged with status 1; with -o the salvaged file is written.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
expect_status 1 sh -c "cat '$FX/truncated.mp4' | memremux -f nut"
expect_stderr '^memremux: error: reading input: the input is damaged: corrupt packet in stream 0:[01] \(.*partial file\); the output holds what could be copied$'
cp "$T/out" "$T/got.nut"
ref_copy "$FX/truncated.mp4" nut "$T/ref.nut"
same_packets "$T/got.nut" "$T/ref.nut"
expect_status 1 memremux "$FX/truncated.mp4" -o "$T/salvaged.mkv"
expect_stderr 'the input is damaged'
ffprobe -v error "$T/salvaged.mkv" 2>"$T/probe_err" && [ ! -s "$T/probe_err" ] || fail "salvaged file does not probe cleanly"
ok "truncated MP4 salvaged and reported"
