#!/usr/bin/env bash
# Shows: every man page renders without a single groff warning (groff -man -ww -z), and has the required sections.
set -u
dir=${1:?usage: lint_man.sh MANDIR}
fail=0
count=0
for page in "$dir"/*.1; do
  [ -f "$page" ] || continue
  count=$((count + 1))
  out=$(LC_ALL=C.UTF-8 groff -man -ww -z "$page" 2>&1)
  if [ -n "$out" ]; then echo "FAIL $page: $out"; fail=1; fi
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    grep -q "^\.SH \"\?$section\"\?\$" "$page" || { echo "FAIL $page: no $section section"; fail=1; }
  done
done
# Overview pages (section 7: mediatoolkit-batch) render as cleanly, with the sections such a page has.
for page in "$dir"/*.7; do
  [ -f "$page" ] || continue
  out=$(LC_ALL=C.UTF-8 groff -man -ww -z "$page" 2>&1)
  if [ -n "$out" ]; then echo "FAIL $page: $out"; fail=1; fi
  for section in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
    grep -q "^\.SH \"\?$section\"\?\$" "$page" || { echo "FAIL $page: no $section section"; fail=1; }
  done
done
[ "$count" -gt 0 ] || { echo "no man pages in $dir"; exit 1; }
exit $fail
