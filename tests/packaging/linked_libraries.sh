#!/usr/bin/env bash
# Shows: memremux and avprobe-json are not linked to libavfilter (its 33 extra libraries are a third of their start),
# graphrun and syncplay are; the unlinked tools still list libavfilter in -version and -show_library_versions, with
# the version the linked tools run with, and still complete -vf/-af filter names (common/avfilter_listing.hpp).
source "$MT_SOURCE/tests/cli/lib.sh"
command -v readelf > /dev/null || { echo "skip: readelf is missing (binutils)"; exit 77; }
needed() { readelf -d "$MT_BIN/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
for tool in memremux avprobe-json; do
  ! needed "$tool" | grep -q '^libavfilter' || fail "$tool is linked to libavfilter: $(needed "$tool" | paste -sd' ')"
  needed "$tool" | grep -q '^libavformat' || fail "$tool: no libavformat among its libraries (readelf?)"
done
for tool in graphrun syncplay; do
  needed "$tool" | grep -q '^libavfilter' || fail "$tool is not linked to libavfilter"
done
ok "memremux and avprobe-json are not linked to libavfilter; graphrun and syncplay are"

expect_status 0 graphrun -version
want=$(grep '^libavfilter ' "$T/out") || fail "graphrun -version: no libavfilter line"
for tool in memremux avprobe-json; do
  expect_status 0 "$tool" -version
  [ "$(grep '^libavfilter ' "$T/out")" = "$want" ] || fail "$tool -version: $(grep '^libavfilter' "$T/out") not '$want'"
  "$tool" --completion-values filters:video > "$T/vf" || fail "$tool --completion-values filters:video"
  grep -qx hflip "$T/vf" || fail "$tool: hflip is not among the video chain filters"
done
avprobe-json -show_library_versions -of json > "$T/ours.json"
command ffprobe -v quiet -show_library_versions -of json > "$T/ref.json"
jq -e --slurpfile r "$T/ref.json" '[.library_versions[] | select(.name == "libavfilter")] ==
  [$r[0].library_versions[] | select(.name == "libavfilter")] and
  ([.library_versions[] | select(.name == "libavfilter")] | length == 1)' "$T/ours.json" > /dev/null ||
  fail "avprobe-json -show_library_versions: libavfilter not as ffprobe's: $(jq -c . "$T/ours.json")"
ok "the unlinked tools list libavfilter's version (as graphrun, as ffprobe) and its filter names"
