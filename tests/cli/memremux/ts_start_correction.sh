#!/usr/bin/env bash
# Shows: memremux copies an MPEG-TS as ffmpeg -c copy does when only some of its streams are kept: the streams not
# copied are discarded, the start is corrected to the streams kept (a TS whose audio starts first, -map 0:v, starts
# at 0), and the first packet of a stream carries the stream's side data (MPEG-2's CPB properties), packet for
# packet with ffmpeg's framemd5.
source "$(dirname "$0")/../lib.sh"
ffq() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
ffq -itsoffset 0.12 -f lavfi -i "testsrc2=s=160x120:r=25:d=2" -f lavfi -i "sine=d=2.2" -c:v mpeg2video -bf 2 -g 12 \
  -c:a mp2 "$T/afirst.ts" || fail "making the TS"
for map in 0:v 0:a 0; do
  ffq -i "$T/afirst.ts" -map "$map" -c copy -f framemd5 - | grep -v '^#' > "$T/ref"
  [ "$map" != 0:v ] || cp "$T/ref" "$T/ref_video"
  memremux -v error -i "$T/afirst.ts" -map "$map" -f framemd5 - 2> "$T/err" | grep -v '^#' > "$T/ours" ||
    { cat "$T/err" >&2; fail "-map $map: memremux failed"; }
  cmp -s "$T/ref" "$T/ours" || { diff "$T/ref" "$T/ours" | head -6 >&2; fail "-map $map: packets differ from ffmpeg's"; }
  # and from a pipe, the same
  memremux -v error -map "$map" -f framemd5 - < "$T/afirst.ts" 2> "$T/err" | grep -v '^#' > "$T/ours" ||
    { cat "$T/err" >&2; fail "-map $map from a pipe: memremux failed"; }
  cmp -s "$T/ref" "$T/ours" || fail "-map $map from a pipe: packets differ from ffmpeg's"
done
video_first=$(head -n 1 "$T/ref_video")
[[ $video_first == "0,      -3600,          0,"* ]] || fail "the premise: ffmpeg's -map 0:v does not start at 0: $video_first"
ok "-map 0:v, 0:a and 0 of a TS whose audio starts first: ffmpeg's packets, from a file and a pipe"
