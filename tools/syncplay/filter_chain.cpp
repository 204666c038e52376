#include "filter_chain.hpp"

#include <mutex>
#include <string>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace syncplay {
namespace {

const char* type_name(AVMediaType type) {
  const char* s = av_get_media_type_string(type);
  return s ? s : "unknown";
}

std::string shape(const common::SourceParams& p) {
  if (p.type == AVMEDIA_TYPE_VIDEO) {
    const char* fmt = av_get_pix_fmt_name(static_cast<AVPixelFormat>(p.pix_fmt));
    return std::to_string(p.width) + "x" + std::to_string(p.height) + " " + (fmt ? fmt : "?");
  }
  const char* fmt = av_get_sample_fmt_name(static_cast<AVSampleFormat>(p.sample_fmt));
  return std::to_string(p.sample_rate) + " Hz " + p.ch_layout + " " + (fmt ? fmt : "?");
}

// Parses the description and checks that it is one chain of `type`; throws Error otherwise.
std::unique_ptr<common::FilterGraph> parse_chain(const std::string& description, AVMediaType type, int threads = 0) {
  common::GraphOptions options;
  options.threads = threads;
  auto g = common::FilterGraph::parse(description, options);
  const char* context = "checking the filter chain";
  if (g->inputs().size() != 1 || g->outputs().size() != 1)
    throw common::Error(context,
                        "a chain with one input and one output is needed, not " + std::to_string(g->inputs().size()) +
                            " input(s) and " + std::to_string(g->outputs().size()) + " output(s)",
                        AVERROR(EINVAL));
  for (const common::GraphPad* pad : {&g->inputs()[0], &g->outputs()[0]})
    if (pad->type != type)
      throw common::Error(context, std::string("a chain of ") + type_name(type) + " filters is needed, but " +
                                       pad->describe() + " is " + type_name(pad->type),
                          AVERROR(EINVAL));
  return g;
}

std::unique_ptr<common::FilterGraph> configure_chain(const std::string& description, const common::SourceParams& params,
                                                     const std::vector<int>& formats, int threads = 0) {
  // The video and audio decode threads may both build a chain at once; libavfilter's messages are captured for
  // the error text (common::AvLogCapture), one capture at a time.
  static std::mutex building;
  std::lock_guard<std::mutex> lock(building);
  auto g = parse_chain(description, params.type, threads);
  g->set_source(0, params);
  common::SinkParams sink;
  sink.formats = formats;
  g->set_sink(0, sink);
  g->configure();
  return g;
}

}  // namespace

FilterChain::FilterChain(FilterChainConfig config, Output output)
    : config_(std::move(config)), output_(std::move(output)) {}

FilterChain::~FilterChain() { reset(); }

void FilterChain::build(const AVFrame* frame, AVRational time_base) {
  params_ = common::SourceParams::from_frame(frame, config_.type, time_base, config_.frame_rate);
  graph_ = configure_chain(config_.description, params_, config_.formats, config_.threads);
  if (common::log_level() >= common::LogLevel::kVerbose && builds_ == 0)
    common::log_info(std::string(type_name(config_.type)) + " filter chain: " + std::to_string(graph_->threads()) +
                     " slice thread(s)");
  sched_ = std::make_unique<common::Scheduler>(*graph_);
  sched_->connect(sched_->add_input("decoder", {}), 0);
  AVFilterContext* sink = graph_->sink(0);
  sched_->set_output([this, sink](size_t, AVFrame* f) {
    if (!f) {
      if (!draining_) ended_ = true;  // the graph itself ended (trim, ...), before its input did
      return 0;
    }
    if (!output_(f, av_buffersink_get_time_base(sink), av_buffersink_get_frame_rate(sink))) {
      refused_ = true;
      return AVERROR_EXIT;
    }
    return 0;
  });
  sched_->start();
  ++builds_;
}

int FilterChain::drain() {
  draining_ = true;
  int ret = sched_->stop();
  draining_ = false;
  sched_.reset();  // before the graph it runs
  graph_.reset();
  return refused_ ? AVERROR_EXIT : ret;
}

int FilterChain::push(const AVFrame* frame, AVRational time_base) {
  if (refused_) return AVERROR_EXIT;
  if (ended_) return AVERROR_EOF;
  if (!graph_ || !params_.accepts(frame) || av_cmp_q(time_base, params_.time_base) != 0) {
    bool rebuild = graph_ != nullptr;
    if (rebuild) {
      int ret = drain();
      if (ret < 0) return ret;
    }
    try {
      build(frame, time_base);
    } catch (const common::Error& e) {
      what_ = e.reason();
      reset();
      return e.code() < 0 ? e.code() : AVERROR(EINVAL);
    }
    if (rebuild)
      common::log_info(std::string(type_name(config_.type)) + " frames changed to " + shape(params_) +
                       ": filter chain rebuilt");
  }
  int ret = sched_->send_frame(0, frame);
  if (ret >= 0) ret = sched_->pump();
  if (refused_) return AVERROR_EXIT;
  if (ret == AVERROR_EOF) ended_ = true;
  if (ended_) return AVERROR_EOF;
  if (ret < 0) what_ = common::av_error_text(ret);
  return ret;
}

int FilterChain::finish() {
  int ret = graph_ ? drain() : 0;
  ended_ = false;
  return ret;
}

void FilterChain::reset() {
  sched_.reset();
  graph_.reset();
  ended_ = false;
  refused_ = false;
}

std::string check_chain(const std::string& description, AVMediaType type) {
  try {
    parse_chain(description, type);
  } catch (const common::Error& e) {
    return e.reason();
  }
  return "";
}

std::string probe_chain(const std::string& description, const common::SourceParams& params,
                        const std::vector<int>& formats, common::SourceParams* out) {
  try {
    auto g = configure_chain(description, params, formats);
    if (out) {
      AVFilterContext* sink = g->sink(0);
      *out = params;
      out->width = av_buffersink_get_w(sink);
      out->height = av_buffersink_get_h(sink);
      out->sample_aspect_ratio = av_buffersink_get_sample_aspect_ratio(sink);
      out->pix_fmt = av_buffersink_get_format(sink);
      out->time_base = av_buffersink_get_time_base(sink);
      out->frame_rate = av_buffersink_get_frame_rate(sink);
    }
  } catch (const common::Error& e) {
    return e.reason();
  }
  return "";
}

}  // namespace syncplay
