#!/usr/bin/env bash
# Shows: cpack makes the Debian package from this build tree (stripped binaries, gzipped man pages, completion, schema,
# documents, Depends computed by dpkg-shlibdeps); lintian finds no error and no warning that the package's override
# file does not give a reason for; dpkg -i installs it, each tool runs from /usr/bin (--version, a pipeline through all
# four), bash-completion finds the installed completion; dpkg -r removes every file again.
# (The install needs root, or sudo without a password: without, the package and lintian checks run and the test is
# skipped, 77. A sanitizer build is not packaged: skipped too.)
source "$MT_SOURCE/tests/cli/lib.sh"
: "${MT_BUILD:?run through ctest}"
[ "${MT_SANITIZE:-0}" != 1 ] || { echo "skip: a sanitizer build is not packaged"; exit 77; }
for cmd in cpack dpkg-deb dpkg-shlibdeps lintian file jq ffmpeg; do
  command -v "$cmd" > /dev/null || { echo "skip: $cmd is missing (scripts/setup.sh installs it)"; exit 77; }
done
tools=(memremux graphrun syncplay avprobe-json)

# ---- the package ------------------------------------------------------------------------------------------------
cpack --config "$MT_BUILD/CPackConfig.cmake" -G DEB -B "$T/pkg" > "$T/cpack.log" 2>&1 || fail "cpack: $(tail -5 "$T/cpack.log")"
debs=("$T"/pkg/mediatoolkit_*_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single mediatoolkit .deb: $(ls "$T/pkg")"
deb=${debs[0]}
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' > "$T/files.txt"
has() { grep -qxF "$1" "$T/files.txt" || fail "the package holds no $1"; }
for t in "${tools[@]}"; do
  has "/usr/bin/$t"
  has "/usr/share/man/man1/$t.1.gz"
  has "/usr/share/bash-completion/completions/$t"
  has "/usr/share/zsh/vendor-completions/_$t"
done
for f in README.md BENCHMARKS.md RELIABILITY.md copyright changelog.gz; do has "/usr/share/doc/mediatoolkit/$f"; done
has /usr/share/mediatoolkit/avprobe-json.typed.schema.json
has /usr/share/man/man7/mediatoolkit-batch.7.gz
for f in batch-lib.sh probe-tree.sh remux-tree.sh hls-tree.sh; do has "/usr/share/doc/mediatoolkit/examples/batch/$f"; done
has /usr/share/lintian/overrides/mediatoolkit
! grep -q '^/usr/local' "$T/files.txt" || fail "the package installs into /usr/local"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libavformat libavcodec libavfilter libsdl2 libass libc6; do
  grep -q "$lib" <<< "$depends" || fail "Depends (from dpkg-shlibdeps) names no $lib: $depends"
done
dpkg-deb -x "$deb" "$T/root"
for t in "${tools[@]}"; do
  file -b "$T/root/usr/bin/$t" | grep -q ', stripped' || fail "/usr/bin/$t is not stripped: $(file -b "$T/root/usr/bin/$t")"
  gzip -t "$T/root/usr/share/man/man1/$t.1.gz" || fail "$t.1.gz is not gzip"
done

# ---- lintian: no error; a warning only with its reason in the shipped override file ---------------------------------
lintian --fail-on none "$deb" > "$T/lintian.txt" 2>&1 || fail "lintian did not run: $(cat "$T/lintian.txt")"
grep -v 'running with root privileges' "$T/lintian.txt" || true
! grep -q '^[EW]: ' "$T/lintian.txt" || fail "lintian: $(grep '^[EW]: ' "$T/lintian.txt")"
# Every override carries its reason on the comment line above it.
awk '/^#/ {c = 1; next} /^[[:space:]]*$/ {c = 0; next} { if (!c) { print "no reason above: " $0; bad = 1 } c = 0 }
     END {exit bad}' "$T/root/usr/share/lintian/overrides/mediatoolkit" || fail "a lintian override without its reason"

# ---- a real install -----------------------------------------------------------------------------------------------
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2> /dev/null || { echo "skip: installing needs root or sudo without a password (package and lintian checked)"; exit 77; }
  sudo=(sudo -n)
fi
if dpkg-query -W -f='${Status}' mediatoolkit 2> /dev/null | grep -q 'ok installed'; then
  echo "skip: a mediatoolkit package is installed on this machine: not replacing it (package and lintian checked)"
  exit 77
fi
for t in "${tools[@]}"; do
  [ ! -e "/usr/bin/$t" ] || { echo "skip: /usr/bin/$t exists and is no package's: not overwriting it"; exit 77; }
done
# One install test at a time on a machine (two build trees' test runs), and dpkg's own lock held by apt: wait.
exec 9> /tmp/mediatoolkit-deb-test.lock
flock -w 300 9 || fail "another package test held the lock for 5 minutes"
installed=0
cleanup() {
  [ "$installed" = 1 ] && "${sudo[@]}" dpkg -P mediatoolkit > /dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
dpkg_retry() {  # dpkg fails at once while another dpkg or apt holds its lock
  local i
  for i in $(seq 1 30); do
    "${sudo[@]}" dpkg "$@" > "$T/dpkg.log" 2>&1 && return 0
    grep -q 'lock' "$T/dpkg.log" || break
    sleep 2
  done
  cat "$T/dpkg.log" >&2
  return 1
}
installed=1
dpkg_retry -i "$deb" || fail "dpkg -i failed"
dpkg-query -W -f='${Status}' mediatoolkit | grep -q 'install ok installed' || fail "dpkg does not list mediatoolkit as installed"

# Each tool from its installed path, nothing from the build tree.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
for t in "${tools[@]}"; do
  v=$("/usr/bin/$t" --version | head -1)
  [[ $v == "$t "*"(mediatoolkit)" ]] || fail "/usr/bin/$t --version: $v"
done
# A pipeline through all four: remux to NUT, filter, probe on the way (--tee), play headless to the end.
ffmpeg -v error -f lavfi -i testsrc=size=160x120:rate=10:duration=1 -f lavfi -i sine=duration=1 \
  -c:v libx264 -preset ultrafast -c:a aac -shortest "$T/clip.mp4"
/usr/bin/memremux -f nut < "$T/clip.mp4" | /usr/bin/graphrun -vf hflip -f nut |
  /usr/bin/avprobe-json --tee --json-out "$T/probe.json" > "$T/out.nut" || fail "the installed pipeline failed"
[ "$(jq '.streams | length' "$T/probe.json")" = 2 ] || fail "the pipeline's probe: $(cat "$T/probe.json")"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy timeout "$HANG_SECONDS" /usr/bin/syncplay -nodisp -autoexit < "$T/out.nut" ||
  fail "the installed syncplay did not play the pipeline's output"
# bash-completion finds the installed completion on first use, as it does for any command.
if [ -r /usr/share/bash-completion/bash_completion ]; then
  bash --norc --noprofile -c 'source /usr/share/bash-completion/bash_completion; _completion_loader memremux;
    complete -p memremux' | grep -q _mediatoolkit_memremux || fail "bash-completion does not load the installed completion"
fi

# ---- removal --------------------------------------------------------------------------------------------------------
dpkg_retry -r mediatoolkit || fail "dpkg -r failed"
installed=0
! dpkg-query -W -f='${Status}' mediatoolkit 2> /dev/null | grep -q 'ok installed' || fail "still installed after dpkg -r"
while read -r f; do
  [ -d "$f" ] || [ ! -e "$f" ] || fail "$f is left after dpkg -r"
done < "$T/files.txt"
"${sudo[@]}" dpkg -P mediatoolkit > /dev/null 2>&1 || true
echo "ok: $(basename "$deb") built, lintian clean, installed, run and removed"
