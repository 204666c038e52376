#!/usr/bin/env bash
# Shows: byte for byte the output of ffprobe -show_format -show_streams -show_programs -show_chapters, in JSON and the
# default, flat, compact, csv, ini and xml writers, for generated inputs of three kinds: an MPEG-TS with three
# programs (service id, PMT and start PIDs, provider and program titles, a stream in two programs), files with
# chapters from an ffmetadata file (MP4, MKV; two time bases), and cover art (M4A and MP3 with an attached picture,
# an MP4 with video and a cover, an MKV with an attached image file). Also on a pipe, and with -show_entries.
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
# ctest: LABELS parity (byte for byte ffprobe's output, eight writers over seven files: judged on the normal build, scripts/test.sh)
source "$(dirname "$0")/../lib.sh"
gen() { ffmpeg -nostdin -v error -y "$@" || fail "generating: $*"; }
V=(-f lavfi -i "testsrc2=size=64x48:rate=25:duration=3")
A=(-f lavfi -i "sine=frequency=440:duration=3")
A2=(-f lavfi -i "sine=frequency=880:duration=3")
X264=(-c:v libx264 -preset ultrafast -threads 1)
gen "${V[@]}" "${A[@]}" "${A2[@]}" -map 0:v -map 1:a -map 2:a -map 0:v "${X264[@]}" -c:a mp2 \
  -mpegts_service_id 0x1234 -mpegts_pmt_start_pid 0x1100 -mpegts_start_pid 0x200 -metadata service_provider=Prov \
  -metadata service_name=Main -program title=One:program_num=10:st=0:st=1 -program title=Two:program_num=20:st=2:st=3 \
  -program program_num=30:st=1 -fflags +bitexact -f mpegts "$T/programs.ts"
cat > "$T/meta.txt" <<'META'
;FFMETADATA1
title=Chaptered
artist=Someone

[CHAPTER]
TIMEBASE=1/1000
START=0
END=1000
title=Opening

[CHAPTER]
TIMEBASE=1/1000
START=1000
END=2500
title=Middle part

[CHAPTER]
TIMEBASE=1/90000
START=225000
END=270000
title=End
META
for ext in mp4 mkv; do
  gen "${V[@]}" "${A[@]}" -i "$T/meta.txt" -map 0:v -map 1:a -map_metadata 2 -map_chapters 2 "${X264[@]}" -c:a aac \
    -fflags +bitexact "$T/chapters.$ext"
done
gen -f lavfi -i "testsrc2=size=64x64:rate=1:duration=1" -frames:v 1 "$T/cover.png"
gen -f lavfi -i "testsrc2=size=64x64:rate=1:duration=1" -frames:v 1 "$T/cover.jpg"
cover_tags=(-metadata:s:v title="Album cover" -metadata:s:v comment="Cover (front)")
gen "${A[@]}" -i "$T/cover.png" -map 0:a -map 1:v -c:a aac -c:v png -disposition:v:0 attached_pic "${cover_tags[@]}" \
  -fflags +bitexact "$T/cover.m4a"
gen "${A[@]}" -i "$T/cover.jpg" -map 0:a -map 1:v -c:a libmp3lame -c:v copy -disposition:v:0 attached_pic \
  -id3v2_version 3 "${cover_tags[@]}" "$T/cover.mp3"
gen "${V[@]}" "${A[@]}" -i "$T/cover.png" -map 0:v -map 1:a -map 2:v "${X264[@]}" -c:v:1 png -c:a aac \
  -disposition:v:1 attached_pic -fflags +bitexact "$T/video_cover.mp4"
gen "${V[@]}" "${A[@]}" -map 0:v -map 1:a "${X264[@]}" -c:a libvorbis -attach "$T/cover.jpg" \
  -metadata:s:t mimetype=image/jpeg -metadata:s:t filename=cover.jpg -fflags +bitexact "$T/attachment.mkv"
# The inputs are what they claim to be (else the comparison below would prove little).
[ "$(ffprobe -v quiet -of json -show_programs "$T/programs.ts" | jq -c "[.programs[].program_num]")" = "[10,20,30]" ] ||
  fail "programs.ts does not have programs 10, 20, 30"
for ext in mp4 mkv; do
  [ "$(ffprobe -v quiet -show_entries chapter=id -of csv=p=0 "$T/chapters.$ext" | wc -l)" -eq 3 ] || fail "chapters.$ext: not 3 chapters"
done
for f in cover.m4a cover.mp3 video_cover.mp4; do
  ffprobe -v quiet -show_entries stream_disposition=attached_pic -of csv=p=0 "$T/$f" | grep -qx 1 || fail "$f: no attached picture"
done
sections=(-show_format -show_streams -show_programs -show_chapters)
check() {  # check FILE ARGS...: ffprobe's and our output, byte for byte
  local f=$1; shift
  ffprobe -v quiet "$@" "$T/$f" > "$T/ref.txt"
  avprobe-json -v quiet "$@" "$T/$f" > "$T/ours.txt" || fail "$f $*: failed"
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$f $*: differs from ffprobe"; }
}
files=(programs.ts chapters.mp4 chapters.mkv cover.m4a cover.mp3 video_cover.mp4 attachment.mkv)
for f in "${files[@]}"; do
  for w in json default flat compact csv ini xml json=c=1; do check "$f" -of "$w" "${sections[@]}"; done
  check "$f" -of json -show_entries program_tags:chapter_tags:stream_disposition=attached_pic:stream_tags
done
check programs.ts -of json -show_programs -select_streams a
check chapters.mkv -of default -show_chapters -sexagesimal
check cover.mp3 -of json -show_packets -show_streams -show_data_hash md5
# On a pipe (the formats ffprobe reads from one; an MP4 needs our spool, ffprobe fails there).
for f in programs.ts chapters.mkv cover.mp3 attachment.mkv; do
  for w in json flat; do
    cat "$T/$f" | command ffprobe -v quiet -of "$w" "${sections[@]}" - > "$T/ref.txt"
    cat "$T/$f" | avprobe-json -v quiet -of "$w" "${sections[@]}" - > "$T/ours.txt" || fail "$f on a pipe: failed"
    cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "$f on a pipe ($w): differs"; }
  done
done
ok "programs, chapters and cover art: byte for byte as ffprobe in every writer"
