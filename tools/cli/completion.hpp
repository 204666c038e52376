// Shell completion generated from a tool's option table: the same declarations --help is printed from
// (cli::CommandLine), exported as a table and turned into a bash and a zsh completion script at build time. No
// option list is written by hand anywhere. Values of options that name FFmpeg's components (muxers, filters,
// encoders, ...) are asked of the tool itself when the shell completes (tool --completion-values KIND), so they are
// those of the FFmpeg the tool runs with, and no ffmpeg binary is needed.
#pragma once

#include <string>
#include <vector>

namespace cli {

// One option as a shell completes it.
struct CompletionEntry {
  std::vector<std::string> spellings;  // every name as typed: "-v", "-loglevel", "--loglevel"
  bool takes_value = false;
  bool specifier = false;  // takes ffmpeg's ":STREAM" after its name (-c:v, -metadata:s:a:0)
  std::string value_name;  // as --help shows it ("LEVEL")
  // What completes the value: "file", "dir", "map" (ffmpeg's -map: input streams and graph labels), "stream" (a
  // stream specifier), "words" (the list in `words`), a kind of common::completion_values ("muxers", "filters:video",
  // ...; "loglevels" is baked into `words`), or "" (free text: nothing offered).
  std::string values;
  std::vector<std::string> words;
  std::string help;  // the description in --help
};

// The table as `tool --completion-table` prints it: one option a line, tab-separated: spellings (space-separated),
// "value" or "flag", "spec" or "-", the value name, the value kind (words: "words:a b c"), the description.
std::string completion_table(const std::vector<CompletionEntry>& options);
// A bash completion script for bash-completion (share/bash-completion/completions/TOOL): the function
// _mediatoolkit_TOOL, registered with `complete -F`.
std::string bash_completion(const std::string& tool, const std::vector<CompletionEntry>& options);
// A zsh completion function file (share/zsh/vendor-completions/_TOOL), #compdef TOOL, through _arguments.
std::string zsh_completion(const std::string& tool, const std::vector<CompletionEntry>& options);

}  // namespace cli
