# Audio graphs (aresample+volume, amix of two inputs at different rates) give the frames ffmpeg gives.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
same_as_ffmpeg aresample_volume '[0:a]aresample=44100,volume=0.5[a]' '[a]'
same_as_ffmpeg amix_two_inputs '[0:a][1:a]amix=inputs=2[a]' '[a]' "$SIDE"
