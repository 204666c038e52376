# A trim that ends early, and graphs with two outputs (video+video, video+audio), match ffmpeg, outputs in label order.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
same_as_ffmpeg trim_early '[0:v]trim=end=1[v]' '[v]'
same_as_ffmpeg two_outputs '[0:v]split[a][b];[a]scale=80:60[o1];[b]crop=40:40[o2]' '[o1] [o2]'
same_as_ffmpeg video_and_audio '[0:v]scale=80:60[v];[0:a]volume=2[a]' '[v] [a]'
# label order is the order in the description, whatever the filter order
cat "$MAIN" | graphrun -g '[0:v]split[b][a];[b]scale=80:60[o2];[a]crop=40:40[o1]' > "$T/order.nut"
[ "$(ffprobe -v error -show_entries stream=width -of csv=p=0 "$T/order.nut" | tr '\n' ' ')" = "80 40 " ] \
  || fail "outputs are not in the order of the description"
ok "outputs in description order"
