// Encode: an encoder for one filter graph output. By default the output stays lossless and cheap: rawvideo for
// video, and for audio the PCM codec matching the negotiated sample format (pcm_s16le, pcm_f32le, ...; planar
// formats are avoided at the sink so that PCM can take them). A named encoder (-c:v libx264) takes its options
// from `options` (--enc-opt key=value). Three steps, as ffmpeg 5.1 takes them:
//   1. Encoder::create(type, options) finds the encoder; sink_params() says what its sink must deliver;
//   2. after FilterGraph::configure(), prepare(sink, ...) reads the negotiated format from the configured sink;
//   3. open(first) opens it. A video encoder is opened on its first frame, whose colour properties (range,
//      primaries, transfer, matrix, chroma location) and field order it takes, so that they reach the bitstream
//      (H.264's VUI) and the container (Matroska's Colour, MP4's colr); an audio encoder is opened at once, as its
//      frame size (sink_frame_size(), for FilterGraph::set_frame_size) must be set before the first frame is pulled.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"
#include "common/filter_graph.hpp"

namespace common {

struct EncoderOptions {
  static constexpr int kAutoThreads = 0;
  std::string codec;  // encoder name; empty: rawvideo / matching PCM
  std::vector<std::pair<std::string, std::string>> options;
  int threads = kAutoThreads;
  // ffmpeg's -q/-qscale: a fixed quality (AV_CODEC_FLAG_QSCALE, global_quality = FF_QP2LAMBDA * qscale) when >= 0.
  double qscale = -1;
};

// Encoder::send's answer to a frame whose format is not the one the encoder was opened for (the graph's output
// changed size or format mid-stream): encoders read such a frame with the old dimensions, so it is refused.
// (kErrorFrameFormatChanged lives in common/errors.hpp with every project error code.)

// Whether some encoder (libavcodec's generic options or any encoder's private ones) takes an option of this name,
// as ffmpeg decides what "-crf 23" or "-b:v 1M" on its command line means.
bool is_encoder_option(const std::string& name);
// That option's help text ("" when no encoder takes it), as ffmpeg names an option no stream used.
std::string encoder_option_help(const std::string& name);

// The PCM encoder that stores sample format fmt as it is (planar formats map to their packed codec).
AVCodecID pcm_codec_for(AVSampleFormat fmt);

class Encoder {
 public:
  // Throws Error("opening encoder", ...) for an unknown encoder or one of the wrong media type.
  static std::unique_ptr<Encoder> create(AVMediaType type, const EncoderOptions& options);

  // The formats (and for audio the rates and layouts) this encoder takes, for FilterGraph::set_sink.
  SinkParams sink_params() const;
  // The -strict the options give (FF_COMPLIANCE_NORMAL when none).
  int compliance() const;
  // Sets the encoder up for what the configured sink delivers (its codec, for the default PCM). global_header: the
  // muxer wants extradata. Throws Error("opening encoder", ...).
  void prepare(AVFilterContext* sink, bool global_header);
  // After prepare(): opens the encoder; a video encoder takes the colour properties and field order of `first`, its
  // first frame (nullptr: a stream that had none). Throws Error("opening encoder", ...). Options the encoder does
  // not know are left in unused_options().
  void open(const AVFrame* first = nullptr);
  bool is_open() const { return opened_; }
  // After open(): the samples every audio frame must have (an encoder without variable frame sizes), else 0.
  int sink_frame_size() const;
  const std::vector<std::string>& unused_options() const { return unused_; }

  AVCodecContext* ctx() const { return ctx_.get(); }
  AVRational time_base() const { return ctx_->time_base; }
  const char* name() const { return codec_ ? codec_->name : "auto"; }

  // Before open(): give the encoder ffmpeg's time base 1/rate (rawvideo too), as ffmpeg does under its frame rate
  // control (-r, -fps_mode); rate {0,1}: the sink's frame rate, else 25 when `default_25` (a stream from an input).
  void use_frame_rate(AVRational rate, bool default_25) {
    forced_rate_ = rate;
    rate_time_base_ = true;
    default_25_ = default_25;
  }
  // Before open(): ffmpeg's -pass for a video encoder: 1 writes the encoder's first-pass statistics to `log`, 2 reads
  // them (3: both, from and to the same file). libx264 keeps the file itself (its "stats" option, unless given),
  // as ffmpeg has it do; open() throws Error("opening encoder", ...) when the log cannot be read or written.
  void set_two_pass(int pass, const std::string& log) {
    pass_ = pass;
    pass_log_ = log;
  }
  // Before prepare(): ffmpeg's -aspect, the display aspect ratio (16:9) the encoder and the stream say, whatever the
  // frames' own aspect ratio ({0,1}: each frame's, as ffmpeg's reap_filters gives it to the encoder).
  void set_display_aspect(AVRational dar) { display_aspect_ = dar; }
  // Before open(): ffmpeg's -force_key_frames for a video encoder: "expr:EXPR" (an expression of n, n_forced,
  // prev_forced_n, prev_forced_t and t, the frame's time in seconds: a frame where it is not 0 is a key frame),
  // "source" (the frames that were key frames in the input), or times ("0:30,1:00,90": the first frame at or past
  // each). Throws Error (usage) for a spec that is none of these.
  void force_key_frames(const std::string& spec);
  // Before prepare(): ffmpeg's -enc_time_base, this time base instead of 1/frame rate or 1/sample rate ({0,1}: those).
  // Frames keep their times, in its ticks; the frame rate control counts in them too (ffmpeg's do_video_out).
  void set_time_base(AVRational tb) { enc_time_base_ = tb; }
  // Before prepare(): ffmpeg's -tag, the codec tag (FourCC) the encoder and the stream say (0: the muxer's own).
  void set_codec_tag(uint32_t tag) { codec_tag_ = tag; }
  // ffmpeg's output -ss (AV_TIME_BASE units): the output starts there, so that time is taken off every frame's pts
  // as it goes to the encoder's time base (fftools' adjust_frame_pts_to_encoder_tb). Not for pts_in_encoder_tb.
  void set_output_start(int64_t start) { output_start_ = start; }
  // Sends a frame whose pts is in the sink's time base, or already in the encoder's when pts_in_encoder_tb (nullptr
  // starts draining). 0, EAGAIN, EOF, kErrorFrameFormatChanged (see changed_format()) or an error.
  int send(AVFrame* frame, bool pts_in_encoder_tb = false);
  // After kErrorFrameFormatChanged: "320x240 yuv420p -> 160x120 yuv420p" (video), "48000 Hz s16 stereo -> ..." (audio).
  const std::string& changed_format() const { return changed_format_; }
  // Receives a packet, timestamps in time_base(). 0, EAGAIN, EOF or an error.
  int receive(AVPacket* pkt);

 private:
  Encoder() = default;
  // open()'s part for -pass: the flags, libx264's stats file, or the log read (pass 2) and opened (pass 1).
  void open_two_pass(AVDictionary** opts);
  // Whether pass 2 of an MPEG-video encoder opens, tried in a child process (see the definition).
  bool pass2_opens(AVDictionary* opts);
  AVMediaType type_ = AVMEDIA_TYPE_UNKNOWN;
  const AVCodec* codec_ = nullptr;  // nullptr until open() when the default PCM is chosen from the sink's format
  EncoderOptions options_;
  std::string stats_in_;  // pass 2's statistics, which ctx_->stats_in points into (so: declared before ctx_)
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> pass_file_{nullptr, &std::fclose};  // pass 1's log
  int pass_ = 0;
  std::string pass_log_;
  CodecContextPtr ctx_;
  AVRational sink_time_base_{0, 1};
  bool opened_ = false;
  std::vector<std::string> unused_;
  std::string changed_format_;
  AVRational forced_rate_{0, 1};
  bool rate_time_base_ = false;
  AVRational enc_time_base_{0, 1};  // -enc_time_base
  bool default_25_ = false;
  int64_t output_start_ = 0;
  AVRational display_aspect_{0, 1};
  uint32_t codec_tag_ = 0;
  // -force_key_frames: times (AV_TIME_BASE units) and the next one, or an expression and its variables (ffmpeg's
  // forced_keyframes_expr_const_values: n, n_forced, prev_forced_n, prev_forced_t, t), or "source".
  std::vector<int64_t> key_times_;
  size_t next_key_ = 0;
  std::unique_ptr<AVExpr, void (*)(AVExpr*)> key_expr_{nullptr, &av_expr_free};
  double key_vars_[5] = {0, 0, 0, 0, 0};
  bool key_source_ = false;
  // Whether `frame` (its pts in the encoder's time base) is to be a key frame, by -force_key_frames.
  bool forced_key(const AVFrame* frame);
};

}  // namespace common
