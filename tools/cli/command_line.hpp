// The one command-line layer of the toolkit (the only CLI11 user besides each tool's _options.cpp): ffmpeg's
// single-dash spellings beside GNU --long ones, stream specifiers (-c:v, -metadata:s:a:0), the options every tool
// shares, the help layout (80 columns, no parser artefacts), and the parse runner that turns a parse outcome into an
// exit status. Every usage error is one line ending in "(see --help)", status 2.
//
// Names are written as the user types them: "-ss,--start" is ffmpeg's -ss and GNU's --start (and --ss too: every
// single-dash long option also takes two dashes, and '_' and '-' are interchangeable in long names); a one-letter
// name ("-i") is a short option. Short options never combine ("-vf" is never "-v f").
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/completion.hpp"
#include "common/cli_support.hpp"
#include "common/decode.hpp"
#include "common/memory_io.hpp"
#include "common/metadata.hpp"

namespace CLI {  // the parser (CLI11) stays inside command_line.cpp: it is most of a tool's compile time
class App;
class Option;
}  // namespace CLI

namespace cli {

class CommandLine;

// A declared option, for the few parser settings a tool changes: cl.option(...)->expected(0, 2).
class OptionRef {
 public:
  OptionRef(CLI::Option* option, CommandLine* owner) : option_(option), owner_(owner) {}
  OptionRef* operator->() { return this; }
  // How many values it takes (a positional: from min to max).
  OptionRef& expected(int min, int max);
  // Whether the values after it that are not options are its own too (default true).
  OptionRef& allow_extra_args(bool allow);
  // What a shell completes its value from (the generated completion, cli/completion.hpp): a kind of
  // common::completion_values ("muxers", "demuxers", "filters:video", ...), "file", "dir", "map", "stream", or ""
  // (free text). Without it, the kind is told from the option's names and value name (-f FORMAT: muxers; LEVEL: log
  // levels; FILE, INPUT, OUTPUT: files; -vf: video filters; -map: streams and graph labels; ...).
  OptionRef& complete(const std::string& kind);
  // Its value is one of these words (the shell offers them).
  OptionRef& complete(const std::vector<std::string>& words);

 private:
  CLI::Option* option_;
  CommandLine* owner_;
};

// A value given with a stream specifier: "-c:v copy" is {"v", "copy"}, "-c copy" is {"", "copy"}.
struct Specified {
  std::string spec;
  std::string value;
};

// An option given before an -i, which makes it that input's, as in ffmpeg ("-ss 5 -i in.mkv" seeks input 0).
struct InputScoped {
  size_t input;  // the index of the -i it comes before
  std::string name;  // without the dash ("ss")
  std::string value;
  std::string spec;  // the stream specifier of an option that takes one ("-c:v h264 -i ..."), else empty
};

// An FFmpeg AVOption given by name, as ffmpeg passes them to encoders and (de)muxers: "-crf 23", "-b:v 1M". As in
// ffmpeg, an option belongs to the file that follows it: the input of the next -i, or the output.
struct Named {
  static constexpr size_t kOutput = SIZE_MAX;
  std::string name;
  std::string spec;
  std::string value;
  size_t input = kOutput;  // the index of the -i it comes before, or kOutput
};

// The options every tool shares (common::SharedOptions); a tool asks for the ones that mean something to it
// (CommandLine::common) and keeps them in its own options struct.
using CommonOptions = common::SharedOptions;

enum CommonSet : unsigned {
  kLogLevel = 1u << 0,    // -v, -loglevel LEVEL (ffmpeg's names, numbers and flag+level forms)
  kBanner = 1u << 1,      // -hide_banner, -nostdin
  kOverwrite = 1u << 2,   // -y, -n
  kTimeout = 1u << 3,     // --timeout MS
  kSpoolLimit = 1u << 4,  // --spool-limit SIZE
  kProgress = 1u << 5,    // -progress URL, -stats_period SECONDS
  kMuxing = 1u << 6,      // -muxdelay, -muxpreload SECONDS
  kCpu = 1u << 7,         // -cpuflags FLAGS, -cpucount N
  kEveryTool = kLogLevel | kBanner | kTimeout | kSpoolLimit | kCpu,
};

class CommandLine {
 public:
  // tool: the program's name; usage: the synopsis after "Usage: tool "; description: a paragraph for --help.
  CommandLine(std::string tool, std::string usage, std::string description);
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  // An option taking a value (or a positional, when names has no dash). T: std::string, int, int64_t, double,
  // long long, std::vector<std::string> (command_line.cpp instantiates these).
  template <typename T>
  OptionRef option(const std::string& names, T& value, const std::string& help, const std::string& value_name);
  // A flag.
  OptionRef flag(const std::string& names, bool& value, const std::string& help);
  // An option whose value is optional and only ever attached ("--verify" or "--verify=FILE", never "--verify FILE",
  // so that the next argument stays an input or output): given bare, `value` is `bare`; not given, it is unchanged.
  OptionRef optional_value(const std::string& names, std::string& value, const std::string& help,
                           const std::string& value_name, const std::string& bare);
  // A repeatable option with ffmpeg's stream specifiers: every "-NAME[:SPEC] VALUE" lands in out, in order.
  OptionRef specified(const std::string& names, std::vector<Specified>& out, const std::string& help,
                      const std::string& value_name);
  // Options of the ffmpeg family that this tool does not honour (yet): a clear usage error naming the option,
  // "-NAME: why", not a parse error.
  void unsupported(const std::vector<std::string>& names, const std::string& why);
  // Options that are no option of ours but that `known` recognises (an encoder's or a muxer's AVOption, as ffmpeg
  // passes them on by name): each "-NAME[:SPEC] VALUE" lands in out, in order. known(name, for_input): for_input
  // when the option comes before an -i (a demuxer's or decoder's, then).
  void avoptions(std::function<bool(const std::string&, bool)> known, std::vector<Named>& out) {
    avoption_known_ = std::move(known);
    avoptions_ = &out;
  }
  // Options that mean something else before an -i than after the last one (ffmpeg's -ss, -t, -to): given before
  // an -i, each "-NAME VALUE" lands in out; after the last -i (or with no -i) they are the ordinary options of
  // those names, which the tool also declares.
  // `flags` are such options without a value (ffmpeg's -re): they land in out with an empty value.
  // `specified` are such options that also take a stream specifier before an -i ("-c:v libvpx-vp9 -i in.webm",
  // ffmpeg's choice of decoder): their name lands without it, the specifier in InputScoped::spec.
  void input_scoped(const std::vector<std::string>& names, std::vector<InputScoped>& out,
                    const std::vector<std::string>& flags = {}, const std::vector<std::string>& specified = {}) {
    input_scoped_names_ = names;
    input_scoped_flags_ = flags;
    input_scoped_specified_ = specified;
    input_scoped_ = &out;
  }
  // The shared options in `which`, into `out`.
  void common(unsigned which, CommonOptions& out);
  // Starts a group of options in --help.
  void group(const std::string& title) { group_ = title; }

  // Parses argv. An exit status when the program should stop now (help, version: 0; usage error: 2, its line
  // printed); nothing when the options are ready.
  std::optional<int> parse(int argc, char** argv);
  // A usage error found after parsing: prints "tool: error: usage: WHAT (see --help)" and returns 2.
  int usage(const std::string& what) const;

  std::string help() const;
  std::string version() const;
  // Every option as a shell completes it, in --help's order: the table the completion scripts are generated from.
  // Hidden options print it and the scripts, as the first argument (the build runs them; tests read them):
  //   --completion-table, --completion-script bash|zsh, --completion-values KIND (common::completion_values).
  std::vector<CompletionEntry> completion_entries() const;

 private:
  friend class OptionRef;
  struct CompleteAs {
    std::string kind;
    std::vector<std::string> words;
  };
  // The answer to a hidden completion option in argv[1], or nothing when argv[1] is none.
  std::optional<int> completion_request(int argc, char** argv) const;
  struct Spec {
    std::vector<std::string> names;  // without dashes
    std::vector<Specified>* out;
  };
  std::string cli11_names(const std::string& names);
  // argv as CLI11 should see it: single-dash long names doubled, specifier options taken out.
  std::optional<std::vector<std::string>> normalize(int argc, char** argv);
  const CLI::Option* find_long(const std::string& name) const;
  // CLI11's "Could not convert: --NAME = VALUE" in our words: "-NAME: not a number: 'VALUE'".
  std::string conversion_error(const std::string& cli11_text) const;
  const Spec* find_specified(const std::string& name) const;

  std::string tool_;
  std::string usage_;
  std::string description_;
  std::string group_ = "Options";
  std::unique_ptr<CLI::App> app_;
  std::vector<Spec> specified_;
  std::vector<std::pair<std::string, std::string>> unsupported_;  // name without dash, family
  std::vector<std::pair<std::string, std::string>> single_dash_aliases_;  // ffmpeg's -NAME for our --OTHER
  std::vector<std::string> ffmpeg_style_;  // long names shown with one dash in --help
  std::vector<std::pair<const CLI::Option*, std::string>> value_names_;  // as --help shows them
  std::vector<std::pair<const CLI::Option*, CompleteAs>> complete_as_;  // given by the tool (OptionRef::complete)
  std::vector<std::pair<const CLI::Option*, std::string>> optional_values_;  // optional_value: its bare value
  std::vector<std::pair<const CLI::Option*, const char*>> numbers_;  // numeric options: "a number", "a whole number"
  CommonOptions* common_ = nullptr;
  std::function<bool(const std::string&, bool)> avoption_known_;
  std::vector<Named>* avoptions_ = nullptr;
  std::vector<std::string> input_scoped_names_, input_scoped_flags_, input_scoped_specified_;
  std::vector<InputScoped>* input_scoped_ = nullptr;
  std::string log_level_text_;
  std::string spool_limit_text_;
  std::string cpu_flags_text_;
  double stats_period_ = 0;
  double mux_delay_ = 0, mux_preload_ = 0;
  bool overwrite_yes_ = false, overwrite_no_ = false;
};

// ffmpeg's -metadata, -map_metadata, -map_chapters and -disposition, as every tool that writes a container takes
// them: declare them on a command line (in --help under the current group), then parse what was given.
struct MetadataArgs {
  std::vector<Specified> sets, maps, chapters, dispositions;
};
void metadata_options(CommandLine& cl, MetadataArgs& args);
// Fills `out` (common::MetadataOptions); "" or the usage error's text.
std::string parse_metadata_args(const MetadataArgs& args, common::MetadataOptions& out);

// ffmpeg's -bsf[:STREAM] FILTERS and its old spellings -vbsf, -absf, as every tool that writes packets takes them.
struct BsfArgs {
  std::vector<Specified> bsf, vbsf, absf;
};
void bsf_options(CommandLine& cl, BsfArgs& args, const std::string& help);
// Fills `out` with (stream specifier, chain) in the order given, each chain's names checked (FFmpeg knows them,
// their options parse); "" or the usage error's text.
std::string parse_bsf_args(const BsfArgs& args, std::vector<std::pair<std::string, std::string>>& out);

// ffmpeg's inputs and output: with -i, the inputs are exactly the -i list and the one argument left is the output;
// without, the first argument is the input (stdin when there is none) and the second the output, as the tools took
// them before. output holds -o's value (empty: not given) and receives the output argument. Returns a usage error's
// text, or "" when the arguments make sense.
std::string inputs_and_output(const std::vector<std::string>& dash_i, const std::vector<std::string>& arguments,
                              std::vector<std::string>& inputs, std::string& output);

// ffmpeg's -fs SIZE: bytes in ffmpeg's number syntax (av_strtod: 100k = 100000, 10M, 1Gi = 2^30), at least 1.
// Nothing when `text` is no such size; file_size_limit_usage is the usage error then, the same in every tool.
std::optional<int64_t> file_size_limit(const std::string& text);
std::string file_size_limit_usage(const std::string& text);

// ffmpeg's decoder choice before an -i: "-c[:SPEC] NAME", "-codec[:SPEC] NAME", "-vcodec NAME" (-acodec, -scodec)
// (CommandLine::input_scoped's `specified`). is_decoder_choice says whether `in` is one; decoder_choice checks the
// decoder by name and by the type the option names, and gives it as common::InputOptions::decoders takes it. ""
// or the usage error's text; "copy" is no decoder (ffmpeg: "Unknown decoder 'copy'"), copy_hint says what to do.
bool is_decoder_choice(const InputScoped& in);
// ffmpeg's -stream_loop N (before an -i): how many more times to read the input, negative for ever. "" or the
// usage error's text.
std::string stream_loop_count(const std::string& text, int& out);
std::string decoder_choice(const InputScoped& in, const std::string& copy_hint, common::CodecOption& out);

// "-", "pipe:", "pipe:0" (input) / "pipe:1" (output): the standard streams.
bool names_stdin(const std::string& name);
bool names_stdout(const std::string& name);

// A tool about to read media from a terminal on stdin: the usage line to print (exit 2), or empty when stdin is
// not a terminal. what: how to name an input ("give -i INPUT").
std::string stdin_terminal_error(const std::string& hint);
// A tool about to write binary media to a terminal: the usage line (exit 2), or empty. An output named
// explicitly ("-", "pipe:1") is written anyway, as gzip -c does.
std::string stdout_terminal_error(bool named_explicitly);

}  // namespace cli
