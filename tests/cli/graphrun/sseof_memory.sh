# Shows: graphrun -sseof on a pipe whose header gives no duration (a live Matroska stream 160 times as long as the
# fixture) keeps only the tail: its peak RSS grows over the 8 s stream's by a quarter of the input at most, and the
# frames it gives are about the last second's. (The frames themselves are ffmpeg's: sseof.sh.)
# ctest: LABELS plain (peak RSS: judged on the normal build only, as the sanitizers' allocators keep freed memory)
source "$(dirname "$0")/../lib.sh"
! sanitizer_build "$MT_BIN/graphrun" || { echo "skip: a sanitizer build: RSS says nothing about our memory"; exit 77; }
src=$FX/cut_bframes_vfr.mkv
ffmpeg -nostdin -v error -i "$src" -c copy -live 1 -f matroska - > "$T/live.mkv"  # no duration in its header
ffmpeg -nostdin -v error -stream_loop 159 -i "$src" -c copy -live 1 -f matroska - > "$T/long.mkv"
size=$(stat -c %s "$T/long.mkv")
rss() { /usr/bin/time -f %M -o "$T/rss" "$@" > /dev/null 2> "$T/err" || fail "$*: $(cat "$T/err")"; cat "$T/rss"; }
short=$(rss bash -c 'graphrun -sseof -1 -i - -vf scale=80:60 -an -f null - < "$1"' _ "$T/live.mkv")
tail=$(rss bash -c 'graphrun -sseof -1 -i - -vf scale=80:60 -an -f null - < "$1"' _ "$T/long.mkv")
# Growth from the 8 s stream to the 160 times longer one, in KiB: a quarter of the input's size at most (the
# packets held would be all of it; what grows is the heap's churn and the demuxer's index of what it read).
[ $((tail - short)) -lt $((size / 1024 / 4)) ] ||
  fail "-sseof -1 on a $((size >> 20)) MiB pipe: max RSS ${tail} KiB, on the 8 s stream ${short} KiB"
n=$(graphrun -v error -sseof -1 -i - -vf scale=80:60 -an -f framemd5 - < "$T/long.mkv" | grep -vc '^#')
[ "$n" -ge 5 ] && [ "$n" -le 40 ] || fail "-sseof -1 on the long pipe: $n frames (the clip's last second has 12)"
ok "-sseof -1 on a $((size >> 20)) MiB pipe: ${tail} KiB max RSS (on the 8 s stream: ${short} KiB), $n frames"
