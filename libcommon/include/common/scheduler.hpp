// Scheduler: runs a configured FilterGraph by reading, at each step, the input the graph is waiting for.
//
// Inputs are producers of frames (a demuxer and its decoders, a capture, a test generator) connected explicitly
// to the graph sources they feed; outputs are consumers of the frames each sink gives (an encoder). One step:
//   1. ask the graph for a frame on its oldest output (avfilter_graph_request_oldest);
//   2. if none can be made, read the input whose buffer sources saw the most failed requests (the input the
//      graph is starved of), never the others; frames are pushed in, the graph runs, the sinks are emptied;
//   3. an input at its end closes its sources with the end timestamp, which the graph drains; a source whose
//      outputs have all ended is closed, and an input whose sources are all closed is not read again;
//   4. the run ends when every output has ended.
// A source whose frames change format mid-stream (a video's size or pixel format, an audio stream's sample
// format, rate or layout: `cat a.ts b.ts`, a resolution switch) gets the graph rebuilt for them, as ffmpeg does:
// what the sinks hold is taken first, the rest of the old graph is dropped, and sources that had ended stay ended.
// Frames waiting in the graph's links are counted after every read; memory stays bounded because only starved
// inputs are read, and when no input is starved while more than max_queued_frames wait, the run stops with an
// error instead of growing. Nothing in here knows about files, codecs or command lines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"
#include "common/filter_graph.hpp"

namespace common {

// step()/run() return kErrorGraphStalled (common/errors.hpp) when the graph waits for frames no input can give.

struct SchedulerOptions {
  static constexpr int64_t kDefaultMaxQueuedFrames = 1024;
  static constexpr int kDefaultDrainRequests = 4096;
  // Frames allowed to wait in the graph's links when the scheduler must read an input no one asked for.
  int64_t max_queued_frames = kDefaultMaxQueuedFrames;
  // stop(): most requests made to drain the graph after closing the sources (bounds graphs with endless
  // sources such as testsrc, which would otherwise drain forever).
  int drain_requests = kDefaultDrainRequests;
};

enum class SchedEventKind {
  kRead,          // input read (reason: "starved" with its failed-request count, or "oldest" as a fallback)
  kFrameIn,       // frame pushed into a source
  kEofIn,         // a source closed (pts: its end)
  kFrameOut,      // frame taken from a sink
  kEofOut,        // a sink ended
  kInputStopped,  // an input will not be read again (reason: "eof", "outputs ended", "stop")
  kQueue,         // frames waiting in the graph's links after a read
  kStall,         // no input can satisfy the graph
  kReconfigure,   // the graph was rebuilt for a source's new frame format (reason: old -> new)
};

const char* sched_event_name(SchedEventKind kind);

struct SchedEvent {
  explicit SchedEvent(SchedEventKind k) : kind(k) {}
  SchedEventKind kind;
  int input = -1;
  int source = -1;
  int sink = -1;
  int64_t pts = AV_NOPTS_VALUE;
  AVRational time_base{0, 1};
  int64_t queued = -1;          // frames waiting in the graph (kQueue, kRead)
  int64_t failed_requests = -1; // kRead
  std::string reason;
  std::vector<std::pair<std::string, int64_t>> links;  // kQueue: frames waiting per link (links with some only)
};

class Scheduler {
 public:
  // Reads a little of the input (a packet's worth) and hands what it decoded to send_frame()/send_eof().
  // Returns 0, AVERROR_EOF when the input has ended, or another AVERROR.
  using ReadFn = std::function<int()>;
  // Receives each frame of sink `sink` (the callee may take its reference with av_frame_move_ref), then one call
  // with frame == nullptr when the sink has ended. Returns 0 or an AVERROR, which stops the run; AVERROR_EOF for a
  // frame ends that sink without stopping the run (the consumer wants no more of it, as ffmpeg's -frames), and no
  // nullptr call follows.
  using OutputFn = std::function<int(size_t sink, AVFrame* frame)>;
  using TraceFn = std::function<void(const SchedEvent&)>;

  explicit Scheduler(FilterGraph& graph, SchedulerOptions options = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Drains an input that is being stopped by stop() (its decoders' last frames), through send_frame()/send_eof().
  using DrainFn = std::function<int()>;

  // Set-up, before start(). drain is optional. An input without a read function is pushed: its owner sends frames
  // (send_frame/send_eof) when it has them and then calls pump(); when the graph is starved of such an input,
  // step() returns AVERROR(EAGAIN) instead of reading (a decode thread driven by its packet queue works this way).
  size_t add_input(std::string name, ReadFn read, DrainFn drain = {});
  void connect(size_t input, size_t source);  // input feeds graph source `source`
  void set_output(OutputFn output) { output_ = std::move(output); }
  void set_trace(TraceFn trace) { trace_ = std::move(trace); }

  // Checks that every source is fed by exactly one input. Idempotent. Throws Error on a set-up mistake.
  void start();
  // One scheduling decision. 0: go on; AVERROR_EOF: every output has ended; other: an error.
  int step();
  // Steps until the graph waits for a pushed input (0) or every output has ended (AVERROR_EOF), or an error: the
  // frames the graph can make from what was pushed reach the outputs.
  int pump();
  // Steps until every output has ended (0), interrupt() says stop (stop() is then called: AVERROR_EXIT), or an
  // error (returned; the outputs are left as they are).
  int run(const std::function<bool()>& interrupt = {});
  // Drains the inputs still read (their DrainFn), closes every open source at its last timestamp, drains what the
  // graph still gives into the outputs, and ends every output that has not ended. Idempotent. Returns 0 or an
  // error.
  int stop();

  // For ReadFn: pushes a frame into a source (the caller keeps its reference). 0, or AVERROR_EOF when the graph no
  // longer takes frames from this source (the input may stop), or an error. Its pts is in the source's time base;
  // an audio frame's in 1/its sample rate, so that a frame of another format (the graph is rebuilt for it, its
  // outputs kept as they were) brings its own.
  int send_frame(size_t source, const AVFrame* frame);
  // For ReadFn: closes a source; pts (in tb) is where the stream ends (AV_NOPTS_VALUE: after its last frame).
  int send_eof(size_t source, int64_t pts, AVRational tb);

  bool source_open(size_t source) const { return sources_.at(source).open; }
  bool input_active(size_t input) const { return inputs_.at(input).active; }
  bool output_ended(size_t sink) const { return sinks_.at(sink).ended; }
  int64_t reads(size_t input) const { return inputs_.at(input).reads; }
  int64_t frames_in(size_t source) const { return sources_.at(source).frames; }
  int64_t frames_out(size_t sink) const { return sinks_.at(sink).frames; }
  // Most frames seen waiting in the graph's links after a read.
  int64_t max_queued_frames() const { return max_queued_; }
  // Why the last error returned came about, when the scheduler itself knows more than the code (a rebuild of the
  // graph that failed); "" otherwise.
  const std::string& error_reason() const { return error_reason_; }

 private:
  struct InputState {
    std::string name;
    ReadFn read;
    DrainFn drain;
    std::vector<size_t> sources;
    bool active = true;
    int64_t reads = 0;
  };
  struct SourceState {
    int input = -1;
    bool open = true;
    int64_t end_pts = AV_NOPTS_VALUE;  // end of the last frame pushed, in the source time base
    int64_t frames = 0;
    std::vector<size_t> sinks;  // the sinks it reaches
  };
  struct SinkState {
    bool ended = false;
    int64_t frames = 0;
  };

  int reap();                          // empties every sink into the outputs
  int reconfigure(size_t source, const AVFrame* frame);  // rebuilds the graph for the frame's new format
  int end_sink(size_t sink);
  void close_source(size_t source, int64_t pts, const char* reason);
  void stop_input(size_t input, const char* reason);
  void retire_unneeded();              // closes sources whose sinks all ended, stops inputs with no open source
  int choose_input(int64_t& failed, std::string& reason) const;
  bool all_outputs_ended() const;
  void emit(SchedEvent ev) const;

  FilterGraph& graph_;
  SchedulerOptions options_;
  std::vector<InputState> inputs_;
  std::vector<SourceState> sources_;
  std::vector<SinkState> sinks_;
  OutputFn output_;
  TraceFn trace_;
  FramePtr frame_;
  bool started_ = false;
  bool stopped_ = false;
  int64_t max_queued_ = 0;
  std::string error_reason_;
};

}  // namespace common
