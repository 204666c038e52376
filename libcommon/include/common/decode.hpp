// Decode: a decoder for one input stream, with FFmpeg's send/receive flow (EAGAIN and EOF are ordinary results).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/ffmpeg.hpp"

namespace common {

// An FFmpeg codec option given by name, as ffmpeg's tools take them: "-skip_frame nokey", "-skip_frame:v nokey".
struct CodecOption {
  std::string name;
  std::string spec;  // a stream specifier ("v", "a:1"); empty: every stream
  std::string value;
};

// True when the generic codec context or some decoder has an option of that name for decoding (ffprobe and ffmpeg
// take these by name: -skip_frame, -flags2, -ec...).
bool is_decoder_option(const std::string& name);

// ffmpeg's filter_codec_opts: of `options`, those that the decoder of stream st (of ctx) takes, as name/value pairs:
// a stream specifier that does not match the stream drops the option, and so does an option meant for another media
// type (skip_frame is a video option: an audio stream never gets it). `codec` is the decoder that will take them
// (its own options count); nullptr: the codec's default decoder. Throws Error (usage) on an invalid specifier.
std::vector<std::pair<std::string, std::string>> decoder_options_for(const std::vector<CodecOption>& options,
                                                                     AVFormatContext* ctx, const AVStream* st,
                                                                     const AVCodec* codec = nullptr);

// Why `value` is no value for libavcodec's generic option `name` ("'bogus' is not a value of skip_frame (none,
// default, nonref, bidir, nonintra, nokey, all)"), or "" when it is one or the option is some codec's own (only the
// codec can tell).
std::string invalid_codec_option_value(const std::string& name, const std::string& value);

// ffmpeg's find_codec_or_die for a decoder: a decoder by name ("libvpx-vp9"), else the default decoder of a codec by
// name ("h264"). Throws Error (usage) naming `option` when there is none, or when it decodes another media type than
// `type` (AVMEDIA_TYPE_UNKNOWN: any).
const AVCodec* find_decoder(const std::string& name, AVMediaType type, const std::string& option);

// ffmpeg's choice of decoder for stream st of ctx among `choices` (-c[:SPEC] NAME before an -i, as CodecOption
// name "c", value NAME): the last whose specifier matches the stream, or nullptr for the codec's default. Throws
// Error (usage) on an invalid specifier, an unknown decoder, or one of another media type than the stream's.
const AVCodec* decoder_for(const std::vector<CodecOption>& choices, AVFormatContext* ctx, const AVStream* st);

struct DecoderOptions {
  static constexpr int kDefaultThreads = 0;  // 0: FFmpeg picks (one per core)
  int threads = kDefaultThreads;
  bool low_delay = false;
  // What receive() leaves in frame->pts (ffplay's -drp): FFmpeg's best-effort guess (the default), the decoder's
  // own reordered pts (ffprobe shows it beside the guess), or the dts of the packet the frame came from.
  enum class FramePts { kBestEffort, kDecoder, kPacketDts };
  FramePts frame_pts = FramePts::kBestEffort;
  // A decoder by name instead of the codec's default (ffplay's -vcodec, ffmpeg's -c:v before -i): "" for the
  // default. One that does not exist, or decodes another media type, is a usage error.
  std::string codec;
  // Codec options by name, set when the decoder opens (after threads); one the decoder does not take is an error.
  std::vector<std::pair<std::string, std::string>> avoptions;
};

class Decoder {
 public:
  // Opens the decoder for stream st of the input (parameters and time base copied). Throws Error.
  static std::unique_ptr<Decoder> open(const AVStream* st, const DecoderOptions& options = {});

  AVCodecContext* ctx() const { return ctx_.get(); }
  AVRational time_base() const { return time_base_; }
  int stream_index() const { return stream_index_; }

  // Sends a packet (nullptr starts draining). Returns 0, AVERROR(EAGAIN) when frames must be received first,
  // AVERROR_EOF after draining, or an error.
  int send(const AVPacket* pkt);
  // Receives a frame, its pts as options.frame_pts says, in time_base(). 0, EAGAIN, EOF or an error.
  int receive(AVFrame* frame);
  // Back to the start state after a seek.
  void flush();

 private:
  Decoder() = default;
  CodecContextPtr ctx_;
  AVRational time_base_{0, 1};
  int stream_index_ = -1;
  DecoderOptions::FramePts frame_pts_ = DecoderOptions::FramePts::kBestEffort;
};

}  // namespace common
