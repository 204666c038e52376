#!/usr/bin/env bash
# Shows: the generated bash and zsh completion of every tool offers every option of its --help and of its option
# table, both spellings (-loglevel and --loglevel), and completes values from the FFmpeg the tool runs with: muxers
# after -f, demuxers after avprobe-json's -f, log levels, filters in -vf/-af chains, streams after -map, files
# (bash through bash-completion's own entry point; zsh typed into an interactive zsh).
source "$MT_SOURCE/tests/cli/lib.sh"
: "${MT_COMPLETIONS:?run through ctest}"
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || { echo "skip: bash-completion is not installed (scripts/setup.sh installs it)"; exit 77; }
tools=(memremux graphrun syncplay avprobe-json)

# complete TOOL LINE: runs TOOL's bash completion for LINE (the cursor at its end) as bash does on Tab, with
# bash-completion's helpers, and prints COMPREPLY one word a line.
complete_line() {
  local tool=$1 line=$2
  bash --norc --noprofile -c '
    source "$1"; source "$2"
    line=$3
    COMP_LINE=$line; COMP_POINT=${#line}
    read -ra COMP_WORDS <<< "$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    fn=$(complete -p "$4" | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
    [ -n "$fn" ] || { echo "no completion registered for $4" >&2; exit 1; }
    "$fn" "$4" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$bc" "$MT_COMPLETIONS/bash/$tool" "$line" "$tool"
}
# expect TOOL LINE WORD...: every WORD is offered.
expect() {
  local tool=$1 line=$2 w out
  shift 2
  out=$(complete_line "$tool" "$line") || fail "$line: completion failed"
  for w in "$@"; do
    grep -qxF -- "$w" <<< "$out" || fail "'$line<Tab>' does not offer '$w' (offers: $(head -c 300 <<< "$out" | tr '\n' ' '))"
  done
}
# refuse TOOL LINE WORD...: no WORD is offered.
refuse() {
  local tool=$1 line=$2 w out
  shift 2
  out=$(complete_line "$tool" "$line") || fail "$line: completion failed"
  for w in "$@"; do
    ! grep -qxF -- "$w" <<< "$out" || fail "'$line<Tab>' offers '$w'"
  done
}

for tool in "${tools[@]}"; do
  [ -s "$MT_COMPLETIONS/bash/$tool" ] && [ -s "$MT_COMPLETIONS/zsh/_$tool" ] || fail "$tool: no generated completion"
  bash -n "$MT_COMPLETIONS/bash/$tool" || fail "$tool: the bash completion does not parse"
  if command -v zsh > /dev/null; then
    zsh -n "$MT_COMPLETIONS/zsh/_$tool" || fail "$tool: the zsh completion does not parse"
    head -1 "$MT_COMPLETIONS/zsh/_$tool" | grep -qx "#compdef $tool" || fail "$tool: the zsh file has no #compdef line"
  fi
  # Every option of --help (the names before the description column) and of the exported table.
  "$tool" --help > "$T/help.txt"
  "$tool" --completion-table > "$T/table.tsv"
  { grep -E '^  -' "$T/help.txt" | sed -E 's/^  //; s/  .*//' | grep -oE '(^|, )-{1,2}[A-Za-z?][A-Za-z0-9_?-]*' |
      sed 's/^, //'
    cut -f1 "$T/table.tsv" | tr ' ' '\n'; } | sort -u > "$T/names.txt"
  [ "$(wc -l < "$T/names.txt")" -ge 20 ] || fail "$tool: only $(wc -l < "$T/names.txt") options found in --help"
  # From a directory holding a file named like an option: "-?" is offered as it is, not as a file pattern.
  : > "$T/-i"
  (cd "$T" && complete_line "$tool" "$tool -") | sort -u > "$T/offered.txt"
  missing=$(comm -23 "$T/names.txt" "$T/offered.txt")
  [ -z "$missing" ] || fail "$tool: bash completion does not offer: $(echo "$missing" | tr "\n" " ")"
  # zsh: one _arguments spec per spelling ('*-v[...', '*--loglevel=[...'; names hold no character it escapes).
  while read -r name; do
    grep -qF -- "'*$name[" "$MT_COMPLETIONS/zsh/_$tool" || grep -qF -- "'*$name=[" "$MT_COMPLETIONS/zsh/_$tool" ||
      fail "$tool: zsh completion has no spec for $name"
  done < "$T/names.txt"
  # Both spellings of ffmpeg's single-dash options.
  grep -qx -- -loglevel "$T/offered.txt" && grep -qx -- --loglevel "$T/offered.txt" || fail "$tool: -loglevel/--loglevel"
  expect "$tool" "$tool -v w" warning
  expect "$tool" "$tool --loglevel=ver" verbose
  # Hidden completion options stay out of --help and out of the completion.
  ! grep -q -- --completion "$T/help.txt" || fail "$tool: --help shows the hidden completion options"
done

# Values from the tool's FFmpeg: muxers for an output's -f, demuxers for avprobe-json's (the input's) -f.
expect memremux "memremux -f matr" matroska
expect memremux "memremux -f nu" nut null
expect memremux "memremux --format=mp" mp4 mpegts
expect graphrun "graphrun -f nu" nut
expect avprobe-json "avprobe-json -f web" webm
refuse avprobe-json "avprobe-json -f nu" null  # a muxer only
expect memremux "memremux -bsf:v h264_mp4" h264_mp4toannexb
expect graphrun "graphrun -c:v rawv" rawvideo
expect graphrun "graphrun -pix_fmt yuv42" yuv420p
# Filters where a filter's name starts in a chain: video ones after -vf, audio ones after -af, all in a graph; none
# inside a filter's arguments. (':' and '=' break words in bash: the offer is what replaces the last piece.)
expect graphrun "graphrun -vf hfl" hflip
expect graphrun "graphrun -vf scale=640:-2,hfl" -2,hflip
refuse graphrun "graphrun -vf vol" volume
expect graphrun "graphrun -af vol" volume
refuse graphrun "graphrun -af hfl" hflip
expect graphrun "graphrun -filter_complex [0:v]overl" "v]overlay"
refuse graphrun "graphrun -vf scale=w" width
expect syncplay "syncplay -vf hfl" hflip
# Streams after -map: of every input given so far, and the graph's output labels.
expect memremux "memremux -map 0:" v a a:1
expect memremux "memremux -map -" -0:s
expect graphrun "graphrun -i a -i b -map 1:" v a
expect graphrun "graphrun -filter_complex [0:v]scale=320:-2[small] -map [" "[small]"
expect avprobe-json "avprobe-json -select_streams a" a a:1
expect syncplay "syncplay -ast a:" 0 1
# Fixed choices, stream specifiers on option names, files.
expect syncplay "syncplay -sync e" ext
expect avprobe-json "avprobe-json -of js" json
expect graphrun "graphrun --dump-graph d" dot
expect memremux "memremux -c:" v a
expect memremux "memremux -c:v " copy
touch "$T/clip one.mkv" "$T/clip2.mp4"
mkdir "$T/spooldir"
expect memremux "memremux -i $T/clip" "$T/clip2.mp4"
expect memremux "memremux $T/clip" "$T/clip2.mp4"
expect memremux "memremux --spool-dir $T/spool" "$T/spooldir"
refuse memremux "memremux --spool-dir $T/cl" "$T/clip2.mp4"
# zsh, as a person types it: an interactive zsh on a pseudo-terminal (zpty) with the generated functions on its fpath.
if command -v zsh > /dev/null; then
  zsh_expect() {
    zsh -f "$MT_SOURCE/tests/packaging/zsh_complete.zsh" "$MT_COMPLETIONS/zsh" "$1" "$2" || fail "zsh completion"
  }
  zsh_expect "memremux -f matr" matroska
  zsh_expect "memremux --loglev" --loglevel
  zsh_expect "graphrun -vf scale=640:-2,hfl" "scale=640:-2,hflip"
  zsh_expect "graphrun -i a -i b -map 1:" "1:a:1"
  zsh_expect "avprobe-json -f webm" webm_dash_manifest
  zsh_expect "memremux -bsf:v h264_mp4" h264_mp4toannexb
  zsh_expect "syncplay -sync v" video
  zsh_expect "avprobe-json -show_f" -show_format
fi
echo "ok: completion of ${#tools[@]} tools"
