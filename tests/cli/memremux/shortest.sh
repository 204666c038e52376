# Shows: -shortest as ffmpeg's stream copy: when one stream ends (its input's end, or that input's -t), the others
# end at its length and the output is finished, with ffmpeg's packets (the inputs are read as ffmpeg reads them, the
# stream that lags most first): a 3 s video with a 2 s sound track, either input first, a -t before one input, an
# input on a pipe, a file and stdout. Without it the longer stream goes on to its end (as ffmpeg).
source "$(dirname "$0")/../lib.sh"
V=$FX/gr_main.nut   # 160x120 60 fps mpeg4 + 48 kHz pcm, 3 s
A=$FX/gr_side.nut   # 64x48 1 fps mpeg4 (3 s) + 44.1 kHz mono pcm (2 s)
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
# same EXT ARGS...: memremux ARGS and ffmpeg ARGS -c copy write the same packets (OUT: the output, a file of the
# given extension; with "-f FMT -", stdout). Prints the packet count.
same() {
  local ext=$1; shift
  local ours=("${@//OUT/$T/ours.$ext}") ref=("${@//OUT/$T/ref.$ext}")
  memremux -v error "${ours[@]}" > "$T/ours.pipe" 2> "$T/err" || fail "memremux $*: $(cat "$T/err")"
  ff "${ref[@]}" > "$T/ref.pipe" || fail "ffmpeg $*"
  local o=$T/ours.$ext r=$T/ref.$ext
  [ -s "$o" ] || { o=$T/ours.pipe; r=$T/ref.pipe; }
  packets "$o" > "$T/ours.pk"
  packets "$r" > "$T/ref.pk"
  [ -s "$T/ref.pk" ] || fail "ffmpeg $*: no packets"
  cmp -s "$T/ours.pk" "$T/ref.pk" || { diff "$T/ours.pk" "$T/ref.pk" | head -5 >&2; fail "packets differ: $*"; }
  wc -l < "$T/ref.pk"
  rm -f "$T"/ours.* "$T"/ref.*
}
full=$(same mkv -i "$V" -i "$A" -map 0:v -map 1:a -c copy OUT)
short=$(same mkv -i "$V" -i "$A" -map 0:v -map 1:a -c copy -shortest OUT)
[ "$short" -lt "$full" ] || fail "-shortest wrote $short packets, without it $full"
ok "3 s video, 2 s sound: $short packets with -shortest ($full without), as ffmpeg"
same mkv -i "$A" -i "$V" -map 0:a -map 1:v -c copy -shortest OUT > /dev/null
ok "the short input first"
same nut -t 1 -i "$V" -i "$A" -map 0:v -map 1:a -c copy -shortest -f nut - > /dev/null
same mkv -i "$V" -t 0.5 -i "$A" -map 0 -map 1:a -c copy -shortest OUT > /dev/null
ok "-t before an input ends them all"
# The streams of the longer inputs go on up to the length of the one that ended (the sum of its packets' durations,
# each in the output's time base: Matroska's milliseconds make a 2 s WAV last 2.015 s), not only to where the
# reading was when its input ended: a FLAC track, a WAV into Matroska, an MP3 whose first packet starts before zero.
same nut -i "$V" -i "$FX/audio.flac" -map 0 -map 1 -c copy -shortest -f nut - > /dev/null
same mkv -i "$V" -i "$FX/audio.wav" -map 0 -map 1 -c copy -shortest OUT > /dev/null
same nut -i "$FX/audio.mp3" -i "$FX/mp4_end.mp4" -map 0 -map 1 -c copy -shortest -f nut - > /dev/null
ok "the others go on to the length of the stream that ended"
memremux -v error -i - -i "$A" -map 0:v -map 1:a -shortest -f nut - < "$V" > "$T/pipe.nut" 2> "$T/err" ||
  fail "-i - -shortest: $(cat "$T/err")"
ff -i "$V" -i "$A" -map 0:v -map 1:a -c copy -shortest -f nut "$T/ref.nut"
[ "$(packets "$T/pipe.nut")" = "$(packets "$T/ref.nut")" ] || fail "-i - -shortest: packets differ from ffmpeg's"
ok "an input on a pipe"
