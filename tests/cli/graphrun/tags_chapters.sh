#!/usr/bin/env bash
# Shows: graphrun's output says what ffmpeg's says about its content, tag for tag and chapter for chapter (ffprobe's
# format and stream tags, dispositions, chapters with their times): by default the first input's global tags and
# chapters, each stream taken from an input its tags (not the outputs of a -filter_complex graph), every stream its
# encoder's "encoder" tag (without versions under -fflags +bitexact); -metadata, -map_metadata, -map_chapters,
# -disposition; chapters shifted and cut with an input's -ss/-t and the output's -ss. Before, every tag was lost.
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

ffq -f lavfi -i "testsrc2=s=160x120:r=25:d=6" -f lavfi -i "sine=d=6" -c:v mpeg4 -c:a mp2 \
  -metadata title="My Talk" -metadata artist=Someone -metadata:s:a:0 language=fra "$T/tagged.mkv" || fail "clip"
cat > "$T/chapters.txt" << 'EOF'
;FFMETADATA1
title=With chapters
[CHAPTER]
TIMEBASE=1/1000
START=0
END=2000
title=One
[CHAPTER]
TIMEBASE=1/1000
START=2000
END=4500
title=Two
[CHAPTER]
TIMEBASE=1/1000
START=4500
END=6000
title=Three
EOF
ffq -i "$T/tagged.mkv" -i "$T/chapters.txt" -map 0 -map_metadata 1 -c copy "$T/chapters.mkv" || fail "chapters clip"
ffq -f lavfi -i "sine=d=2.3" -metadata:s:a:0 language=deu "$T/second.mka" || fail "second clip"

# meta FILE: what ffprobe says of its tags, dispositions and chapters.
meta() {
  ffprobe -v error -show_entries \
    format_tags:stream_tags:stream_disposition=default:chapter=start_time,end_time:chapter_tags -of compact "$1"
}
# same NAME ARGS...: graphrun ARGS out.mkv says what ffmpeg ARGS (raw video, PCM) says.
same() {
  local name=$1
  shift
  graphrun -v error -y "$@" -c:v rawvideo -c:a pcm_s16le "$T/$name.ours.mkv" 2> "$T/$name.err" || { cat "$T/$name.err" >&2; fail "$name: graphrun failed"; }
  command ffmpeg -nostdin -v error -y "$@" -c:v rawvideo -c:a pcm_s16le "$T/$name.ref.mkv" || fail "$name: ffmpeg failed"
  meta "$T/$name.ours.mkv" > "$T/$name.ours"
  meta "$T/$name.ref.mkv" > "$T/$name.ref"
  cmp -s "$T/$name.ours" "$T/$name.ref" || { diff "$T/$name.ours" "$T/$name.ref" >&2 || true; fail "$name: not ffmpeg's tags"; }
}

same simple -i "$T/tagged.mkv" -vf null
grep -q 'tag:title=My Talk' "$T/simple.ours" || fail "the title was lost"
grep -q 'tag:language=fra' "$T/simple.ours" || fail "the audio's language was lost"
grep -q 'tag:ENCODER=Lavc[0-9.]* pcm_s16le' "$T/simple.ours" || fail "no encoder tag"
same graph -i "$T/tagged.mkv" -filter_complex "[0:v]null[v];[0:a]anull[a]" -map "[v]" -map "[a]"
! grep -q 'language=' "$T/graph.ours" || fail "a graph's output got an input stream's tags (ffmpeg's has none)"
same bitexact -i "$T/tagged.mkv" -vf null -fflags +bitexact
grep -q 'tag:ENCODER=Lavc rawvideo' "$T/bitexact.ours" || fail "+bitexact: the encoder tag has a version"
ok "the inputs' tags, and each encoder's, as ffmpeg's"

same set -i "$T/tagged.mkv" -vf null -metadata title=New -metadata:s:a:0 language=eng -metadata artist=
same map_none -i "$T/tagged.mkv" -vf null -map_metadata -1
same map_second -i "$T/tagged.mkv" -i "$T/second.mka" -map 0:v -map 1:a -map_metadata:s:a 1:s:a
same disposition -i "$T/tagged.mkv" -i "$T/second.mka" -map 0:v -map 0:a -map 1:a -disposition:a:1 default
# A stream from an input stream starts with its disposition (mkv_multi's first audio is the default one).
same input_disposition -i "$FX/mkv_multi.mkv" -map 0:v -map 0:a:0 -t 0.5
grep -q 'stream|disposition:default=1' "$T/input_disposition.ours" || fail "the input's default disposition was lost"
ok "-metadata, -map_metadata, -disposition"

same chapters -i "$T/chapters.mkv" -vf null
[ "$(grep -c '^chapter' "$T/chapters.ours")" -eq 3 ] || fail "chapters: $(grep -c '^chapter' "$T/chapters.ours") of 3"
same chapters_input_cut -ss 1 -i "$T/chapters.mkv" -t 3 -vf null
same chapters_output_cut -i "$T/chapters.mkv" -ss 2.5 -vf null
same no_chapters -i "$T/chapters.mkv" -vf null -map_chapters -1
ok "chapters, shifted and cut with the input's and the output's -ss and -t; -map_chapters -1"

expect_status 2 graphrun -i "$T/tagged.mkv" -vf null -map_metadata 3 "$T/bad.mkv"
expect_stderr "^graphrun: error: .*no input 3"
expect_status 2 graphrun -i "$T/tagged.mkv" -vf null -metadata notakeyvalue "$T/bad.mkv"
expect_stderr "^graphrun: error: usage: -metadata"
ok "bad -map_metadata and -metadata: one line, exit 2"
