#!/usr/bin/env bash
# Shows: -r walks each named directory: the regular files under it, each directory's entries in byte order (a
# subdirectory's files where its name falls), as if named one by one; symlinks are skipped unless --follow-symlinks,
# which follows them without looping; FIFOs, sockets and devices are never inputs (a FIFO would wait for ever);
# without -r a directory is an error object as before.
source "$(dirname "$0")/../lib.sh"
d=$T/lib
mkdir -p "$d/b_dir/inner" "$d/a_dir" "$T/outside"
cp "$FX/audio.mp3" "$d/z.mp3"
cp "$FX/audio.flac" "$d/a_dir/one.flac"
cp "$FX/ts_single.ts" "$d/b_dir/inner/deep.ts"
cp "$FX/audio.wav" "$d/b_dir/B.wav"
cp "$FX/mp4_front.mp4" "$d/b_dir/a.mp4"
printf 'not media' > "$d/b_dir/notes.txt"
cp "$FX/webm_vp9.webm" "$T/outside/linked.webm"
ln -s "$T/outside/linked.webm" "$d/b_dir/link.webm"
ln -s "$T/outside" "$d/c_link"
ln -s .. "$d/b_dir/inner/loop"  # back up the tree: followed, it must not loop
mkfifo "$d/b_dir/fifo"
# Each directory sorted by bytes ("B" before "a"), depth first.
expected=("$d/a_dir/one.flac" "$d/b_dir/B.wav" "$d/b_dir/a.mp4" "$d/b_dir/inner/deep.ts" "$d/b_dir/notes.txt" "$d/z.mp3")
expect_status 1 avprobe-json -r "$d"
jq -r -s '.[].input' "$T/out" > "$T/names"
printf '%s\n' "${expected[@]}" | diff - "$T/names" > /dev/null || { diff <(printf '%s\n' "${expected[@]}") "$T/names" >&2; fail "-r: not the regular files in sorted order"; }
# The same as naming them, with -j 1 (and -j 2).
expect_status 1 avprobe-json -j 1 "${expected[@]}"
cp "$T/out" "$T/named"
for j in 1 2; do
  expect_status 1 avprobe-json -j $j -r "$d"
  cmp -s "$T/named" "$T/out" || fail "-r -j $j differs from naming the files"
done
[ "$(tail -n 1 "$T/err")" = "avprobe-json: error: 1 of 6 inputs failed" ] || { cat "$T/err" >&2; fail "no count line"; }
# A trailing slash names the same files; the text writers print each in turn as ffprobe would.
expect_status 0 avprobe-json -r "$d/a_dir/" "$d/z.mp3"
jq -r -s '.[].input' "$T/out" | diff - <(printf '%s\n' "$d/a_dir/one.flac" "$d/z.mp3") > /dev/null || fail "trailing slash or a file beside -r"
ffprobe -v quiet -of flat -show_format "$d/a_dir/one.flac" > "$T/ref.txt"
expect_status 0 avprobe-json -v quiet -of flat -show_format -r "$d/a_dir"
cmp -s "$T/ref.txt" "$T/out" || fail "-r -of flat differs from ffprobe"

# --follow-symlinks: the linked file and directory too, the loop walked once.
expect_status 1 avprobe-json --follow-symlinks -r "$d"
jq -r -s '.[].input' "$T/out" > "$T/names"
grep -qx "$d/b_dir/link.webm" "$T/names" || fail "--follow-symlinks did not follow a link to a file"
grep -qx "$d/c_link/linked.webm" "$T/names" || fail "--follow-symlinks did not follow a link to a directory"
[ "$(grep -c '' "$T/names")" -eq 8 ] || { cat "$T/names" >&2; fail "--follow-symlinks: expected 8 inputs (the loop walked once)"; }

# Without -r a directory is what it was: an error object.
expect_status 1 avprobe-json "$d"
jq -e '.error.code == -21' "$T/out" > /dev/null || fail "a directory without -r is no EISDIR error object"
# An unreadable directory is one error object among the others (not for root, who reads it anyway).
if [ "$(id -u)" != 0 ]; then
  mkdir "$d/locked" && chmod 000 "$d/locked"
  expect_status 1 avprobe-json -r "$d"
  chmod 755 "$d/locked"
  jq -e -s --arg n "$d/locked" 'map(select(.input == $n))[0].error.code == -13' "$T/out" > /dev/null || fail "no error object for an unreadable directory"
fi
# Usage errors.
expect_status 2 avprobe-json -r
expect_stderr '-r needs a directory'
expect_status 2 avprobe-json --follow-symlinks "$d"
expect_stderr '--follow-symlinks goes with -r'
ok "-r: sorted regular files, symlinks only when asked, no loops"
