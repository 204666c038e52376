// Mux: open an output container on a Sink through our own AVIOContext, with muxer options that fit the sink
// (fragmented MP4/MOV when the sink cannot seek), and write interleaved packets.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/ffmpeg.hpp"
#include "common/memory_io.hpp"

namespace common {

// What happens when a muxer opens more files by name (segment, hls, dash, tee, image2: the muxers that write no
// single stream, AVFMT_NOFILE): refused, written as files (each beside its final name, renamed into place when the
// muxer closes it complete), or discarded (a trial of whether streams fit).
enum class NestedFiles { kRefuse, kWrite, kDiscard };

struct OutputOptions {
  std::string format;    // muxer name (ffmpeg's -f); empty: guessed from filename
  std::string filename;  // the output's name ("-" for stdout); used for guessing and as the url
  IoOptions io;
  bool flush_packets = false;  // flush the sink after every packet (low latency) instead of in large blocks
  bool faststart = false;      // MP4/MOV to a seekable sink: move the index to the front
  // ffmpeg's -muxdelay (0.7 s by default in ffmpeg, not in libavformat): how long a packet may wait in the muxer;
  // MPEG-TS and MPEG-PS pack audio into PES packets and offset the PCR by it.
  int64_t max_delay_us = 700000;
  // ffmpeg's -muxpreload: the MPEG-PS muxer's initial decode delay (its "preload"); 0: the muxer's own (0.5 s).
  // Muxers without that option ignore it, as ffmpeg's do.
  int64_t preload_us = 0;
  // ffmpeg's -muxdelay and -muxpreload in seconds, as ffmpeg turns them into the two above (unset: its defaults).
  void set_mux_timing(std::optional<double> delay_seconds, std::optional<double> preload_seconds) {
    if (delay_seconds) max_delay_us = static_cast<int64_t>(*delay_seconds * AV_TIME_BASE);
    if (preload_seconds) preload_us = static_cast<int64_t>(*preload_seconds * AV_TIME_BASE);
  }
  std::vector<std::pair<std::string, std::string>> muxer_options;  // passed to avformat_write_header
  NestedFiles nested = NestedFiles::kRefuse;
};

// True for the muxers that write files of their own instead of one stream (segment, hls, dash, tee, image2).
bool writes_own_files(const AVOutputFormat* format);

class Output {
 public:
  // Allocates the muxer context on sink (which must outlive the Output). Throws Error("opening output", ...).
  static std::unique_ptr<Output> open(Sink& sink, const OutputOptions& options);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  AVFormatContext* ctx() const { return fmt_.get(); }
  const AVOutputFormat* format() const { return fmt_->oformat; }
  // True when MP4/MOV output goes to a non-seekable sink and is therefore written fragmented.
  bool fragmented() const { return fragmented_; }

  // Adds a stream with the given parameters (copied); returns it.
  AVStream* add_stream(const AVCodecParameters* par, AVRational time_base);
  // Writes the header with the muxer options; throws Error("writing header", ...).
  void write_header();
  // Interleaved write; takes ownership of pkt's reference. Returns 0 or an AVERROR (EPIPE when the reader left).
  int write(AVPacket* pkt);
  // Writes the trailer and flushes. Returns 0 or an AVERROR. Safe to call once header was written.
  int finish();
  // Bytes written: to the sink, plus the files the muxer wrote of its own.
  int64_t bytes_written() const;
  // The first file of the muxer's own that could not be written, as "PATH: reason"; "" when none.
  const std::string& nested_failure() const { return nested_failure_; }
  bool header_written() const { return header_written_; }
  Sink& sink() const { return sink_; }

 private:
  Output(Sink& sink, const OutputOptions& options);
  // AVFormatContext::io_open/io_close2: a muxer that reads back what it wrote (MP4 faststart's second pass) gets a
  // reader over the sink; a muxer writing files of its own gets them as options_.nested says (never a URL: a
  // "file:" prefix is the only protocol taken). A file that fails to be written or renamed fails the output.
  static int io_open(AVFormatContext* s, AVIOContext** pb, const char* url, int flags, AVDictionary** options);
  static int io_close2(AVFormatContext* s, AVIOContext* pb);
  int open_nested(AVIOContext** pb, const std::string& url);
  struct ReadBack;
  std::vector<std::unique_ptr<ReadBack>> read_backs_;
  struct Nested;
  std::vector<std::unique_ptr<Nested>> nested_;
  int nested_error_ = 0;  // the first file of the muxer's own that could not be written
  Sink& sink_;
  OutputOptions options_;
  IoContextPtr io_;
  OutputFormatPtr fmt_;
  bool fragmented_ = false;
  bool header_written_ = false;
  bool finished_ = false;
  int64_t nested_bytes_ = 0;
  std::string nested_failure_;
};

// True for the MP4/MOV family of muxers (mp4, mov, ismv, ipod, 3gp, 3g2, psp, f4v).
bool is_mov_family(const AVOutputFormat* format);

// Whether muxer `format` can hold a stream of this codec (avformat_query_codec, and what Matroska and MOV write beyond
// their lists, as ffmpeg does; unknown counts as yes).
bool muxer_accepts(const AVOutputFormat* format, AVCodecID codec);

// Whether the output format context (avformat_get_class: -fflags, -max_interleave_delta, -avoid_negative_ts) or some
// muxer's private class (-movflags, -write_crc32, -hls_time) has an option of this name for writing, as ffmpeg decides
// what "-write_crc32 0" after the last -i means.
bool is_muxer_option(const std::string& name);

}  // namespace common
