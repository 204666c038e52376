# -genpts: an AVI of H.264 with B-frames carries a dts only; with -genpts the demuxer makes up each packet's pts (as
# ffplay and ffprobe -fflags +genpts do) and the frames play at ffprobe's timestamps for that, the first at 0.04 s;
# without it they play at ffprobe's timestamps without (the first at 0.08 s, the last ones at none).
# ctest: RUN_SERIAL (real time: the frames are played out)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 -c:v libx264 -preset veryfast -bf 2 \
  -g 25 -threads 1 -fflags +bitexact -flags:v +bitexact "$T/bframes.avi" || fail "making the clip"
played() {  # played REPORT: the pts of the frames shown or dropped, in order, 3 decimals
  jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$1" | awk '{ printf "%.3f\n", $1 }'
}
reference() {  # reference [FLAGS]: ffprobe's frame timestamps (best effort, as decoders give them), 3 decimals
  ffprobe -v error "$@" -show_entries frame=best_effort_timestamp_time -of csv=p=0 "$T/bframes.avi" |
    awk -F, '$1 != "" && $1 != "N/A" { printf "%.3f\n", $1 }'
}
reference -fflags +genpts >"$T/want_genpts"
reference >"$T/want_plain"
[ "$(head -1 "$T/want_genpts")" = 0.040 ] && [ "$(head -1 "$T/want_plain")" = 0.080 ] && [ "$(wc -l <"$T/want_genpts")" -eq 25 ] \
  || fail "the clip does not need -genpts: $(head -2 "$T/want_genpts") / $(head -2 "$T/want_plain")"
timeout "$HANG_SECONDS" syncplay -nodisp -genpts --sync-report "$T/g.jsonl" "$T/bframes.avi" 2>"$T/err" \
  || fail "-genpts: exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "-genpts: stderr: $(cat "$T/err")"
played "$T/g.jsonl" >"$T/got_genpts"
diff "$T/want_genpts" "$T/got_genpts" >"$T/diff" || fail "-genpts: frames not at ffprobe -fflags +genpts's times: $(cat "$T/diff")"
timeout "$HANG_SECONDS" syncplay -nodisp --sync-report "$T/p.jsonl" "$T/bframes.avi" 2>"$T/err" || fail "exit $?"
played "$T/p.jsonl" | head -n "$(wc -l <"$T/want_plain")" >"$T/got_plain"
diff "$T/want_plain" "$T/got_plain" >"$T/diff" || fail "without -genpts: frames not at ffprobe's times: $(cat "$T/diff")"
ok "-genpts: the 25 frames at ffprobe -fflags +genpts's times (from 0.04 s); without, at ffprobe's (from 0.08 s)"
