#include "graphrun_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

namespace graphrun {

namespace {

// ffmpeg spells codec options "-c:v"; CLI11 does not take ':' in names, so those spellings are renamed first.
std::vector<std::string> rename_ffmpeg_spellings(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-c:v" || a == "-codec:v" || a == "-vcodec") a = "--video-codec";
    else if (a == "-c:a" || a == "-codec:a" || a == "-acodec") a = "--audio-codec";
    else if (a == "-filter_complex") a = "--graph";
    args.push_back(a);
  }
  return args;
}


}  // namespace

int parse_options(int argc, char** argv, Options& o) {
  CLI::App app{"Run an ffmpeg filter graph over media read from stdin (or files) and write every graph output as a "
               "stream of one container on stdout.",
               "graphrun"};
  app.set_version_flag("--version", "graphrun 0.1.0");
  app.add_option("-g,--graph", o.graph, "filter graph, as for ffmpeg -filter_complex");
  app.add_option("--graph-file", o.graph_file, "read the filter graph from FILE")->check(CLI::ExistingFile);
  app.add_option("--vf", o.vf, "a video filter chain on [0:v] (ffmpeg -vf)");
  app.add_option("--af", o.af, "an audio filter chain on [0:a] (ffmpeg -af)");
  app.add_option("input", o.input, "input 0 (file or - for stdin)")->capture_default_str();
  app.add_option("-i,--input", o.extra_inputs, "inputs 1, 2, ... (files or FIFOs)")->allow_extra_args(false)->take_all();
  app.add_option("-o,--output", o.output, "output file (- for stdout); written beside and renamed into place")
      ->capture_default_str();
  app.add_option("-f,--format", o.format, "output container (default: nut)");
  app.add_option("--video-codec", o.video_codec, "video encoder (-c:v), default rawvideo");
  app.add_option("--audio-codec", o.audio_codec, "audio encoder (-c:a), default PCM in the graph's sample format");
  std::vector<std::string> enc_opts;
  app.add_option("--enc-opt", enc_opts, "encoder option key=value (repeatable)")->allow_extra_args(false)->take_all();
  app.add_option("--dump-graph", o.dump_graph, "print the configured graph: text, dot or json")
      ->check(CLI::IsMember({"text", "dot", "json"}));
  app.add_option("--dump-graph-file", o.dump_graph_file, "write the --dump-graph output to FILE instead of stderr");
  app.add_flag("--stats", o.stats, "print frames in and out of every filter at the end");
  app.add_option("--trace", o.trace_file, "write scheduler events to FILE as JSON Lines");
  app.add_flag("--progress", o.progress, "show progress on stderr even when it is not a terminal");
  app.add_flag("--copyts", o.copyts, "keep input timestamps (do not start each input at 0)");
  app.add_option("--filter-threads", o.filter_threads, "filter graph threads (0: one per core)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-queued-frames", o.max_queued_frames,
                 "frames allowed to wait in the graph when no input is starved")
      ->check(CLI::PositiveNumber);
  app.add_option("--timeout", o.timeout_ms, "fail an input when its pipe delivers nothing for this many milliseconds")
      ->check(CLI::Range(0, 86400000));
  std::string spool_limit;
  auto* spool_limit_option = app.add_option(
      "--spool-limit", spool_limit,
      "most bytes kept to let the demuxer seek in a pipe (MP4/MOV with the index at the end): BYTES[k|M|G]");
  std::string level = "warning";
  app.add_option("-v,--loglevel", level, "quiet, error, warning, info, verbose, debug");

  auto args = rename_ffmpeg_spellings(argc, argv);
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "graphrun: error: usage: %s\n", e.what());
    return 2;
  }
  if (spool_limit_option->count() > 0) {
    if (!common::parse_size(spool_limit, o.spool_limit)) {
      std::fprintf(stderr, "graphrun: error: usage: --spool-limit: '%s' is not a byte count (BYTES[k|M|G])\n",
                   spool_limit.c_str());
      return 2;
    }
  }
  if (!common::parse_log_level(level, o.log_level)) {
    std::fprintf(stderr, "graphrun: error: usage: unknown log level '%s'\n", level.c_str());
    return 2;
  }
  for (const auto& kv : enc_opts) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "graphrun: error: usage: --enc-opt '%s' is not key=value\n", kv.c_str());
      return 2;
    }
    o.enc_opts.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  int sources = !o.graph.empty() + !o.graph_file.empty() + (!o.vf.empty() || !o.af.empty());
  if (sources == 0) {
    std::fprintf(stderr, "graphrun: error: usage: no filter graph (give -g, --graph-file, --vf or --af)\n");
    return 2;
  }
  if (sources > 1) {
    std::fprintf(stderr, "graphrun: error: usage: give only one of -g, --graph-file and --vf/--af\n");
    return 2;
  }
  if (!o.dump_graph_file.empty() && o.dump_graph.empty()) o.dump_graph = "text";
  return -1;
}

}  // namespace graphrun
