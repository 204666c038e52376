// Bitstream filters on one stream's packets, as ffmpeg's -bsf: a chain in ffmpeg's syntax ("h264_mp4toannexb",
// "h264_metadata=aud=insert,dump_extra"), opened for the stream's parameters and time base, which it may change
// (the muxer's stream takes par_out and time_base_out before the header).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/ffmpeg.hpp"

namespace common {

// Why `spec` is not a chain of bitstream filters FFmpeg knows ("no filter named", "Invalid argument"); "" when it is.
std::string bsf_spec_error(const std::string& spec);

class BsfChain {
 public:
  // Opens `spec` for packets described by `par` in `time_base`. Throws usage_error(option, ...) when spec does not
  // parse, or when the chain cannot filter this stream (`what` names it: "output stream 0 (h264)"), with what
  // FFmpeg said.
  static std::unique_ptr<BsfChain> open(const std::string& option, const std::string& spec, const AVCodecParameters* par,
                                        AVRational time_base, const std::string& what);

  const AVCodecParameters* par_out() const { return bsf_->par_out; }
  AVRational time_base_out() const { return bsf_->time_base_out; }
  const std::string& spec() const { return spec_; }

  // Filters pkt (takes its reference; nullptr: the stream ended, the chain is drained) and gives each packet that
  // comes out to `write`. Returns write's first error, else 0; a packet the chain refuses (a damaged one) is lost,
  // as ffmpeg loses it, and its AVERROR left in `filter_error`.
  int filter(AVPacket* pkt, const std::function<int(AVPacket*)>& write, int& filter_error);

 private:
  BsfChain(BsfPtr bsf, std::string spec);
  BsfPtr bsf_;
  std::string spec_;
  PacketPtr out_;
};

}  // namespace common
