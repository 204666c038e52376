# Shows: complete files whose timestamps start late (1.4 s, kept with -copyts from MPEG-TS) are not mistaken for truncated ones, whatever the container's idea of duration; with or without --copyts, on a pipe or as a file.
source "$(dirname "$0")/../lib.sh"
for fmt in mp4 matroska mov nut; do
  ffmpeg -nostdin -v error -copyts -i "$FX/ts_single.ts" -map 0 -c copy -f "$fmt" -y "$T/late.$fmt"
  start=$(ffprobe -v error -show_entries format=start_time -of csv=p=0 "$T/late.$fmt")
  [ "$start" = 1.400000 ] || fail "$fmt fixture starts at $start"
  for opt in "" --copyts; do
    memremux $opt "$T/late.$fmt" -f nut 2>"$T/err" > /dev/null || { cat "$T/err"; fail "$fmt $opt (file) failed"; }
    cat "$T/late.$fmt" | memremux $opt -f nut 2>"$T/err" > /dev/null || { cat "$T/err"; fail "$fmt $opt (pipe) failed"; }
    [ ! -s "$T/err" ] || { cat "$T/err"; fail "$fmt $opt: unexpected messages"; }
  done
  ok "$fmt starting at $start: complete"
done
# a truncated file starting at zero is still caught, with or without --copyts
for opt in "" --copyts; do
  expect_status 1 sh -c "cat '$FX/truncated.mkv' | memremux $opt -f matroska"
  expect_stderr 'the input is truncated: packets end at 00:00:00\.[0-9]+ of 00:00:02\.02'
done
ok "truncation still detected"
