# Bad input and bad usage: one line on stderr and the documented status (1 media, 2 usage); help and version on
# stdout with status 0.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
expect_status 1 syncplay --autoexit <"$FX/empty.bin"
expect_stderr '^syncplay: error: (opening|reading) input: '
expect_status 1 syncplay --autoexit <"$FX/garbage.bin"
expect_stderr '^syncplay: error: opening input: '
expect_status 1 syncplay --autoexit "$T/missing.nut"
expect_stderr '^syncplay: error: opening input.*No such file'
expect_status 1 syncplay --autoexit <"$FX/subs.srt"
expect_stderr '^syncplay: error: opening input: no audio or video stream$'
# Every byte of every packet replaced: the container is fine, the stream is not decodable (FFmpeg's own decoder
# messages come first; -v quiet leaves only ours out too, so check the status and our line at default level).
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=160x120:duration=1 -c:v mjpeg -bsf:v noise=amount=1 -f nut "$T/bad.nut"
expect_status 1 timeout 20 syncplay "$T/bad.nut"
tail -1 "$T/err" | grep -Eq '^syncplay: error: decoding: no frame could be decoded' || fail "undecodable: $(tail -3 "$T/err")"
[ "$(grep -c '^syncplay: error:' "$T/err")" -eq 1 ] || fail "more than one error line of ours"
expect_status 2 syncplay --sync bogus
expect_stderr '^syncplay: error: usage: -sync: audio, video or ext'
expect_status 2 syncplay --speed 3
expect_stderr '^syncplay: error: usage: --speed: 0.5 to 2.0'
expect_status 2 syncplay --volume 101
expect_stderr '^syncplay: error: usage: '
expect_status 2 syncplay --no-such-option
expect_stderr '^syncplay: error: usage: '
expect_status 0 syncplay --help
grep -q -- '--sync-report' "$T/out" || fail "--help does not list --sync-report"
[ ! -s "$T/err" ] || fail "--help wrote to stderr"
expect_status 0 syncplay --version
grep -q '^syncplay ' "$T/out" || fail "--version: $(cat "$T/out")"
ok "errors and usage"
