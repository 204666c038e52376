# Pipelines: ffmpeg -f nut - | graphrun | ffprobe; the default output is NUT with rawvideo and PCM, read back by ffmpeg.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
ffq -i "$FX/mp4_end.mp4" -c:v rawvideo -c:a pcm_s16le -f nut - \
  | graphrun -g '[0:v]scale=160:120[v];[0:a]aresample=22050[a]' \
  | ffprobe -v error -count_frames -show_entries format=format_name:stream=codec_name,width,sample_rate,nb_read_frames \
      -of compact - > "$T/probe"
grep -q 'format_name=nut' "$T/probe" || fail "not NUT: $(cat "$T/probe")"
grep -q 'codec_name=rawvideo|width=160' "$T/probe" || fail "video: $(cat "$T/probe")"
grep -q 'codec_name=pcm_.*|sample_rate=22050' "$T/probe" || fail "audio: $(cat "$T/probe")"
grep -q 'width=160|nb_read_frames=50' "$T/probe" || fail "video frames: $(cat "$T/probe")"
ok "ffmpeg | graphrun | ffprobe"

# float audio stays float (PCM matching the sample format); ffmpeg decodes every frame back
cat "$MAIN" | graphrun -g '[0:a]aformat=sample_fmts=fltp[a]' > "$T/flt.nut"
[ "$(streams "$T/flt.nut")" = "pcm_f32le,audio" ] || fail "fltp output is $(streams "$T/flt.nut")"
n=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$T/flt.nut")
[ "$n" -gt 0 ] || fail "no frames read back"
ffq -i "$T/flt.nut" -f null - || fail "ffmpeg cannot read the output back"
ok "PCM in the graph's sample format, read back by ffmpeg ($n frames)"

# graphrun | graphrun: the output is a valid input
cat "$MAIN" | graphrun --vf 'scale=80:60' | graphrun --vf 'hflip' > "$T/chain.nut"
frames_of "$T/chain.nut" > "$T/chain.ours"
ffq -i "$MAIN" -vf 'scale=80:60,hflip' -f framemd5 - | grep -v '^#' > "$T/chain.ref"
cmp -s "$T/chain.ours" "$T/chain.ref" || fail "graphrun | graphrun differs from ffmpeg"
ok "graphrun | graphrun"
