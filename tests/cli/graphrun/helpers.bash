# Helpers for graphrun's CLI tests, sourced after ../lib.sh (not a test itself: only *.sh files are).
MAIN=$FX/gr_main.nut   # 160x120 60 fps mpeg4 + 48 kHz pcm, 3 s
SIDE=$FX/gr_side.nut   # 64x48 1 fps mpeg4 + 44.1 kHz mono pcm, 3 s / 2 s

ffq() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# frames_of FILE: ffmpeg's framemd5 of every stream of FILE, with the timestamps as written (-copyts).
frames_of() { ffq -copyts -i "$1" -map 0 -f framemd5 - | grep -v '^#'; }

# same_as_ffmpeg NAME GRAPH MAPS [EXTRA_INPUT...]: graphrun runs GRAPH over $MAIN on stdin (a pipe) and the extra
# inputs; ffmpeg -filter_complex runs the same graph on the same inputs with -map for each of MAPS (the output
# labels, space separated). Both are hashed frame by frame with ffmpeg's framemd5 and must be equal.
same_as_ffmpeg() {
  local name=$1 graph=$2 maps=$3; shift 3
  local extra=(-i -) refin=(-i "$MAIN") m
  for m in "$@"; do extra+=(-i "$m"); refin+=(-i "$m"); done
  local mapargs=()
  for m in $maps; do mapargs+=(-map "$m"); done
  graphrun -g "$graph" "${extra[@]}" < <(cat "$MAIN") > "$T/$name.nut" 2> "$T/$name.err" \
    || { cat "$T/$name.err" >&2; fail "$name: graphrun failed"; }
  frames_of "$T/$name.nut" > "$T/$name.ours"
  ffq "${refin[@]}" -filter_complex "$graph" "${mapargs[@]}" -f framemd5 - 2>/dev/null | grep -v '^#' > "$T/$name.ref"
  [ -s "$T/$name.ref" ] || fail "$name: the reference produced nothing"
  if ! cmp -s "$T/$name.ours" "$T/$name.ref"; then
    diff "$T/$name.ours" "$T/$name.ref" | head -10 >&2
    fail "$name: frames differ from ffmpeg -filter_complex '$graph'"
  fi
  ok "$name: $(wc -l < "$T/$name.ref") frames as ffmpeg"
}
