#include "syncplay_options.hpp"

#include <sys/stat.h>

#include <tuple>

#include "cli/command_line.hpp"
#include "common/cut.hpp"
#include "common/decode.hpp"
#include "common/demux.hpp"
#include "filter_chain.hpp"

namespace syncplay {

std::optional<int> parse_options(int argc, char** argv, Options& options) {
  cli::CommandLine cl("syncplay", "[OPTIONS] [-i INPUT | INPUT]",
                      "Plays a media file or stream from stdin (or INPUT) with SDL2, keeping audio and video in sync "
                      "as ffplay does, with ffplay's options; --sync-report writes what it did, frame by frame, as "
                      "JSON Lines.");
  std::string sync, dash_i;
  std::vector<std::string> positional;
  bool framedrop = false, no_framedrop = false;
  cl.option("INPUT", positional, "the input", "")->expected(0, 1);
  cl.option("-i", dash_i, "the input file ('-' or pipe:0: stdin, the default)", "INPUT");
  cl.option("-sync,--sync", sync, "master clock: audio (default), video or ext", "MASTER")
      ->complete({"audio", "video", "ext"});
  cl.flag("-framedrop,--framedrop", framedrop, "drop late video frames (default: when video is not the master)");
  cl.flag("-noframedrop,--no-framedrop", no_framedrop, "never drop late video frames");
  cl.flag("-nodisp,--no-display", options.no_display, "no window (audio only, or no output at all)");
  cl.flag("-an,--no-audio", options.no_audio, "do not play audio");
  cl.flag("-vn,--no-video", options.no_video, "do not play video");
  cl.flag("-sn,--no-subtitles", options.no_subtitles, "show no subtitles at the start (the t key shows one)");
  cl.option("-ast", options.audio_stream, "the audio stream to play, by stream specifier (1, a:1, ...)", "SPEC");
  cl.option("-vst", options.video_stream, "the video stream to play, by stream specifier", "SPEC");
  cl.option("-sst", options.subtitle_stream, "the subtitle stream to show, by stream specifier (s:1, ...)", "SPEC");
  cl.option("--sub-file", options.sub_file,
            "show the subtitles of FILE (SRT, ASS/SSA, WebVTT, ...; times from the input's start)", "FILE");
  cl.option("--sync-report", options.sync_report,
            "write one JSON object per video frame and a summary to FILE ('-': stdout)", "FILE");
  std::string start, duration;
  cl.option("-ss,--start", start, "start at this position ([HH:]MM:SS[.m...] or seconds, as ffplay's)", "TIME");
  cl.option("-t,--t,--duration", duration, "play this long ([HH:]MM:SS[.m...] or seconds)", "TIME");
  cl.option("-loop,--loop", options.loop, "play this many times; 0: forever (needs a seekable input)", "N");
  cl.option("-volume,--volume", options.volume, "start volume, 0 to 100 (default 100)", "N");
  cl.option("--speed", options.speed, "playback speed, 0.5 to 2.0 (default 1)", "FACTOR");
  cl.flag("-autoexit,--autoexit", options.autoexit, "exit at the end instead of keeping the last frame up");
  cl.flag("-exitonkeydown", options.exit_on_key, "quit on any key");
  cl.flag("-exitonmousedown", options.exit_on_mouse, "quit on any mouse button");
  cl.flag("--live", options.live, "real-time input: probe little, bound latency with the external clock");
  cl.option("--fps", options.fps, "frame rate for raw streams without timestamps (default: guessed, else 25)", "RATE");
  cl.option("--simulate-slow-display", options.slow_display_ms,
            "fault injection: every displayed frame takes MS milliseconds more", "MS");
  cl.option("-x,--width", options.width, "initial window width", "PIXELS");
  cl.option("-y,--height", options.height, "initial window height", "PIXELS");
  cl.option("-left", options.left, "window position from the left of the screen", "PIXELS");
  cl.option("-top", options.top, "window position from the top of the screen", "PIXELS");
  cl.option("-window_title,--window-title", options.window_title, "window title (default: syncplay - INPUT)", "TITLE");
  cl.flag("-noborder", options.borderless, "a window without borders");
  cl.flag("-alwaysontop", options.always_on_top, "a window kept above the others (if the window manager agrees)");
  cl.flag("-fs,--fullscreen", options.fullscreen, "start in fullscreen");
  cl.option("-vf,--vf", options.vf, "filter the video through this chain (as ffplay -vf), e.g. hflip,scale=640:-2",
            "FILTERS");
  cl.option("-af,--af", options.af, "filter the audio through this chain (as ffplay -af), e.g. volume=0.5", "FILTERS");
  cl.option("--input-ipc-server", options.ipc_server,
            "listen on the Unix socket PATH for commands in mpv's JSON IPC protocol (pause, seek, properties, events)",
            "PATH");
  cl.option("-seek_interval,--seek-interval", options.seek_interval,
            "the Left and Right keys seek this many seconds (default 10)", "SECONDS");
  cl.flag("-genpts,--genpts", options.genpts, "make up the pts of packets that come with a dts only (AVI, ...)");
  cl.flag("-fast,--fast", options.fast, "let the decoders take shortcuts the specs do not allow (faster, not exact)");
  cl.flag("-infbuf,--infbuf", options.infbuf, "read ahead without a bound (memory grows with the input)");
  bool nostats = false, autorotate = false, noautorotate = false;
  std::vector<cli::Specified> codecs;
  std::string frame_size, pix_fmt;
  cl.option("-lowres", options.lowres, "decode pictures at 1/2, 1/4 or 1/8 of their size (MJPEG, H.263...)", "N");
  std::vector<cli::Named> avoptions;
  cl.option("-f", options.input_format, "force the input format (a demuxer): -f rawvideo, -f s16le", "FORMAT");
  cl.option("-s", frame_size, "the frame size of a raw video input (the demuxer's video_size)", "WxH");
  cl.option("-pix_fmt", pix_fmt, "the pixel format of a raw video input (the demuxer's pixel_format)", "FORMAT");
  // FFmpeg's options by name, as ffplay passes them on: a demuxer's (-probesize 1M) or a decoder's (-threads 1,
  // -skip_frame nokey), or both.
  cl.avoptions([](const std::string& name, bool) { return common::is_demuxer_option(name) || common::is_decoder_option(name); },
               avoptions);
  cl.specified("-codec", codecs, "force a decoder by name: -codec:v h264, -codec:a aac_fixed (ffplay's)", "DECODER");
  cl.option("-vcodec", options.video_codec, "force the video decoder (as -codec:v)", "DECODER");
  cl.option("-acodec", options.audio_codec, "force the audio decoder (as -codec:a)", "DECODER");
  cl.option("-scodec", options.subtitle_codec, "force the subtitle decoder (as -codec:s)", "DECODER");
  cl.flag("-autorotate,--autorotate", autorotate, "turn pictures upright by their display matrix (the default)");
  cl.flag("-noautorotate,--no-autorotate", noautorotate, "show pictures as stored, whatever their display matrix");
  cl.flag("-stats,--stats", options.stats, "a status line on stderr while playing, as ffplay's (the default on a terminal)");
  cl.flag("-nostats,--no-stats", nostats, "no status line");
  std::string show_mode;
  cl.option("-rdftspeed,--rdftspeed", options.rdft_speed_ms,
            "the audio display's refresh interval in ms (default 20; ffplay's option)", "MS");
  cl.option("-showmode,--showmode", show_mode,
            "what the window shows: video, waves or rdft (0, 1, 2; default: video, or rdft for audio alone)", "MODE")
      ->complete({"video", "waves", "rdft"});
  cl.option("-drp", options.drp,
            "video frame times: 1 the decoder's reordered pts, 0 the packets' dts, -1 FFmpeg's best guess (default)", "N");
  cl.option("-filter_threads", options.filter_threads, "slice threads of each -vf/-af chain (default 0: one per core)", "N");
  bool nofind = false;
  cl.flag("-find_stream_info", options.find_stream_info, "read and decode a little to fill in what the headers do not say (the default)");
  cl.flag("-nofind_stream_info", nofind, "trust the headers alone: start sooner, on inputs whose headers say enough");
  cl.option("-bytes", options.bytes,
            "the keys and the mouse seek by bytes: 1 yes, 0 no, -1 (default) for formats whose timestamps may jump (MPEG-TS)", "N");
  cl.unsupported({"-enable_vulkan", "-hwaccel", "-default"},
                 "an ffplay option that syncplay does not honour yet");
  cl.common(cli::kEveryTool, options.shared);
  if (auto status = cl.parse(argc, argv)) return status;

  if (!dash_i.empty() && !positional.empty()) return cl.usage("two inputs: '" + dash_i + "' and '" + positional[0] + "'");
  if (!dash_i.empty()) options.input = dash_i;
  if (!positional.empty()) options.input = positional[0];
  if (cli::names_stdin(options.input)) options.input = "-";
  if (!sync.empty()) {
    options.sync_given = true;
    if (sync == "audio") options.sync = common::SyncMaster::kAudio;
    else if (sync == "video") options.sync = common::SyncMaster::kVideo;
    else if (sync == "ext" || sync == "external") options.sync = common::SyncMaster::kExternal;
    else return cl.usage("-sync: audio, video or ext, not '" + sync + "'");
  }
  if (nostats) options.stats = false;
  if (nofind) options.find_stream_info = false;
  if (options.drp < -1 || options.drp > 1) return cl.usage("-drp: -1, 0 or 1");
  if (options.bytes < -1 || options.bytes > 1) return cl.usage("-bytes: -1, 0 or 1");
  if (options.filter_threads < 0 || options.filter_threads > 1024) return cl.usage("-filter_threads: 0 to 1024");
  if (autorotate && noautorotate) return cl.usage("-autorotate and -noautorotate together");
  if (noautorotate) options.autorotate = false;
  if (options.rdft_speed_ms < 1 || options.rdft_speed_ms > 10000) return cl.usage("-rdftspeed: 1 to 10000 ms");
  if (options.lowres < 0 || options.lowres > 3) return cl.usage("-lowres: 0 to 3");
  if (!options.input_format.empty() && !av_find_input_format(options.input_format.c_str()))
    return cl.usage("-f: no input format named '" + options.input_format + "'");
  if (!frame_size.empty()) {
    int w = 0, h = 0;
    if (av_parse_video_size(&w, &h, frame_size.c_str()) < 0) return cl.usage("-s: '" + frame_size + "' is not WxH");
    options.demuxer_options.emplace_back("video_size", frame_size);
  }
  if (!pix_fmt.empty()) {
    if (av_get_pix_fmt(pix_fmt.c_str()) == AV_PIX_FMT_NONE) return cl.usage("-pix_fmt: unknown pixel format '" + pix_fmt + "'");
    options.demuxer_options.emplace_back("pixel_format", pix_fmt);
  }
  for (const cli::Named& a : avoptions) {
    const bool demuxer = a.spec.empty() && common::is_demuxer_option(a.name);
    const bool decoder = common::is_decoder_option(a.name);
    if (!demuxer && !decoder)
      return cl.usage("-" + a.name + ":" + a.spec + ": an input option takes no stream specifier");
    if (demuxer) options.demuxer_options.emplace_back(a.name, a.value);
    if (decoder) {
      if (std::string why = common::invalid_codec_option_value(a.name, a.value); !why.empty())
        return cl.usage("-" + a.name + (a.spec.empty() ? "" : ":" + a.spec) + ": " + why);
      options.codec_options.push_back({a.name, a.spec, a.value});
    }
  }
  for (const cli::Specified& c : codecs) {
    std::string* into = c.spec == "v" ? &options.video_codec : c.spec == "a" ? &options.audio_codec
                        : c.spec == "s"                  ? &options.subtitle_codec
                                                         : nullptr;
    if (!into) return cl.usage("-codec" + (c.spec.empty() ? std::string() : ":" + c.spec) + ": give :v, :a or :s");
    *into = c.value;
  }
  // A decoder that does not exist, or of another type, is said now rather than when its stream opens.
  for (const auto& [name, value, type] : {std::tuple{"-vcodec", &options.video_codec, AVMEDIA_TYPE_VIDEO},
                                          {"-acodec", &options.audio_codec, AVMEDIA_TYPE_AUDIO},
                                          {"-scodec", &options.subtitle_codec, AVMEDIA_TYPE_SUBTITLE}}) {
    if (value->empty()) continue;
    try {
      common::find_decoder(*value, type, name);
    } catch (const common::Error& e) {
      return cl.usage(e.reason());
    }
  }
  if (!show_mode.empty()) {
    const char* modes[] = {"video", "waves", "rdft"};
    for (int m = 0; m < 3; ++m)
      if (show_mode == modes[m] || show_mode == std::to_string(m)) options.show_mode = m;
    if (options.show_mode < 0) return cl.usage("-showmode: video, waves or rdft (0, 1 or 2), not '" + show_mode + "'");
  }
  if (framedrop && no_framedrop) return cl.usage("-framedrop and -noframedrop together");
  if (framedrop) options.framedrop = 1;
  if (no_framedrop) options.framedrop = 0;
  if (options.no_audio && options.no_video) return cl.usage("-an and -vn together leave nothing to play");
  if (options.volume < 0 || options.volume > Options::kMaxVolume) return cl.usage("-volume: 0 to 100");
  if (!(options.speed >= Options::kMinSpeed && options.speed <= Options::kMaxSpeed)) return cl.usage("--speed: 0.5 to 2.0");
  // ffplay's time syntax (parse_time_or_die): 90, 1:30, 00:01:30.5, 1500ms.
  for (const auto& [name, text, into] : {std::tuple{"-ss", &start, &options.start}, {"-t", &duration, &options.duration}}) {
    if (text->empty()) continue;
    int64_t us = 0;
    if (!common::parse_time(*text, us))
      return cl.usage(std::string(name) + ": not a time: '" + *text + "' ([HH:]MM:SS[.m...] or SECONDS[.m...])");
    *into = static_cast<double>(us) / AV_TIME_BASE;
  }
  if (options.start < 0) return cl.usage("-ss: a position, not negative");
  if (!duration.empty() && options.duration < 0) return cl.usage("-t: a duration, not negative");
  if (options.loop < 0) return cl.usage("-loop: 0 (forever) or more");
  if (options.fps < 0 || options.fps > 1000) return cl.usage("--fps: a rate from 0 to 1000");
  if (options.slow_display_ms < 0 || options.slow_display_ms > 10000)
    return cl.usage("--simulate-slow-display: 0 to 10000 ms");
  if (options.width < 0 || options.height < 0) return cl.usage("-x/-y: positive sizes");
  // ffplay: 0 is the default step.
  if (!(options.seek_interval >= 0 && options.seek_interval <= Options::kMaxSeekInterval))
    return cl.usage("-seek_interval: seconds, from 0 (the default, 10) to 1e9");
  if (options.seek_interval == 0) options.seek_interval = Options::kDefaultSeekInterval;
  // A filter chain that does not parse, or is not one chain of the right media type, stops here (before playing).
  std::string why;
  if (!options.vf.empty() && !(why = check_chain(options.vf, AVMEDIA_TYPE_VIDEO)).empty()) return cl.usage("--vf: " + why);
  if (!options.af.empty() && !(why = check_chain(options.af, AVMEDIA_TYPE_AUDIO)).empty()) return cl.usage("--af: " + why);
  if (!options.ipc_server.empty()) {
    struct stat st {};
    // mpv replaces a socket left behind; anything else at the path is not ours to remove.
    if (lstat(options.ipc_server.c_str(), &st) == 0 && !S_ISSOCK(st.st_mode))
      return cl.usage("--input-ipc-server: " + options.ipc_server + " exists and is not a socket");
  }
  if (options.input == "-") {
    why = cli::stdin_terminal_error("give INPUT");
    if (!why.empty()) return cl.usage(why);
  }
  if (options.no_display) options.autoexit = true;  // nothing stays on screen at the end
  return std::nullopt;
}

}  // namespace syncplay
