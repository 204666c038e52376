#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <tuple>
#include <type_traits>

#include "common/bsf.hpp"
#include "common/ffmpeg.hpp"

namespace cli {

namespace {

constexpr size_t kHelpWidth = 80;
constexpr size_t kHelpNameColumn = 26;  // descriptions start here (or on the next line after a long name)

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    if (!part.empty()) out.push_back(part);
  return out;
}

// '_' and '-' are the same in long names: ffmpeg writes -show_entries, GNU --show-entries.
std::string fold(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

bool is_number(const std::string& a) {
  return a.size() > 1 && a[0] == '-' && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.');
}

// Words of text wrapped to width, every line after the first indented by indent (the first is already there).
std::string wrap(const std::string& text, size_t first_column, size_t indent) {
  std::string out;
  size_t column = first_column;
  for (const std::string& paragraph : split(text, '\n')) {
    if (!out.empty()) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    }
    std::istringstream words(paragraph);
    std::string word;
    bool first = true;
    while (words >> word) {
      if (!first && column + 1 + word.size() > kHelpWidth) {
        out += "\n" + std::string(indent, ' ');
        column = indent;
      } else if (!first) {
        out += ' ';
        ++column;
      }
      out += word;
      column += word.size();
      first = false;
    }
  }
  return out;
}

// CLI11's messages, as one line without its own "Run with --help" hints.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

CommandLine::CommandLine(std::string tool, std::string usage, std::string description)
    : tool_(std::move(tool)), usage_(std::move(usage)), description_(std::move(description)),
      app_(std::make_unique<CLI::App>(description_, tool_)) {
  app_->set_help_flag("-h,-?,--help", "print this help and exit")->group("Common options");
  app_->set_version_flag("--version", [this] { return version(); }, "print the version and FFmpeg's library versions")
      ->group("Common options");
  ffmpeg_style_.push_back("version");
  app_->allow_extras(false);
}

CommandLine::~CommandLine() = default;

OptionRef& OptionRef::expected(int min, int max) {
  option_->expected(min, max);
  return *this;
}
OptionRef& OptionRef::allow_extra_args(bool allow) {
  option_->allow_extra_args(allow);
  return *this;
}
OptionRef& OptionRef::complete(const std::string& kind) {
  owner_->complete_as_.emplace_back(option_, CommandLine::CompleteAs{kind, {}});
  return *this;
}
OptionRef& OptionRef::complete(const std::vector<std::string>& words) {
  owner_->complete_as_.emplace_back(option_, CommandLine::CompleteAs{"words", words});
  return *this;
}

template <typename T>
OptionRef CommandLine::option(const std::string& names, T& value, const std::string& help,
                              const std::string& value_name) {
  CLI::Option* o = app_->add_option(cli11_names(names), value, help);
  o->group(group_);
  value_names_.emplace_back(o, value_name);
  if constexpr (std::is_integral_v<T>) numbers_.emplace_back(o, "a whole number");
  if constexpr (std::is_floating_point_v<T>) numbers_.emplace_back(o, "a number");
  return OptionRef(o, this);
}
template OptionRef CommandLine::option(const std::string&, std::string&, const std::string&, const std::string&);
template OptionRef CommandLine::option(const std::string&, std::vector<std::string>&, const std::string&,
                                       const std::string&);
template OptionRef CommandLine::option(const std::string&, int&, const std::string&, const std::string&);
template OptionRef CommandLine::option(const std::string&, int64_t&, const std::string&, const std::string&);
template OptionRef CommandLine::option(const std::string&, double&, const std::string&, const std::string&);
template OptionRef CommandLine::option(const std::string&, long long&, const std::string&, const std::string&);

OptionRef CommandLine::flag(const std::string& names, bool& value, const std::string& help) {
  return OptionRef(app_->add_flag(cli11_names(names), value, help)->group(group_), this);
}

OptionRef CommandLine::optional_value(const std::string& names, std::string& value, const std::string& help,
                                      const std::string& value_name, const std::string& bare) {
  CLI::Option* o = app_->add_option(cli11_names(names), value, help);
  o->group(group_);
  value_names_.emplace_back(o, "[=" + value_name + "]");
  optional_values_.emplace_back(o, bare);
  return OptionRef(o, this);
}

std::string CommandLine::cli11_names(const std::string& names) {
  std::string out;
  std::vector<std::string> seen;
  for (const std::string& n : split(names, ',')) {
    std::string name = n;
    if (n.size() > 2 && n[0] == '-' && n[1] != '-') {  // ffmpeg's single-dash long name
      name = "-" + n;
      ffmpeg_style_.push_back(n.substr(1));
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;  // "-map,--map": one CLI11 name
    seen.push_back(name);
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

OptionRef CommandLine::specified(const std::string& names, std::vector<Specified>& out, const std::string& help,
                                 const std::string& value_name) {
  Spec s;
  s.out = &out;
  for (const std::string& n : split(names, ',')) s.names.push_back(n.substr(n.find_first_not_of('-')));
  specified_.push_back(s);
  // Listed in --help like any option; the values never reach CLI11 (normalize takes them out, specifiers and all).
  static std::vector<std::string> never_filled;
  CLI::Option* o = app_->add_option(cli11_names(names), never_filled, help);
  o->group(group_);
  value_names_.emplace_back(o, value_name);
  return OptionRef(o, this);
}

void CommandLine::unsupported(const std::vector<std::string>& names, const std::string& family) {
  for (const std::string& n : names) unsupported_.emplace_back(n.substr(n.find_first_not_of('-')), family);
}

void CommandLine::common(unsigned which, CommonOptions& out) {
  common_ = &out;
  group("Common options");
  if (which & kLogLevel)
    option("-v,-loglevel", log_level_text_,
           "how much to say on stderr, FFmpeg's messages included: quiet, panic, fatal, error, warning (default), "
           "info, verbose, debug, trace, a number, or ffmpeg's FLAGS+LEVEL forms (repeat+level+info)",
           "LEVEL");
  if (which & kBanner) {
    flag("-hide_banner,--hide-banner", out.hide_banner, "accepted as ffmpeg takes it (no banner is ever printed)");
    flag("-nostdin", out.nostdin, "accepted as ffmpeg takes it (stdin carries media only, never commands)");
  }
  if (which & kOverwrite) {
    flag("-y,--overwrite", overwrite_yes_, "overwrite the output file (the default)");
    flag("-n,--no-overwrite", overwrite_no_, "never overwrite: fail with status 1 when the output file exists");
  }
  if (which & kTimeout)
    option("--timeout", out.timeout_ms, "fail an input when its pipe delivers nothing for this many milliseconds",
           "MS");
  if (which & kSpoolLimit)
    option("--spool-limit", spool_limit_text_,
           "most bytes kept to let the demuxer seek in a pipe (MP4/MOV with the index at the end); ffmpeg's suffixes "
           "K, M, G, T (powers of 1024), fractions allowed (1.5G); default 4G",
           "SIZE");
  if (which & kProgress) {
    // ffmpeg's -progress takes a URL; --progress (two dashes) stays the tools' flag for the line on stderr.
    single_dash_aliases_.emplace_back("progress", "progress-url");
    option("--progress-url", out.progress_url,
           "write machine-readable progress to URL as ffmpeg does (key=value blocks ending in progress=continue or "
           "progress=end): pipe:1, pipe:2, fd:N or a file; also duration_us and percent when the input's duration "
           "is known",
           "URL");
    option("-stats_period", stats_period_, "how often progress is written, in seconds (default 0.5)", "SECONDS");
  }
  if (which & kCpu) {
    option("-cpuflags", cpu_flags_text_,
           "the CPU features FFmpeg's code may use, as ffmpeg's -cpuflags: +FLAG adds, -FLAG removes (avx2, sse4.1, "
           "slowgather...), or a whole set (0: plain C)",
           "FLAGS");
    option("-cpucount", out.cpu_count, "the CPU count FFmpeg's automatic thread counts see (-1 or 0: the real one)",
           "N");
  }
  if (which & kMuxing) {
    option("-muxdelay", mux_delay_,
           "the most a packet waits in the muxer, in seconds (ffmpeg's default 0.7): MPEG-TS and MPEG-PS gather "
           "audio into PES packets and start their clock by it",
           "SECONDS");
    option("-muxpreload", mux_preload_, "the MPEG-PS muxer's initial decode delay, in seconds (default 0.5)",
           "SECONDS");
  }
  group("Options");
}

const CLI::Option* CommandLine::find_long(const std::string& name) const {
  const std::string folded = fold(name);
  for (const CLI::Option* o : app_->get_options()) {
    for (const std::string& l : o->get_lnames())
      if (fold(l) == folded) return o;
  }
  return nullptr;
}

const CommandLine::Spec* CommandLine::find_specified(const std::string& name) const {
  const std::string folded = fold(name);
  for (const Spec& s : specified_)
    for (const std::string& n : s.names)
      if (fold(n) == folded) return &s;
  return nullptr;
}

namespace {

bool is_dash_i(const std::string& a) { return a == "-i" || a == "--input" || a.rfind("--input=", 0) == 0; }

}  // namespace

std::optional<std::vector<std::string>> CommandLine::normalize(int argc, char** argv) {
  std::vector<std::string> out;
  bool positional_only = false;
  size_t inputs_seen = 0;
  int last_dash_i = 0;
  for (int i = 1; i < argc; ++i)
    if (is_dash_i(argv[i])) last_dash_i = i;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (!positional_only && is_dash_i(a)) ++inputs_seen;
    if (!positional_only && input_scoped_ && i < last_dash_i && a.size() > 1 && a[0] == '-' && !is_number(a)) {
      std::string body = a.substr(a[1] == '-' ? 2 : 1), value;
      const size_t eq = a[1] == '-' ? body.find('=') : std::string::npos;  // "--ss=5"
      const bool has_value = eq != std::string::npos;
      if (has_value) {
        value = body.substr(eq + 1);
        body.resize(eq);
      }
      bool flag = false, scoped = false;
      std::string spec;
      for (const std::string& n : input_scoped_flags_) flag = flag || fold(n) == fold(body);
      for (const std::string& n : input_scoped_names_) scoped = scoped || fold(n) == fold(body);
      for (const std::string& n : input_scoped_specified_) {
        if (scoped) break;
        const std::string folded = fold(body);
        if (folded == fold(n) || folded.rfind(fold(n) + ":", 0) == 0) {
          scoped = true;
          spec = body.size() > n.size() ? body.substr(n.size() + 1) : "";
          body = n;
        }
      }
      if (flag && !has_value) {  // "-re": no value
        input_scoped_->push_back({inputs_seen, body, "", ""});
        continue;
      }
      if (scoped) {
        if (!has_value && i + 1 >= argc) {
          usage(a + " needs a value");
          return std::nullopt;
        }
        input_scoped_->push_back({inputs_seen, body, has_value ? value : argv[++i], spec});
        continue;
      }
    }
    // "-5" is a value (a negative number), unless the tool has a short option of that name (avprobe-json's -0).
    bool short_digit = false;
    if (a.size() == 2 && is_number(a)) {
      const std::vector<CLI::Option*> declared = app_->get_options();  // a copy: one vector for begin() and end()
      short_digit = std::any_of(declared.begin(), declared.end(), [&a](const CLI::Option* c) {
        const auto& s = c->get_snames();
        return std::find(s.begin(), s.end(), a.substr(1)) != s.end();
      });
    }
    if (positional_only || a.size() < 2 || a[0] != '-' || (is_number(a) && !short_digit)) {
      out.push_back(a);
      continue;
    }
    if (a == "--") {
      positional_only = true;
      out.push_back(a);
      continue;
    }
    const bool two = a[1] == '-';
    std::string body = a.substr(two ? 2 : 1);
    std::string value;
    bool has_value = false;
    if (two) {
      auto eq = body.find('=');
      if (eq != std::string::npos) {
        value = body.substr(eq + 1);
        body.resize(eq);
        has_value = true;
      }
    }
    const auto optional_value = [this](const CLI::Option* o) -> const std::string* {
      for (const auto& [option, bare] : optional_values_)
        if (option == o) return &bare;
      return nullptr;
    };
    if (!two && !has_value) {  // "-verify=FILE": the one single-dash form with an attached value
      auto eq = body.find('=');
      if (eq != std::string::npos && optional_value(find_long(body.substr(0, eq)))) {
        value = body.substr(eq + 1);
        body.resize(eq);
        has_value = true;
      }
    }
    std::string name = body, spec;
    bool has_spec = false;
    if (auto colon = body.find(':'); colon != std::string::npos) {
      name = body.substr(0, colon);
      spec = body.substr(colon + 1);
      has_spec = true;
    }
    if (const Spec* s = find_specified(name)) {
      if (!has_value) {
        if (i + 1 >= argc) {
          usage(a + " needs a value");
          return std::nullopt;
        }
        value = argv[++i];
      }
      s->out->push_back({spec, value});
      continue;
    }
    const CLI::Option* o = nullptr;
    auto find_short = [this](const std::string& n) -> const CLI::Option* {
      for (const CLI::Option* c : app_->get_options()) {
        const auto& s = c->get_snames();
        if (std::find(s.begin(), s.end(), n) != s.end()) return c;
      }
      return nullptr;
    };
    bool as_short = !two && name.size() == 1;
    if (!has_spec) {
      if (as_short) {
        o = find_short(name);
      } else if (two && name.size() == 1 && !find_long(name) && find_short(name)) {
        o = find_short(name);  // "--v": every option takes two dashes too
        as_short = true;
      } else {
        std::string n = name;
        if (!two)
          for (const auto& [ffmpeg_name, ours] : single_dash_aliases_)
            if (fold(name) == fold(ffmpeg_name)) n = ours;
        o = find_long(n);
        name = n;
      }
    }
    if (!o) {
      for (const auto& [n, family] : unsupported_) {
        if (fold(n) == fold(name)) {
          usage("-" + name + ": " + family);
          return std::nullopt;
        }
      }
      const bool for_input = i < last_dash_i;
      if (avoptions_ && avoption_known_(name, for_input)) {
        if (!has_value) {
          if (i + 1 >= argc) {
            usage(a + " needs a value");
            return std::nullopt;
          }
          value = argv[++i];
        }
        avoptions_->push_back({name, spec, value, for_input ? inputs_seen : Named::kOutput});
        continue;
      }
      usage((has_spec ? "option '" + a + "' takes no stream specifier or is unknown"
                      : "unknown option '" + a + "'"));
      return std::nullopt;
    }
    if (const std::string* bare = optional_value(o)) {
      if (has_value && value.empty()) {
        usage(a + ": no value after '=' (" + a.substr(0, a.size() - 1) + " alone takes its default)");
        return std::nullopt;
      }
      if (!has_value) {
        value = *bare;
        has_value = true;
      }
    }
    std::string as_cli11;
    if (as_short && has_value) {  // "--v=quiet"
      out.push_back("-" + name);
      out.push_back(value);
      continue;
    }
    if (as_short) {
      as_cli11 = "-" + name;
    } else {
      const std::string folded = fold(name);
      for (const std::string& l : o->get_lnames())
        if (fold(l) == folded) as_cli11 = "--" + l;
      if (has_value) as_cli11 += "=" + value;
    }
    out.push_back(as_cli11);
    // An option's value is taken as it is, even when it starts with a dash ("-ss -5", "-metadata x=-y").
    if (!has_value && o->get_items_expected_max() > 0 && !o->get_positional()) {
      if (i + 1 >= argc) {
        usage(a + " needs a value");
        return std::nullopt;
      }
      out.push_back(argv[++i]);
    }
  }
  return out;
}

std::optional<int> CommandLine::parse(int argc, char** argv) {
  if (auto status = completion_request(argc, argv)) return status;
  auto args = normalize(argc, argv);
  if (!args) return common::kExitUsage;
  std::reverse(args->begin(), args->end());  // CLI11 takes a reversed vector
  try {
    app_->parse(*args);
  } catch (const CLI::CallForHelp&) {
    std::fputs(help().c_str(), stdout);
    return common::kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::printf("%s\n", version().c_str());
    return common::kExitOk;
  } catch (const CLI::ConversionError& e) {
    return usage(conversion_error(one_line(e.what())));
  } catch (const CLI::ParseError& e) {
    return usage(one_line(e.what()));
  }
  if (common_) {
    auto given = [this](const char* name) {
      const CLI::Option* o = find_long(name);
      return o && o->count() > 0;
    };
    if (given("loglevel") && !common::parse_log_level(log_level_text_, common_->log_level))
      return usage("-loglevel: unknown log level '" + log_level_text_ + "'");
    if (given("spool-limit") && !common::parse_size(spool_limit_text_, common_->spool_limit))
      return usage("--spool-limit: not a size: '" + spool_limit_text_ + "' (BYTES, or with K, M, G, T: 64M, 1.5G)");
    if (common_->timeout_ms < 0 || common_->timeout_ms > 86400000)
      return usage("--timeout: milliseconds from 0 to 86400000, not " + std::to_string(common_->timeout_ms));
    if (overwrite_yes_ && overwrite_no_) return usage("-y and -n together");
    if (given("cpuflags")) {
      unsigned flags = 0;
      if (!common::parse_cpu_flags(cpu_flags_text_, flags))
        return usage("-cpuflags: not a set of CPU flags: '" + cpu_flags_text_ + "'");
      common_->cpu_flags = flags;
    }
    if (common_->cpu_count < -1) return usage("-cpucount: -1 or more, not " + std::to_string(common_->cpu_count));
    if (given("stats_period")) {
      if (!(stats_period_ > 0 && stats_period_ <= 3600)) return usage("-stats_period: seconds above 0, up to 3600");
      common_->stats_period = std::chrono::milliseconds(std::llround(stats_period_ * 1000));
    }
    if (given("progress-url") && common_->progress_url.empty()) return usage("-progress needs a URL (pipe:2, a file)");
    for (auto [name, value, into] : {std::tuple{"muxdelay", mux_delay_, &common_->mux_delay},
                                     {"muxpreload", mux_preload_, &common_->mux_preload}}) {
      if (!given(name)) continue;
      // ffmpeg takes any number (a negative delay is none); a few hours at most, as an int of microseconds.
      if (!std::isfinite(value) || std::fabs(value) > 2000) return usage(std::string("-") + name + ": seconds, at most 2000");
      *into = value;
    }
    if (overwrite_yes_) common_->overwrite = true;
    if (overwrite_no_) common_->overwrite = false;
  }
  return std::nullopt;
}

std::string CommandLine::conversion_error(const std::string& cli11_text) const {
  static const std::string kPrefix = "Could not convert: ";
  const std::size_t eq = cli11_text.find(" = ");
  if (cli11_text.rfind(kPrefix, 0) != 0 || eq == std::string::npos) return cli11_text;
  std::string name = cli11_text.substr(kPrefix.size(), eq - kPrefix.size());
  const std::string value = cli11_text.substr(eq + 3);
  while (!name.empty() && name[0] == '-') name.erase(0, 1);
  const CLI::Option* o = find_long(name);
  const char* kind = "a valid value";
  for (const auto& [option, k] : numbers_)
    if (option == o) kind = k;
  // The spelling --help shows: ffmpeg's single dash where the option has one.
  const bool ffmpeg_style = std::find(ffmpeg_style_.begin(), ffmpeg_style_.end(), name) != ffmpeg_style_.end();
  return (ffmpeg_style ? "-" : "--") + name + ": not " + kind + ": '" + value + "'";
}

int CommandLine::usage(const std::string& what) const {
  std::fprintf(stderr, "%s: error: usage: %s (see --help)\n", tool_.c_str(), what.c_str());
  return common::kExitUsage;
}

std::string CommandLine::version() const {
  return tool_ + " " + MT_VERSION + " (mediatoolkit)\n" + common::library_versions();
}

std::string CommandLine::help() const {
  // One synopsis per line of usage_ ("Usage: tool A", then "  or:  tool B", as GNU tools write them), each wrapped
  // under its first word.
  std::string out;
  for (const std::string& synopsis : split(usage_, '\n')) {
    const std::string lead = (out.empty() ? "Usage: " : "  or:  ") + tool_ + " ";
    out += lead + wrap(synopsis, lead.size(), lead.size()) + "\n";
  }
  out += "\n" + wrap(description_, 0, 0) + "\n";
  std::vector<std::string> groups;
  for (const CLI::Option* o : app_->get_options())
    if (!o->get_positional() && std::find(groups.begin(), groups.end(), o->get_group()) == groups.end())
      groups.push_back(o->get_group());
  // The shared options last, help and version with them.
  std::stable_partition(groups.begin(), groups.end(), [](const std::string& g) { return g != "Common options"; });
  for (const std::string& g : groups) {
    out += "\n" + g + ":\n";
    for (const CLI::Option* o : app_->get_options()) {
      if (o->get_positional() || o->get_group() != g) continue;
      std::string names;
      for (const std::string& s : o->get_snames()) names += (names.empty() ? "-" : ", -") + s;
      for (const auto& [ffmpeg_name, ours] : single_dash_aliases_)
        for (const std::string& l : o->get_lnames())
          if (l == ours) names += (names.empty() ? "-" : ", -") + ffmpeg_name;
      for (const std::string& l : o->get_lnames()) {
        bool single = std::find(ffmpeg_style_.begin(), ffmpeg_style_.end(), l) != ffmpeg_style_.end();
        names += (names.empty() ? "" : ", ") + std::string(single ? "-" : "--") + l;
      }
      for (const auto& [option, value] : value_names_)
        if (option == o && !value.empty()) names += (value[0] == '[' ? "" : " ") + value;
      std::string line = "  " + names;
      if (line.size() + 2 > kHelpNameColumn) line += "\n" + std::string(kHelpNameColumn, ' ');
      else line += std::string(kHelpNameColumn - line.size(), ' ');
      out += line + wrap(o->get_description(), kHelpNameColumn, kHelpNameColumn) + "\n";
    }
  }
  return out + "\n" + wrap("Every option spelled with one dash also takes two (-ss or --ss); in long names '_' and '-' "
                            "are the same (-show_entries, --show-entries).", 0, 0) + "\n";
}

namespace {

// The completion of a value, told from the option's names (without dashes, '_' as '-') and value name, for the
// options whose tool did not say (OptionRef::complete).
void guess_completion(const std::vector<std::string>& names, const std::string& value_name, CompletionEntry& e) {
  auto named = [&names](std::initializer_list<const char*> any) {
    for (const char* a : any)
      if (std::find(names.begin(), names.end(), a) != names.end()) return true;
    return false;
  };
  auto has = [&value_name](const char* word) { return value_name.find(word) != std::string::npos; };
  if (value_name == "LEVEL") {
    e.values = "words";
    e.words = *common::completion_values("loglevels");
  } else if (named({"pix-fmt"})) {
    e.values = "pix_fmts";
  } else if (named({"bsf", "absf", "vbsf"})) {
    e.values = "bsfs";
  } else if (named({"vf"})) {
    e.values = "filters:video";
  } else if (named({"af"})) {
    e.values = "filters:audio";
  } else if (value_name == "GRAPH") {
    e.values = "filters";
  } else if (named({"map"})) {
    e.values = "map";
  } else if (value_name == "SPEC") {
    e.values = "stream";
  } else if (named({"f", "format"}) && value_name == "FORMAT") {
    e.values = "muxers";
  } else if (has("ENCODER")) {
    e.values = "encoders";
  } else if (value_name.size() >= 4 && value_name.compare(value_name.size() - 4, 4, "copy") == 0) {
    e.values = "words";
    e.words = {"copy"};
  } else if (value_name == "DIR") {
    e.values = "dir";
  } else if (value_name == "FILE" || value_name == "OUTPUT" || value_name == "URL" || named({"i", "input"})) {
    e.values = "file";
  }
}

}  // namespace

std::vector<CompletionEntry> CommandLine::completion_entries() const {
  std::vector<CompletionEntry> out;
  for (const CLI::Option* o : app_->get_options()) {
    if (o->get_positional()) continue;
    CompletionEntry e;
    auto add = [&e](const std::string& spelling) {
      if (std::find(e.spellings.begin(), e.spellings.end(), spelling) == e.spellings.end())
        e.spellings.push_back(spelling);
    };
    std::vector<std::string> names;  // without dashes, folded: what the guess goes by
    for (const std::string& s : o->get_snames()) {
      add("-" + s);
      names.push_back(s);
    }
    for (const auto& [ffmpeg_name, ours] : single_dash_aliases_)
      for (const std::string& l : o->get_lnames())
        if (l == ours) add("-" + ffmpeg_name);
    for (const std::string& l : o->get_lnames()) {
      // ffmpeg's -show_entries, and the GNU --show-entries that the parser takes for it (the footnote of --help)
      if (std::find(ffmpeg_style_.begin(), ffmpeg_style_.end(), l) != ffmpeg_style_.end()) add("-" + l);
      add("--" + fold(l));
      names.push_back(fold(l));
    }
    e.takes_value = o->get_items_expected_max() > 0;
    for (const auto& [option, bare] : optional_values_)
      if (option == o) e.takes_value = false;  // only attached (--verify=FILE): the next word is not its value
    for (const Spec& s : specified_)
      for (const std::string& n : s.names)
        if (std::find(names.begin(), names.end(), fold(n)) != names.end()) e.specifier = true;
    for (const auto& [option, value] : value_names_)
      if (option == o) e.value_name = value;
    e.help = o->get_description();
    if (e.takes_value) {
      guess_completion(names, e.value_name, e);
      for (const auto& [option, as] : complete_as_) {
        if (option != o) continue;
        e.values = as.kind;
        e.words = as.words;
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<int> CommandLine::completion_request(int argc, char** argv) const {
  if (argc < 2) return std::nullopt;
  const std::string what = argv[1];
  if (what != "--completion-table" && what != "--completion-script" && what != "--completion-values")
    return std::nullopt;
  std::string text;
  const bool table = what == "--completion-table";
  if (argc != (table ? 2 : 3)) return usage(what + (table ? " takes no value" : " takes one value"));
  const std::string value = table ? "" : argv[2];
  if (table) {
    text = completion_table(completion_entries());
  } else if (what == "--completion-script") {
    if (value == "bash") text = bash_completion(tool_, completion_entries());
    else if (value == "zsh") text = zsh_completion(tool_, completion_entries());
    else return usage("--completion-script: bash or zsh, not '" + value + "'");
  } else {
    auto names = common::completion_values(value);
    if (!names) return usage("--completion-values: unknown kind '" + value + "'");
    for (const std::string& n : *names) text += n + "\n";
  }
  if (std::fputs(text.c_str(), stdout) < 0 || std::fflush(stdout) != 0) {
    common::log_error("writing completion", std::strerror(errno));
    return common::kExitFailure;
  }
  return common::kExitOk;
}

std::string inputs_and_output(const std::vector<std::string>& dash_i, const std::vector<std::string>& arguments,
                              std::vector<std::string>& inputs, std::string& output) {
  const size_t first_output = dash_i.empty() ? 1 : 0;
  if (arguments.size() > first_output + 1)
    return dash_i.empty() ? "at most INPUT and OUTPUT as arguments" : "with -i, only the output comes as an argument";
  inputs = dash_i;
  if (dash_i.empty()) inputs.push_back(arguments.empty() ? std::string("-") : arguments[0]);
  if (arguments.size() == first_output + 1) {
    if (!output.empty()) return "two outputs: '" + output + "' (-o) and '" + arguments.back() + "'";
    output = arguments.back();
  }
  return "";
}

bool names_stdin(const std::string& name) { return name == "-" || name == "pipe:" || name == "pipe:0"; }
bool names_stdout(const std::string& name) { return name == "-" || name == "pipe:" || name == "pipe:1"; }

std::string stdin_terminal_error(const std::string& hint) {
  if (!common::is_terminal(0)) return "";
  return "no input: " + hint + " or pipe something in (stdin is a terminal)";
}

std::string stdout_terminal_error(bool named_explicitly) {
  if (named_explicitly || !common::is_terminal(1)) return "";
  return "not writing binary media to a terminal: redirect stdout, or name it with '-' or pipe:1";
}

std::optional<int64_t> file_size_limit(const std::string& text) {
  char* end = nullptr;
  const double bytes = av_strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(bytes >= 1) || bytes > 9e18) return std::nullopt;
  return static_cast<int64_t>(bytes);
}

std::string file_size_limit_usage(const std::string& text) {
  return "-fs: a size in bytes (100k, 10M, 1Gi), not '" + text + "'";
}

std::string stream_loop_count(const std::string& text, int& out) {
  char* end = nullptr;
  errno = 0;
  const long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || n > INT_MAX || n < INT_MIN)
    return "-stream_loop: a number of passes more (-1: forever), not '" + text + "'";
  out = static_cast<int>(n);
  return "";
}

bool is_decoder_choice(const InputScoped& in) {
  return in.name == "c" || in.name == "codec" || in.name == "vcodec" || in.name == "acodec" || in.name == "scodec";
}

std::string decoder_choice(const InputScoped& in, const std::string& copy_hint, common::CodecOption& out) {
  // Checked here by name, and by type where the option says the type; against each stream it matches when the
  // input opens.
  const bool typed = in.name == "vcodec" || in.name == "acodec" || in.name == "scodec";
  if (typed && !in.spec.empty()) return "-" + in.name + ":" + in.spec + ": takes no stream specifier";
  const std::string stream = typed ? std::string(1, in.name[0]) : in.spec;
  const std::string option =
      "-" + in.name + (in.spec.empty() ? "" : ":" + in.spec) + " (input " + std::to_string(in.input) + ")";
  if (in.value == "copy") return option + ": 'copy' is no decoder (" + copy_hint + ")";
  try {
    common::find_decoder(in.value, stream == "v"   ? AVMEDIA_TYPE_VIDEO
                                   : stream == "a" ? AVMEDIA_TYPE_AUDIO
                                   : stream == "s" ? AVMEDIA_TYPE_SUBTITLE
                                                   : AVMEDIA_TYPE_UNKNOWN,
                         option);
  } catch (const common::Error& e) {
    return e.reason();
  }
  out = {"c", stream, in.value};
  return "";
}

void bsf_options(CommandLine& cl, BsfArgs& args, const std::string& help) {
  cl.specified("-bsf", args.bsf, help + " (chains with ',')", "[:STREAM] FILTERS");
  cl.specified("-vbsf", args.vbsf, "-bsf:v (ffmpeg's old spelling)", "FILTERS");
  cl.specified("-absf", args.absf, "-bsf:a (ffmpeg's old spelling)", "FILTERS");
}

std::string parse_bsf_args(const BsfArgs& args, std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& [list, kind] : {std::pair{&args.bsf, ""}, {&args.vbsf, "v"}, {&args.absf, "a"}}) {
    for (const Specified& b : *list) {
      const std::string name = *kind ? std::string("-") + kind + "bsf" : "-bsf" + (b.spec.empty() ? "" : ":" + b.spec);
      if (*kind && !b.spec.empty()) return name + " takes no stream specifier";
      if (b.value.empty()) return name + ": no filter named";
      if (const std::string why = common::bsf_spec_error(b.value); !why.empty())
        return name + ": '" + b.value + "': " + why;
      out.emplace_back(*kind ? kind : b.spec, b.value);
    }
  }
  return "";
}

void metadata_options(CommandLine& cl, MetadataArgs& args) {
  cl.specified("-metadata", args.sets,
               "set a tag: global (-metadata title=X), of streams (-metadata:s:a:0 language=eng), of a chapter "
               "(-metadata:c:0 title=X) or program (:p:N); KEY= deletes it; repeatable",
               "[:SPEC] KEY=VALUE");
  cl.specified("-map_metadata", args.maps,
               "copy tags from the input as ffmpeg does (-map_metadata:s:a 0:s:a:1, 0:c:1, 0:g); -1 copies none",
               "[:SPEC] INPUT[:SPEC]");
  cl.specified("-map_chapters", args.chapters, "the input whose chapters are kept (0); -1: none", "INPUT");
  cl.specified("-disposition", args.dispositions,
               "set stream dispositions (-disposition:a:1 default, -disposition:s forced+default, 0 for none); "
               "then no stream is made default by itself",
               "[:STREAM] FLAGS");
}

std::string parse_metadata_args(const MetadataArgs& args, common::MetadataOptions& out) {
  try {
    for (const auto& m : args.maps) out.maps.push_back(common::parse_metadata_map(m.spec, m.value));
    for (const auto& m : args.sets) out.sets.push_back(common::parse_metadata_set(m.spec, m.value));
    for (const auto& d : args.dispositions) out.dispositions.push_back(common::parse_disposition(d.spec, d.value));
    for (const auto& c : args.chapters) {
      if (!c.spec.empty()) return "-map_chapters takes no specifier ('-map_chapters:" + c.spec + "')";
      out.chapters_input = common::parse_chapters_input(c.value);
    }
  } catch (const common::Error& e) {
    return e.context() + ": " + e.reason();
  }
  return "";
}

}  // namespace cli
