# Two-input graphs of different rates (concat, overlay of 1 fps on 60 fps, audio+video) match ffmpeg.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
same_as_ffmpeg concat_two_inputs '[0:v]scale=64:48,fps=1[m];[m][1:v]concat=n=2:v=1:a=0[v]' '[v]' "$SIDE"
same_as_ffmpeg concat_audio '[0:a]atrim=end=1[x];[x][1:a]concat=n=2:v=0:a=1[a]' '[a]' "$SIDE"
same_as_ffmpeg overlay_1fps_on_60fps '[0:v][1:v]overlay=x=5:y=5[v]' '[v]' "$SIDE"
same_as_ffmpeg overlay_shortest '[0:v][1:v]overlay=shortest=1[v]' '[v]' "$SIDE"
