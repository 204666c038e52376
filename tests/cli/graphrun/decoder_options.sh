# Shows: before an -i, graphrun takes what ffmpeg takes there for the decoders: -c:v NAME (-codec, -vcodec, -acodec)
# chooses that input's decoder (libvpx-vp9 for VP9 with alpha, whose alpha FFmpeg's own vp9 decoder drops), and
# decoder options by name with stream specifiers (-skip_frame nokey, -threads 1) apply to that input's decoders;
# the frames are ffmpeg's for the same command line. Before the -i, -c:v is no longer taken for the encoder. A
# decoder that does not exist, does not fit the stream's type or is "copy" is one usage line, status 2.
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# same "ARGS": graphrun and ffmpeg with the same arguments, compared frame by frame (framemd5 carries timestamps).
same() {
  eval "graphrun $1 -f framemd5 -" 2> "$T/err" | grep -v '^#' > "$T/ours" || true
  [ -s "$T/ours" ] || fail "graphrun $1: nothing: $(cat "$T/err")"
  eval "ffq $1 -f framemd5 -" | grep -v '^#' > "$T/ref"
  [ -s "$T/ref" ] || fail "ffmpeg $1: nothing"
  cmp -s "$T/ours" "$T/ref" || { diff "$T/ours" "$T/ref" | head -4 >&2; fail "frames differ: graphrun $1"; }
}
# VP9 with half-transparent alpha (WebM keeps alpha in a side channel only libvpx-vp9 decodes).
ALPHA=$T/alpha.webm
ffq -f lavfi -i "testsrc=size=160x120:rate=10:duration=1,format=rgba,colorchannelmixer=aa=0.5" -c:v libvpx-vp9 \
  -b:v 200k "$ALPHA"
same '-c:v libvpx-vp9 -i "$ALPHA" -vf format=rgba'
forced=$(sha1sum < "$T/ours")
same '-vcodec libvpx-vp9 -i - -vf format=rgba < "$ALPHA"'
[ "$(sha1sum < "$T/ours")" = "$forced" ] || fail "-vcodec differs from -c:v"
same '-i "$ALPHA" -vf format=rgba'
[ "$(sha1sum < "$T/ours")" != "$forced" ] || fail "the default decoder gave the alpha of libvpx-vp9: the test proves nothing"
# Before the -i the decoder's, after it the encoder's: both at once, as ffmpeg reads them.
graphrun -c:v libvpx-vp9 -i "$ALPHA" -vf format=yuva420p -c:v ffv1 -f matroska - 2> "$T/err" > "$T/both.mkv" \
  || fail "decoder and encoder: $(cat "$T/err")"
[ "$(ffprobe -v error -show_entries stream=codec_name,pix_fmt -of csv=p=0 "$T/both.mkv")" = "ffv1,yuva420p" ] \
  || fail "-c:v before and after -i: $(ffprobe -v error -show_entries stream=codec_name,pix_fmt -of csv=p=0 "$T/both.mkv")"
ok "-c:v/-vcodec before -i choose the decoder (alpha kept as ffmpeg), -c:v after it the encoder"
# Decoder options by name, with specifiers; another input's options do not leak.
same '-skip_frame nokey -i "$MAIN" -vf scale=80:60 -an'
keys=$(wc -l < "$T/ours")
same '-skip_frame:v nokey -i "$MAIN" -i "$SIDE" -filter_complex "[0:v][1:v]overlay" -an'
same '-i "$MAIN" -skip_frame nokey -i "$SIDE" -filter_complex "[0:v][1:v]overlay" -an'
same '-skip_frame:a nokey -i "$MAIN" -vf scale=80:60 -an'
all=$(wc -l < "$T/ours")
[ "$keys" -lt "$all" ] || fail "-skip_frame nokey kept $keys of $all frames: the test proves nothing"
ok "-skip_frame[:v] nokey before an -i: $keys of $all frames, as ffmpeg"
# As ffmpeg: an option no stream's decoder takes is a warning naming it; one that some stream takes is not.
graphrun -skip_frame:a nokey -i "$MAIN" -vf null -an -f null - 2> "$T/err" || fail "-skip_frame:a: $(cat "$T/err")"
grep -q "^graphrun: warning: input 0: -skip_frame:a was taken by no stream's decoder" "$T/err" \
  || fail "-skip_frame:a: no warning: $(cat "$T/err")"
graphrun -skip_frame nokey -i "$MAIN" -vf null -an -f null - 2> "$T/err" || fail "-skip_frame: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "-skip_frame nokey: $(cat "$T/err")"
ok "an option no stream's decoder takes: a warning, as ffmpeg's"
for n in 1 2; do
  graphrun -threads $n -i "$MAIN" -vf scale=80:60 -an -f null - --stats 2> "$T/err" || fail "-threads $n: $(cat "$T/err")"
  grep -q "stream 0 (mpeg4): $n decoder thread" "$T/err" || fail "-threads $n: $(grep 'decoder thread' "$T/err")"
done
ok "-threads N before -i: N decoder threads"
bad() {  # bad REGEX ARGS...
  local re=$1; shift
  expect_status 2 graphrun "$@" -vf null -y "$T/out.nut"
  expect_stderr "$re"
  [ ! -e "$T/out.nut" ] || fail "$*: wrote the output"
}
bad "^graphrun: error: usage: -c:v \(input 0\): no decoder named 'nosuch' \(see --help\)$" -c:v nosuch -i "$MAIN"
bad "^graphrun: error: usage: -c:a \(input 0\): 'h264' decodes video, not audio \(see --help\)$" -c:a h264 -i "$MAIN"
bad "^graphrun: error: usage: -c \(input 0\): 'copy' is no decoder" -c copy -i "$MAIN"
bad "^graphrun: error: usage: -vcodec:0: takes no stream specifier" -vcodec:0 h264 -i "$MAIN"
bad "'aac' decodes audio, not video" -c aac -i "$MAIN"
bad "^graphrun: error: usage: -c:v \(input 1\): no decoder named 'nosuch'" -i "$MAIN" -c:v nosuch -i "$SIDE"
ok "an unknown decoder, one of another type, or copy: status 2, one line, nothing written"
bad "^graphrun: error: usage: -skip_frame: 'bogus' is not a value of skip_frame \(none, default, .*nokey.*\) \(see --help\)$" \
  -skip_frame bogus -i "$MAIN"
bad "^graphrun: error: usage: -threads:v: 'x' is not a value of threads" -threads:v x -i "$MAIN"
ok "a value the decoder option does not take: status 2, one line naming the option and its values"
