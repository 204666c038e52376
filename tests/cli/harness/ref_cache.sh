# Shows: the reference tools' cache (ref_cached, tests/cli/lib.sh) answers a repeated call with the stdout, stderr
# and exit status of its first run without running it again; it runs the call again when a file's bytes change,
# when the call reads stdin, when its output names its file, when it died of a signal; two tests asking at once both
# get the right answer; without MT_REF_CACHE every call runs. The tool here is a stand-in ffprobe on PATH that counts
# its runs.
source "$(dirname "$0")/../lib.sh"
export MT_REF_CACHE=$T/cache
mkdir -p "$T/fake"
cat > "$T/fake/ffprobe" << 'FAKE'
#!/usr/bin/env bash
echo run >> "$COUNT"
case ${1:-} in
  --name) echo "probing $2" ;;
  --signal) kill -TERM $$ ;;
  --stdin) cat ;;
  *) printf 'out:%s\n' "$1"; [ -z "${2:-}" ] || sha1sum < "$2"; echo "err:$1" >&2; exit "$1" ;;
esac
FAKE
chmod +x "$T/fake/ffprobe"
PATH=$T/fake:$PATH
export COUNT=$T/count
runs() { if [ -f "$COUNT" ]; then wc -l < "$COUNT"; else echo 0; fi; }
printf 'one' > "$T/a.bin"

# A repeat replays the first run's three results.
st=0; ffprobe 3 "$T/a.bin" > "$T/o1" 2> "$T/e1" || st=$?
[ "$st" = 3 ] && [ "$(runs)" = 1 ] || fail "first call: status $st, $(runs) runs"
st=0; ffprobe 3 "$T/a.bin" > "$T/o2" 2> "$T/e2" || st=$?
[ "$st" = 3 ] || fail "the repeat's status is $st, not 3"
[ "$(runs)" = 1 ] || fail "the repeat ran the tool again"
cmp -s "$T/o1" "$T/o2" && cmp -s "$T/e1" "$T/e2" || fail "the repeat's output differs: $(cat "$T/o2" "$T/e2")"
grep -q '^err:3$' "$T/e2" || fail "stderr not replayed"
# The same bytes under another directory: the same question.
mkdir -p "$T/other"
cp "$T/a.bin" "$T/other/a.bin"
ffprobe 0 "$T/other/a.bin" > /dev/null 2>&1
ffprobe 0 "$T/a.bin" > /dev/null 2>&1
[ "$(runs)" = 2 ] || fail "a copy of a file was asked again: $(runs) runs"
ok "a repeated call is answered from the cache: stdout, stderr and status"

# Other bytes, other arguments: run again.
printf 'two' > "$T/a.bin"
ffprobe 0 "$T/a.bin" > "$T/o3" 2> /dev/null
[ "$(runs)" = 3 ] || fail "changed bytes were answered from the cache"
grep -q "$(printf two | sha1sum | cut -c1-40)" "$T/o3" || fail "the answer is not the new bytes': $(cat "$T/o3")"
ffprobe 1 "$T/a.bin" > /dev/null 2>&1 || true
[ "$(runs)" = 4 ] || fail "other arguments were answered from the cache"
ok "other bytes or other arguments run the tool again"

# Not cached: stdin, an output naming its file, a death by signal.
for i in 1 2; do echo hi | ffprobe --stdin - > "$T/o4"; done
[ "$(runs)" = 6 ] && grep -qx hi "$T/o4" || fail "a call reading stdin was cached"
for i in 1 2; do ffprobe --name "$T/a.bin" > "$T/o5"; done
[ "$(runs)" = 8 ] || fail "an output naming its file was cached"
for i in 1 2; do ffprobe --signal "$T/a.bin" > /dev/null 2>&1 || true; done
[ "$(runs)" = 10 ] || fail "a death by signal was cached"
ok "stdin, an output naming its file, a death by signal: run every time"

# Two tests at once, eight times: each gets the answer, whichever stores it.
printf 'three' > "$T/c.bin"
for i in $(seq 1 8); do (ffprobe 0 "$T/c.bin" > "$T/par$i" 2> /dev/null) & done
wait
for i in $(seq 1 8); do
  cmp -s "$T/par1" "$T/par$i" && grep -q "$(printf three | sha1sum | cut -c1-40)" "$T/par$i" ||
    fail "a concurrent call got $(cat "$T/par$i")"
done
[ "$(find "$MT_REF_CACHE" -name "*.out" | wc -l)" = "$(find "$MT_REF_CACHE" -name "*.rc" | wc -l)" ] ||
  fail "answers left without their status: $(ls "$MT_REF_CACHE")"
ok "concurrent calls all get the answer; one of them is stored"

# Without MT_REF_CACHE every call runs.
before=$(runs)
unset MT_REF_CACHE
ffprobe 0 "$T/c.bin" > /dev/null 2>&1
ffprobe 0 "$T/c.bin" > /dev/null 2>&1
[ "$(runs)" = $((before + 2)) ] || fail "without MT_REF_CACHE a call was not run"
ok "without MT_REF_CACHE every call runs"
