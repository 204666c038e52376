# Two-input graphs of different rates (concat, overlay of 1 fps on 60 fps, audio+video) match ffmpeg.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
same_as_ffmpeg concat_two_inputs '[0:v]scale=64:48,fps=1[m];[m][1:v]concat=n=2:v=1:a=0[v]' '[v]' "$SIDE"
same_as_ffmpeg concat_audio '[0:a]atrim=end=1[x];[x][1:a]concat=n=2:v=0:a=1[a]' '[a]' "$SIDE"
same_as_ffmpeg overlay_1fps_on_60fps '[0:v][1:v]overlay=x=5:y=5[v]' '[v]' "$SIDE"
same_as_ffmpeg overlay_shortest '[0:v][1:v]overlay=shortest=1[v]' '[v]' "$SIDE"

# At an input's end ffmpeg 5.1 takes one of a decoder's last frames per read ("decode only 1 frame per call on EOF"),
# a stream's end reaching the graph once its decoder has none left, and the graph runs between those reads. amix
# shows it: when input 0 ends it drops what it still holds of input 0, which is what came in between input 1's last
# samples and input 1's end; that end waits on the 1 fps pictures FFmpeg's frame threads hold back (all three of
# $SIDE's, until the flush). With one decoder thread (-threads 1) nothing is held and amix keeps every frame.
for threads in "" "-threads 1"; do
  for mode in serial threaded; do
    name="amix_end${threads:+_1thread}_$mode"
    # shellcheck disable=SC2086 # $threads: no option, or "-threads 1" before each input
    graphrun --threads-mode $mode $threads -i "$FX/sync_av4.nut" $threads -i "$SIDE" -filter_complex \
      "[0:v][1:v]overlay[v];[0:a][1:a]amix[a]" -map "[v]" -map "[a]" -f framemd5 - 2> "$T/err" | grep -v '^#' \
      > "$T/$name.ours" || fail "$name: $(cat "$T/err")"
    # shellcheck disable=SC2086
    ffq $threads -i "$FX/sync_av4.nut" $threads -i "$SIDE" -filter_complex "[0:v][1:v]overlay[v];[0:a][1:a]amix[a]" \
      -map "[v]" -map "[a]" -f framemd5 - | grep -v '^#' > "$T/$name.ref"
    if ! cmp -s "$T/$name.ours" "$T/$name.ref"; then
      diff "$T/$name.ours" "$T/$name.ref" | head -6 >&2
      fail "$name: frames differ from ffmpeg's"
    fi
  done
done
ok "overlay + amix of two inputs ending apart: ffmpeg's frames, with FFmpeg's decoder threads and with one"
