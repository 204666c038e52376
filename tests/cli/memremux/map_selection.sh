# Shows: -map selects streams as ffmpeg's -map does for one input (types, indexes, negative maps, order), with ffmpeg's packets.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
check_map() {
  local fmt=$1; shift
  cat "$FX/mkv_multi.mkv" | memremux "$@" -f "$fmt" > "$T/got.$fmt"
  ref_copy "$FX/mkv_multi.mkv" "$fmt" "$T/ref.$fmt" "$@"
  same_packets "$T/got.$fmt" "$T/ref.$fmt"
  ok "$* -> $(grep "^stream," "$T/pa.txt" | tr "\n" " ")"
}
check_map matroska -map 0:v -map 0:a:1
check_map matroska -map 0:a:1 -map 0:v          # order follows the maps
check_map matroska -map 0 -map -0:s
check_map nut -map 0:a
check_map matroska -map 0:2
check_map matroska -map 0:m:language:fra
[ "$(cat "$FX/mkv_multi.mkv" | memremux -map 0:a:1 -f nut | ffprobe -v error -show_entries stream=codec_name -of csv=p=0 -)" = opus ] ||
  fail "-map 0:a:1 is not the Opus track"
# the long spelling, --map, is the same option
cat "$FX/mkv_multi.mkv" | memremux --map 0:v -f nut | cmp - <(cat "$FX/mkv_multi.mkv" | memremux -map 0:v -f nut) || fail "--map differs from -map"
# a map that matches nothing is an error about the media (1); a malformed one is a usage error (2)
expect_status 1 memremux "$FX/audio.flac" -map 0:v -f nut
expect_stderr "^memremux: error: selecting streams: map '0:v' matches no stream$"
expect_status 2 memremux "$FX/audio.flac" -map 0:x -f nut
expect_stderr "^memremux: error: selecting streams: invalid stream specifier '0:x'"
expect_status 2 memremux "$FX/audio.flac" -map 1:a -f nut
expect_stderr "names input 1, but there is 1 input"
ok "map errors"
