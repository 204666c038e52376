#include "avprobe_json_options.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>

#include "common/ffmpeg.hpp"

namespace avprobe_json {

namespace {

// ffprobe's single-dash spellings that we accept, and the long option each one stands for.
const std::map<std::string, std::string>& ffprobe_spellings() {
  static const std::map<std::string, std::string> map = {
      {"show_format", "--show-format"},
      {"show_streams", "--show-streams"},
      {"show_chapters", "--show-chapters"},
      {"show_programs", "--show-programs"},
      {"show_packets", "--show-packets"},
      {"show_frames", "--show-frames"},
      {"show_error", "--show-error"},
      {"show_private_data", "--show-private-data"},
      {"private", "--show-private-data"},
      {"noshow_private_data", "--no-private-data"},
      {"noprivate", "--no-private-data"},
      {"count_frames", "--count-frames"},
      {"count_packets", "--count-packets"},
      {"select_streams", "--select-streams"},
      {"show_entries", "--show-entries"},
      {"sexagesimal", "--sexagesimal"},
      {"print_format", "--print-format"},
      {"of", "--print-format"},
      {"loglevel", "--loglevel"},
      {"hide_banner", "--hide-banner"},
      {"allowed_extensions", "--allowed-extensions"},
      {"protocol_whitelist", "--protocol-whitelist"},
      {"version", "--version"},
      {"help", "--help"},
  };
  return map;
}


void usage_error(const std::string& reason) {
  std::fprintf(stderr, "%s: error: options: %s\n", common::program_name().c_str(), reason.c_str());
}

}  // namespace

int parse_options(int argc, char** argv, Options& o) {
  // Rewrite ffprobe's spellings into ours first; refuse the rest of ffprobe's single-dash options clearly.
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() > 2 && a[0] == '-' && a[1] != '-') {
      auto it = ffprobe_spellings().find(a.substr(1));
      if (it == ffprobe_spellings().end()) {
        usage_error("option '" + a + "' (an ffprobe option) is not supported");
        return common::kExitUsage;
      }
      o.ffprobe_style = true;
      a = it->second;
    }
    args.push_back(a);
  }

  CLI::App app{
      "avprobe-json: ffprobe-compatible probing for automation. Prints what `ffprobe -v quiet -print_format json "
      "-show_format -show_streams` prints, reads stdin by default, and can probe many inputs, stream packets and "
      "frames as JSON Lines, type the values, and tee its input.",
      "avprobe-json"};
  app.set_version_flag("--version", std::string("avprobe-json 0.1.0 (libavformat ") + LIBAVFORMAT_IDENT + ")");
  std::vector<std::string> positional, dash_i;
  std::string level = "warning", ignored;
  bool no_private = false, hide_banner = false;
  app.add_option("inputs", positional, "inputs to probe ('-' is stdin; the default)");
  app.add_option("-i", dash_i, "an input (ffprobe's -i)")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--show-format", o.show_format, "show the container format (ffprobe -show_format)");
  app.add_flag("--show-streams", o.show_streams, "show the streams (ffprobe -show_streams)");
  app.add_flag("--show-chapters", o.show_chapters, "show the chapters (ffprobe -show_chapters)");
  app.add_flag("--show-programs", o.show_programs, "show the programs (ffprobe -show_programs)");
  app.add_flag("--show-packets", o.show_packets, "show every packet (ffprobe -show_packets)");
  app.add_flag("--show-frames", o.show_frames, "decode and show every frame (ffprobe -show_frames)");
  app.add_flag("--show-error", o.show_error, "show the error object when probing fails (always shown on errors)");
  app.add_flag("--show-private-data", o.show_private_data, "show the decoders' private data (the default)");
  app.add_flag("--no-private-data", no_private, "hide the decoders' private data");
  app.add_flag("--count-frames", o.count_frames, "decode and count the frames per stream (nb_read_frames)");
  app.add_flag("--count-packets", o.count_packets, "count the packets per stream (nb_read_packets)");
  app.add_option("--select-streams", o.select_streams, "only these streams (a stream specifier: v, a:1, 2, ...)");
  app.add_option("--show-entries", o.show_entries, "ffprobe's entry list: format=duration:stream=codec_name,width")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--sexagesimal", o.sexagesimal, "times as HOURS:MM:SS.MICROSECONDS");
  app.add_option("--print-format,--of", o.print_format,
                 "json[=compact=1], default, compact, csv, flat (with ffprobe's writer options)");
  app.add_option("-v,--loglevel", level, "quiet, error, warning, info, verbose, debug (ffmpeg's names)");
  app.add_flag("--hide-banner", hide_banner, "accepted for ffprobe compatibility (there is no banner)");
  app.add_option("--allowed-extensions", ignored, "accepted for ffprobe compatibility");
  app.add_option("--protocol-whitelist", ignored, "accepted for ffprobe compatibility; only files and stdin are read");
  app.add_option("-f,--format", o.input_format, "force the input format (demuxer name)");
  app.add_flag("--ndjson", o.ndjson, "JSON Lines: one document per input; packets and frames one per line");
  app.add_flag("--typed", o.typed, "numbers as JSON numbers, rationals as {num,den}, plus format.duration_source");
  app.add_flag("--tee", o.tee, "copy stdin to stdout byte for byte while probing it; JSON to stderr or --json-out");
  app.add_option("--json-out", o.json_out, "with --tee: write the JSON to this file instead of stderr");
  app.add_flag("--scan-duration", o.scan_duration, "read every packet for the duration when the header has none");
  app.add_option("--timeout", o.timeout_ms, "fail an input when its pipe delivers nothing for this many milliseconds")
      ->check(CLI::Range(0, 86400000));
  std::string spool_limit;
  auto* spool_limit_option = app.add_option("--spool-limit", spool_limit,
                 "most bytes kept to let the demuxer seek in a pipe (MP4/MOV with the index at the end): BYTES[k|M|G]");
  app.add_option("--threads", o.threads, "decoder threads for --show-frames/--count-frames (default 1, as ffprobe; 0: automatic)")
      ->check(CLI::Range(0, 64));

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return common::kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::printf("%s\n", app.version().c_str());
    return common::kExitOk;
  } catch (const CLI::ParseError& e) {
    usage_error(e.what());
    return common::kExitUsage;
  }
  if (no_private) o.show_private_data = false;
  if (spool_limit_option->count() > 0) {
    if (!common::parse_size(spool_limit, o.spool_limit)) {
      usage_error("--spool-limit: '" + spool_limit + "' is not a byte count (BYTES[k|M|G])");
      return common::kExitUsage;
    }
  }
  if (!common::parse_log_level(level, o.log_level)) {
    usage_error("unknown log level '" + level + "'");
    return common::kExitUsage;
  }
  o.inputs = dash_i;
  o.inputs.insert(o.inputs.end(), positional.begin(), positional.end());
  if (o.inputs.empty()) o.inputs.push_back("-");
  int stdin_count = 0;
  for (const auto& in : o.inputs)
    if (in == "-" || in == "pipe:" || in == "pipe:0") ++stdin_count;
  if (stdin_count > 1) {
    usage_error("stdin can be read only once");
    return common::kExitUsage;
  }
  if (o.tee && (o.inputs.size() != 1 || stdin_count != 1)) {
    usage_error("--tee reads stdin only, and no other input");
    return common::kExitUsage;
  }
  if (!o.json_out.empty() && !o.tee) {
    usage_error("--json-out goes with --tee");
    return common::kExitUsage;
  }
  if (o.ndjson && !o.print_format.empty() && o.print_format.rfind("json", 0) != 0) {
    usage_error("--ndjson writes JSON; it does not go with --print-format " + o.print_format);
    return common::kExitUsage;
  }
  if (o.typed && !o.print_format.empty() && o.print_format.rfind("json", 0) != 0) {
    usage_error("--typed changes JSON only");
    return common::kExitUsage;
  }
  return -1;
}

}  // namespace avprobe_json
