# Video graphs (scale+format, fps change, crop, split+overlay) give the frames ffmpeg -filter_complex gives.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
same_as_ffmpeg scale_format '[0:v]scale=320:240,format=yuv444p[v]' '[v]'
same_as_ffmpeg fps_change '[0:v]fps=25[v]' '[v]'
same_as_ffmpeg crop '[0:v]crop=100:80:10:20[v]' '[v]'
same_as_ffmpeg split_overlay '[0:v]split[a][b];[b]scale=80:60[s];[a][s]overlay=10:10[v]' '[v]'
