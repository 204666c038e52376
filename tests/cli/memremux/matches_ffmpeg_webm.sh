# Shows: WebM output where the codecs fit (VP9/Opus) has ffmpeg's packets; from mkv_multi only the Opus track fits and is kept, with warnings naming the others.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
match_ffmpeg_over_pipes webm webm_vp9.webm "mkv_multi.mkv=-map 0:a:1"
cat "$FX/mkv_multi.mkv" | memremux -f webm 2>"$T/err" >/dev/null
for s in "0:0 (video h264)" "0:1 (audio aac)" "0:3 (subtitle subrip)"; do
  grep -q "^memremux: warning: dropping stream $s: the webm container cannot hold it$" "$T/err" || { cat "$T/err"; fail "no warning for $s"; }
done
[ "$(grep -c '' "$T/err")" -eq 3 ] || { cat "$T/err"; fail "expected exactly three warnings"; }
ok "dropped streams named"
