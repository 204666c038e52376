#include "cli/completion.hpp"

#include <algorithm>
#include <cctype>

namespace cli {

namespace {

// 'text' for the shell, whatever it holds.
std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

// "avprobe-json" -> "avprobe_json": a shell function name.
std::string identifier(std::string tool) {
  for (char& c : tool)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return tool;
}

// The first clause of a description, short enough for a completion menu.
std::string short_help(const std::string& help) {
  constexpr size_t kMax = 72;
  size_t end = help.size();
  for (const char* stop : {"; ", " (", ": "}) end = std::min(end, help.find(stop));
  std::string out = help.substr(0, end);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',')) out.pop_back();
  if (out.size() > kMax) out = out.substr(0, kMax - 3) + "...";
  return out;
}

// Kinds whose values the tool prints when the shell completes (tool --completion-values KIND).
bool asked_of_tool(const std::string& kind) {
  return kind == "muxers" || kind == "demuxers" || kind == "encoders" || kind == "bsfs" || kind == "pix_fmts";
}
bool chain_kind(const std::string& kind) { return kind.rfind("filters", 0) == 0; }

// A single-quoted case pattern list: '-v'|'-loglevel'|'--loglevel'.
std::string patterns(const CompletionEntry& e) {
  std::vector<std::string> q;
  for (const std::string& s : e.spellings) q.push_back(shell_quoted(s));
  return joined(q, "|");
}

const char* const kBashHelpers = R"bash(
# The words of COMPREPLY less what readline does not replace: cur up to its last word-break character ("0:v" is
# completed as "v" when ':' breaks words).
_mediatoolkit_ltrim()
{
    local cur=$1 i k=-1
    for ((i = 0; i < ${#cur}; i++)); do
        [[ $COMP_WORDBREAKS == *"${cur:i:1}"* ]] && k=$i
    done
    ((k < 0)) && return
    local head=${cur:0:k+1}
    for i in "${!COMPREPLY[@]}"; do
        COMPREPLY[i]=${COMPREPLY[i]#"$head"}
    done
}

# _mediatoolkit_offer CUR WORD...: the words that start with CUR.
_mediatoolkit_offer()
{
    local cur=$1
    shift
    local IFS=$'\n'
    # mapfile, not COMPREPLY=($(...)): words like -? must not be taken for file patterns
    mapfile -t COMPREPLY < <(compgen -W "$*" -- "$cur")
    _mediatoolkit_ltrim "$cur"
}

# _mediatoolkit_values TOOL KIND: FFmpeg's names of that kind, as the tool (the FFmpeg it runs with) has them.
_mediatoolkit_values()
{
    local tool=$1
    type -P -- "$tool" > /dev/null 2>&1 || [[ -x $tool ]] || return
    "$tool" --completion-values "$2" 2> /dev/null
}

# _mediatoolkit_chain TOOL CUR KIND: a filter name where one starts in a chain or graph (after ',', ';' or a
# label); nothing inside a filter's arguments.
_mediatoolkit_chain()
{
    local cur=$2 part head
    part=${cur##*[],;[]}
    head=${cur:0:${#cur}-${#part}}
    [[ $part == *[=\']* ]] && return
    local IFS=$'\n'
    mapfile -t COMPREPLY < <(compgen -P "$head" -W "$(_mediatoolkit_values "$1" "$3")" -- "$part")
    _mediatoolkit_ltrim "$cur"
    compopt -o nospace 2> /dev/null
}

# _mediatoolkit_map CUR GRAPH_OPTION...: ffmpeg's -map values: streams of every input given so far (0:v, 1:a:0,
# -0:s) and the output labels of the graphs given with the GRAPH_OPTIONs ([v]).
_mediatoolkit_map()
{
    local cur=$1 n=0 i g
    shift
    local list=()
    for ((i = 1; i < cword; i++)); do
        [[ ${words[i]} == -i || ${words[i]} == --input ]] && n=$((n + 1))
        for g in "$@"; do
            if [[ ${words[i - 1]} == "$g" ]]; then
                mapfile -t -O "${#list[@]}" list < <(grep -o '\[[^]0-9][^]]*\]' <<< "${words[i]}")
            fi
        done
    done
    ((n == 0)) && n=1
    for ((i = 0; i < n; i++)); do
        list+=("$i" "$i:v" "$i:a" "$i:s" "$i:d" "$i:t" "$i:v:0" "$i:a:0" "$i:a:1" "$i:s:0" "-$i:v" "-$i:a" "-$i:s")
    done
    _mediatoolkit_offer "$cur" "${list[@]}"
}
)bash";

}  // namespace

std::string completion_table(const std::vector<CompletionEntry>& options) {
  std::string out;
  for (const CompletionEntry& e : options) {
    std::string values = e.values;
    if (!e.words.empty()) values += ":" + joined(e.words, " ");
    out += joined(e.spellings, " ") + "\t" + (e.takes_value ? "value" : "flag") + "\t" + (e.specifier ? "spec" : "-") +
           "\t" + e.value_name + "\t" + values + "\t" + e.help + "\n";
  }
  return out;
}

std::string bash_completion(const std::string& tool, const std::vector<CompletionEntry>& options) {
  const std::string fn = "_mediatoolkit_" + identifier(tool);
  std::string out = "# bash completion for " + tool + " (mediatoolkit), generated at build time from the option table "
                    "that its --help\n# is printed from (" + tool + " --completion-table). Values that name FFmpeg's "
                    "muxers, filters, encoders, ...\n# are asked of " + tool + " itself (" + tool +
                    " --completion-values KIND): the FFmpeg it runs with.\n";
  out += kBashHelpers;
  std::vector<std::string> all, graphs, specified;
  for (const CompletionEntry& e : options) {
    all.insert(all.end(), e.spellings.begin(), e.spellings.end());
    if (e.values == "filters") graphs.insert(graphs.end(), e.spellings.begin(), e.spellings.end());
    if (e.specifier) specified.insert(specified.end(), e.spellings.begin(), e.spellings.end());
  }
  std::vector<std::string> quoted_graphs;
  for (const std::string& g : graphs) quoted_graphs.push_back(shell_quoted(g));
  out += "\n" + fn + "()\n{\n    local cur prev words cword split\n    _init_completion -s -n =: || return\n"
         "    local tool=${words[0]} opt=$prev\n"
         "    # An option given with a stream specifier (-c:v, -metadata:s:a:0) is its option's.\n"
         "    [[ $opt == -*:* ]] && opt=${opt%%:*}\n"
         "    case $opt in\n";
  for (const CompletionEntry& e : options) {
    if (!e.takes_value) continue;
    out += "        " + patterns(e) + ")\n";
    if (e.values == "file") {
      out += "            _filedir\n";
    } else if (e.values == "dir") {
      out += "            _filedir -d\n";
    } else if (e.values == "words") {
      std::vector<std::string> q;
      for (const std::string& w : e.words) q.push_back(shell_quoted(w));
      out += "            _mediatoolkit_offer \"$cur\" " + joined(q, " ") + "\n";
    } else if (e.values == "stream") {
      out += "            _mediatoolkit_offer \"$cur\" v a s d t v:0 a:0 a:1 s:0 0 1 2\n";
    } else if (e.values == "map") {
      out += "            _mediatoolkit_map \"$cur\" " + joined(quoted_graphs, " ") + "\n";
    } else if (chain_kind(e.values)) {
      out += "            _mediatoolkit_chain \"$tool\" \"$cur\" " + e.values + "\n";
    } else if (asked_of_tool(e.values)) {
      out += "            local IFS=$'\\n'\n"
             "            mapfile -t COMPREPLY < <(compgen -W \"$(_mediatoolkit_values \"$tool\" " + e.values +
             ")\" -- \"$cur\")\n"
             "            _mediatoolkit_ltrim \"$cur\"\n";
    }  // else free text: nothing to offer
    out += "            return\n            ;;\n";
  }
  out += "    esac\n    [[ $split == true ]] && return\n";
  if (!specified.empty()) {
    std::vector<std::string> q;
    for (const std::string& s : specified) q.push_back(shell_quoted(s));
    out += "    # -c:v, -metadata:s:a: an option that takes ffmpeg's stream specifier after its name.\n"
           "    if [[ $cur == -*:* ]]; then\n"
           "        case ${cur%%:*} in\n"
           "            " + joined(q, "|") + ")\n"
           "                local base=${cur%%:*}\n"
           "                _mediatoolkit_offer \"$cur\" \"$base:v\" \"$base:a\" \"$base:s\" \"$base:d\" \"$base:t\" "
           "\"$base:v:0\" \"$base:a:0\" \"$base:a:1\"\n"
           "                return\n"
           "                ;;\n"
           "        esac\n"
           "    fi\n";
  }
  std::vector<std::string> q;
  for (const std::string& s : all) q.push_back(shell_quoted(s));
  out += "    if [[ $cur == -* ]]; then\n        _mediatoolkit_offer \"$cur\" " + joined(q, " ") +
         "\n        return\n    fi\n    _filedir\n} &&\n    complete -F " + fn + " " + tool + "\n";
  return out;
}

std::string zsh_completion(const std::string& tool, const std::vector<CompletionEntry>& options) {
  const std::string id = identifier(tool);
  const std::string values_fn = "_mediatoolkit_" + id + "_values";
  std::string out = "#compdef " + tool + "\n# zsh completion for " + tool + " (mediatoolkit), generated at build time "
                    "from the option table that its\n# --help is printed from (" + tool + " --completion-table). "
                    "Values that name FFmpeg's muxers, filters,\n# encoders, ... are asked of " + tool + " itself (" +
                    tool + " --completion-values KIND): the FFmpeg it runs with.\n\n";
  // An action called by _arguments gets compadd's options first (-J group, -X explanation): the kind is the last
  // argument, the rest goes on to compadd.
  out += values_fn + "() {\n"
         "  local kind=${@[-1]} tool=${words[1]}\n"
         "  (( $+commands[$tool] )) || [[ -x $tool ]] || tool=" + tool + "\n"
         "  local -a names\n"
         "  names=(${(f)\"$($tool --completion-values $kind 2> /dev/null)\"})\n"
         "  compadd \"${@[1,-2]}\" -a names\n"
         "}\n\n"
         "_mediatoolkit_" + id + "_chain() {\n"
         "  # a filter name where one starts in a chain or graph; nothing inside a filter's arguments\n"
         "  compset -P '*[],;[]'\n"
         "  [[ $PREFIX == *=* ]] && return 1\n"
         "  " + values_fn + " \"$@\"\n"
         "}\n\n"
         "_mediatoolkit_" + id + "_map() {\n"
         "  local -a specs\n"
         "  local n=${#${(M)words[1,CURRENT-1]:#(-i|--input)}} i\n"
         "  (( n == 0 )) && n=1\n"
         "  for (( i = 0; i < n; i++ )); do  # ${i}: $i:a would be zsh's :a modifier\n"
         "    specs+=(${i} ${i}:v ${i}:a ${i}:s ${i}:d ${i}:t ${i}:v:0 ${i}:a:0 ${i}:a:1 ${i}:s:0 -${i}:v -${i}:a -${i}:s)\n"
         "  done\n"
         "  compadd \"$@\" -a specs\n"
         "}\n\n"
         "_mediatoolkit_" + id + "_stream() {\n"
         "  local -a specs\n"
         "  specs=(v a s d t v:0 a:0 a:1 s:0 0 1 2)\n"
         "  compadd \"$@\" -a specs\n"
         "}\n\n"
         "_arguments \\\n";
  auto escape = [](const std::string& text, const std::string& special) {
    std::string e;
    for (char c : text) {
      if (special.find(c) != std::string::npos) e += '\\';
      e += c;
    }
    return e;
  };
  for (const CompletionEntry& e : options) {
    std::string action;
    if (e.takes_value) {
      if (e.values == "file") action = "_files";
      else if (e.values == "dir") action = "_files -/";
      else if (e.values == "words") action = "(" + escape(joined(e.words, " "), ":()") + ")";
      else if (e.values == "stream") action = "_mediatoolkit_" + id + "_stream";
      else if (e.values == "map") action = "_mediatoolkit_" + id + "_map";
      else if (chain_kind(e.values)) action = "_mediatoolkit_" + id + "_chain " + e.values;
      else if (asked_of_tool(e.values)) action = values_fn + " " + e.values;
      else action = " ";
    }
    const std::string description = "[" + escape(short_help(e.help), "[]:\\") + "]";
    // An option with ffmpeg's stream specifier is also known with the common ones (-c:v, -bsf:a), so that its value
    // completes after them too.
    std::vector<std::string> spellings = e.spellings;
    if (e.specifier)
      for (const std::string& s : e.spellings)
        if (s.rfind("--", 0) != 0)
          for (const char* spec : {":v", ":a", ":s"}) spellings.push_back(s + spec);
    for (const std::string& s : spellings) {
      // Options may repeat (*); a GNU --long option takes its value after '=' too.
      std::string spec = "*" + escape(s, "[]:\\");
      if (e.takes_value && s.rfind("--", 0) == 0) spec += "=";
      spec += description;
      if (e.takes_value) spec += ":" + escape(e.value_name.empty() ? "value" : e.value_name, ":\\") + ":" + action;
      out += "  " + shell_quoted(spec) + " \\\n";
    }
  }
  out += "  '*:file:_files'\n";
  return out;
}

}  // namespace cli
