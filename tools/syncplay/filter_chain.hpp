// --vf / --af: a decode thread's frames go through a libavfilter chain ([in]FILTERS[out], as ffplay's -vf) before
// they are queued for the display or the audio device. The graph is a common::FilterGraph run by a
// common::Scheduler with a pushed input: the decode thread, driven by its packet queue, sends each frame and pumps
// (the scheduler's own loop, which reads its inputs when the graph asks, cannot wait on a packet queue that also
// carries flushes). The chain is built from the first frame and rebuilt when the frames change size or format
// (the old graph is drained first, so no frame is lost), dropped on a flush (a seek: what it holds is stale), and
// drained at the end of the stream.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/filter_graph.hpp"
#include "common/scheduler.hpp"

namespace syncplay {

struct FilterChainConfig {
  std::string description;              // "hflip,scale=160:120"
  AVMediaType type = AVMEDIA_TYPE_VIDEO;
  AVRational frame_rate{0, 1};          // video: the stream's nominal rate (the buffer source's frame_rate)
  std::vector<int> formats;             // what the consumer accepts (empty: anything)
  int threads = 0;                      // slice threads (AVFilterGraph::nb_threads; 0: one per core)
};

class FilterChain {
 public:
  // Receives each filtered frame with the sink's time base and frame rate ({0,1} when unknown). The callee may
  // take the frame's reference. False stops the chain (the consumer went away).
  using Output = std::function<bool(AVFrame* frame, AVRational time_base, AVRational frame_rate)>;

  FilterChain(FilterChainConfig config, Output output);
  ~FilterChain();
  FilterChain(const FilterChain&) = delete;
  FilterChain& operator=(const FilterChain&) = delete;

  // Filters one frame whose pts is in time_base. 0; AVERROR_EOF when the graph takes no more frames (a trim has
  // ended it) until the next reset(); AVERROR_EXIT when the output refused a frame; or the error of building the
  // graph for this frame (what() says why).
  int push(const AVFrame* frame, AVRational time_base);
  // End of the stream: the graph is drained into the output. The next frame starts a new graph.
  int finish();
  // A flush: the graph and the frames it holds are dropped.
  void reset();

  int builds() const { return builds_; }  // graphs built so far (the first, then one per change, flush or end)
  const std::string& what() const { return what_; }

 private:
  void build(const AVFrame* frame, AVRational time_base);
  int drain();

  FilterChainConfig config_;
  Output output_;
  std::unique_ptr<common::FilterGraph> graph_;
  std::unique_ptr<common::Scheduler> sched_;
  common::SourceParams params_;
  bool ended_ = false;      // the graph's output ended before its input (nothing more goes in until reset)
  bool draining_ = false;   // frames from a drain before a rebuild go out, its end does not
  bool refused_ = false;
  int builds_ = 0;
  std::string what_;
};

// Before playing. check_chain: the description parses and is one chain with one input and one output, both of
// `type`; returns "" or the reason. probe_chain: it also configures for frames of `params`; returns "" or the
// reason, and the sink's size and aspect ratio (video) in *out when given.
std::string check_chain(const std::string& description, AVMediaType type);
std::string probe_chain(const std::string& description, const common::SourceParams& params,
                        const std::vector<int>& formats, common::SourceParams* out = nullptr);

}  // namespace syncplay
