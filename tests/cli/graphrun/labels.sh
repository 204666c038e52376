# Graph labels name streams as ffmpeg does ([0:a:1], [1:v]); unlabeled pads, --vf/--af and --graph-file work.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
MKV=$FX/mkv_multi.mkv  # h264, aac (eng), opus (fra), srt

# [0:a:1] is the second audio stream (opus 48 kHz): compare with ffmpeg on the same label
graphrun -g '[0:a:1]volume=0.5[a]' "$MKV" > "$T/a1.nut"
frames_of "$T/a1.nut" > "$T/a1.ours"
ffq -i "$MKV" -filter_complex '[0:a:1]volume=0.5[a]' -map '[a]' -f framemd5 - | grep -v '^#' > "$T/a1.ref"
cmp -s "$T/a1.ours" "$T/a1.ref" || fail "[0:a:1] is not the stream ffmpeg picks"
ok "[0:a:1] picks the second audio stream"

# unlabeled input and output: the first unused stream of the pad's type; as ffmpeg, the input's audio comes along
# (the graph makes no audio), unfiltered
cat "$MAIN" | graphrun -g 'scale=80:60' > "$T/unl.nut"
[ "$(streams "$T/unl.nut" | tr '\n' ' ')" = "rawvideo,video pcm_s16le,audio " ] || fail "unlabeled graph: $(streams "$T/unl.nut")"
frames_of "$T/unl.nut" > "$T/unl.ours"
ffq -i "$MAIN" -filter_complex 'scale=80:60' -f framemd5 - | grep -v '^#' > "$T/unl.ref"
cmp -s "$T/unl.ours" "$T/unl.ref" || fail "unlabeled graph differs from ffmpeg"
ok "unlabeled input and output"

# two unlabeled inputs of one filter take input 0's video, then input 1's
cat "$MAIN" | graphrun -i - -i "$SIDE" -g 'overlay' > "$T/unl2.nut"
frames_of "$T/unl2.nut" > "$T/unl2.ours"
ffq -i "$MAIN" -i "$SIDE" -filter_complex 'overlay' -f framemd5 - | grep -v '^#' > "$T/unl2.ref"
cmp -s "$T/unl2.ours" "$T/unl2.ref" || fail "two unlabeled inputs differ from ffmpeg"
ok "unlabeled inputs bound in stream order"

# --vf and --af: one chain each on [0:v] and [0:a]; same frames as ffmpeg -vf/-af
cat "$MAIN" | graphrun --vf 'scale=80:60,hflip' --af 'volume=0.25' > "$T/vfaf.nut"
[ "$(streams "$T/vfaf.nut" | tr '\n' ' ')" = "rawvideo,video pcm_f32le,audio " ] || fail "--vf/--af streams: $(streams "$T/vfaf.nut")"
frames_of "$T/vfaf.nut" > "$T/vfaf.ours"
ffq -i "$MAIN" -vf 'scale=80:60,hflip' -af 'volume=0.25' -f framemd5 - | grep -v '^#' > "$T/vfaf.ref"
cmp -s "$T/vfaf.ours" "$T/vfaf.ref" || fail "--vf/--af differ from ffmpeg -vf/-af"
ok "--vf and --af"

# --graph-file: a long graph spread over lines
printf '[0:v] split [a][b];\n[a] scale=80:60 [o1];\n[b] crop=40:40 [o2]\n' > "$T/g.txt"
cat "$MAIN" | graphrun --graph-file "$T/g.txt" > "$T/gf.nut"
[ "$(ffprobe -v error -show_entries stream=width -of csv=p=0 "$T/gf.nut" | tr '\n' ' ')" = "80 40 " ] || fail "--graph-file"
ok "--graph-file"

# a graph of sources alone does not read stdin; three inputs (-i twice) each bind by index
graphrun -g 'testsrc=d=1:s=64x48:r=25[v]' < /dev/null > "$T/src.nut"
[ "$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$T/src.nut")" = 25 ] || fail "sources-only graph"
graphrun -g '[0:v][1:v]overlay[a];[a][2:v]overlay=x=40[v]' -i "$MAIN" -i "$SIDE" -i "$SIDE" > "$T/three.nut"
frames_of "$T/three.nut" > "$T/three.ours"
ffq -i "$MAIN" -i "$SIDE" -i "$SIDE" -filter_complex '[0:v][1:v]overlay[a];[a][2:v]overlay=x=40[v]' -map '[v]' -f framemd5 - \
  | grep -v '^#' > "$T/three.ref"
cmp -s "$T/three.ours" "$T/three.ref" || fail "three inputs differ from ffmpeg"
ok "sources-only graph; three inputs"
