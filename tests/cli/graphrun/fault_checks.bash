# Sourced by graphrun's faults_*.sh (after ../lib.sh and helpers.bash): the checks every fault test makes on one run.
# (Not a test itself: ctest runs *.sh only.)

# gr_fixtures: one generated fixture per container and codec family graphrun takes (NUT/MPEG-4 part 2 + PCM,
# MP4 with the index in front and at the end, Matroska with H.264 + AAC + Opus, MPEG-TS, WebM/VP9, FLAC, MP3,
# WAV); the other fixtures repeat these and would only make the fault tests slower.
gr_fixtures() {
  local name
  for name in gr_side.nut mp4_front.mp4 mp4_end.mp4 mkv_multi.mkv ts_single.ts webm_vp9.webm audio.flac audio.mp3 \
              audio.wav; do
    echo "$FX/$name"
  done
}
# cheap_args FILE: a cheap graph for FILE: --vf scale=32:24 on its video and --af anull on its audio (each when it
# has one).
cheap_args() {
  local types
  types=$(ffprobe -v error -show_entries stream=codec_type -of default=nw=1:nk=1 "$1" 2> /dev/null || true)
  grep -qx video <<< "$types" && printf -- '--vf\nscale=32:24\n'
  grep -qx audio <<< "$types" && printf -- '--af\nanull\n'
  return 0
}
# hashes FILE: per frame "stream,md5" as ffmpeg decodes FILE (framemd5), or nothing for an empty file. Fails
# when ffmpeg cannot read FILE to its end. (Timestamps are left out: each input starts at 0 from its start time,
# which a cut can move when a stream's first timestamp is lost.) A NUT that holds no frame at all is read by
# nothing (FFmpeg's NUT demuxer says "EOF before video frames", for ffmpeg's own empty NUT too): no frames.
hashes() {
  [ -s "$1" ] || return 0
  local err
  if ! ffmpeg -nostdin -v error -xerror -i "$1" -map 0 -f framemd5 - 2> "$1.fferr" |
       awk -F', *' '!/^#/ {print $1 "," $6}'; then
    err=$(cat "$1.fferr")
    [[ $err == *"EOF before video frames"* ]] && [ "$(head -c 24 "$1")" = "nut/multimedia container" ] && return 0
    echo "$err" >&2
    return 1
  fi
}
# is_frame_prefix CUT FULL: for every stream, the frames in CUT (but its last, which a cut may have damaged) are
# the first frames of that stream in FULL.
is_frame_prefix() {
  awk -F, 'NR == FNR { full[$1, ++nf[$1]] = $0; next }
           { cut[$1, ++nc[$1]] = $0 }
           END { for (s in nc) for (i = 1; i < nc[s]; i++) if (cut[s, i] != full[s, i]) exit 1 }' "$2" "$1"
}
# check_gr STATUS WHAT FULL_HASHES: after a run with stdout in $T/out and stderr in $T/err, a damaged input gave
# exit 0 or 1 and no crash text; every stderr line is ours; exit 1 comes with exactly one
# "graphrun: error: CONTEXT: REASON" line; whatever was written is read by ffmpeg to its end, and its frames are a
# prefix of the whole input's (FULL_HASHES; "-" when no prefix is expected, as for corrupted data). Prints the outcome for record_fault.
check_gr() {
  local st=$1 what=$2 full=$3 errors
  status_ok_for_damage "$st" || { cat "$T/err" >&2; fail "$what: exit $st"; }
  stderr_is_clean || { cat "$T/err" >&2; fail "$what: crash text on stderr"; }
  ! grep -qv '^graphrun: ' "$T/err" || { cat "$T/err" >&2; fail "$what: a stderr line that is not ours"; }
  errors=$(grep -c '^graphrun: error: ' "$T/err" || true)
  hashes "$T/out" > "$T/cut.hashes" 2> "$T/ff.err" || fail "$what: ffmpeg cannot read the output: $(head -3 "$T/ff.err")"
  [ "$full" = - ] || is_frame_prefix "$T/cut.hashes" "$full" || fail "$what: the frames written are not the first frames of the whole run"
  if [ "$st" -eq 1 ]; then
    [ "$errors" -eq 1 ] || { cat "$T/err" >&2; fail "$what: exit 1 with $errors error lines"; }
    grep -Eq '^graphrun: error: [^:]+: .+$' "$T/err" || fail "$what: error line: $(grep error: "$T/err")"
    echo "exit 1, one error line, $(wc -l < "$T/cut.hashes") frames valid"
  else
    [ "$errors" -eq 0 ] || { cat "$T/err" >&2; fail "$what: exit 0 with an error line"; }
    echo "exit 0, $(wc -l < "$T/cut.hashes") frames valid"
  fi
}
# expect_error_line REGEX: the last stderr has exactly one "graphrun: error: " line and it matches REGEX; the other
# lines (FFmpeg's own messages about the damage, at the default log level) carry our prefix too.
expect_error_line() {
  local n
  n=$(grep -c '^graphrun: error: ' "$T/err" || true)
  [ "$n" -eq 1 ] || { cat "$T/err" >&2; fail "expected one error line, got $n"; }
  grep -Eq -- "$1" "$T/err" || { cat "$T/err" >&2; fail "the error line does not match /$1/"; }
  ! grep -qv '^graphrun: ' "$T/err" || { cat "$T/err" >&2; fail "a stderr line that is not ours"; }
}
