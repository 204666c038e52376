# -fast under Xvfb: the decoders get AV_CODEC_FLAG2_FAST, as in ffplay. On MPEG-2 video that skips the IDCT mismatch
# control, so some pixels come out one or two steps off (ffmpeg -flags2 +fast decodes other frames than without):
# the last frame kept on screen differs from the one shown without -fast, while two runs without it show the same.
# ctest: RUN_SERIAL (an X server of its own)
source "$(dirname "$0")/../lib.sh"
xvfb_needs import compare xdotool
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=0.12 -c:v mpeg2video -q:v 8 -g 12 -bf 0 \
  -fflags +bitexact -flags:v +bitexact "$T/clip.mpg" || fail "making the clip"
hashes() { ffmpeg -nostdin -v error "$@" -i "$T/clip.mpg" -f framemd5 - | grep -v '^#'; }
[ "$(hashes -flags2 +fast)" != "$(hashes)" ] || fail "ffmpeg decodes the clip the same with -flags2 +fast: it shows nothing"
# shot.sh NAME ARGS...: plays the clip (3 frames) with ARGS, and once the last frame is up, a screenshot NAME.png.
# -noframedrop: every frame goes up however late (a busy machine starts the player late against its external clock;
# this test is about the decoded pixels, not about sync).
cat >"$T/shot.sh" <<'SH'
set -e
dir=$1 name=$2; shift 2
syncplay --sync-report "$dir/$name.jsonl" -noframedrop "$@" "$dir/clip.mpg" & pid=$!
xdotool windowfocus --sync "$(xdotool search --sync --name syncplay | head -1)" || true
for _ in $(seq 1 200); do
  [ "$(grep -c '"action":"shown"' "$dir/$name.jsonl" 2>/dev/null)" -ge 3 ] && break
  sleep 0.1
done
sleep 0.5
import -window root "$dir/$name.png"
xdotool key q
wait "$pid"
SH
xvfb_env
cat >"$T/all.sh" <<SH
set -e
bash "$T/shot.sh" "$T" plain
bash "$T/shot.sh" "$T" again
bash "$T/shot.sh" "$T" fast -fast
SH
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/all.sh" 2>"$T/err" || fail "xvfb run: $(cat "$T/err")"
for n in plain again fast; do
  [ "$(jq -s 'map(select(.action == "shown")) | length' "$T/$n.jsonl")" -eq 3 ] || fail "$n: $(cat "$T/$n.jsonl")"
done
differ() { compare -metric AE "$T/$1.png" "$T/$2.png" null: 2>&1 || true; }
same=$(differ plain again)
[ "$same" = 0 ] || fail "two runs without -fast show different pictures ($same pixels)"
fast=$(differ plain fast)
[ "$fast" -gt 0 ] || fail "-fast shows the same picture as without: the decoder did not get the flag"
ok "-fast: $fast pixels differ on screen (none between two runs without)"
