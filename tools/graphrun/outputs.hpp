// graphrun's output: one container (NUT by default) on stdout or an atomic file, one stream per graph output,
// each with its encoder.
#pragma once

#include <memory>
#include <string>
#include <vector>

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
};

struct OutputSpec {
  std::string path = "-";
  std::string format;  // empty: from the name, else NUT
  common::EncoderOptions video, audio;
  std::vector<std::pair<std::string, std::string>> muxer_options;
};

class MediaOutput {
 public:
  // Opens the sink and the muxer context (no header yet). Throws common::Error.
  explicit MediaOutput(const OutputSpec& spec);

  // Creates the encoder for graph output `sink` of the given type; returns what its buffer sink must deliver.
  common::SinkParams add(AVMediaType type);
  // Before open(): the frame rate control of video output `sink`.
  void set_timing(size_t sink, const VideoTiming& timing) { streams_.at(sink).timing = timing; }
  // Frames the frame rate control dropped and duplicated, all streams.
  int64_t frames_dropped() const;
  int64_t frames_duplicated() const;
  // After the graph is configured: opens the encoders, adds the streams (order[j]: the sink whose frames output
  // stream j carries; empty: sink order), writes the header. Throws common::Error.
  void open(const common::FilterGraph& graph, const std::vector<size_t>& order = {});

  // The scheduler's output step: encodes a frame of sink `sink` (nullptr drains that encoder). 0 or an AVERROR.
  int write(size_t sink, AVFrame* frame);
  // Writes the trailer; a file output is renamed into place when commit is true. 0 or an AVERROR.
  int finish(bool commit);

  const AVOutputFormat* format() const { return out_ ? out_->format() : null_format_; }
  int64_t bytes() const { return target_ ? target_->sink().bytes_written() : 0; }
  // -f null: nothing is encoded or written (an analysis-only run costs decoding and filtering alone).
  bool discards() const { return out_ == nullptr; }
  double seconds() const { return seconds_; }
  const std::string& error_context() const { return error_context_; }
  // Why, when there is more to say than the error code's text; "" otherwise.
  const std::string& error_reason() const { return error_reason_; }

 private:
  struct Stream {
    std::unique_ptr<common::Encoder> encoder;
    AVStream* st = nullptr;
    VideoTiming timing;
    std::unique_ptr<common::VideoSync> sync;
    common::FramePtr last;  // the frame sent last, which the frame rate control may send again
    AVRational sink_time_base{0, 1};
    AVRational sink_rate{0, 1};
  };
  int drain(size_t sink);
  // Through the frame rate control: each frame sent 0, 1 or more times with ffmpeg's timestamps.
  int write_synced(Stream& s, size_t sink, AVFrame* frame);
  int send(Stream& s, size_t sink, AVFrame* frame, bool pts_in_encoder_tb);

  OutputSpec spec_;
  const AVOutputFormat* null_format_ = nullptr;  // -f null: no target, no muxer, no encoders
  std::unique_ptr<common::OutputTarget> target_;
  std::unique_ptr<common::Output> out_;
  std::vector<Stream> streams_;
  common::PacketPtr pkt_;
  double seconds_ = 0;
  std::string error_context_;
  std::string error_reason_;
};

}  // namespace graphrun
