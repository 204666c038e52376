# An endless source into a multi-input filter that waits for all inputs is warned about, naming filter and fix.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# trim ends the output, so the run ends; the warning is about overlay without shortest
graphrun -g 'testsrc=s=64x48:r=60[t];[0:v][t]overlay,trim=end=0.2[v]' < <(cat "$MAIN") > /dev/null 2> "$T/err"
grep -q "warning: endless source 'Parsed_testsrc_0' (testsrc without a duration) feeds 'Parsed_overlay_1' (overlay).*add shortest=1" "$T/err" \
  || { cat "$T/err"; fail "no warning for testsrc into overlay"; }
graphrun -g 'anullsrc=r=48000:cl=mono[n];[0:a][n]amix,atrim=end=0.2[a]' < <(cat "$MAIN") > /dev/null 2> "$T/err"
grep -q "endless source 'Parsed_anullsrc_0'.*(amix).*duration=shortest" "$T/err" || { cat "$T/err"; fail "no warning for anullsrc into amix"; }
# with shortest=1 / a duration: no warning, and the run ends by itself
graphrun -g 'testsrc=s=64x48:r=60[t];[0:v][t]overlay=shortest=1[v]' < <(cat "$MAIN") > "$T/o.nut" 2> "$T/err"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "warning despite shortest=1"; }
graphrun -g 'testsrc=s=64x48:r=60:d=1[t];[0:v][t]overlay[v]' < <(cat "$MAIN") > /dev/null 2> "$T/err"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "warning despite a duration"; }
ok "endless-source warnings"
