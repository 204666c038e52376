// graphrun's options as a plain struct, and the one function that fills it from the command line (CLI11).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/decode.hpp"
#include "common/cli_support.hpp"
#include "common/cut.hpp"
#include "common/memory_io.hpp"
#include "common/metadata.hpp"

namespace graphrun {

struct Options {
  common::SharedOptions shared;  // -loglevel, -y/-n, --timeout, --spool-limit, -progress (the shared command line)
  std::string graph;       // -g: an ffmpeg -filter_complex description
  std::string graph_file;  // --graph-file: the description read from a file
  std::string vf, af;      // --vf / --af: a single chain on [0:v] / [0:a]
  std::vector<std::string> inputs = {"-"};  // input 0, 1, ... ("-": stdin)
  bool inputs_named = false;  // -i or INPUT given (not stdin by default): ffmpeg's automatic stream choice applies
  // What came before each -i, as ffmpeg takes it (one per input, in order).
  struct InputSpec {
    std::string format;  // -f: the demuxer (default: probed)
    // Demuxer options by name (-probesize 1M, -video_size 320x240), and ffmpeg's -s, -pix_fmt, -r, -ar, -ac as
    // the demuxer options they stand for (video_size, pixel_format, framerate, sample_rate, channels/ch_layout).
    std::vector<std::pair<std::string, std::string>> demuxer_options;
    common::CutRange cut;  // -ss (seek), -t, -to
    int64_t itsoffset = 0;  // -itsoffset (AV_TIME_BASE): added to the input's timestamps
    double readrate = 0;    // -re (1), -readrate SPEED: read no faster than SPEED times real time; 0: no limit
    int64_t sseof = AV_NOPTS_VALUE;  // -sseof (AV_TIME_BASE, below 0): start this long before the input's end
    int stream_loop = 0;  // -stream_loop: read the input this many more times (negative: forever)
    bool autorotate = true;  // -autorotate / -noautorotate: turn pictures with a display matrix upright
    // -c[:SPEC] NAME (-codec, -vcodec, -acodec): the decoders of its streams, as ffmpeg chooses them (name "c").
    std::vector<common::CodecOption> decoders;
    // Decoder options by name, with ffmpeg's stream specifiers (-threads 1, -skip_frame:v nokey, -lowres 1).
    std::vector<common::CodecOption> decoder_options;
  };
  std::vector<InputSpec> input_specs;
  common::CutRange output_cut;  // -ss, -t, -to after the last -i: every output stream is cut (ffmpeg's trim)
  std::vector<std::string> maps;  // -map: "[label]" graph outputs and input streams ("0:a", "-0:s", "1:v?"), in order
  bool no_video = false, no_audio = false;  // -vn / -an: no automatically chosen (or -map'ped input) stream of the type
  bool no_subtitles = false, no_data = false;  // -sn / -dn: such -map'ped input streams are left out
  // Per output stream, with ffmpeg's output stream specifiers ("", "v", "a:1", "2"): -pix_fmt, -ar, -ac.
  struct Setting {
    std::string spec;
    std::string value;
  };
  std::vector<Setting> pix_fmts, sample_fmts, sample_rates, channels;
  std::vector<Setting> sizes;    // -s[:STREAM] WxH: the graph ends in a scale to it (ffmpeg's scaler_out)
  std::vector<Setting> aspects;  // -aspect[:STREAM] RATIO: the display aspect ratio the encoder and stream say
  std::vector<Setting> autoscale;
  std::string sws_flags;  // -sws_flags: the scaler of -vf's scale filters, of -s and of autoscale
  std::vector<Setting> key_frames;    // -force_key_frames[:STREAM] expr:EXPR|source|TIMES
  std::vector<Setting> codec_tags;    // -tag[:STREAM] FOURCC (-vtag, -atag)
  std::vector<Setting> bitstream_filters;  // -bsf[:STREAM] FILTERS (-vbsf, -absf): on the encoded packets
  std::vector<Setting> enc_time_bases;  // -enc_time_base[:STREAM] RATIO|0|-1
  double frame_drop_threshold = 0;  // -frame_drop_threshold FRAMES (0: none): cfr drops a frame that far behind
  std::string timecode;  // -timecode HH:MM:SS:FF: the output's timecode tag, and MPEG-2 video's GOP timecode
  std::vector<Setting> queue_sizes, queue_thresholds;  // -max_muxing_queue_size, -muxing_queue_data_threshold
  std::vector<Setting> passes;        // -pass[:STREAM] 1|2|3: ffmpeg's two-pass encoding of video streams
  std::vector<Setting> pass_logs;     // -passlogfile[:STREAM] PREFIX (default ffmpeg2pass): PREFIX-N.log  // -autoscale[:STREAM] 0|1 ("1" by default): a rebuilt graph keeps the output's size
  // -r and -fps_mode (-vsync): ffmpeg's frame rate control on video output streams (off when neither is given).
  std::vector<Setting> rates, fps_modes;
  // -frames[:STREAM] N, -vframes, -aframes: the most frames an output stream gets; when one stream has its count,
  // the whole output ends (as ffmpeg's).
  std::vector<Setting> max_frames;
  bool shortest = false;  // -shortest
  int64_t limit_filesize = INT64_MAX;  // -fs: the output ends once its muxer has counted this many bytes
  common::MetadataOptions metadata;  // -metadata, -map_metadata, -map_chapters, -disposition
  std::string output = "-";            // -o
  std::string format;                  // -f (default: nut)
  std::string video_codec, audio_codec;  // -c:v / -c:a
  double video_qscale = -1, audio_qscale = -1;  // -q:v / -q:a (-qscale): the encoder's fixed quality; < 0: none
  std::vector<std::pair<std::string, std::string>> enc_opts;  // --enc-opt key=value, -crf 23: every encoder
  std::vector<std::pair<std::string, std::string>> video_opts, audio_opts;  // -b:v 1M, -b:a 128k
  std::vector<std::pair<std::string, std::string>> muxer_options;  // -fflags +bitexact, -movflags +faststart
  std::string dump_graph;       // text | dot | json
  std::string dump_graph_file;  // where the dump goes (default stderr)
  bool stats = false;
  std::string trace_file;
  std::string metadata_out;  // --metadata-out: frames' filter metadata as JSON Lines ("-": stdout)
  bool progress = false;
  std::string progress_url;  // -progress: machine-readable blocks
  bool copyts = false;
  bool start_at_zero = false;  // with copyts: still shift each input's start to 0
  int filter_threads = 0;
  // --threads-mode: threaded (each input read and decoded in a thread of its own, the output encoded and muxed in
  // another, the graph in the main one) or serial (one thread takes turns, as ffmpeg 5.1's main loop).
  bool serial = false;
  long long max_queued_frames = 0;  // 0: the scheduler's default
};

// Parses argv. Returns -1 to go on, or the exit status to exit with (0 after --help/--version, 2 on a usage error,
// with the message already printed).
int parse_options(int argc, char** argv, Options& options);

}  // namespace graphrun
