# Shows: metadata, chapters, dispositions, languages and stream timing come through as with ffmpeg -c copy (ffprobe, field by field), in every container that holds them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
for fmt in matroska nut mp4 mpegts; do
  for in in mkv_multi.mkv mp4_front.mp4 ts_programs.ts; do
    maps=(-map 0); case $fmt in nut|mp4) maps=(-map 0 -map -0:s?) ;; esac
    # both to files (to a pipe, Matroska cannot go back to write the DURATION tags, with ffmpeg as with memremux)
    cat "$FX/$in" | memremux -f "$fmt" -o "$T/got" 2>/dev/null
    ref_copy "$FX/$in" "$fmt" "$T/ref" "${maps[@]}"
    container_facts "$T/got" > "$T/got.json"
    container_facts "$T/ref" > "$T/ref.json"
    diff "$T/got.json" "$T/ref.json" >&2 || fail "$in -> $fmt: ffprobe sees a different container than ffmpeg's copy"
  done
  ok "$fmt: same tags, chapters, dispositions as ffmpeg"
done
# and the facts themselves, from the Matroska source to Matroska
cat "$FX/mkv_multi.mkv" | memremux -f matroska > "$T/multi.mkv"
ffprobe -v error -show_chapters -show_entries format_tags=title:stream_tags=language:stream_disposition=default -of json \
  "$T/multi.mkv" > "$T/f.json"
[ "$(jq -r .format.tags.title "$T/f.json")" = Chaptered ] || fail "title lost"
[ "$(jq -r '[.chapters[].tags.title] | join(",")' "$T/f.json")" = "One,Two" ] || fail "chapters lost"
[ "$(jq -r '[.chapters[].start_time] | join(",")' "$T/f.json")" = "0.000000,1.000000" ] || fail "chapter times changed"
langs=$(jq -r '[.streams[1:][].tags.language] | join(",")' "$T/f.json")
[ "$langs" = "eng,fra,eng" ] || fail "languages: $langs"
defaults=$(jq -r '[.streams[].disposition.default] | join(",")' "$T/f.json")
[ "$defaults" = "0,1,0,0" ] || fail "dispositions: $defaults (the source has 0,1,0,0)"
ok "title, chapters, languages and dispositions kept"
