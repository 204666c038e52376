// Demux: open an input from a Source through our own AVIOContext, and pick streams.
// A non-seekable MP4/MOV input (whose index may sit at the end) is spooled so the demuxer can seek back.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/decode.hpp"
#include "common/ffmpeg.hpp"
#include "common/memory_io.hpp"

namespace common {

enum class SpoolPolicy {
  kAuto,    // spool a non-seekable input only when its format needs seeking (MP4/MOV family)
  kAlways,  // spool every non-seekable input
  kNever,
};

struct InputOptions {
  static constexpr int kProbeBytes = 4096;  // bytes peeked from a pipe to decide whether to spool
  std::string name = "pipe:";               // url given to FFmpeg (shown in logs, format.filename)
  std::string format;                       // force a demuxer by name; empty probes
  IoOptions io;
  SpoolPolicy spool = SpoolPolicy::kAuto;
  SpoolOptions spool_options;
  bool find_stream_info = true;
  int64_t probesize = 0;        // 0: FFmpeg's default
  int64_t analyzeduration = 0;  // microseconds; 0: FFmpeg's default
  // AVFormatContext and demuxer options by name (ffmpeg's -probesize, -fflags, -scan_all_pmts...), in order.
  std::vector<std::pair<std::string, std::string>> demuxer_options;
  // Demuxer options neither the format context nor the chosen demuxer takes are an error; false keeps them in
  // Input::unused_demuxer_options() (ffprobe warns about them and goes on).
  bool strict_demuxer_options = true;
  // Codec options for the decoders that find the streams' parameters (ffprobe passes its codec options there too).
  std::vector<CodecOption> codec_options;
  // ffmpeg's -c[:SPEC] NAME before -i (CodecOption name "c"): the decoders chosen for the streams, which also find
  // their parameters (a -c:v forces the video decoder of the demuxer, as ffmpeg sets AVFormatContext.video_codec).
  // A stream it matches gets that decoder's codec id. Names are checked (common::decoder_for): an unknown decoder,
  // or one of another media type than a stream it matches, is a usage error, as in ffmpeg.
  std::vector<CodecOption> decoders;
  // Demuxers that open more inputs by name (HLS segments, concat lists, MOV references) are refused by default:
  // all input comes through our own Source. True lets FFmpeg open them itself.
  bool allow_nested_urls = false;
  // Another thread ends this input's blocking FFmpeg calls by setting *cancel (a per-input timeout): it is checked by
  // the format context's interrupt callback, beside the process-wide interrupted(). Must outlive the Input.
  const std::atomic<bool>* cancel = nullptr;
};

class Input {
 public:
  // Opens and probes; throws Error("opening input", ...) / Error("reading stream info", ...).
  static std::unique_ptr<Input> open(std::unique_ptr<Source> source, const InputOptions& options);

  AVFormatContext* ctx() const { return fmt_.get(); }
  Source& source() const { return *source_; }
  bool spooled() const { return spooled_; }
  bool seekable() const { return source_->seekable(); }
  // True when the spool refused to grow past its limit (the demuxer may have reported something vaguer).
  bool spool_limit_reached() const;

  // Reads the next packet into pkt: 0, AVERROR_EOF at the end, or an error.
  int read(AVPacket* pkt);

  // The names in InputOptions::demuxer_options that nothing took (only kept when not strict), in order.
  const std::vector<std::string>& unused_demuxer_options() const { return unused_options_; }

 private:
  Input() = default;
  // Throws Error("reading input"/"spooling input", code) when the source failed (see Source::failure()).
  void throw_source_failure() const;
  std::unique_ptr<Source> source_;
  IoContextPtr io_;
  InputFormatPtr fmt_;  // declared last: closed first, while io_ and source_ still exist
  bool spooled_ = false;
  std::vector<std::string> unused_options_;
};

// True when the AVFormatContext options (avformat_get_class()) or some demuxer's private options have an option of
// that name for decoding (input): -probesize, -analyzeduration, -fflags, -scan_all_pmts, -ignore_editlist...
bool is_demuxer_option(const std::string& name);

// True for the demuxers that need a seekable input to find their index (MP4, MOV, M4A, 3GP, MJ2).
bool format_needs_seeking(const AVInputFormat* format);

// Parses ffmpeg's stream specifiers for one input: "v", "a:1", "s", "0:v", "0:a:1", "1" (index), "m:key:value"
// are matched by avformat_match_stream_specifier after the input index is stripped. Returns the input index
// named (0 when none) and the rest in `spec`.
int split_input_index(const std::string& full, std::string& spec);

// ffmpeg's -map for one input: "0" every stream, "0:v", "0:a:1", "-0:s" removes. Applied in order.
// Returns the stream indices selected, in input order. Throws Error when a positive map matches nothing.
std::vector<int> select_streams(AVFormatContext* ctx, const std::vector<std::string>& maps);

// One stream of one of several inputs (input index in the -i list, stream index in that input).
struct StreamRef {
  size_t input = 0;
  int stream = -1;
  bool operator==(const StreamRef& o) const { return input == o.input && stream == o.stream; }
};

// The streams that one ffmpeg -map names over several inputs ("1:a", "0:v:0", "2", "0:m:language:eng"; without the
// leading '-' or trailing '?'), in stream order. A null context is an input that is not open: it matches nothing.
// Throws a usage Error for an input index past the list or an invalid specifier.
std::vector<StreamRef> streams_named(const std::vector<AVFormatContext*>& inputs, const std::string& map);

// ffmpeg's automatic choice when no -map is given (5.1's open_output_file): of all inputs, the video stream with the
// largest picture or the audio stream with the most channels; a stream that had packets while probing, then the
// default disposition, weigh more within one input; an attached picture counts as 1 pixel; the first wins a tie.
// For an output whose muxer takes pictures as cover art only (MP3: its query_codec says APIC), only attached
// pictures are video, by their size. Nothing when no input has a stream of that type.
std::optional<StreamRef> best_stream(const std::vector<AVFormatContext*>& inputs, AVMediaType type,
                                     const AVOutputFormat* output = nullptr);

// Whether `next` can follow `first` in a join (ffmpeg's concat demuxer matches streams by index): the same number of
// streams, and stream by stream the same type, codec, and picture size and pixel format or sample rate, format and
// channel layout. "" when it can; else the first difference, "stream 1: sample rate 44100, not 48000".
std::string concat_mismatch(const AVFormatContext* first, const AVFormatContext* next);

// An ffconcat list (version 1.0) naming these files, each quoted as the concat demuxer unquotes it.
std::string concat_list(const std::vector<std::string>& paths);

}  // namespace common
