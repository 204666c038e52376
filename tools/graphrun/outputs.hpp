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

namespace graphrun {

struct OutputSpec {
  std::string path = "-";
  std::string format;  // empty: from the name, else NUT
  common::EncoderOptions video, audio;
};

class MediaOutput {
 public:
  // Opens the sink and the muxer context (no header yet). Throws common::Error.
  explicit MediaOutput(const OutputSpec& spec);

  // Creates the encoder for graph output `sink` of the given type; returns what its buffer sink must deliver.
  common::SinkParams add(AVMediaType type);
  // After the graph is configured: opens the encoders, adds the streams (order[j]: the sink whose frames output
  // stream j carries; empty: sink order), writes the header. Throws common::Error.
  void open(const common::FilterGraph& graph, const std::vector<size_t>& order = {});

  // The scheduler's output step: encodes a frame of sink `sink` (nullptr drains that encoder). 0 or an AVERROR.
  int write(size_t sink, AVFrame* frame);
  // Writes the trailer; a file output is renamed into place when commit is true. 0 or an AVERROR.
  int finish(bool commit);

  const AVOutputFormat* format() const { return out_->format(); }
  int64_t bytes() const { return target_->sink().bytes_written(); }
  double seconds() const { return seconds_; }
  const std::string& error_context() const { return error_context_; }
  // Why, when there is more to say than the error code's text; "" otherwise.
  const std::string& error_reason() const { return error_reason_; }

 private:
  struct Stream {
    std::unique_ptr<common::Encoder> encoder;
    AVStream* st = nullptr;
  };
  int drain(size_t sink);

  OutputSpec spec_;
  std::unique_ptr<common::OutputTarget> target_;
  std::unique_ptr<common::Output> out_;
  std::vector<Stream> streams_;
  common::PacketPtr pkt_;
  double seconds_ = 0;
  std::string error_context_;
  std::string error_reason_;
};

}  // namespace graphrun
