// graphrun's output: one container (NUT by default) on stdout or an atomic file, one stream per graph output,
// each with its encoder.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/bsf.hpp"
#include "common/encode.hpp"
#include "common/filter_graph.hpp"
#include "common/memory_io.hpp"
#include "common/mux.hpp"
#include "common/video_sync.hpp"

namespace graphrun {

// ffmpeg's frame rate control for one video output stream (-r, -fps_mode): off unless asked for.
struct VideoTiming {
  bool enabled = false;
  AVRational rate{0, 1};                          // -r; {0,1}: the graph output's frame rate
  common::FpsMode mode = common::FpsMode::kAuto;  // resolved (common::resolve_fps_mode)
  bool from_input = false;   // straight from an input stream (ffmpeg's simple graph): 25 fps when nothing says
  bool input_starts = false;  // that input stream has a start time (the frame length is then at most 1/rate)
  bool unfiltered = false;   // no filter at all: the frame's own duration is its length
  double drop_threshold = 0;  // -frame_drop_threshold (common::VideoSync)
};

struct OutputSpec {
  std::string path = "-";
  std::string format;  // empty: from the name, else NUT
  common::EncoderOptions video, audio;
  std::vector<std::pair<std::string, std::string>> muxer_options;
  std::optional<double> mux_delay, mux_preload;  // -muxdelay, -muxpreload (common::OutputOptions::set_mux_timing)
  std::string timecode;  // -timecode: MPEG-2 video encoders take it as their GOP timecode
};

class MediaOutput {
 public:
  // Opens the sink and the muxer context (no header yet). Throws common::Error.
  explicit MediaOutput(const OutputSpec& spec);

  // Creates the encoder for graph output `sink` of the given type; returns what its buffer sink must deliver.
  common::SinkParams add(AVMediaType type);
  // Before open(): the frame rate control of video output `sink`.
  void set_timing(size_t sink, const VideoTiming& timing) { streams_.at(sink).timing = timing; }
  // Before open(): ffmpeg's -pass for video output `sink` (see common::Encoder::set_two_pass).
  void set_two_pass(size_t sink, int pass, const std::string& log) {
    if (streams_.at(sink).encoder) streams_.at(sink).encoder->set_two_pass(pass, log);
  }
  // Before open(): ffmpeg's -force_key_frames for video output `sink` (see common::Encoder::force_key_frames).
  void force_key_frames(size_t sink, const std::string& spec) {
    if (streams_.at(sink).encoder) streams_.at(sink).encoder->force_key_frames(spec);
  }
  // Before open(): ffmpeg's -enc_time_base for output `sink` (see common::Encoder::set_time_base).
  void set_encoder_time_base(size_t sink, AVRational tb) {
    if (streams_.at(sink).encoder) streams_.at(sink).encoder->set_time_base(tb);
  }
  // Before open(): ffmpeg's -tag for output `sink` (a FourCC, or a number).
  void set_codec_tag(size_t sink, uint32_t tag) {
    if (streams_.at(sink).encoder) streams_.at(sink).encoder->set_codec_tag(tag);
  }
  // Before open(): ffmpeg's -bsf for output `sink`: a chain of bitstream filters on its encoded packets, opened
  // once the encoders are (the stream takes the parameters and time base the chain gives), drained at its end.
  void set_bitstream_filters(size_t sink, const std::string& spec) { streams_.at(sink).bsf_spec = spec; }
  // Before open(): ffmpeg's -max_muxing_queue_size and -muxing_queue_data_threshold for output `sink` (see mux()).
  void set_muxing_queue(size_t sink, size_t max_packets, int64_t data_threshold) {
    streams_.at(sink).max_queued_packets = max_packets;
    streams_.at(sink).queue_data_threshold = data_threshold;
  }
  // Before open(): ffmpeg's -aspect for video output `sink` (its display aspect ratio).
  void set_display_aspect(size_t sink, AVRational dar) {
    if (streams_.at(sink).encoder) streams_.at(sink).encoder->set_display_aspect(dar);
  }
  // Before open(): ffmpeg's output -ss and -t (AV_TIME_BASE units). The start is taken off every timestamp as frames
  // go to the encoders; a stream whose next frame would start at or past the length is ended there (ffmpeg's
  // check_recording_time, after the trim the graph already has: it decides the last frame in the encoder's ticks).
  void set_output_cut(const common::CutRange& cut) { cut_ = cut; }
  // ffmpeg's -frames: at most n frames of output `sink` go to its encoder (audio: at most n packets are written),
  // and the stream ends there. When a video stream has its count the whole output ends at once, as in ffmpeg
  // (need_output): the other streams take nothing more. (An audio count ends its stream alone, as ffmpeg 5.1's
  // does.) What the others have by then depends on the order frames come in, as in ffmpeg's loop.
  void set_max_frames(size_t sink, int64_t n) {
    streams_.at(sink).max_frames = n;
    if (n == 0) output_ended_ = true;  // -frames 0: the output ends before its first frame
  }
  // ffmpeg's -shortest: when a stream ends, the output's length becomes where that stream ended (its next frame's
  // time, as ffmpeg's close_output_stream reckons it), and every other stream ends there too. Streams of one
  // group end together: ffmpeg closes the outputs of a -filter_complex graph only when all of them have ended, and
  // each stream on its own (a simple graph) when it ends. Before open().
  void set_shortest(bool shortest) { shortest_ = shortest; }
  // ffmpeg's -fs: once the muxer's AVIO has counted `bytes` (buffered bytes too: avio_tell, as ffmpeg's need_output
  // asks), the output takes no more frames: every encoder is flushed and the trailer written, a little past it. The
  // check comes before each frame goes to an encoder; ffmpeg's comes before each packet it reads, so where one
  // packet makes several frames (a filter that duplicates), ffmpeg's output may hold those few more. A muxer that
  // writes files of its own (image2, segment, hls) and -f null have no such count and no limit, as in ffmpeg.
  void set_size_limit(int64_t bytes) { size_limit_ = bytes; }
  void set_group(size_t sink, int group) { streams_.at(sink).group = group; }
  // Frames the frame rate control dropped and duplicated, all streams.
  int64_t frames_dropped() const;
  int64_t frames_duplicated() const;
  // After the graph is configured: sets the encoders up (order[j]: the sink whose frames output stream j carries;
  // empty: sink order) and opens the audio ones. Throws common::Error.
  // As in ffmpeg 5.1, a video encoder opens on its stream's first frame (common::Encoder::open), and the streams
  // are added and the header written once every encoder is open; the packets encoded before that wait in a queue
  // (bounded as ffmpeg's muxing queue, see mux(): once it holds kMaxQueuedBytes, it grows to kMaxQueuedPackets at
  // most, which is an error as soon as it is full).
  // The streams are added here: before_header(ctx) runs with all of them (the tags, chapters and dispositions);
  // then each stream gets its encoder's "encoder" tag, as ffmpeg's (unless it has one, or -fflags/-flags +bitexact
  // ask for none of the versions). Their codec parameters are taken again from the encoders when all are open.
  void open(common::FilterGraph& graph, const std::vector<size_t>& order = {},
            const std::function<void(AVFormatContext*)>& before_header = {});
  static constexpr size_t kMaxQueuedPackets = 128;           // ffmpeg 5.1's -max_muxing_queue_size
  static constexpr int64_t kMaxQueuedBytes = 50 << 20;       // its -muxing_queue_data_threshold

  // The scheduler's output step: encodes a frame of sink `sink` (nullptr drains that encoder). 0 or an AVERROR;
  // AVERROR_EOF once that stream has ended by -t or -frames (its encoder flushed; common::Scheduler ends the sink).
  int write(size_t sink, AVFrame* frame);
  // Writes the trailer; a file output is renamed into place when commit is true. 0 or an AVERROR.
  int finish(bool commit);

  const AVOutputFormat* format() const { return out_ ? out_->format() : null_format_; }
  int64_t bytes() const { return out_ ? out_->bytes_written() : 0; }
  // -f null: nothing is encoded or written (an analysis-only run costs decoding and filtering alone).
  bool discards() const { return out_ == nullptr; }
  double seconds() const { return seconds_; }
  const std::string& error_context() const { return error_context_; }
  // Why, when there is more to say than the error code's text; "" otherwise.
  const std::string& error_reason() const { return error_reason_; }
  // What the error says of its cause: kUsage when an encoder refused what it was asked (an option, a format).
  common::ErrorKind error_kind() const { return error_kind_; }

 private:
  struct Stream {
    std::unique_ptr<common::Encoder> encoder;
    AVStream* st = nullptr;
    VideoTiming timing;
    std::unique_ptr<common::VideoSync> sync;
    common::FramePtr last;  // the frame sent last, which the frame rate control may send again
    AVRational sink_time_base{0, 1};
    AVRational sink_rate{0, 1};
    int64_t max_frames = INT64_MAX;  // -frames
    int64_t frames = 0;              // frames sent to the encoder (audio: packets written)
    int64_t next_audio_pts = 0;      // where the last audio frame sent ends, in the encoder's time base
    bool counted = false;            // frames reached max_frames
    bool ended = false;              // its sink ended (the graph gave its last frame)
    int group = 0;                   // set_group
    int64_t next_video_pts = 0;      // after the last video frame sent, in the encoder's time base
    bool closed = false;             // ended (-t, -frames): its encoder was flushed, its frames are dropped
    std::deque<common::PacketPtr> queued;  // encoded before the header was written (encoder time base)
    int64_t queued_bytes = 0;
    size_t queue_room = 8;  // ffmpeg's muxing queue's first size
    size_t max_queued_packets = kMaxQueuedPackets;
    int64_t queue_data_threshold = kMaxQueuedBytes;
    int64_t last_mux_dts = AV_NOPTS_VALUE;  // the last packet's dts as written, in the stream's time base
    std::string bsf_spec;                    // -bsf
    std::unique_ptr<common::BsfChain> bsf;   // opened by start()
    bool bsf_drained = false;                // the encoder's end went into the chain (or its queue)
  };
  // Opens the encoder of stream s on its first frame (nullptr: it had none) and, once all are open, starts
  // the output. 0, or an AVERROR with error_context_ (error_kind_) set.
  int open_encoder(Stream& s, const AVFrame* first);
  // Every encoder open: adds the streams, writes the header and the packets queued. Throws common::Error.
  void start();
  // A packet of stream s (encoder time base) through its -bsf chain to the muxer, or to its queue before the header
  // (nullptr: the stream's end, which drains the chain). 0 or an AVERROR.
  int mux(Stream& s, AVPacket* pkt);
  // A packet in the stream's time base to the muxer, its timestamps kept rising. 0 or an AVERROR.
  int write_packet(Stream& s, AVPacket* pkt);
  void keep_dts_rising(const Stream& s, AVPacket* pkt) const;
  // Whether a frame whose pts (encoder time base; AV_NOPTS_VALUE: unknown) is about to be sent may go: not past the
  // output's -t (ffmpeg's check_recording_time), within its -frames, and the output not ended by another stream's
  // -frames. 1: it may; 0: it may not, and the stream is closed now (or was); or the closing's AVERROR.
  int admit(Stream& s, size_t sink, int64_t pts);
  // Ends a stream: its encoder is flushed, and nothing more goes to it; with -shortest (and `shorten`) the output
  // ends where it did. 0 or an AVERROR.
  int close(Stream& s, size_t sink, bool shorten = true);
  // A stream reached its -frames: it ends, and with it the whole output when it is video.
  void counted(Stream& s);
  int drain(size_t sink);
  // The encoder when none is named: "" (raw video, PCM in the graph's format) where the muxer takes them; else the
  // muxer's own default, as ffmpeg picks it (MP4: libx264 and aac, .png: png, GIF: gif).
  std::string default_encoder(AVMediaType type) const;
  // Through the frame rate control: each frame sent 0, 1 or more times with ffmpeg's timestamps.
  int write_synced(Stream& s, size_t sink, AVFrame* frame);
  int send(Stream& s, size_t sink, AVFrame* frame, bool pts_in_encoder_tb);

  OutputSpec spec_;
  const AVOutputFormat* null_format_ = nullptr;  // -f null without a named encoder: no target, muxer or encoders
  std::unique_ptr<common::OutputTarget> target_;  // null when the muxer writes files of its own
  std::unique_ptr<common::MemorySink> no_stream_;  // then its main stream, which holds nothing
  std::unique_ptr<common::Output> out_;
  std::vector<Stream> streams_;
  common::PacketPtr pkt_;
  double seconds_ = 0;
  common::CutRange cut_;
  bool output_ended_ = false;  // a video stream reached its -frames (or -frames 0): no stream takes more
  bool shortest_ = false;
  int64_t size_limit_ = INT64_MAX;  // -fs
  // -fs: the output's AVIO has counted size_limit_ bytes.
  bool full() const;
  int64_t length_ = INT64_MAX;  // AV_TIME_BASE: the output's -t, shortened by -shortest
  // -shortest: the output ends where stream s ended, if that is sooner.
  void shorten_to(const Stream& s);
  bool taken_ = false;                // write(): the frame (or a copy of it) went to the encoder
  bool started_ = false;              // the header is written
  std::vector<size_t> order_;         // open()'s
  common::ErrorKind error_kind_ = common::ErrorKind::kOutput;
  std::string error_context_;
  std::string error_reason_;
};

}  // namespace graphrun
