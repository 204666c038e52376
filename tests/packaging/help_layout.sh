#!/usr/bin/env bash
# Shows: every tool's --help is laid out for a terminal and a reader: no line over 80 columns (the synopsis too), no
# parser artefacts (CLI11's TEXT/INT/REQUIRED, value ranges in brackets), a synopsis that names the tool first; and
# -version names the tool with the project's version from CMake, then FFmpeg's libraries.
source "$MT_SOURCE/tests/cli/lib.sh"
version=$(sed -n 's/^project(mediatoolkit VERSION \([0-9.]*\).*/\1/p' "$MT_SOURCE/CMakeLists.txt")
[ -n "$version" ] || fail "no project version in CMakeLists.txt"
for tool in memremux graphrun syncplay avprobe-json; do
  expect_status 0 "$tool" -h
  [ -s "$T/out" ] || fail "$tool -h: nothing printed"
  long=$(awk 'length > 80 { print NR ": " length " columns" }' "$T/out")
  [ -z "$long" ] || fail "$tool -h: lines over 80 columns: $long"
  artefacts=$(grep -nE '\<(TEXT|INT|UINT|FLOAT|REQUIRED|Excludes|Needs)\>|:[A-Z]+ in \[|\[[0-9.-]+ - [0-9.-]+\]' "$T/out" || true)
  [ -z "$artefacts" ] || fail "$tool -h: parser artefacts: $artefacts"
  head -n 1 "$T/out" | grep -q "^Usage: $tool " || fail "$tool -h: the first line is not its synopsis"
  expect_status 0 "$tool" -version
  head -n 1 "$T/out" | grep -qx "$tool $version (mediatoolkit)" || fail "$tool -version: $(head -n 1 "$T/out")"
  grep -q "^libavformat " "$T/out" || fail "$tool -version: no FFmpeg library versions"
done
ok "help within 80 columns without parser artefacts, versions from CMake, for all four tools"
