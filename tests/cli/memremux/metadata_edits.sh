# Shows: -metadata, -map_metadata, -map_chapters and -disposition give the tags, chapters, dispositions and rotation
# that ffmpeg writes for the same command line (ffprobe, field by field), in Matroska and MP4, with the packets
# untouched; malformed or impossible ones are one usage line (status 2) and no output file.
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
facts() {
  ffprobe -v error -show_chapters \
    -show_entries format_tags:stream_tags:stream_disposition:stream_side_data=rotation -of json "$1" | jq -S .
}
edits=(
  "-map_metadata -1"
  "-map_metadata:s -1"
  "-map_metadata:g -1 -map_metadata:c -1"
  "-map_chapters -1"
  "-map_metadata:s:a 0:s:a:1"
  "-map_metadata 0:c:1"
  "-map_metadata 0:s:a -map_metadata:s:v 0:g"
  "-metadata title= -metadata:s:a:1 language=deu -metadata:c:0 title=Uno -metadata comment=a=b"
  "-metadata:s:a language= -metadata:s:v:0 handler_name=Camera"
  "-disposition:a:1 default"
  "-disposition:a:0 0"
  "-disposition:a forced -disposition:a:1 +comment"
  "-disposition:a:0 -default+dub"
  "-metadata:s:v rotate=90"
)
# MP4 stores tags, chapters and dispositions its own way: a few edits of each kind there too.
mp4_edits=("${edits[0]}" "${edits[5]}" "${edits[7]}" "${edits[11]}" "${edits[13]}")
for fmt in matroska mp4; do
  maps=(-map 0); list=("${edits[@]}")
  [ "$fmt" = mp4 ] && maps=(-map 0 -map -0:s) && list=("${mp4_edits[@]}")
  for e in "${list[@]}"; do
    read -r -a args <<< "$e"
    cat "$FX/mkv_multi.mkv" | memremux "${maps[@]}" "${args[@]}" -f "$fmt" -o "$T/got" 2> "$T/err" ||
      { cat "$T/err" >&2; fail "$e -> $fmt: memremux failed"; }
    ! grep -v '^memremux: warning: ' "$T/err" | grep -q . || { cat "$T/err" >&2; fail "$e -> $fmt: more than warnings"; }
    cat "$FX/mkv_multi.mkv" | ffmpeg -nostdin -v error -i pipe:0 "${maps[@]}" -c copy "${args[@]}" -f "$fmt" -y "$T/ref"
    facts "$T/got" > "$T/got.json"
    facts "$T/ref" > "$T/ref.json"
    diff "$T/ref.json" "$T/got.json" >&2 || fail "$e -> $fmt: not what ffmpeg writes"
  done
  ok "$fmt: ${#list[@]} edits give ffmpeg's tags, chapters, dispositions and rotation"
done
same_packets "$T/got" "$T/ref"
ok "the packets are untouched"
# An MP4 title replaced on a pipe to a pipe (fragmented MP4 out).
cat "$FX/mp4_front.mp4" | memremux -metadata title=Piped -metadata:s:a language=swe -f mp4 | cat > "$T/piped.mp4"
[ "$(ffprobe -v error -show_entries format_tags=title -of csv=p=0 "$T/piped.mp4")" = Piped ] || fail "title on a pipe"
[ "$(ffprobe -v error -select_streams a -show_entries stream_tags=language -of csv=p=0 "$T/piped.mp4")" = swe ] ||
  fail "language on a pipe"
ok "edits through pipes (fragmented MP4)"

bad() {  # bad REGEX ARGS...: status 2, one line, no output file
  local re=$1; shift
  rm -f "$T/bad.mkv"
  expect_status 2 memremux -i "$FX/mkv_multi.mkv" "$@" "$T/bad.mkv"
  expect_stderr "$re"
  [ "$(wc -l < "$T/err")" -eq 1 ] || fail "$*: more than one line: $(cat "$T/err")"
  ! ls "$T" | grep -q '^bad\.mkv' || fail "$*: an output file was left"
}
bad "^memremux: error: usage: -metadata: 'title' has no '='" -metadata title
bad "^memremux: error: usage: -metadata:x: invalid metadata type 'x'" -metadata:x a=b
bad "^memremux: error: -metadata:c:5: no chapter 5 in the output \(it has 2\)$" -metadata:c:5 title=X
bad "^memremux: error: -metadata:s:v: rotate=left: a rotation in degrees$" -metadata:s:v rotate=left
bad "^memremux: error: -metadata:s:x: invalid stream specifier 'x'" -metadata:s:x a=b
bad "^memremux: error: usage: -disposition:a: 'bogus' is no disposition" -disposition:a bogus
bad "^memremux: error: -disposition:x: invalid stream specifier 'x'" -disposition:x 0
bad "^memremux: error: -map_metadata: no input 1 " -map_metadata 1
bad "^memremux: error: -map_metadata: the stream specifier 'd' matches no stream of input 0$" -map_metadata 0:s:d
bad "^memremux: error: -map_metadata:c:0: no chapter 0 in the output" -map_metadata:c:0 0
bad "^memremux: error: usage: -map_metadata: 'x' is no INPUT\[:SPEC\]" -map_metadata x
bad "^memremux: error: -map_chapters: no input 2 " -map_chapters 2
ok "malformed or impossible edits: one usage line, status 2, no output"
