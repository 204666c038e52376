#!/usr/bin/env bash
# Shows: --files-from FILE|- takes the inputs from a list, one per line or NUL-separated with -0 (find -print0),
# after the named ones, in list order, with what naming them on the command line prints; empty lines name nothing;
# stdin is read at most once (a list from stdin cannot name "-": that entry is an error object, the rest go on);
# an unreadable list is one error line and exit 1; -0 without --files-from is a usage error.
source "$(dirname "$0")/../lib.sh"
mkdir -p "$T/m"
cp "$FX/audio.flac" "$T/m/a flac.flac"  # spaces in names
cp "$FX/audio.mp3" "$T/m/b.mp3"
printf 'x' > "$T/m/c.bin"
cp "$FX/ts_single.ts" "$T/m/d
newline.ts"  # only a NUL-separated list can name it
expect_status 1 avprobe-json -j 1 "$T/m/a flac.flac" "$T/m/b.mp3" "$T/m/c.bin" "$FX/mkv_multi.mkv"
cp "$T/out" "$T/direct"

# One per line, after the named inputs; empty lines skipped.
printf '%s\n\n%s\n%s\n' "$T/m/b.mp3" "$T/m/c.bin" "$FX/mkv_multi.mkv" > "$T/list.txt"
expect_status 1 avprobe-json -j 2 --files-from "$T/list.txt" "$T/m/a flac.flac"
cmp -s "$T/direct" "$T/out" || { diff "$T/direct" "$T/out" | head >&2; fail "--files-from FILE differs from naming the inputs"; }
[ "$(tail -n 1 "$T/err")" = "avprobe-json: error: 1 of 4 inputs failed" ] || { cat "$T/err" >&2; fail "no count line"; }

# NUL-separated from stdin, as find -print0 writes it: a newline inside a name is part of it.
(cd "$T/m" && find "$T/m" -type f -print0 | sort -z) > "$T/list0"
expect_status 1 avprobe-json -0 --files-from - < "$T/list0"
[ "$(grep -c '' "$T/out")" -eq 4 ] || fail "-0 --files-from -: not 4 lines"
jq -r -s '.[].input' "$T/out" | grep -c 'newline.ts' > /dev/null || fail "the name with a newline was split"
jq -e -s --arg n "$T/m/d"$'\n'"newline.ts" 'map(select(.input == $n)) | .[0].format.format_name == "mpegts"' "$T/out" > /dev/null ||
  fail "the name with a newline was not probed as itself"
ffprobe -v quiet -of json -show_format -show_streams "$T/m/b.mp3" > "$T/ref.json"
jq -c -s --arg n "$T/m/b.mp3" 'map(select(.input == $n))[0]' "$T/out" > "$T/line.json"
json_diff --ignore input "$T/ref.json" "$T/line.json" || fail "a listed input differs from ffprobe"
# The same names read one per line from a pipe.
find "$T/m" -name '*.mp3' | avprobe-json --files-from - > "$T/out" || fail "--files-from - (lines) failed"
jq -e -s 'length == 1 and .[0].format.format_name == "mp3"' "$T/out" > /dev/null || fail "--files-from - (lines) printed otherwise"

# A list read from stdin cannot name stdin: that entry is an error object; the others are probed.
printf '%s\n-\n%s\n' "$T/m/b.mp3" "$FX/audio.flac" | { expect_status 1 avprobe-json --files-from -; }
[ "$(grep -c '' "$T/out")" -eq 3 ] || fail "not one line per entry"
sed -n 2p "$T/out" | jq -e '.input == "-" and .error.code == -22' > /dev/null || fail "'-' in a list from stdin is no error object"
grep -q "^avprobe-json: error: -: stdin is the list of inputs" "$T/err" || { cat "$T/err" >&2; fail "no line about '-' in the list"; }
# A list from a file may name stdin, once.
printf -- '-\n%s\n-\n' "$T/m/b.mp3" > "$T/list_stdin.txt"
expect_status 1 avprobe-json --files-from "$T/list_stdin.txt" < "$FX/audio.flac"
sed -n 1p "$T/out" | jq -e '.format.format_name == "flac"' > /dev/null || fail "'-' in a list file did not read stdin"
sed -n 3p "$T/out" | jq -e '.error.code == -22' > /dev/null || fail "a second '-' was read"
grep -q "stdin can be read only once" "$T/err" || fail "no line about the second '-'"
# ... and not when stdin is named on the command line too; nor can both read it.
expect_status 2 avprobe-json --files-from - - < /dev/null
expect_stderr 'stdin can be read only once'

# Usage and list errors.
expect_status 1 avprobe-json --files-from "$T/no-such-list"
expect_stderr "^avprobe-json: error: reading --files-from $T/no-such-list: No such file or directory$"
expect_status 2 avprobe-json -0 "$FX/audio.flac"
expect_stderr '-0 goes with --files-from'
# An empty list probes nothing and succeeds.
expect_status 0 avprobe-json --files-from /dev/null
[ ! -s "$T/out" ] || fail "an empty list printed something"
ok "--files-from: lines, -0, stdin once, errors per entry"
