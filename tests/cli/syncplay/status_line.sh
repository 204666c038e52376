# ffplay's status line on a pseudo-terminal (script -qec): "MASTER A-V: DIFF fd= N aq= NKB vq= NKB sq= NB f=N/N",
# rewritten in place ("\r"), at most one every 30 ms of the player's clock; M-V without audio, M-A without video;
# none with -nostats, and none when stderr is not a terminal (a file, under the same terminal).
# ctest: RUN_SERIAL (real time: lines are counted against the player's own clock)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
re='^ *(nan|-?[0-9]+\.[0-9]{2}) (A-V|M-V|M-A): *(nan|-?[0-9]+\.[0-9]{3}) fd= *[0-9]+ aq= *[0-9]+KB vq= *[0-9]+KB sq= *[0-9]+B f=[0-9]+/[0-9]+ +$'
lines() { tr '\r' '\n' <"$T/tty.txt" | grep -E "$re" || true; }
on_terminal "timeout $HANG_SECONDS syncplay -nodisp -t 1.5 --sync-report $T/r.jsonl $clip"
[ "$tty_status" = 0 ] || fail "exit $tty_status: $(cat "$T/tty.txt")"
n=$(lines | grep -c 'A-V:' || true)
ended=$(tail -1 "$T/r.jsonl" | jq -r .summary.ended_at)
# At most one a 30 ms (the loop itself wakes every 10 ms at least), and a good few over 1.5 s.
most=$(awk -v e="$ended" 'BEGIN { printf "%d", e / 0.03 + 1 }')
[ "$n" -ge 10 ] && [ "$n" -le "$most" ] || fail "$n status lines over $ended s (at most $most): $(head -c 400 "$T/tty.txt")"
# The master clock moves on, and the audio queue is shown once playing.
lines | awk '$1 != "nan" { if ($1 + 0 < last - 0.001) bad = 1; last = $1 + 0 } END { exit bad }' || fail "the master goes back"
lines | grep -qE 'aq= *[1-9][0-9]*KB' || fail "no audio queue shown: $(lines | head -3)"
ok "$n status lines (A-V) over $ended s of playback"
on_terminal "timeout $HANG_SECONDS syncplay -nodisp -an -t 0.5 $clip"
lines | grep -q ' M-V:' && ! lines | grep -q ' A-V:' || fail "-an: $(head -c 300 "$T/tty.txt")"
on_terminal "timeout $HANG_SECONDS syncplay -nodisp -vn -t 0.5 $clip"
lines | grep -q ' M-A:' && lines | grep -qE 'vq= +0KB' || fail "-vn: $(head -c 300 "$T/tty.txt")"
ok "M-V without audio, M-A without video"
on_terminal "timeout $HANG_SECONDS syncplay -nodisp -nostats -t 0.5 $clip"
[ "$tty_status" = 0 ] && [ -z "$(lines)" ] || fail "-nostats: $(head -c 300 "$T/tty.txt")"
on_terminal "timeout $HANG_SECONDS syncplay -nodisp -t 0.5 $clip 2>$T/err"
[ "$tty_status" = 0 ] && [ ! -s "$T/err" ] && [ -z "$(lines)" ] || fail "stderr not a terminal: $(head -c 300 "$T/err")"
ok "no status line with -nostats, nor when stderr is a file"
