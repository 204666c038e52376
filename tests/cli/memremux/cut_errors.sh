# Shows: a cut that holds nothing (a start past the end, on a file or on a pipe, also a pipe that ends before the
# start) is one line and status 1, and leaves no output file (an existing one is kept); -to not after -ss is status 1
# too (ffmpeg's "-to value smaller than -ss"); malformed or negative times are usage errors (2); -t and -to together
# warn and use -t, as ffmpeg; after -t memremux stops reading at once (the writer of the pipe sees it close), and
# with --drain it reads the input to its end.
source "$(dirname "$0")/../lib.sh"
IN=$FX/cut_bframes_vfr.mkv
nothing="^memremux: error: nothing to copy: the input ends before the start of the cut$"
expect_status 1 memremux -i "$IN" -ss 30 "$T/a.mkv"
expect_stderr "$nothing"
[ ! -e "$T/a.mkv" ] || fail "-ss past the end left $T/a.mkv"
expect_status 1 memremux -ss 30 -i "$IN" "$T/a.mkv"
expect_stderr "$nothing"
[ ! -e "$T/a.mkv" ] || fail "an input -ss past the end left $T/a.mkv"
expect_status 1 sh -c 'cat "$1" | memremux -ss 9 -i - "$2"' sh "$IN" "$T/a.mkv"
expect_stderr "$nothing"
echo keep > "$T/kept.mkv"
expect_status 1 memremux -y -i "$IN" -ss 30 "$T/kept.mkv"
[ "$(cat "$T/kept.mkv")" = keep ] || fail "a failed cut replaced an existing output"
ok "a start past the end: one line, status 1, no file (an existing one kept)"
# A pipe that ends before the start: the first half of the file, cut from 6 s.
half=$(($(stat -c %s "$IN") / 2))
expect_status 1 sh -c 'head -c "$1" "$2" | memremux -ss 6 -i - "$3"' sh "$half" "$IN" "$T/b.mkv"
grep -q "nothing to copy" "$T/err" || fail "a pipe ending before the start: $(cat "$T/err")"
[ ! -e "$T/b.mkv" ] || fail "a pipe ending before the start left $T/b.mkv"
ok "a pipe that ends before the start: status 1, no file"

expect_status 1 memremux -i "$IN" -ss 5 -to 2 "$T/c.mkv"
expect_stderr "^memremux: error: -to 2 is not after -ss 5: nothing to copy$"
expect_status 1 memremux -ss 3 -to 3 -i "$IN" "$T/c.mkv"
expect_stderr "^memremux: error: -to 3 is not after -ss 3: nothing to copy$"
[ ! -e "$T/c.mkv" ] || fail "-to before -ss left a file"
for bad in "-ss -1" "-ss abc" "-t 0" "-t -2" "-to 1:2:3:4" "-ss 5x"; do
  read -r -a args <<< "$bad"
  expect_status 2 memremux -i "$IN" "${args[@]}" -f nut -
  expect_stderr "^memremux: error: usage: -(ss|t|to): .* \(see --help\)$"
  expect_status 2 memremux "${args[@]}" -i "$IN" -f nut -
done
expect_status 2 memremux -i "$IN" -ss
expect_stderr "^memremux: error: usage: -ss needs a value \(see --help\)$"
ok "-to not after -ss: status 1; malformed or negative times: usage errors"

memremux -i "$IN" -t 2 -to 5 -f nut "$T/both.nut" 2> "$T/err" || fail "-t with -to: exit $?"
grep -q "^memremux: warning: -t and -to cannot be used together; using -t$" "$T/err" || fail "no warning: $(cat "$T/err")"
memremux -i "$IN" -t 2 -f nut "$T/t.nut"
cmp -s "$T/both.nut" "$T/t.nut" || fail "-t 2 -to 5 is not -t 2"
ok "-t and -to together: a warning, and -t wins"

# After -t, reading stops: a producer of 30 s of raw video sees its pipe close; with --drain it writes it all.
produce() { ffmpeg -nostdin -v quiet -f lavfi -i testsrc2=size=160x120:rate=25 -t 30 -c:v rawvideo -f nut -; }
set +o pipefail
produce | memremux -t 1 -f nut - > "$T/stop.nut"
statuses="${PIPESTATUS[*]}"
produce | memremux -t 1 --drain -f nut - > "$T/drain.nut"
drained="${PIPESTATUS[*]}"
set -o pipefail
[ "${statuses#* }" = 0 ] || fail "memremux -t 1 on a long pipe: statuses $statuses"
[ "${statuses%% *}" != 0 ] || fail "the producer did not see the pipe close after -t 1 (statuses $statuses)"
[ "$drained" = "0 0" ] || fail "--drain: statuses $drained (the producer must finish)"
cmp -s "$T/stop.nut" "$T/drain.nut" || fail "--drain changed the output"
[ "$(ffprobe -v error -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$T/stop.nut")" = 25 ] ||
  fail "-t 1 at 25 fps did not give 25 frames"
ok "after -t reading stops (the producer sees a closed pipe); --drain reads on to the end"

# The GNU spelling is the same option in the same place: --ss=2.5 before -i seeks the input, after it cuts the output.
memremux --ss=2.5 -i "$IN" -f nut "$T/gnu_in.nut"
memremux -ss 2.5 -i "$IN" -f nut "$T/ff_in.nut"
memremux -i "$IN" --ss=2.5 -f nut "$T/gnu_out.nut"
cmp -s "$T/gnu_in.nut" "$T/ff_in.nut" || fail "--ss=2.5 before -i is not -ss 2.5 before -i"
cmp -s "$T/gnu_in.nut" "$T/gnu_out.nut" && fail "--ss=2.5 before -i cut the output instead of seeking the input"
ok "--ss=TIME before -i is the input's, as -ss TIME"
