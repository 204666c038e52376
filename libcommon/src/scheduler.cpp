#include "common/scheduler.hpp"

#include <algorithm>

#include "common/errors.hpp"

namespace common {

const char* sched_event_name(SchedEventKind kind) {
  switch (kind) {
    case SchedEventKind::kRead: return "read";
    case SchedEventKind::kFrameIn: return "frame_in";
    case SchedEventKind::kEofIn: return "eof_in";
    case SchedEventKind::kFrameOut: return "frame_out";
    case SchedEventKind::kEofOut: return "eof_out";
    case SchedEventKind::kInputStopped: return "input_stopped";
    case SchedEventKind::kQueue: return "queue";
    case SchedEventKind::kStall: return "stall";
    case SchedEventKind::kReconfigure: return "reconfigure";
  }
  return "unknown";
}

Scheduler::Scheduler(FilterGraph& graph, SchedulerOptions options)
    : graph_(graph), options_(options), frame_(make_frame()) {
  if (!graph.configured()) throw Error("scheduling", "the filter graph is not configured", AVERROR(EINVAL));
  sources_.resize(graph.source_count());
  sinks_.resize(graph.sink_count());
  for (size_t s = 0; s < sources_.size(); ++s) sources_[s].sinks = graph.sinks_reached_from(s);
}

Scheduler::~Scheduler() = default;

size_t Scheduler::add_input(std::string name, ReadFn read, DrainFn drain) {
  if (started_) throw Error("scheduling", "inputs are added before start()", AVERROR(EINVAL));
  InputState in;
  in.name = std::move(name);
  in.read = std::move(read);
  in.drain = std::move(drain);
  inputs_.push_back(std::move(in));
  return inputs_.size() - 1;
}

void Scheduler::connect(size_t input, size_t source) {
  if (started_) throw Error("scheduling", "connections are made before start()", AVERROR(EINVAL));
  if (input >= inputs_.size() || source >= sources_.size())
    throw Error("scheduling", "connecting input " + std::to_string(input) + " to source " + std::to_string(source) +
                                  ": no such input or source", AVERROR(EINVAL));
  if (sources_[source].input >= 0)
    throw Error("scheduling", "source " + std::to_string(source) + " is already fed by an input", AVERROR(EINVAL));
  sources_[source].input = static_cast<int>(input);
  inputs_[input].sources.push_back(source);
}

void Scheduler::start() {
  if (started_) return;
  for (size_t s = 0; s < sources_.size(); ++s)
    if (sources_[s].input < 0)
      throw Error("scheduling", "graph input " + graph_.inputs()[s].describe() + " is fed by no input", AVERROR(EINVAL));
  if (!output_) throw Error("scheduling", "no output set", AVERROR(EINVAL));
  started_ = true;
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (inputs_[i].sources.empty()) stop_input(i, "feeds nothing");
}

void Scheduler::emit(SchedEvent ev) const {
  if (trace_) trace_(ev);
}

bool Scheduler::all_outputs_ended() const {
  return std::all_of(sinks_.begin(), sinks_.end(), [](const SinkState& s) { return s.ended; });
}

int Scheduler::end_sink(size_t sink) {
  if (sinks_[sink].ended) return 0;
  sinks_[sink].ended = true;
  SchedEvent ev{SchedEventKind::kEofOut};
  ev.sink = static_cast<int>(sink);
  emit(ev);
  const int ret = output_(sink, nullptr);
  return ret == AVERROR_EOF ? 0 : ret;  // the consumer had already ended it
}

int Scheduler::reap() {
  for (size_t i = 0; i < sinks_.size(); ++i) {
    SinkState& st = sinks_[i];
    // What the graph still makes for an output that has ended (its consumer wanted no more, as -frames; a rebuilt
    // graph) is not wanted and not kept, as ffmpeg's reap_filters drops it: left in the sink, it would be the frame
    // avfilter_graph_request_oldest() finds there at every step, and the run would never go on.
    while (st.ended &&
           av_buffersink_get_frame_flags(graph_.sink(i), frame_.get(), AV_BUFFERSINK_FLAG_NO_REQUEST) >= 0)
      av_frame_unref(frame_.get());
    while (!st.ended) {
      int ret = av_buffersink_get_frame_flags(graph_.sink(i), frame_.get(), AV_BUFFERSINK_FLAG_NO_REQUEST);
      if (ret == AVERROR(EAGAIN)) break;
      if (ret == AVERROR_EOF) {
        ret = end_sink(i);
        if (ret < 0) return ret;
        break;
      }
      if (ret < 0) return ret;
      ++st.frames;
      if (trace_) {
        SchedEvent ev{SchedEventKind::kFrameOut};
        ev.sink = static_cast<int>(i);
        ev.pts = frame_->pts;
        ev.time_base = av_buffersink_get_time_base(graph_.sink(i));
        emit(ev);
      }
      ret = output_(i, frame_.get());
      av_frame_unref(frame_.get());
      if (ret == AVERROR_EOF) {  // the consumer has all it wants of this sink (ffmpeg's -frames)
        st.ended = true;
        SchedEvent ev{SchedEventKind::kEofOut};
        ev.sink = static_cast<int>(i);
        emit(ev);
        break;
      }
      if (ret < 0) return ret;
    }
  }
  return 0;
}

void Scheduler::close_source(size_t source, int64_t pts, const char* reason) {
  SourceState& st = sources_[source];
  if (!st.open) return;
  st.open = false;
  if (pts == AV_NOPTS_VALUE) pts = st.end_pts;
  // Closing also pushes the end through the graph; an error here only means the graph was already done with it.
  av_buffersrc_close(graph_.source(source), pts, AV_BUFFERSRC_FLAG_PUSH);
  SchedEvent ev{SchedEventKind::kEofIn};
  ev.source = static_cast<int>(source);
  ev.input = st.input;
  ev.pts = pts;
  ev.time_base = graph_.source(source)->outputs[0]->time_base;
  ev.reason = reason;
  emit(ev);
}

void Scheduler::stop_input(size_t input, const char* reason) {
  InputState& in = inputs_[input];
  if (!in.active) return;
  in.active = false;
  for (size_t s : in.sources) close_source(s, AV_NOPTS_VALUE, reason);
  SchedEvent ev{SchedEventKind::kInputStopped};
  ev.input = static_cast<int>(input);
  ev.reason = reason;
  emit(ev);
}

void Scheduler::retire_unneeded() {
  for (size_t s = 0; s < sources_.size(); ++s) {
    SourceState& st = sources_[s];
    if (!st.open) continue;
    bool needed = std::any_of(st.sinks.begin(), st.sinks.end(), [&](size_t k) { return !sinks_[k].ended; });
    if (!needed) close_source(s, AV_NOPTS_VALUE, "outputs ended");
  }
  for (size_t i = 0; i < inputs_.size(); ++i) {
    InputState& in = inputs_[i];
    if (!in.active) continue;
    bool any_open = std::any_of(in.sources.begin(), in.sources.end(), [&](size_t s) { return sources_[s].open; });
    if (!any_open) stop_input(i, "outputs ended");
  }
}

int Scheduler::choose_input(int64_t& failed, std::string& reason) const {
  // The rule of ffmpeg's transcode loop: the input whose sources the graph asked most often, in vain.
  int best = -1;
  failed = 0;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (!inputs_[i].active) continue;
    for (size_t s : inputs_[i].sources) {
      if (!sources_[s].open) continue;
      auto n = static_cast<int64_t>(av_buffersrc_get_nb_failed_requests(graph_.source(s)));
      if (n > failed) {
        failed = n;
        best = static_cast<int>(i);
      }
    }
  }
  if (best >= 0) {
    reason = "starved";
    return best;
  }
  // Nobody asked (a graph whose requests are all satisfied but still cannot output): read the input that is
  // furthest behind in time, unless that would pile up frames without bound.
  if (graph_.queued_frames() > options_.max_queued_frames) return -1;
  double oldest = 0;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (!inputs_[i].active) continue;
    for (size_t s : inputs_[i].sources) {
      const SourceState& st = sources_[s];
      if (!st.open) continue;
      double t = st.end_pts == AV_NOPTS_VALUE ? -1e300
                                              : static_cast<double>(st.end_pts) *
                                                    av_q2d(graph_.source(s)->outputs[0]->time_base);
      if (best < 0 || t < oldest) {
        best = static_cast<int>(i);
        oldest = t;
      }
    }
  }
  reason = "oldest";
  return best;
}

int Scheduler::step() {
  start();
  if (stopped_) return AVERROR_EOF;
  int ret = reap();
  if (ret < 0) return ret;
  retire_unneeded();
  if (all_outputs_ended()) return AVERROR_EOF;

  ret = avfilter_graph_request_oldest(graph_.graph());
  if (ret >= 0 || ret == AVERROR_EOF) {
    int r = reap();
    if (r < 0) return r;
    if (ret == AVERROR_EOF) {
      // The graph says every sink has ended; end any the sinks did not report.
      for (size_t i = 0; i < sinks_.size(); ++i)
        if ((r = end_sink(i)) < 0) return r;
    }
    retire_unneeded();
    return all_outputs_ended() ? AVERROR_EOF : 0;
  }
  if (ret != AVERROR(EAGAIN)) return ret;

  int64_t failed = 0;
  std::string reason;
  int chosen = choose_input(failed, reason);
  if (chosen < 0) {
    SchedEvent ev{SchedEventKind::kStall};
    ev.queued = graph_.queued_frames();
    ev.reason = "most frames wait on " + graph_.busiest_link();
    emit(ev);
    return kErrorGraphStalled;
  }
  InputState& in = inputs_[static_cast<size_t>(chosen)];
  if (!in.read) return AVERROR(EAGAIN);  // a pushed input: its owner sends more, then pumps again
  ++in.reads;
  if (trace_) {
    SchedEvent ev{SchedEventKind::kRead};
    ev.input = chosen;
    ev.failed_requests = failed;
    ev.reason = reason;
    emit(ev);
  }
  ret = in.read();
  if (ret == AVERROR_EOF) {
    stop_input(static_cast<size_t>(chosen), "eof");
  } else if (ret < 0) {
    return ret;
  }
  int64_t queued = graph_.queued_frames();
  max_queued_ = std::max(max_queued_, queued);
  if (trace_) {
    SchedEvent ev{SchedEventKind::kQueue};
    ev.input = chosen;
    ev.queued = queued;
    ev.links = graph_.queued_by_link();
    emit(ev);
  }
  ret = reap();
  if (ret < 0) return ret;
  retire_unneeded();
  return all_outputs_ended() ? AVERROR_EOF : 0;
}

int Scheduler::pump() {
  for (;;) {
    int ret = step();
    if (ret == AVERROR(EAGAIN)) return 0;
    if (ret < 0) return ret;
  }
}

int Scheduler::run(const std::function<bool()>& interrupt) {
  start();
  for (;;) {
    if (interrupt && interrupt()) {
      int ret = stop();
      return ret < 0 ? ret : AVERROR_EXIT;
    }
    int ret = step();
    if (ret == AVERROR_EOF) return stop();
    if (ret < 0) return ret;
  }
}

int Scheduler::stop() {
  if (stopped_) return 0;
  start();
  stopped_ = true;
  int ret = 0;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (inputs_[i].active && inputs_[i].drain) {
      int r = inputs_[i].drain();
      if (ret >= 0 && r < 0 && r != AVERROR_EOF) ret = r;
    }
    stop_input(i, "stop");
  }
  int r0 = reap();
  if (ret >= 0) ret = r0;
  for (int n = 0; ret >= 0 && n < options_.drain_requests && !all_outputs_ended(); ++n) {
    int r = avfilter_graph_request_oldest(graph_.graph());
    if (r < 0 && r != AVERROR_EOF) break;
    ret = reap();
    if (r == AVERROR_EOF) break;
  }
  for (size_t i = 0; i < sinks_.size(); ++i) {
    int r = end_sink(i);
    if (ret >= 0 && r < 0) ret = r;
  }
  return ret;
}

namespace {
std::string format_text(const SourceParams& p) {
  if (p.type == AVMEDIA_TYPE_VIDEO) {
    const char* fmt = av_get_pix_fmt_name(static_cast<AVPixelFormat>(p.pix_fmt));
    return std::to_string(p.width) + "x" + std::to_string(p.height) + " " + (fmt ? fmt : "?");
  }
  const char* fmt = av_get_sample_fmt_name(static_cast<AVSampleFormat>(p.sample_fmt));
  return std::to_string(p.sample_rate) + " Hz " + (fmt ? fmt : "?") + " " + p.ch_layout;
}
}  // namespace

int Scheduler::reconfigure(size_t source, const AVFrame* frame) {
  const SourceParams old = graph_.source_params(source);
  // Audio frames come with timestamps in 1/their rate (as ffmpeg's decoders give them to its graphs).
  const AVRational tb = old.type == AVMEDIA_TYPE_AUDIO && frame->sample_rate > 0 ? AVRational{1, frame->sample_rate}
                                                                                : old.time_base;
  SourceParams params = SourceParams::from_frame(frame, old.type, tb, old.frame_rate);
  params.orient = old.orient;
  int ret = reap();  // what the old graph has made so far
  if (ret < 0) return ret;
  try {
    graph_.rebuild(source, params);
  } catch (const Error& e) {
    error_reason_ = e.context() + ": " + e.reason();
    return e.code() < 0 ? e.code() : AVERROR(EINVAL);
  }
  for (size_t s = 0; s < sources_.size(); ++s)
    if (!sources_[s].open) av_buffersrc_close(graph_.source(s), sources_[s].end_pts, AV_BUFFERSRC_FLAG_PUSH);
  SchedEvent ev{SchedEventKind::kReconfigure};
  ev.source = static_cast<int>(source);
  ev.input = sources_[source].input;
  ev.pts = frame->pts;
  ev.time_base = old.time_base;
  ev.reason = format_text(old) + " -> " + format_text(params);
  emit(ev);
  return 0;
}

int Scheduler::send_frame(size_t source, const AVFrame* frame) {
  SourceState& st = sources_.at(source);
  if (!st.open) return AVERROR_EOF;
  if (!graph_.source_params(source).same_format(frame)) {
    int ret = reconfigure(source, frame);
    if (ret < 0) return ret;
  }
  AVFilterContext* src = graph_.source(source);
  AVRational tb = src->outputs[0]->time_base;
  if (frame->pts != AV_NOPTS_VALUE) {
    int64_t duration = 0;
    if (frame->nb_samples > 0 && frame->sample_rate > 0)
      duration = av_rescale_q(frame->nb_samples, AVRational{1, frame->sample_rate}, tb);
    else if (frame->pkt_duration > 0)
      duration = frame->pkt_duration;
    st.end_pts = frame->pts + duration;
  }
  ++st.frames;
  if (trace_) {
    SchedEvent ev{SchedEventKind::kFrameIn};
    ev.source = static_cast<int>(source);
    ev.input = st.input;
    ev.pts = frame->pts;
    ev.time_base = tb;
    emit(ev);
  }
  // AVFrame is const only in spirit here: KEEP_REF makes libavfilter take a new reference, leaving ours alone.
  int ret = av_buffersrc_add_frame_flags(src, const_cast<AVFrame*>(frame),
                                         AV_BUFFERSRC_FLAG_PUSH | AV_BUFFERSRC_FLAG_KEEP_REF);
  if (ret == AVERROR_EOF) {
    st.open = false;
    return AVERROR_EOF;
  }
  return ret;
}

int Scheduler::send_eof(size_t source, int64_t pts, AVRational tb) {
  SourceState& st = sources_.at(source);
  if (!st.open) return 0;
  AVRational src_tb = graph_.source(source)->outputs[0]->time_base;
  if (pts != AV_NOPTS_VALUE) pts = av_rescale_q(pts, tb, src_tb);
  close_source(source, pts, "eof");
  return 0;
}

}  // namespace common
