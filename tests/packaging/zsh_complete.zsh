#!/usr/bin/env zsh
# zsh_complete.zsh COMPLETIONS_DIR LINE EXPECTED: types LINE and Tab in an interactive zsh with the generated completion,
# and finds EXPECTED in what the terminal shows. (A helper of completion.sh, not a test of its own: ctest runs
# tests/packaging/*.sh only.)
zmodload zsh/zpty
dir=$1 line=$2 want=$3
tmp=$(mktemp -d)
print -r -- "fpath=($dir \$fpath); autoload -U compinit && compinit -u -d $tmp/dump; PS1='> '; unsetopt zle_bracketed_paste 2>/dev/null" > $tmp/.zshrc
zpty z "ZDOTDIR=$tmp zsh -i"
zpty -w -n z "$line"$'\t'
out=""
# The first Tab runs compinit's completion and the tool (for its muxers, filters...): on a busy machine that takes
# seconds, so the wait ends when the offer shows or after 60 s, not after a fixed count of reads.
typeset -F SECONDS=0
while (( SECONDS < 60 )); do
  if zpty -r -t z chunk; then out+=$chunk; else sleep 0.1; fi
  [[ $out == *$want* ]] && break
done
zpty -d z
rm -rf $tmp
[[ $out == *$want* ]] || { print -r -- "zsh: '$line<Tab>' shows no '$want': ${(q)out[-300,-1]}"; exit 1 }
