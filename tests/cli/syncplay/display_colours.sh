# The picture syncplay draws has the colours ffmpeg gives the same frame: read with the frame's own YUV matrix and
# range when it is tagged (BT.709 at 320x240, full range), else BT.601 up to 576 lines and BT.709 above (SDL's
# rule), and a frame the renderer cannot take (NV12, 4:4:4, RGB) converted without loss where there is none to
# make; and a picture with a display matrix is turned upright as ffmpeg and ffplay turn it (-autorotate, their
# default: transpose for a quarter turn, both flips for a half, rotate otherwise), or shown as stored with
# -noautorotate. Headless: SDL's dummy driver saves each presented window as a BMP (SDL_VIDEO_DUMMY_SAVE_FRAMES), and the
# last one is compared with ffmpeg's RGB conversion of the frame (mean and largest difference per channel).
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ffmpeg -v error -y -f lavfi -i testsrc2=s=320x240 -frames 1 "$T/still.png" || fail "making the picture"
ffmpeg -v error -y -f lavfi -i testsrc2=s=1280x720 -frames 1 "$T/still720.png" || fail "making the picture"

# check NAME MATRIX RANGE MAX_MEAN PICTURE ENCODING...: 0.2 s of the picture, played; the last window saved.
# $PLAY: more syncplay options; $WANT_IN: ffmpeg input options for the reference.
check() {
  local name=$1 matrix=$2 range=$3 max_mean=$4 picture=$5
  shift 5
  [ -s "$T/$name" ] || ffmpeg -v error -y -loop 1 -i "$T/$picture" -t 0.2 -r 25 "$@" "$T/$name" || fail "$name: encoding"
  rm -rf "$T/$name.d" && mkdir "$T/$name.d"
  # shellcheck disable=SC2086
  (cd "$T/$name.d" && SDL_VIDEO_DUMMY_SAVE_FRAMES=1 timeout "$HANG_SECONDS" syncplay --autoexit -an ${PLAY:-} "$T/$name") \
    2>"$T/err" || fail "$name: exit $?: $(cat "$T/err")"
  [ ! -s "$T/err" ] || fail "$name: stderr: $(cat "$T/err")"  # (swscale once warned of YUVJ formats here)
  local last
  last=$(find "$T/$name.d" -name 'SDL_window*.bmp' | sort | tail -1)
  [ -n "$last" ] || fail "$name: no window was saved"
  ffmpeg -v error -y -i "$last" -f rawvideo -pix_fmt rgb24 "$T/got.rgb" || fail "$name: reading $last"
  ffmpeg -v error -y ${WANT_IN:-} -i "$T/$name" -frames 1 -vf "scale=in_color_matrix=$matrix:in_range=$range,format=rgb24" \
    -f rawvideo "$T/want.rgb" || fail "$name: ffmpeg's conversion"
  local diff
  diff=$(python3 - "$T/got.rgb" "$T/want.rgb" <<'PY'
import sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
if len(a) != len(b):
    print(f"size {len(a)} {len(b)}")
else:
    d = [abs(x - y) for x, y in zip(a, b)]
    print(f"{sum(d) / len(d):.3f} {max(d)}")
PY
)
  set -- $diff
  [ "$1" != size ] || fail "$name: the window is not the picture's size ($diff bytes)"
  within "$1" 0 "$max_mean" || fail "$name: mean difference $1 (largest $2) from ffmpeg's $matrix/$range conversion"
  ok "$name${PLAY:+ ${PLAY:-}}: mean difference $1, largest $2 ($matrix, $range)"
}
# Pictures drawn as they are decoded: no difference at all.
check bt601.nut bt601 tv 0.01 still.png -c:v ffv1 -pix_fmt yuv420p
check bt709-tagged.mkv bt709 tv 0.01 still.png -c:v ffv1 -pix_fmt yuv420p -colorspace bt709
check bt709-full.mkv bt709 pc 0.01 still.png -c:v ffv1 -pix_fmt yuv420p -colorspace bt709 -color_range pc
check hd-untagged.nut bt709 tv 0.01 still720.png -c:v ffv1 -pix_fmt yuv420p
check jpeg.avi bt601 pc 0.01 still.png -c:v mjpeg -q:v 2 -pix_fmt yuvj420p
check rgb.nut bt601 tv 0.01 still.png -c:v rawvideo -pix_fmt rgb24
# Converted first (chroma resampled differently from ffmpeg's one-step conversion, on the sharp edges only).
check nv12.nut bt601 tv 2.5 still.png -c:v rawvideo -pix_fmt nv12
check yuv444.nut bt601 tv 2.5 still.png -c:v ffv1 -pix_fmt yuv444p

# Display matrices (set on a stream copy: ffmpeg 5.1 writes the rotate tag into MP4's matrix then). ffmpeg turns the
# reference itself; -noautorotate is compared with the stored picture (ffmpeg's -noautorotate).
ffmpeg -v error -y -loop 1 -i "$T/still.png" -t 0.2 -r 25 -c:v libx264 -qp 0 -pix_fmt yuv420p "$T/upright.mp4" \
  || fail "encoding the upright clip"
for angle in 90 180 270 45; do
  ffmpeg -v error -y -i "$T/upright.mp4" -c copy -metadata:s:v:0 rotate=$angle "$T/rot$angle.mp4" || fail "rotate $angle"
  check rot$angle.mp4 bt601 tv 0.01 -
done
PLAY=-noautorotate WANT_IN=-noautorotate check rot90.mp4 bt601 tv 0.01 -
[ "$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$(find "$T/rot90.mp4.d" -name '*.bmp' | sort | tail -1)")" = 320,240 ] \
  || fail "-noautorotate: the window is not the stored picture's size"

# -lowres 1 (ffplay's): the MJPEG picture is decoded at half its size and drawn scaled up to the window, so it is
# not the full picture; a decoder that cannot (H.264) says so in one line and plays at full size.
mkdir "$T/lowres.d"
(cd "$T/lowres.d" && SDL_VIDEO_DUMMY_SAVE_FRAMES=1 timeout "$HANG_SECONDS" syncplay --autoexit -an -lowres 1 "$T/jpeg.avi") \
  2>"$T/err" || fail "-lowres 1: exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "-lowres 1: stderr: $(cat "$T/err")"
ffmpeg -v error -y -i "$(find "$T/lowres.d" -name '*.bmp' | sort | tail -1)" -f rawvideo -pix_fmt rgb24 "$T/low.rgb"
ffmpeg -v error -y -i "$(find "$T/jpeg.avi.d" -name '*.bmp' | sort | tail -1)" -f rawvideo -pix_fmt rgb24 "$T/full.rgb"
lowres_diff=$(python3 -c 'import sys; a, b = (open(p, "rb").read() for p in sys.argv[1:3]); print(sum(abs(x - y) for x, y in zip(a, b)) / len(a))' \
  "$T/low.rgb" "$T/full.rgb")
within "$lowres_diff" 2 255 || fail "-lowres 1: the picture is the full one (mean difference $lowres_diff)"
expect_status 0 timeout "$HANG_SECONDS" syncplay --autoexit -an -nodisp -t 0.2 -lowres 1 "$T/upright.mp4"
expect_stderr "^syncplay: warning: -lowres: the most the h264 decoder can is 0$"
ok "-lowres 1: MJPEG decoded at half size (mean difference $lowres_diff from the full picture); H.264 says it cannot"
