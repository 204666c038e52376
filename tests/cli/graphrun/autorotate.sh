# Shows: graphrun turns pictures stored with a display matrix (a phone's portrait video) upright before the graph, as
# ffmpeg 5.1's -autorotate does by default: transpose=clock for 90 degrees, hflip + vflip for 180, transpose=cclock
# for 270, rotate for any other angle; -noautorotate (or -autorotate 0) before the -i leaves them as stored. The
# frames (size, content, timestamps) are ffmpeg's framemd5, from a file, a pipe and in a -filter_complex graph.
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# The 1 s 160x120 H.264 clip stored at 90 degrees (a fixture), and the same at 180, 270 and 45 (memremux writes a
# display matrix of any angle; ffmpeg's MOV muxer only multiples of 90).
for r in 180 270; do
  ffq -i "$FX/rotated_src.mp4" -c copy -metadata:s:v:0 rotate=$r "$T/rot$r.mp4" || fail "making rot$r.mp4"
done
memremux -v error -i "$FX/rotated_src.mp4" -metadata:s:v:0 rotate=45 "$T/rot45.mp4" || fail "making rot45.mp4"
cp "$FX/rotated.mp4" "$T/rot90.mp4"
hashes() { grep -v '^#software'; }
for r in 90 180 270 45; do
  for pre in "" "-noautorotate" "-autorotate 0" "-autorotate 1"; do
    read -r -a p <<< "$pre"
    graphrun -v error "${p[@]}" -i "$T/rot$r.mp4" -vf scale=100:-2 -f framemd5 - 2> "$T/err" | hashes > "$T/ours" ||
      fail "rot$r $pre: $(cat "$T/err")"
    ffq "${p[@]}" -i "$T/rot$r.mp4" -vf scale=100:-2 -f framemd5 - | hashes > "$T/ref"
    cmp -s "$T/ours" "$T/ref" ||
      { diff "$T/ours" "$T/ref" | head -4 >&2; fail "rot$r $pre: frames differ from ffmpeg's"; }
  done
  # Upright is not as stored (but for 180, whose frames keep their size, the hashes still differ).
  graphrun -v error -noautorotate -i "$T/rot$r.mp4" -f framemd5 - | hashes > "$T/stored"
  graphrun -v error -i "$T/rot$r.mp4" -f framemd5 - | hashes > "$T/upright"
  ! cmp -s "$T/stored" "$T/upright" || fail "rot$r: the frames were not turned"
done
grep -q '^#dimensions 0: 120x160' <(graphrun -v error -i "$T/rot90.mp4" -f framemd5 -) || fail "90 degrees: not 120x160"
ok "90, 180, 270 and 45 degrees, with and without -noautorotate / -autorotate 0|1: ffmpeg's frames"

# Cut: -ss and -t before the -i (the input's trim comes after the turn), -ss after it.
for cut in "-ss 0.3 -t 0.4 -i" "-i"; do
  read -r -a c <<< "$cut"
  graphrun -v error "${c[@]}" "$T/rot90.mp4" -ss 0.2 -f framemd5 - 2> "$T/err" | hashes > "$T/ours" ||
    fail "$cut: $(cat "$T/err")"
  ffq "${c[@]}" "$T/rot90.mp4" -ss 0.2 -f framemd5 - | hashes > "$T/ref"
  cmp -s "$T/ours" "$T/ref" || { diff "$T/ours" "$T/ref" | head -4 >&2; fail "$cut: frames differ from ffmpeg's"; }
done
ok "cut before and after the -i"

# On a pipe, and as an input of a -filter_complex graph beside another.
graphrun -v error -vf scale=100:-2 -f framemd5 - < "$T/rot270.mp4" | hashes > "$T/ours"
ffq -i "$T/rot270.mp4" -vf scale=100:-2 -f framemd5 - | hashes > "$T/ref"
cmp -s "$T/ours" "$T/ref" || fail "on a pipe: frames differ from ffmpeg's"
graph="[0:v][1:v]overlay=4:4[v]"
graphrun -v error -i "$T/rot90.mp4" -i "$SIDE" -filter_complex "$graph" -map '[v]' -f framemd5 - | hashes > "$T/ours"
ffq -i "$T/rot90.mp4" -i "$SIDE" -filter_complex "$graph" -map '[v]' -f framemd5 - | hashes > "$T/ref"
cmp -s "$T/ours" "$T/ref" || fail "in a -filter_complex graph: frames differ from ffmpeg's"
ok "on a pipe and in a -filter_complex graph"

# The output carries no rotation (its pictures are upright), as ffmpeg's.
graphrun -v error -i "$T/rot90.mp4" -c:v mpeg4 "$T/out.mp4" || fail "encoding"
shape=$(ffprobe -v error -show_entries stream=width,height:stream_side_data=rotation -of csv=p=0 "$T/out.mp4")
[ "$shape" = "120,160" ] || fail "the output: $shape (size and rotation)"
ok "the output is upright and says no rotation"

expect_status 2 graphrun -autorotate x -i "$T/rot90.mp4" -f null -
expect_stderr "-autorotate: 0 or 1, not 'x'"
expect_status 2 graphrun -i "$T/rot90.mp4" -noautorotate -f null -
expect_stderr "-noautorotate applies to an input: give it before the -i it belongs to"
ok "bad values and misplaced options: usage errors"
