# Shows: -fs SIZE stops as ffmpeg's does, once the output's AVIO has counted SIZE bytes (buffered ones too): the same
# packets and the same file size as ffmpeg -c copy -fs, in Matroska (whose clusters make it overshoot), NUT,
# MPEG-TS and MP4, from a file and from a pipe, and to stdout; the output is finished (its trailer written) and the
# exit status is 0. ffmpeg's number syntax (100k = 100000, 1Mi = 1048576); a malformed size is a usage error (2).
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
in=$FX/cut_bframes_vfr.mkv
for fmt in matroska nut mpegts mp4; do
  for lim in 50k 120k 1Mi; do
    ffmpeg -nostdin -v error -i "$in" -c copy -fs "$lim" -f "$fmt" -y "$T/ref" || fail "ffmpeg -fs $lim -f $fmt"
    memremux -i "$in" -fs "$lim" -f "$fmt" "$T/file" 2> "$T/err" || fail "memremux -fs $lim -f $fmt: $(cat "$T/err")"
    same_packets_only "$T/ref" "$T/file"
    [ "$(stat -c %s "$T/ref")" = "$(stat -c %s "$T/file")" ] ||
      fail "-fs $lim -f $fmt: $(stat -c %s "$T/file") bytes, ffmpeg $(stat -c %s "$T/ref")"
    memremux -i - -fs "$lim" -f "$fmt" -y "$T/pipe" < "$in" 2> "$T/err" || fail "pipe -fs $lim -f $fmt: $(cat "$T/err")"
    same_packets_only "$T/ref" "$T/pipe"
    ok "-fs $lim -f $fmt: $(stat -c %s "$T/ref") bytes, $(grep -c '^packet,' "$T/pa.txt") packets as ffmpeg, file and pipe"
  done
done
ffmpeg -nostdin -v error -i "$in" -c copy -fs 80k -f nut - > "$T/ref.nut"
memremux -i "$in" -fs 80k -f nut - > "$T/out.nut" 2> "$T/err" || fail "-fs to stdout: $(cat "$T/err")"
cmp -s "$T/ref.nut" "$T/out.nut" || fail "-fs 80k to stdout: not ffmpeg's bytes"
ok "-fs 80k to stdout: ffmpeg's bytes"
expect_status 2 memremux -i "$in" -fs lots -f nut "$T/x"
expect_stderr "^memremux: error: usage: -fs: a size in bytes \(100k, 10M, 1Gi\), not 'lots' \(see --help\)$"
expect_status 2 memremux -i "$in" -fs 0 -f nut "$T/x"
[ ! -e "$T/x" ] || fail "a usage error wrote the output"
ok "-fs lots, -fs 0: usage errors, status 2"
