# Shows: memremux -sseof on a pipe whose header gives no duration (a live Matroska stream 40 times as long as the
# fixture) keeps only the tail: its peak RSS grows over a plain copy's by a tenth of the input at most, and what it
# copies is the last second and a key frame interval. (The packets themselves are ffmpeg's: sseof.sh.)
# ctest: LABELS plain (peak RSS: judged on the normal build only, as the sanitizers' allocators keep freed memory)
source "$(dirname "$0")/../lib.sh"
! sanitizer_build "$MT_BIN/memremux" || { echo "skip: a sanitizer build: RSS says nothing about our memory"; exit 77; }
src=$FX/cut_bframes_vfr.mkv
ffmpeg -nostdin -v error -stream_loop 39 -i "$src" -c copy -live 1 -f matroska - > "$T/long.mkv"
size=$(stat -c %s "$T/long.mkv")
rss() { /usr/bin/time -f %M -o "$T/rss" "$@" > /dev/null 2> "$T/err" || fail "$*: $(cat "$T/err")"; cat "$T/rss"; }
whole=$(rss memremux -i "$T/long.mkv" -f matroska -)
tail=$(rss bash -c 'cat "$1" | memremux -sseof -1 -i - -f matroska -' _ "$T/long.mkv")
# Growth over a plain copy in KiB, against the input's size: a tenth of it at most (the tail is about 1/100th).
[ $((tail - whole)) -lt $((size / 1024 / 10)) ] ||
  fail "-sseof -1 on a $((size >> 20)) MiB pipe: max RSS ${tail} KiB, a plain copy ${whole} KiB"
cat "$T/long.mkv" | memremux -sseof -1 -i - -f matroska "$T/longtail" 2> /dev/null
n=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/longtail")  # 1 s and a key frame interval (up to 3 s)
within "$n" 1 4.2 || fail "-sseof -1 on the long pipe: $n s copied"
ok "-sseof -1 on a $((size >> 20)) MiB pipe: ${tail} KiB max RSS (plain copy ${whole} KiB), ${n} s copied"
