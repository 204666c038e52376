// syncplay's options: a plain struct filled by parse_options through the shared command-line layer.
#pragma once

#include <optional>
#include <string>

#include "common/decode.hpp"
#include "common/cli_support.hpp"
#include "common/memory_io.hpp"
#include "common/sync.hpp"

namespace syncplay {

struct Options {
  common::SharedOptions shared;  // -loglevel, -y/-n, --timeout, --spool-limit, -progress (the shared command line)
  static constexpr int kDefaultVolume = 100;
  static constexpr int kMaxVolume = 100;
  static constexpr double kDefaultSpeed = 1.0;
  static constexpr double kMinSpeed = 0.5;  // the range of the pitch-keeping stretcher
  static constexpr double kMaxSpeed = 2.0;
  std::string input = "-";
  common::SyncMaster sync = common::SyncMaster::kAudio;
  bool sync_given = false;        // --sync named explicitly (--live then keeps it)
  int framedrop = -1;             // 1 on, 0 off, -1 auto (on when video is not the master)
  bool no_display = false;
  bool no_audio = false;
  bool no_video = false;          // -vn
  std::string audio_stream;       // -ast: a stream specifier (an index, a:1, ...); empty: the best
  std::string video_stream;       // -vst
  std::string subtitle_stream;    // -sst
  bool no_subtitles = false;      // -sn: none shown at the start (the t key and IPC can still choose one)
  std::string sub_file;           // --sub-file: a subtitle file read whole at the start, shown instead of the input's
  std::string sync_report;        // JSON Lines file; empty: none
  double start = 0.0;             // --ss, seconds
  double duration = -1.0;         // --t, seconds; negative: to the end
  int loop = 1;                   // times to play; 0: forever
  int volume = kDefaultVolume;    // 0..100
  double speed = kDefaultSpeed;   // 0.5..2.0
  bool autoexit = false;
  bool live = false;
  double fps = 0.0;               // frame rate for inputs without timestamps; 0: the stream's guess (or 25)
  int slow_display_ms = 0;        // fault injection: each displayed frame takes this much longer
  int width = 0, height = 0;      // initial window size; 0: the video's display size
  bool fullscreen = false;
  std::string window_title;       // empty: "syncplay - INPUT"
  int left = -1, top = -1;        // window position; -1: where the window manager puts it
  bool borderless = false;        // -noborder
  bool always_on_top = false;     // -alwaysontop
  int rdft_speed_ms = 20;         // -rdftspeed: how often the audio display (waves, spectrum) is drawn
  bool exit_on_key = false;       // -exitonkeydown
  bool exit_on_mouse = false;     // -exitonmousedown
  std::string vf;                 // video filter chain (ffplay's -vf); empty: none
  std::string af;                 // audio filter chain (ffplay's -af); empty: none
  std::string ipc_server;         // --input-ipc-server: a Unix socket taking mpv's JSON IPC; empty: none
  static constexpr double kDefaultSeekInterval = 10.0;
  static constexpr double kMaxSeekInterval = 1e9;
  double seek_interval = kDefaultSeekInterval;  // -seek_interval: the Left/Right keys' step, seconds (0: the default)
  bool genpts = false;            // -genpts: the demuxer makes up the pts of packets that have a dts only
  std::string input_format;  // -f: a demuxer by name (raw streams on a pipe); empty probes
  // Demuxer options by name, in order: -s (video_size), -pix_fmt (pixel_format), and any the demuxers take
  // (-framerate, -sample_rate, -probesize, -fflags ...), as ffplay passes them on.
  std::vector<std::pair<std::string, std::string>> demuxer_options;
  std::string video_codec, audio_codec, subtitle_codec;  // -vcodec/-acodec/-scodec (-codec:v ...): a decoder by name
  // Decoder options by name with ffplay's stream specifiers (-threads 1, -skip_frame:v nokey), for the decoders that
  // probe the input and those that play it.
  std::vector<common::CodecOption> codec_options;
  int lowres = 0;                 // -lowres: decode pictures at 1/2^N of their size (decoders that can)
  bool autorotate = true;         // -autorotate (ffplay's default) / -noautorotate: the display matrix is honoured
  int bytes = -1;                 // -bytes: the keys and mouse seek by bytes (1), by time (0), or by ffplay's rule (-1)
  int drp = -1;                   // -drp: video frame times from the decoder (1), the packets' dts (0), or FFmpeg's guess (-1)
  int filter_threads = 0;         // -filter_threads: slice threads of each --vf/--af chain (0: one per core)
  bool find_stream_info = true;   // -find_stream_info (ffplay's default) / -nofind_stream_info
  bool fast = false;              // -fast: the decoders may take shortcuts the specs do not allow (AV_CODEC_FLAG2_FAST)
  int show_mode = -1;             // -showmode: 0 video, 1 waves, 2 rdft; -1: video when there is one, else rdft
  bool stats = true;              // the status line on stderr (a terminal only); -nostats: none
  bool infbuf = false;            // -infbuf: the demuxer reads ahead without a bound (ffplay's infinite_buffer)
};

// Parses argv into options. Returns an exit status when the program should stop now (help, version, usage error).
std::optional<int> parse_options(int argc, char** argv, Options& options);

}  // namespace syncplay
