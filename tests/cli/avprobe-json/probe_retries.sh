#!/usr/bin/env bash
# Shows: --probe-retries N probes again, with -probesize and -analyzeduration 8 times larger, an input whose audio
# starts 9 s after its video, or after 7 MB (ffprobe's default limits leave it without codec parameters): the
# retried result is byte for byte ffprobe's with those larger limits, on a file and on a pipe (the bytes read are
# replayed), --typed counts format.probe_retries, one warning line says so; without the option it is ffprobe's.
source "$(dirname "$0")/../lib.sh"
ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=size=64x48:rate=25:duration=12" -itsoffset 9 \
  -f lavfi -i "sine=frequency=440:duration=3" -map 0:v -map 1:a -c:v libx264 -preset ultrafast -threads 1 -c:a aac \
  -fflags +bitexact -f mpegts "$T/late.ts"
big=(-probesize 40000000 -analyzeduration 40000000)  # FFmpeg's defaults (5000000, 5 s) times 8
# ffprobe with its default limits lacks the audio stream's parameters, and says so.
command ffprobe -v warning -of json -show_streams -show_format "$T/late.ts" > "$T/ref.json" 2> "$T/ref_err"
grep -q "Could not find codec parameters for stream 1" "$T/ref_err" || fail "ffprobe found the late stream: $(cat "$T/ref_err")"
jq -e '.streams[1].sample_rate == "0" and .streams[1].channels == 0' "$T/ref.json" > /dev/null ||
  fail "ffprobe has the late stream's parameters: $(jq -c '.streams[1]' "$T/ref.json")"
# Without the option: ffprobe's output, byte for byte, and no retry.
expect_status 0 avprobe-json -v quiet -of json -show_streams -show_format "$T/late.ts"
cmp -s "$T/ref.json" "$T/out" || fail "without --probe-retries the output is not ffprobe's"
avprobe-json -v quiet --typed "$T/late.ts" > "$T/typed0.json"
jq -e '.format.probe_retries == 0 and .streams[1].sample_rate == 0' "$T/typed0.json" > /dev/null ||
  fail "without --probe-retries: $(jq -c '[.streams[1].sample_rate, .format.probe_retries]' "$T/typed0.json")"
# With it: the codec's parameters, one retry, one warning line of ours.
expect_status 0 avprobe-json --typed --probe-retries 3 "$T/late.ts"
jq -e '.streams[1].codec_name == "aac" and .streams[1].sample_rate == 44100 and .streams[1].channels == 1 and
  .format.probe_retries == 1' "$T/out" > /dev/null ||
  fail "retried: $(jq -c '[.streams[1], .format.probe_retries]' "$T/out")"
[ "$(grep -c '^avprobe-json: warning: ' "$T/err")" -eq 1 ] || fail "not one warning line: $(cat "$T/err")"
grep -Eq '^avprobe-json: warning: .*late.ts: stream 1 lacked codec parameters; probed again 1 time \(up to -probesize 40000000 -analyzeduration 40000000\): found$' "$T/err" ||
  fail "warning line: $(cat "$T/err")"
# The retried probe is ffprobe's with the larger limits, byte for byte; on a file and on a pipe.
ffprobe -v quiet -of json -show_streams -show_format "${big[@]}" "$T/late.ts" > "$T/ref_big.json"
expect_status 0 avprobe-json -v quiet -of json -show_streams -show_format --probe-retries 3 "$T/late.ts"
cmp -s "$T/ref_big.json" "$T/out" || { json_diff "$T/ref_big.json" "$T/out"; fail "retried file differs from ffprobe ${big[*]}"; }
cat "$T/late.ts" | command ffprobe -v quiet -of json -show_streams -show_format "${big[@]}" - > "$T/ref_pipe.json"
cat "$T/late.ts" | avprobe-json -v quiet -of json -show_streams -show_format --probe-retries 3 > "$T/pipe.json" ||
  fail "retry on a pipe failed"
cmp -s "$T/ref_pipe.json" "$T/pipe.json" || { json_diff "$T/ref_pipe.json" "$T/pipe.json"; fail "retried pipe differs from ffprobe ${big[*]} on the pipe"; }
cat "$T/late.ts" | avprobe-json -v quiet --typed --probe-retries 3 | jq -e '.format.probe_retries == 1' > /dev/null ||
  fail "no retry counted on a pipe"
# A pipe read past what may be kept (--spool-limit) cannot be probed again: said once, and the first probe stands.
avprobe-json --typed --probe-retries 3 --spool-limit 50k < <(cat "$T/late.ts") > "$T/out" 2> "$T/err" || fail "kept-limit run failed"
jq -e '.format.probe_retries == 0 and .streams[1].sample_rate == 0' "$T/out" > /dev/null || fail "kept-limit: $(jq -c .format "$T/out")"
[ "$(grep -c '^avprobe-json: warning: ' "$T/err")" -eq 1 ] &&
  grep -q 'warning: -: stream 1 lacked codec parameters; cannot probe again: more of the pipe was read than --spool-limit keeps' "$T/err" ||
  fail "kept-limit warning: $(cat "$T/err")"
# The user's own -analyzeduration is where the growth starts; a stream still without parameters is named.
expect_status 0 avprobe-json --typed --probe-retries 1 -analyzeduration 100000 "$T/late.ts"
jq -e '.format.probe_retries == 1 and .streams[1].sample_rate == 0' "$T/out" > /dev/null || fail "short analyze: $(jq -c .format "$T/out")"
grep -q 'probed again 1 time (up to -probesize 40000000 -analyzeduration 800000): stream 1 still without$' "$T/err" ||
  fail "still-without warning: $(cat "$T/err")"
# An input with every parameter is probed once, quietly.
ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=size=64x48:rate=25:duration=1" -c:v libx264 -preset ultrafast \
  -threads 1 -f mpegts "$T/plain.ts"
expect_status 0 avprobe-json --typed --probe-retries 3 "$T/plain.ts"
[ ! -s "$T/err" ] || fail "a complete input warned: $(cat "$T/err")"
jq -e '.format.probe_retries == 0' "$T/out" > /dev/null || fail "a complete input was retried"
# A stream that never gets its parameters (its packets cut off) is probed for three times at most, the probesize
# growing to 1 GiB, no further (FFmpeg would refuse the MPEG-TS seekback buffer of 2.5 GB).
head -c 60000 "$T/late.ts" > "$T/cut.ts"
expect_status 0 avprobe-json --typed --probe-retries 3 "$T/cut.ts"
jq -e '.format.probe_retries == 3' "$T/out" > /dev/null || fail "cut.ts: $(jq -c .format "$T/out")"
grep -q 'probed again 3 times (up to -probesize 1073741824 -analyzeduration 2560000000): stream 1 still without$' "$T/err" ||
  fail "cut.ts warning: $(cat "$T/err")"
! grep -q 'seekback' "$T/err" || fail "cut.ts: $(cat "$T/err")"
# A stream past the first 5 MB (the probesize, not the analyzeduration: audio 2.5 s in, after 7 MB of noise video) is
# found too; its MPEG audio lacked the frame size.
ffmpeg -nostdin -v error -y -f lavfi -i "nullsrc=s=320x240:r=25:d=3,geq=lum='random(1)*255':cb=128:cr=128" \
  -itsoffset 2.5 -f lavfi -i "sine=frequency=440:duration=1" -map 0:v -map 1:a -c:v mpeg2video -q:v 1 -c:a mp2 \
  -fflags +bitexact -f mpegts "$T/big.ts"
[ "$(stat -c %s "$T/big.ts")" -gt 5000000 ] || fail "big.ts is not past the probesize"
ffprobe -v quiet -of json -show_streams -show_format "$T/big.ts" | jq -e '.streams[1].sample_rate == "0"' > /dev/null ||
  fail "ffprobe found big.ts's audio with its default probesize"
ffprobe -v quiet -of json -show_streams -show_format "${big[@]}" "$T/big.ts" > "$T/ref_big.json"
expect_status 0 avprobe-json -of json -show_streams -show_format --probe-retries 1 "$T/big.ts"
cmp -s "$T/ref_big.json" "$T/out" || { json_diff "$T/ref_big.json" "$T/out"; fail "big.ts retried differs from ffprobe ${big[*]}"; }
jq -e '.streams[1].sample_rate == "44100"' "$T/out" > /dev/null || fail "big.ts: audio not found"
grep -q 'big.ts: stream 1 lacked codec parameters; probed again 1 time .*: found$' "$T/err" || fail "big.ts warning: $(cat "$T/err")"
# -nofind_stream_info looks for no parameters: nothing to probe again for.
expect_status 0 avprobe-json -of json --typed -show_streams -show_format -nofind_stream_info --probe-retries 3 "$T/late.ts"
jq -e '.format.probe_retries == 0' "$T/out" > /dev/null || fail "-nofind_stream_info was retried"
! grep -q 'lacked codec parameters' "$T/err" || fail "-nofind_stream_info: $(cat "$T/err")"
# Out of range: a usage error.
expect_status 2 avprobe-json --probe-retries 4 "$T/late.ts"
expect_stderr 'probe-retries: 0 to 3'
ok "--probe-retries: the late stream found by probing again, as ffprobe with larger limits; file and pipe"
