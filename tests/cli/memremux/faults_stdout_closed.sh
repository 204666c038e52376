#!/usr/bin/env bash
# Shows: when the reader closes the pipe early (memremux ... | head -c N), memremux stops at once, quietly, with
# status 0 -- on an endless input (Matroska, fragmented MP4, MPEG-TS out) and on a file -- and the bytes the
# reader got are the start of the whole output.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# an endless stream: ffmpeg generating video (MPEG-4 part 2: cheap to encode, and every container here holds it)
# into NUT until its reader goes away
endless() {
  ffmpeg -nostdin -v quiet -f lavfi -i testsrc2=size=320x240:rate=25 -c:v mpeg4 -q:v 2 -g 25 -f nut pipe:1 || true
}
for fmt in matroska mp4 mpegts; do
  start=$(now_ms)
  set +o pipefail
  endless | { timeout 20 memremux -f "$fmt" 2> "$T/err"; echo $? > "$T/status"; } | head -c 1000 > "$T/head"
  set -o pipefail
  elapsed=$(($(now_ms) - start))
  st=$(cat "$T/status")
  [ "$st" -eq 0 ] || { cat "$T/err"; fail "$fmt: memremux exited $st (124: it did not stop)"; }
  [ ! -s "$T/err" ] || { cat "$T/err"; fail "$fmt: memremux was not quiet"; }
  [ "$(stat -c %s "$T/head")" -eq 1000 ] || fail "$fmt: head did not get its 1000 bytes"
  [ "$elapsed" -lt 10000 ] || fail "$fmt: took ${elapsed} ms to stop"
  record_fault memremux "stdout closed by the reader" "exit 0, quiet, prompt"
  echo "$fmt: stopped quietly after ${elapsed} ms"
done
# A file: the reader's bytes are the start of the whole output (NUT and fragmented MP4 are deterministic).
for fmt in nut mp4; do
  memremux -f "$fmt" "$FX/mp4_front.mp4" | cat > "$T/full"
  for n in 100 50000; do
    set +o pipefail
    { memremux -f "$fmt" "$FX/mp4_front.mp4" 2> "$T/err"; echo $? > "$T/status"; } | head -c "$n" > "$T/head"
    set -o pipefail
    st=$(cat "$T/status")
    [ "$st" -eq 0 ] && [ ! -s "$T/err" ] || { cat "$T/err"; fail "$fmt, head -c $n: exit $st"; }
    cmp -s "$T/head" <(head -c "$n" "$T/full") || fail "$fmt, head -c $n: not the start of the whole output"
    record_fault memremux "stdout closed by the reader" "exit 0, quiet, output a prefix"
  done
done
ok "a reader that leaves early stops memremux quietly and promptly"
