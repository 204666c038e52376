// graphrun's inputs: a demuxer, a decoder for every stream the graph uses, and the read step the scheduler calls.
// Timestamps follow ffmpeg: each input starts at 0 (unless copyts), MPEG-TS discontinuities are joined up
// (common::InputTimestamps), audio is timed in 1/sample_rate with sample-exact rounding, and a stream's end is
// the end of its last frame.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/decode.hpp"
#include "common/demux.hpp"
#include "common/filter_graph.hpp"
#include "common/scheduler.hpp"
#include "common/timestamps.hpp"

namespace graphrun {

class MediaInput {
 public:
  // Opens path ("-" is stdin). A pipe that delivers nothing for timeout_ms (0: never) fails the input with "read
  // timed out"; an MP4/MOV on a pipe is spooled up to spool_limit bytes. Throws common::Error.
  MediaInput(size_t index, const std::string& path, bool copyts, int timeout_ms = 0,
             int64_t spool_limit = common::SpoolOptions::kDefaultLimit);

  size_t index() const { return index_; }
  const std::string& path() const { return path_; }
  AVFormatContext* ctx() const { return input_->ctx(); }

  // Stream `stream` feeds graph source `source` (its decoder is opened on first use). Throws common::Error.
  void feed(int stream, size_t source);
  // What the buffer source fed by `stream` must be told.
  common::SourceParams source_params(int stream) const;
  bool used() const;

  // The scheduler's read step: one packet read, decoded and pushed. 0, AVERROR_EOF, or an error.
  int read_once(common::Scheduler& sched);
  // Flushes the decoders into the graph and closes this input's sources (stopping early). AVERROR_EOF or an error.
  int drain(common::Scheduler& sched);
  // What the input was doing when read_once() returned an error.
  const std::string& error_context() const { return error_context_; }
  // Media time reached (seconds from the start), for progress.
  double position_seconds() const { return position_; }

 private:
  struct StreamState {
    std::unique_ptr<common::Decoder> decoder;
    std::vector<size_t> sources;
    AVRational source_tb{0, 1};      // the time base of the frames we push
    int64_t end_pts = AV_NOPTS_VALUE;  // end of the last frame pushed, in source_tb
    int64_t rescale_last = AV_NOPTS_VALUE;  // av_rescale_delta state (audio)
    int64_t prev_pkt_pts = AV_NOPTS_VALUE;
    bool active = false;
  };

  int decode(common::Scheduler& sched, int stream, const AVPacket* pkt);
  int deliver(common::Scheduler& sched, int stream, const AVPacket* pkt);
  int finish(common::Scheduler& sched);
  int fail(std::string context, int code);

  size_t index_;
  std::string path_;
  std::unique_ptr<common::Input> input_;
  std::vector<StreamState> streams_;
  std::unique_ptr<common::InputTimestamps> timestamps_;  // ffmpeg's input offset and discontinuity rules
  common::PacketPtr pkt_;
  common::FramePtr frame_;
  double position_ = 0;
  std::string error_context_;
};

}  // namespace graphrun
