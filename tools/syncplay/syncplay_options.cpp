#include "syncplay_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "filter_chain.hpp"

namespace syncplay {

std::optional<int> parse_options(int argc, char** argv, Options& options) {
  CLI::App app{"syncplay: plays a media file or stream from stdin (or INPUT) with SDL2, keeping audio and video in\n"
               "sync as ffplay does; --sync-report writes what it did, frame by frame, as JSON Lines.",
               "syncplay"};
  app.set_version_flag("--version", std::string("syncplay ") + MT_VERSION + " (libavformat " + LIBAVFORMAT_IDENT + ")");
  app.get_formatter()->column_width(32);

  std::string sync, level;
  bool framedrop = false, no_framedrop = false;
  app.add_option("INPUT", options.input, "input file; '-' or nothing: stdin");
  app.add_option("--sync", sync, "master clock: audio (default), video or ext")->type_name("MASTER");
  app.add_flag("--framedrop", framedrop, "drop late video frames (default: when video is not the master)");
  app.add_flag("--no-framedrop", no_framedrop, "never drop late video frames");
  app.add_flag("--no-display,--nodisp", options.no_display, "no window (audio only, or no output at all)");
  app.add_flag("--no-audio,--an", options.no_audio, "do not play audio");
  app.add_option("--sync-report", options.sync_report, "write one JSON object per video frame and a summary")
      ->type_name("FILE");
  app.add_option("--ss", options.start, "start at this position, in seconds")->type_name("SECONDS");
  app.add_option("--t", options.duration, "play this many seconds")->type_name("SECONDS");
  app.add_option("--loop", options.loop, "play this many times; 0: forever (needs a seekable input)")->type_name("N");
  app.add_option("--volume", options.volume, "start volume, 0 to 100 (default 100)")->type_name("N");
  app.add_option("--speed", options.speed, "playback speed, 0.5 to 2.0 (default 1)")->type_name("FACTOR");
  app.add_flag("--autoexit", options.autoexit, "exit at the end instead of keeping the last frame up");
  app.add_flag("--live", options.live, "real-time input: probe little, bound latency with the external clock");
  app.add_option("--fps", options.fps, "frame rate for raw streams without timestamps (default: guessed, else 25)")
      ->type_name("RATE");
  app.add_option("--simulate-slow-display", options.slow_display_ms,
                 "fault injection: every displayed frame takes MS milliseconds more")->type_name("MS");
  app.add_option("--timeout", options.timeout_ms, "end playback when the pipe delivers nothing for this many milliseconds")
      ->check(CLI::Range(0, 86400000))->type_name("MS");
  std::string spool_limit;
  auto* spool_limit_option = app.add_option("--spool-limit", spool_limit,
      "most bytes kept to let the demuxer seek in a pipe (MP4/MOV with the index at the end): BYTES[k|M|G]")
      ->type_name("BYTES");
  app.add_option("--width,-x", options.width, "initial window width")->type_name("PIXELS");
  app.add_option("--height,-y", options.height, "initial window height")->type_name("PIXELS");
  app.add_flag("--fullscreen,--fs", options.fullscreen, "start in fullscreen");
  app.add_option("--vf", options.vf, "filter the video through this chain (as ffplay -vf), e.g. hflip,scale=640:-2")
      ->type_name("FILTERS");
  app.add_option("--af", options.af, "filter the audio through this chain (as ffplay -af), e.g. volume=0.5")
      ->type_name("FILTERS");
  app.add_option("-v,--loglevel", level, "quiet, error, warning (default), info, verbose, debug")->type_name("LEVEL");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return common::kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return common::kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "syncplay: error: usage: %s (see --help)\n", e.what());
    return common::kExitUsage;
  }
  auto usage = [](const std::string& what) {
    std::fprintf(stderr, "syncplay: error: usage: %s (see --help)\n", what.c_str());
    return common::kExitUsage;
  };
  if (!level.empty() && !common::parse_log_level(level, options.log_level))
    return usage("unknown log level '" + level + "'");
  if (!sync.empty()) {
    options.sync_given = true;
    if (sync == "audio") options.sync = common::SyncMaster::kAudio;
    else if (sync == "video") options.sync = common::SyncMaster::kVideo;
    else if (sync == "ext" || sync == "external") options.sync = common::SyncMaster::kExternal;
    else return usage("--sync: audio, video or ext, not '" + sync + "'");
  }
  if (framedrop && no_framedrop) return usage("--framedrop and --no-framedrop together");
  if (framedrop) options.framedrop = 1;
  if (no_framedrop) options.framedrop = 0;
  if (options.volume < 0 || options.volume > 100) return usage("--volume: 0 to 100");
  if (!(options.speed >= 0.5 && options.speed <= 2.0)) return usage("--speed: 0.5 to 2.0");
  if (options.start < 0) return usage("--ss: a position in seconds, not negative");
  if (options.loop < 0) return usage("--loop: 0 (forever) or more");
  if (options.fps < 0 || options.fps > 1000) return usage("--fps: a rate from 0 to 1000");
  if (options.slow_display_ms < 0 || options.slow_display_ms > 10000) return usage("--simulate-slow-display: 0 to 10000 ms");
  if (options.width < 0 || options.height < 0) return usage("--width/--height: positive sizes");
  if (spool_limit_option->count() > 0) {
    if (!common::parse_size(spool_limit, options.spool_limit))
      return usage("--spool-limit: '" + spool_limit + "' is not a byte count (BYTES[k|M|G])");
  }
  // A filter chain that does not parse, or is not one chain of the right media type, stops here (before playing).
  std::string why;
  if (!options.vf.empty() && !(why = check_chain(options.vf, AVMEDIA_TYPE_VIDEO)).empty()) return usage("--vf: " + why);
  if (!options.af.empty() && !(why = check_chain(options.af, AVMEDIA_TYPE_AUDIO)).empty()) return usage("--af: " + why);
  if (options.no_display) options.autoexit = true;  // nothing stays on screen at the end
  return std::nullopt;
}

}  // namespace syncplay
