# Audio alone gets a window of its own under Xvfb, with ffplay's audio display: -showmode waves draws a 1000 Hz tone
# as white waves across the middle of the window (nothing far above or below it), and w goes on to the spectrum
# (rdft), which scrolls in from the left with the tone as one bright line near the bottom (bin 1000 Hz of 24 kHz in
# a 240-pixel-high window), the middle now dark. A bad -showmode is a usage error.
# ctest: RUN_SERIAL (real time, and an X server of its own)
source "$(dirname "$0")/../lib.sh"
xvfb_needs import xdotool
ffmpeg -nostdin -v error -y -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=8 -c:a pcm_s16le "$T/tone.wav" \
  || fail "making the tone"
cat >"$T/shot.sh" <<'SH'
set -e
dir=$1
syncplay -x 320 -y 240 -showmode waves "$dir/tone.wav" & pid=$!
wid=$(timeout 20 xdotool search --sync --name syncplay | head -1)
xdotool windowfocus --sync "$wid" || true
sleep 1
import -window root "$dir/waves.png"
xdotool key w
sleep 1.5
import -window root "$dir/rdft.png"
xdotool key q
status=0; wait "$pid" || status=$?
echo "$status" >"$dir/status"
SH
xvfb_env
xvfb-run -a -s "-screen 0 320x240x24" bash "$T/shot.sh" "$T" 2>"$T/err" || fail "xvfb run: $(cat "$T/err")"
[ "$(cat "$T/status")" -eq 0 ] || fail "exit $(cat "$T/status"): $(cat "$T/err")"
# mean IMAGE WxH+X+Y: the mean brightness (0 to 1) of a region.
mean() { convert "$1" -crop "$2" +repage -colorspace gray -format "%[fx:mean]" info:; }
# Waves: the tone (1/8 of full scale) spans 13 pixels either side of row 120.
mid=$(mean "$T/waves.png" 320x1+0+121); top=$(mean "$T/waves.png" 320x90+0+0); low=$(mean "$T/waves.png" 320x90+0+150)
within "$mid" 0.2 1 && within "$top" 0 0.01 && within "$low" 0 0.01 \
  || fail "waves: middle row $mid, above $top, below $low (white across the middle only expected)"
ok "waves: the middle row $mid bright, above and below dark"
# The spectrum: bright at the tone's rows (228 and 229) in the first columns, dark in the middle row and at the right
# (not reached yet: 50 columns a second).
line=$(mean "$T/rdft.png" 20x3+0+227); rest=$(mean "$T/rdft.png" 20x150+0+20)
mid=$(mean "$T/rdft.png" 320x1+0+121); right=$(mean "$T/rdft.png" 60x240+260+0)
within "$line" 0.3 1 && within "$rest" 0 0.15 && within "$mid" 0 0.05 && within "$right" 0 0.01 \
  || fail "rdft: tone rows $line, other rows $rest, middle row $mid, right $right"
ok "w: the spectrum, the tone a bright line ($line) over a dark rest ($rest)"
expect_status 2 syncplay -showmode sine "$T/tone.wav"
expect_stderr "^syncplay: error: usage: -showmode: video, waves or rdft \(0, 1 or 2\), not 'sine' \(see --help\)$"
ok "a bad -showmode: usage error"
