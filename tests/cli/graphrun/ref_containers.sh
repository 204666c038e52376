# Real containers on stdin (MPEG-TS starting at 1.4 s, MP4 with its index at the end, Matroska, WebM) give the
# frames ffmpeg gives: each input starts at 0 as in ffmpeg, audio timed sample-exactly.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
g='[0:v]scale=80:60[v];[0:a]volume=0.5[a]'
for f in ts_single.ts mp4_end.mp4 mkv_multi.mkv webm_vp9.webm; do
  graphrun -g "$g" < <(cat "$FX/$f") > "$T/$f.nut"
  frames_of "$T/$f.nut" > "$T/$f.ours"
  ffq -i "$FX/$f" -filter_complex "$g" -map '[v]' -map '[a]' -f framemd5 - | grep -v '^#' > "$T/$f.ref"
  cmp -s "$T/$f.ours" "$T/$f.ref" || { diff "$T/$f.ours" "$T/$f.ref" | head -5 >&2; fail "$f differs from ffmpeg"; }
  ok "$f: $(wc -l < "$T/$f.ref") frames as ffmpeg"
done
