# Shows: memremux takes ffmpeg's command lines for a stream copy (-i IN ... OUT, -c copy, -map, -f, -movflags,
# -loglevel, -y/-n, pipe:0/pipe:1) and writes the packets ffmpeg writes for the same line; ffmpeg options it does
# not honour, and encoding, are a usage error of one line (status 2); -n keeps an existing file (status 1, as ffmpeg).
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
IN=$FX/mkv_multi.mkv
MP4=$FX/mp4_front.mp4
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
n=0
# same ARGS_FOR_BOTH...: memremux ARGS and ffmpeg ARGS (after -i, with -c copy) write the same packets; OUT is the
# placeholder for the output (a file of the given extension, or "-" with -f).
same() {
  local ext=$1; shift
  local ours=("${@//OUT/$T/ours.$ext}") ref=("${@//OUT/$T/ref.$ext}")
  memremux "${ours[@]}" > "$T/ours.pipe" 2> "$T/err" || { cat "$T/err" >&2; fail "memremux $*: exit $?"; }
  [ ! -s "$T/err" ] || fail "memremux $*: stderr: $(cat "$T/err")"
  ff "${ref[@]}" > "$T/ref.pipe" || fail "ffmpeg $*"
  local o=$T/ours.$ext r=$T/ref.$ext
  [ -s "$o" ] || { o=$T/ours.pipe; r=$T/ref.pipe; }
  packets "$o" > "$T/ours.pk"; packets "$r" > "$T/ref.pk"
  [ -s "$T/ref.pk" ] || fail "ffmpeg $*: no packets"
  diff -q "$T/ours.pk" "$T/ref.pk" > /dev/null || { diff "$T/ours.pk" "$T/ref.pk" | head -5; fail "packets differ: $*"; }
  cp "$o" "$T/last.$ext"
  rm -f "$T"/ours.* "$T"/ref.*
  n=$((n + 1))
}
# (memremux keeps every stream the output can hold, as ffmpeg -map 0 does: its default selection is one per type.)
same mkv -i "$IN" -map 0 -c copy OUT
same mkv -i "$IN" -codec copy -map 0 OUT
same nut -i "$IN" -map 0:v -map 0:a -c copy -f nut pipe:1
same nut -i "$IN" -map 0:v -c:v copy -f nut -
same nut -i "$IN" -map 0:a -c:a copy -f nut -
same ts -i "$IN" -map 0:v -map 0:a:0 -c copy -f mpegts -
same mkv -loglevel error -hide_banner -nostdin -y -i "$IN" -map 0 -c copy OUT
same mkv -v quiet -i "$IN" -vcodec copy -acodec copy -map 0:v -map 0:a OUT
same mp4 -i "$MP4" -map 0 -c copy -movflags +faststart OUT
same mov -i "$MP4" -map 0 -c copy -f mov OUT
# -threads, which ffmpeg takes with a stream copy (before and after the -i), and a decoder chosen before the -i,
# which gives its streams that codec (MP3 over the TS's MP2 audio: the MPEG audio parser calls it MP2 again, in both).
same mkv -threads 2 -i "$IN" -map 0 -c copy -threads 4 OUT
same mkv -c:a mp3 -i "$FX/ts_single.ts" -map 0 -c copy OUT
[ "$(streams "$T/last.mkv" | tr '\n' ' ')" = "h264,video mp2,audio " ] || fail "-c:a mp3 -i: $(streams "$T/last.mkv")"
same ts -vcodec h264 -i "$FX/ts_single.ts" -map 0 -c copy -f mpegts -
# HEVC over H.264: neither finds the picture size, and both fail (ffmpeg exits 1 too).
expect_status 1 memremux -c:v hevc -i "$FX/ts_single.ts" -map 0 -f matroska -
grep -q "cannot hold stream 0:0 (video hevc)" "$T/err" || fail "-c:v hevc -i: $(cat "$T/err")"
st=0; ff -c:v hevc -i "$FX/ts_single.ts" -map 0 -c copy -f matroska - > /dev/null 2>&1 || st=$?
[ "$st" = 1 ] || fail "ffmpeg -c:v hevc -i: exit $st"
same mkv -i "$MP4" -map 0 -map -0:a -c copy OUT
ok "$n command lines write ffmpeg's packets"
# stdin as pipe:0 / -
memremux -v error -i pipe:0 -map 0:v -map 0:a -f nut - < "$IN" > "$T/a.nut" || fail "-i pipe:0"
ff -i "$IN" -map 0:v -map 0:a -c copy -f nut "$T/b.nut"
[ "$(packets "$T/a.nut")" = "$(packets "$T/b.nut")" ] || fail "-i pipe:0: packets differ"
ok "-i pipe:0 reads stdin"
# -n: an existing output is kept, status 1 and one line, as ffmpeg -n (which exits 1 too)
echo keep > "$T/exists.mkv"
expect_status 1 memremux -n -i "$IN" -c copy "$T/exists.mkv"
expect_stderr "^memremux: error: opening output: '.*exists.mkv' already exists \(not overwriting: -n\)$"
[ "$(cat "$T/exists.mkv")" = keep ] || fail "-n replaced the file"
st=0; ff -n -i "$IN" -c copy "$T/exists.mkv" 2> /dev/null || st=$?
[ "$st" -eq 1 ] || fail "ffmpeg -n exited $st"
ok "-n keeps an existing output, status 1, as ffmpeg"
# What memremux does not do: one line, status 2, naming the option.
bad() {  # bad REGEX ARGS...
  local re=$1; shift
  expect_status 2 memremux "$@"
  expect_stderr "$re"
}
bad "^memremux: error: usage: -c:v libx264: memremux only copies streams \(-c copy\); to encode, use graphrun \(see --help\)$" \
  -i "$IN" -c:v libx264 -f nut -
bad "^memremux: error: usage: unknown option '-nosuchoption' \(see --help\)$" -i "$IN" -nosuchoption -f nut -
bad "^memremux: error: usage: -y and -n together" -y -n -i "$IN" -f nut -
bad "^memremux: error: usage: one output per run \(b.mkv is a second one\): for several in one pass, use the tee muxer" -i "$IN" a.mkv b.mkv
bad "^memremux: error: opening output: unknown output format 'nosuch'$" -i "$IN" -f nosuch -
bad "^memremux: error: usage: -loglevel: unknown log level 'loud'" -loglevel loud -i "$IN" -f nut -
bad "^memremux: error: usage: -c \(input 0\): 'copy' is no decoder \(give -c copy after the -i\)" -c copy -i "$IN" -f nut -
bad "^memremux: error: usage: .*nosuchdecoder" -c:v nosuchdecoder -i "$IN" -f nut -
bad "^memremux: error: usage: -threads: " -i "$IN" -threads many -f nut -
ok "ffmpeg options memremux does not honour: status 2, one line naming them"
# ffmpeg's log level forms and -version
memremux -loglevel repeat+level+error -i "$IN" -f nut - > /dev/null || fail "-loglevel repeat+level+error"
memremux -version | grep -q '^libavformat' || fail "-version lists no libavformat"
ok "-loglevel FLAGS+LEVEL, -version"
