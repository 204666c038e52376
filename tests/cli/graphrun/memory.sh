# Unbalanced inputs (1 fps overlaid on 60 fps) run in bounded memory: frames queued in the graph do not grow with length.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
queued() {  # seconds -> most frames queued in the graph
  ffq -f lavfi -i "testsrc2=s=64x48:r=60:d=$1" -c:v rawvideo -f nut - \
    | graphrun -i - -g '[0:v][1:v]overlay[v]' -i <(ffq -f lavfi -i "testsrc=s=32x24:r=1:d=$1" -c:v rawvideo -f nut -) \
        --stats 2>&1 >/dev/null | sed -n 's/.*most frames queued in the graph: //p'
}
short=$(queued 5)
long=$(queued 40)
[ -n "$short" ] && [ -n "$long" ] || fail "no stats"
[ "$long" -le $((short + 2)) ] || fail "queue grows with length: $short frames for 5 s, $long for 40 s"
[ "$long" -le 8 ] || fail "queue too deep: $long"
ok "queued frames: $short (5 s) and $long (40 s)"
