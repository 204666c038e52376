#include "memremux_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

namespace memremux {


std::optional<int> parse_options(int argc, char** argv, Options& options) {
  // ffmpeg spells it "-map"; CLI11 would read that as -m -a -p.
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) {
    std::string a = argv[i];
    args.push_back(a == "-map" ? "--map" : a);
  }

  CLI::App app{"memremux: copies the streams of a media file into another container without decoding,\n"
               "from stdin (or INPUT) to stdout (or -o OUTPUT), through pipes or files.",
               "memremux"};
  app.set_version_flag("--version", std::string("memremux ") + MT_VERSION + " (libavformat " + LIBAVFORMAT_IDENT + ")");
  app.get_formatter()->column_width(30);

  std::string spool_limit;
  std::string buffer_size;
  std::string level;
  bool progress = false;
  bool no_progress = false;
  app.add_option("INPUT", options.input, "input file; '-' or nothing: stdin");
  app.add_option("-o,--output", options.output, "output file; '-' or nothing: stdout")->type_name("OUTPUT");
  app.add_option("-f,--format", options.format,
                 "output container by FFmpeg muxer name (matroska, webm, mp4, mov, nut, mpegts, ...); "
                 "default: from OUTPUT's extension")->type_name("FORMAT");
  app.add_option("--map,-m", options.maps,
                 "select streams like ffmpeg's -map for one input (0, 0:v, 0:a:1, -0:s); repeatable; "
                 "default: every stream the container can hold")->type_name("SPEC")->allow_extra_args(false);
  std::vector<std::string> muxer_options;
  app.add_option("--muxer-option", muxer_options,
                 "pass an option to FFmpeg's muxer, e.g. write_crc32=0 (matroska); repeatable")
      ->type_name("KEY=VALUE")->allow_extra_args(false);
  app.add_flag("--faststart", options.faststart, "MP4/MOV to a file: put the index at the front");
  app.add_flag("--flush-packets", options.flush_packets, "flush the output after every packet (low latency)");
  app.add_flag("--progress", progress, "show progress on stderr (default: when stderr is a terminal)");
  app.add_flag("--no-progress", no_progress, "never show progress");
  app.add_flag("--copyts", options.copyts, "keep the input's timestamps (default: start at zero, as ffmpeg does)");
  app.add_option("--spool-limit", spool_limit,
                 "most bytes kept when a pipe input must be spooled (MP4 with the index at the end); "
                 "K, M, G suffixes; default 4G")->type_name("SIZE");
  app.add_option("--spool-dir", options.spool_dir, "where the spool lives (default: $TMPDIR, else /tmp)")
      ->type_name("DIR");
  app.add_option("--timeout", options.timeout_ms,
                 "fail the input when its pipe delivers nothing for this many milliseconds")
      ->type_name("MS")->check(CLI::Range(0, 86400000));
  std::string pipe_size;
  app.add_option("--buffer-size", buffer_size, "IO buffer size (default 256K)")->type_name("SIZE");
  app.add_option("--pipe-size", pipe_size, "kernel buffer asked for stdin/stdout pipes (default 1M; 0: leave as is)")
      ->type_name("SIZE");
  app.add_option("-v,--loglevel", level, "quiet, error, warning (default), info, verbose, debug")
      ->type_name("LEVEL");

  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return common::kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return common::kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "memremux: error: usage: %s (see --help)\n", e.what());
    return common::kExitUsage;
  }

  auto usage = [](const std::string& what) {
    std::fprintf(stderr, "memremux: error: usage: %s (see --help)\n", what.c_str());
    return common::kExitUsage;
  };
  if (!level.empty() && !common::parse_log_level(level, options.log_level))
    return usage("unknown log level '" + level + "'");
  if (!spool_limit.empty() && !common::parse_size(spool_limit, options.spool_limit))
    return usage("--spool-limit: not a size: '" + spool_limit + "'");
  if (!buffer_size.empty()) {
    int64_t b = 0;
    if (!common::parse_size(buffer_size, b) || b < 4096 || b > (int64_t{64} << 20))
      return usage("--buffer-size: a size from 4K to 64M, not '" + buffer_size + "'");
    options.buffer_size = static_cast<int>(b);
  }
  if (!pipe_size.empty()) {
    int64_t p = 0;
    if (pipe_size != "0" && (!common::parse_size(pipe_size, p) || p > (int64_t{1} << 30)))
      return usage("--pipe-size: a size up to 1G, or 0, not '" + pipe_size + "'");
    options.pipe_size = static_cast<int>(p);
  }
  for (const auto& kv : muxer_options) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return usage("--muxer-option takes KEY=VALUE, not '" + kv + "'");
    options.muxer_options.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  if (progress && no_progress) return usage("--progress and --no-progress together");
  if (progress) options.progress = true;
  if (no_progress) options.progress = false;
  if (options.output.empty()) return usage("-o needs a file name ('-' for stdout)");
  if (options.input == "-" && common::is_terminal(0))
    return usage("no input: give INPUT or pipe something in (stdin is a terminal)");
  if (options.format.empty() && options.output == "-")
    return usage("no output format for stdout: give -f FORMAT (matroska, mp4, nut, mpegts, ...)");
  return std::nullopt;
}

}  // namespace memremux
