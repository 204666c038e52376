# Every text subtitle format is shown at its time (headless, SDL's dummy drivers, judged by the sync report's master
# clock): ASS with its own styles in Matroska, mov_text in MP4, WebVTT in WebM, and ASS, WebVTT and SRT files given
# with --sub-file; -sn starts with none shown.
# ctest: RUN_SERIAL (real time, judged by the player's clocks)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

cat >"$T/styled.ass" <<'ASS'
[Script Info]
ScriptType: v4.00+
PlayResX: 320
PlayResY: 240

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Top,DejaVu Sans,40,&H000000FF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,8,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.50,0:00:01.00,Top,,0,0,0,,{\b1}STYLED{\b0} TEXT
ASS
printf 'WEBVTT\n\n00:00:00.500 --> 00:00:01.000\nVTT TEXT\n' >"$T/cues.vtt"
printf '1\n00:00:00,500 --> 00:00:01,000\nSRT TEXT\n\n' >"$T/lines.srt"
V=(-f lavfi -i color=c=black:s=160x120:r=25:d=2)
ffmpeg -v error -y "${V[@]}" -i "$T/styled.ass" -map 0 -map 1 -c:v mpeg4 -c:s ass "$T/ass.mkv" || fail "ASS in Matroska"
ffmpeg -v error -y "${V[@]}" -i "$T/styled.ass" -map 0 -map 1 -c:v mpeg4 -c:s mov_text "$T/mov_text.mp4" || fail "mov_text"
ffmpeg -v error -y "${V[@]}" -i "$T/cues.vtt" -map 0 -map 1 -c:v libvpx -c:s webvtt "$T/webvtt.webm" || fail "WebVTT"
ffmpeg -v error -y "${V[@]}" -c:v mpeg4 "$T/plain.mp4" || fail "the plain clip"

LATE=0.3  # media seconds a change may come after its time (a loaded machine, a sanitizer build)
shown() {  # shown NAME TEXT SYNCPLAY-ARGS...: TEXT shown at 0.5 s and hidden at 1 s
  local name=$1 text=$2
  shift 2
  expect_status 0 timeout "$HANG_SECONDS" syncplay -autoexit --sync-report "$T/$name.jsonl" "$@"
  jq -e -s --arg text "$text" --argjson late "$LATE" '[.[] | select(.subtitle)] as $s
    | ($s | length) == 2 and $s[0].subtitle == "shown" and $s[0].text == $text and $s[1].subtitle == "hidden"
      and $s[0].master >= 0.5 and $s[0].master <= 0.5 + $late and $s[1].master >= 1 and $s[1].master <= 1 + $late' \
    "$T/$name.jsonl" >/dev/null || fail "$name: $(jq -c 'select(.subtitle)' "$T/$name.jsonl")"
}
shown ass "STYLED TEXT" "$T/ass.mkv"
shown mov_text "STYLED TEXT" "$T/mov_text.mp4"
shown webvtt "VTT TEXT" "$T/webvtt.webm"
ok "ASS in Matroska, mov_text in MP4, WebVTT in WebM: shown and hidden at their times"
shown file_ass "STYLED TEXT" --sub-file "$T/styled.ass" "$T/plain.mp4"
shown file_vtt "VTT TEXT" --sub-file "$T/cues.vtt" "$T/plain.mp4"
shown file_srt "SRT TEXT" --sub-file "$T/lines.srt" "$T/plain.mp4"
ok "--sub-file with ASS, WebVTT and SRT: shown and hidden at their times"

expect_status 0 timeout "$HANG_SECONDS" syncplay -autoexit -sn --sync-report "$T/sn.jsonl" "$T/ass.mkv"
[ "$(jq -s '[.[] | select(.subtitle)] | length' "$T/sn.jsonl")" -eq 0 ] || fail "-sn: a subtitle shown"
ok "-sn: none shown"
