#include "common/filter_graph.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace common {

namespace {

constexpr const char* kConfigContext = "configuring the filter graph";

std::string filter_name(const AVFilterContext* f) { return f->name ? f->name : f->filter->name; }

std::string pad_name(const AVFilterPad* pads, int index) {
  const char* n = avfilter_pad_get_name(pads, index);
  return n ? n : std::to_string(index);
}

std::string layout_text(const AVChannelLayout& layout) {
  char buf[128];
  if (av_channel_layout_describe(&layout, buf, sizeof buf) < 0) return "unknown";
  return buf;
}

std::string media_text(AVMediaType type) {
  const char* s = av_get_media_type_string(type);
  return s ? s : "unknown";
}

std::string format_text(AVMediaType type, int format) {
  const char* n = nullptr;
  if (type == AVMEDIA_TYPE_VIDEO) n = av_get_pix_fmt_name(static_cast<AVPixelFormat>(format));
  if (type == AVMEDIA_TYPE_AUDIO) n = av_get_sample_fmt_name(static_cast<AVSampleFormat>(format));
  return n ? n : "none";
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

bool has_int_option(AVFilterContext* f, const char* name, int64_t& value) {
  return av_opt_get_int(f, name, AV_OPT_SEARCH_CHILDREN, &value) >= 0;
}

}  // namespace

std::string rational_text(AVRational r) { return std::to_string(r.num) + "/" + std::to_string(r.den); }

std::string GraphPad::describe() const {
  std::string s = label.empty() ? "(unlabeled)" : "[" + label + "]";
  return s + " (" + filter_kind + " " + media_text(type) + " pad " + std::to_string(pad) + ")";
}

SourceParams SourceParams::from_decoder(const AVCodecContext* ctx, AVRational stream_time_base,
                                        AVRational frame_rate) {
  SourceParams p;
  p.type = ctx->codec_type;
  if (ctx->codec_type == AVMEDIA_TYPE_VIDEO) {
    p.time_base = stream_time_base;
    p.width = ctx->width;
    p.height = ctx->height;
    p.pix_fmt = ctx->pix_fmt;
    p.sample_aspect_ratio = ctx->sample_aspect_ratio;
    p.frame_rate = frame_rate;
  } else if (ctx->codec_type == AVMEDIA_TYPE_AUDIO) {
    p.time_base = AVRational{1, ctx->sample_rate};
    p.sample_rate = ctx->sample_rate;
    p.sample_fmt = ctx->sample_fmt;
    AVChannelLayout layout{};
    if (ctx->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
      av_channel_layout_default(&layout, ctx->ch_layout.nb_channels);
    else
      av_channel_layout_copy(&layout, &ctx->ch_layout);
    p.ch_layout = layout_text(layout);
    av_channel_layout_uninit(&layout);
  }
  return p;
}

SourceParams SourceParams::from_frame(const AVFrame* f, AVMediaType type, AVRational time_base,
                                      AVRational frame_rate) {
  SourceParams p;
  p.type = type;
  p.time_base = time_base;
  if (type == AVMEDIA_TYPE_VIDEO) {
    p.width = f->width;
    p.height = f->height;
    p.pix_fmt = f->format;
    p.sample_aspect_ratio = f->sample_aspect_ratio;
    p.frame_rate = frame_rate;
  } else if (type == AVMEDIA_TYPE_AUDIO) {
    p.sample_rate = f->sample_rate;
    p.sample_fmt = f->format;
    AVChannelLayout layout{};
    if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || f->ch_layout.nb_channels == 0)
      av_channel_layout_default(&layout, f->ch_layout.nb_channels);
    else
      av_channel_layout_copy(&layout, &f->ch_layout);
    p.ch_layout = layout_text(layout);
    av_channel_layout_uninit(&layout);
  }
  return p;
}

bool SourceParams::same_format(const AVFrame* f) const {
  if (type == AVMEDIA_TYPE_VIDEO) return f->width == width && f->height == height && f->format == pix_fmt;
  if (type == AVMEDIA_TYPE_AUDIO)
    return f->sample_rate == sample_rate && f->format == sample_fmt &&
           from_frame(f, type, time_base, frame_rate).ch_layout == ch_layout;
  return false;
}

bool SourceParams::accepts(const AVFrame* f) const {
  if (type == AVMEDIA_TYPE_VIDEO) {
    AVRational sar = f->sample_aspect_ratio.num > 0 ? f->sample_aspect_ratio : AVRational{0, 1};
    AVRational own = sample_aspect_ratio.num > 0 ? sample_aspect_ratio : AVRational{0, 1};
    return f->width == width && f->height == height && f->format == pix_fmt && av_cmp_q(sar, own) == 0;
  }
  if (type == AVMEDIA_TYPE_AUDIO)
    return f->sample_rate == sample_rate && f->format == sample_fmt &&
           from_frame(f, type, time_base, frame_rate).ch_layout == ch_layout;
  return false;
}

std::unique_ptr<FilterGraph> FilterGraph::parse(const std::string& description, const GraphOptions& options) {
  std::unique_ptr<FilterGraph> g(new FilterGraph());
  g->description_ = description;
  g->options_ = options;
  g->graph_.reset(avfilter_graph_alloc());
  if (!g->graph_) throw Error("parsing the filter graph", AVERROR(ENOMEM));
  g->graph_->nb_threads = options.threads;

  AVFilterInOut* raw_in = nullptr;
  AVFilterInOut* raw_out = nullptr;
  int ret;
  std::string complaint;
  {
    AvLogCapture capture;
    ret = avfilter_graph_parse2(g->graph_.get(), description.c_str(), &raw_in, &raw_out);
    complaint = capture.text();
  }
  FilterInOutPtr ins(raw_in), outs(raw_out);
  if (ret < 0) {
    if (complaint.empty()) throw Error("parsing the filter graph", ret, ErrorKind::kUsage);
    throw Error("parsing the filter graph", complaint + " (" + av_error_text(ret) + ")", ret, ErrorKind::kUsage);
  }
  auto collect = [](AVFilterInOut* list, bool input, std::vector<GraphPad>& pads,
                    std::vector<AVFilterContext*>& filters) {
    for (AVFilterInOut* io = list; io; io = io->next) {
      GraphPad p;
      p.label = io->name ? io->name : "";
      p.filter = filter_name(io->filter_ctx);
      p.filter_kind = io->filter_ctx->filter->name;
      p.pad = io->pad_idx;
      p.type = avfilter_pad_get_type(input ? io->filter_ctx->input_pads : io->filter_ctx->output_pads, io->pad_idx);
      pads.push_back(p);
      filters.push_back(io->filter_ctx);
    }
  };
  // A label used as both an output and an input of the same chain ("[a]asplit[a][b]") links a filter back into
  // itself; libavfilter configures such a graph and then loops for ever when asked for a frame.
  if (const AVFilterContext* f = g->filter_in_cycle())
    throw Error("parsing the filter graph", "the graph has a cycle through '" + filter_name(f) + "' (" +
                                                f->filter->name + "): a filter's output leads back to its input",
                AVERROR(EINVAL), ErrorKind::kUsage);
  collect(ins.get(), true, g->inputs_, g->input_filters_);
  collect(outs.get(), false, g->outputs_, g->output_filters_);
  // Outputs in the order they appear in the description (libavfilter lists them last first): by filter, then pad.
  std::vector<size_t> order(g->outputs_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto filter_index = [&](const AVFilterContext* f) {
    for (unsigned k = 0; k < g->graph_->nb_filters; ++k)
      if (g->graph_->filters[k] == f) return k;
    return g->graph_->nb_filters;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    unsigned fa = filter_index(g->output_filters_[a]), fb = filter_index(g->output_filters_[b]);
    return fa != fb ? fa < fb : g->outputs_[a].pad < g->outputs_[b].pad;
  });
  std::vector<GraphPad> pads;
  std::vector<AVFilterContext*> filters;
  for (size_t i : order) {
    pads.push_back(g->outputs_[i]);
    filters.push_back(g->output_filters_[i]);
  }
  g->outputs_ = std::move(pads);
  g->output_filters_ = std::move(filters);
  if (g->outputs_.empty())
    throw Error("parsing the filter graph", "the graph has no output (every filter output is connected)",
                AVERROR(EINVAL), ErrorKind::kUsage);
  g->sources_.assign(g->inputs_.size(), nullptr);
  g->sinks_.assign(g->outputs_.size(), nullptr);
  g->source_params_.resize(g->inputs_.size());
  g->sink_params_.resize(g->outputs_.size());
  return g;
}

void FilterGraph::set_source(size_t i, const SourceParams& p) {
  const GraphPad& pad = inputs_.at(i);
  if (p.type != pad.type)
    throw Error(kConfigContext, "input " + pad.describe() + " needs " + media_text(pad.type) + ", got " + media_text(p.type),
                AVERROR(EINVAL), ErrorKind::kUsage);
  char args[512];
  const char* kind;
  if (p.type == AVMEDIA_TYPE_VIDEO) {
    kind = "buffer";
    AVRational sar = p.sample_aspect_ratio.num > 0 ? p.sample_aspect_ratio : AVRational{0, 1};
    std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d", p.width,
                  p.height, p.pix_fmt, p.time_base.num, p.time_base.den, sar.num, sar.den);
    if (p.frame_rate.num > 0 && p.frame_rate.den > 0) {
      size_t n = std::strlen(args);
      std::snprintf(args + n, sizeof args - n, ":frame_rate=%d/%d", p.frame_rate.num, p.frame_rate.den);
    }
  } else if (p.type == AVMEDIA_TYPE_AUDIO) {
    kind = "abuffer";
    std::snprintf(args, sizeof args, "time_base=%d/%d:sample_rate=%d:sample_fmt=%s:channel_layout=%s", p.time_base.num,
                  p.time_base.den, p.sample_rate, av_get_sample_fmt_name(static_cast<AVSampleFormat>(p.sample_fmt)),
                  p.ch_layout.c_str());
  } else {
    throw Error(kConfigContext, "input " + pad.describe() + ": only audio and video can be filtered", AVERROR(EINVAL), ErrorKind::kUsage);
  }
  std::string name = "in:" + (pad.label.empty() ? std::to_string(i) : pad.label);
  AVFilterContext* src = nullptr;
  AvLogCapture capture;
  int ret = avfilter_graph_create_filter(&src, avfilter_get_by_name(kind), name.c_str(), args, nullptr, graph_.get());
  if (ret < 0) throw Error(kConfigContext, "source for " + pad.describe() + ": " + capture.text(), ret, ErrorKind::kUsage);
  ret = avfilter_link(src, 0, input_filters_[i], static_cast<unsigned>(pad.pad));
  if (ret < 0) throw Error(kConfigContext, "linking " + pad.describe(), ret, ErrorKind::kUsage);
  sources_[i] = src;
  source_params_[i] = p;
}

void FilterGraph::set_sink(size_t i, const SinkParams& p) {
  const GraphPad& pad = outputs_.at(i);
  const char* kind;
  if (pad.type == AVMEDIA_TYPE_VIDEO)
    kind = "buffersink";
  else if (pad.type == AVMEDIA_TYPE_AUDIO)
    kind = "abuffersink";
  else
    throw Error(kConfigContext, "output " + pad.describe() + ": only audio and video can be filtered", AVERROR(EINVAL), ErrorKind::kUsage);
  std::string name = "out:" + (pad.label.empty() ? std::to_string(i) : pad.label);
  AVFilterContext* sink = avfilter_graph_alloc_filter(graph_.get(), avfilter_get_by_name(kind), name.c_str());
  if (!sink) throw Error(kConfigContext, AVERROR(ENOMEM));
  int ret = 0;
  auto set_list = [&](const char* opt, std::vector<int> values) {
    if (values.empty() || ret < 0) return;
    ret = av_opt_set_bin(sink, opt, reinterpret_cast<const uint8_t*>(values.data()),
                         static_cast<int>(values.size() * sizeof(int)), AV_OPT_SEARCH_CHILDREN);
  };
  if (pad.type == AVMEDIA_TYPE_VIDEO) {
    set_list("pix_fmts", p.formats);
  } else {
    set_list("sample_fmts", p.formats);
    set_list("sample_rates", p.sample_rates);
    if (ret >= 0 && !p.ch_layouts.empty()) {
      std::string joined;
      for (const auto& l : p.ch_layouts) joined += (joined.empty() ? "" : "|") + l;
      ret = av_opt_set(sink, "ch_layouts", joined.c_str(), AV_OPT_SEARCH_CHILDREN);
    } else if (ret >= 0) {
      ret = av_opt_set_int(sink, "all_channel_counts", 1, AV_OPT_SEARCH_CHILDREN);
    }
  }
  if (ret < 0) throw Error(kConfigContext, "sink for " + pad.describe(), ret, ErrorKind::kUsage);
  ret = avfilter_init_str(sink, nullptr);
  if (ret < 0) throw Error(kConfigContext, "sink for " + pad.describe(), ret, ErrorKind::kUsage);
  ret = avfilter_link(output_filters_[i], static_cast<unsigned>(pad.pad), sink, 0);
  if (ret < 0) throw Error(kConfigContext, "linking " + pad.describe(), ret, ErrorKind::kUsage);
  sinks_[i] = sink;
  sink_params_[i] = p;
}

void FilterGraph::configure() {
  for (size_t i = 0; i < sources_.size(); ++i)
    if (!sources_[i]) throw Error(kConfigContext, "input " + inputs_[i].describe() + " has no source", AVERROR(EINVAL), ErrorKind::kUsage);
  for (size_t i = 0; i < sinks_.size(); ++i)
    if (!sinks_[i]) throw Error(kConfigContext, "output " + outputs_[i].describe() + " has no sink", AVERROR(EINVAL), ErrorKind::kUsage);
  std::string complaint;
  int ret;
  {
    AvLogCapture capture;
    ret = avfilter_graph_config(graph_.get(), nullptr);
    complaint = capture.text();
  }
  if (ret < 0) {
    if (complaint.empty()) throw Error(kConfigContext, ret, ErrorKind::kUsage);
    throw Error(kConfigContext, complaint + " (" + av_error_text(ret) + ")", ret, ErrorKind::kUsage);
  }
  configured_ = true;
}

void FilterGraph::rebuild(size_t source, const SourceParams& params) {
  constexpr const char* kContext = "reconfiguring the filter graph";
  if (!configured_ || source >= sources_.size()) throw Error(kContext, "no such configured source", AVERROR(EINVAL));
  std::unique_ptr<FilterGraph> fresh;
  try {
    fresh = parse(description_, options_);
    for (size_t i = 0; i < sources_.size(); ++i) fresh->set_source(i, i == source ? params : source_params_[i]);
    for (size_t i = 0; i < sinks_.size(); ++i) fresh->set_sink(i, sink_params_[i]);
    fresh->configure();
  } catch (const Error& e) {
    throw Error(kContext, "input " + inputs_[source].describe() + ": " + e.reason(), e.code());
  }
  std::vector<FilterStats> stats = filter_stats();
  const int rebuilds = rebuilds_ + 1;
  *this = std::move(*fresh);
  earlier_stats_ = std::move(stats);
  rebuilds_ = rebuilds;
}

const AVFilterContext* FilterGraph::filter_in_cycle() const {
  // Depth-first search over the links; a filter met again while still on the path closes a cycle.
  enum State { kNew, kOnPath, kDone };
  std::vector<State> state(graph_->nb_filters, kNew);
  auto index_of = [&](const AVFilterContext* f) {
    for (unsigned k = 0; k < graph_->nb_filters; ++k)
      if (graph_->filters[k] == f) return static_cast<int>(k);
    return -1;
  };
  for (unsigned start = 0; start < graph_->nb_filters; ++start) {
    if (state[start] != kNew) continue;
    // (filter, next output to follow)
    std::vector<std::pair<unsigned, unsigned>> stack{{start, 0}};
    state[start] = kOnPath;
    while (!stack.empty()) {
      auto& [fi, out] = stack.back();
      const AVFilterContext* f = graph_->filters[fi];
      if (out >= f->nb_outputs) {
        state[fi] = kDone;
        stack.pop_back();
        continue;
      }
      const AVFilterLink* l = f->outputs[out++];
      if (!l || !l->dst) continue;
      int next = index_of(l->dst);
      if (next < 0) continue;
      if (state[static_cast<unsigned>(next)] == kOnPath) return l->dst;
      if (state[static_cast<unsigned>(next)] == kNew) {
        state[static_cast<unsigned>(next)] = kOnPath;
        stack.emplace_back(static_cast<unsigned>(next), 0);
      }
    }
  }
  return nullptr;
}

namespace {
// Marks f as visited: false when it was already. A list, not a std::set of pointers: a set's work depends on
// where the filters happen to be allocated, which made fuzzing coverage differ between identical runs.
bool first_visit(std::vector<const AVFilterContext*>& seen, const AVFilterContext* f) {
  if (std::find(seen.begin(), seen.end(), f) != seen.end()) return false;
  seen.push_back(f);
  return true;
}
}  // namespace

std::vector<size_t> FilterGraph::sinks_reached_from(size_t source) const {
  std::vector<size_t> reached;
  std::vector<const AVFilterContext*> seen;
  std::deque<const AVFilterContext*> todo{sources_.at(source)};
  while (!todo.empty()) {
    const AVFilterContext* f = todo.front();
    todo.pop_front();
    if (!f || !first_visit(seen, f)) continue;
    auto it = std::find(sinks_.begin(), sinks_.end(), f);
    if (it != sinks_.end()) reached.push_back(static_cast<size_t>(it - sinks_.begin()));
    for (unsigned k = 0; k < f->nb_outputs; ++k)
      if (f->outputs[k]) todo.push_back(f->outputs[k]->dst);
  }
  std::sort(reached.begin(), reached.end());
  return reached;
}

std::vector<LinkInfo> FilterGraph::links() const {
  std::vector<LinkInfo> out;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    for (unsigned k = 0; k < f->nb_outputs; ++k) {
      const AVFilterLink* l = f->outputs[k];
      if (!l) continue;
      LinkInfo li;
      li.src = filter_name(l->src);
      li.src_pad = pad_name(l->src->output_pads, static_cast<int>(k));
      li.dst = filter_name(l->dst);
      unsigned dst_index = 0;
      for (unsigned d = 0; d < l->dst->nb_inputs; ++d)
        if (l->dst->inputs[d] == l) dst_index = d;
      li.dst_pad = pad_name(l->dst->input_pads, static_cast<int>(dst_index));
      li.type = l->type;
      li.format = format_text(l->type, l->format);
      li.time_base = l->time_base;
      if (l->type == AVMEDIA_TYPE_VIDEO) {
        li.width = l->w;
        li.height = l->h;
        li.sample_aspect_ratio = l->sample_aspect_ratio;
        li.frame_rate = l->frame_rate;  // declared below the public line of AVFilterLink in 5.1; read only
      } else if (l->type == AVMEDIA_TYPE_AUDIO) {
        li.sample_rate = l->sample_rate;
        li.ch_layout = layout_text(l->ch_layout);
      }
      out.push_back(li);
    }
  }
  return out;
}

// frame_count_in/out are declared (below the public line) in libavfilter 8's AVFilterLink; we only read them, for
// statistics and queue depths, which the public API does not offer.
std::vector<FilterStats> FilterGraph::filter_stats() const {
  std::vector<FilterStats> out;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    FilterStats s;
    s.name = filter_name(f);
    s.kind = f->filter->name;
    for (unsigned k = 0; k < f->nb_inputs; ++k)
      if (f->inputs[k]) s.frames_in += f->inputs[k]->frame_count_out;
    for (unsigned k = 0; k < f->nb_outputs; ++k)
      if (f->outputs[k]) s.frames_out += f->outputs[k]->frame_count_in;
    out.push_back(s);
  }
  // The same description makes the same filter names: earlier graphs' counts are added to theirs.
  for (const FilterStats& e : earlier_stats_) {
    auto it = std::find_if(out.begin(), out.end(), [&](const FilterStats& s) { return s.name == e.name; });
    if (it == out.end()) {
      out.push_back(e);
    } else {
      it->frames_in += e.frames_in;
      it->frames_out += e.frames_out;
    }
  }
  return out;
}

int64_t FilterGraph::queued_frames() const {
  int64_t total = 0;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    for (unsigned k = 0; k < f->nb_outputs; ++k) {
      const AVFilterLink* l = f->outputs[k];
      if (l) total += std::max<int64_t>(0, l->frame_count_in - l->frame_count_out);
    }
  }
  return total;
}

std::vector<std::pair<std::string, int64_t>> FilterGraph::queued_by_link() const {
  std::vector<std::pair<std::string, int64_t>> out;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    for (unsigned k = 0; k < f->nb_outputs; ++k) {
      const AVFilterLink* l = f->outputs[k];
      if (!l) continue;
      int64_t n = l->frame_count_in - l->frame_count_out;
      if (n <= 0) continue;
      unsigned d = 0;
      for (unsigned j = 0; j < l->dst->nb_inputs; ++j)
        if (l->dst->inputs[j] == l) d = j;
      out.emplace_back(filter_name(f) + ":" + pad_name(f->output_pads, static_cast<int>(k)) + " -> " +
                           filter_name(l->dst) + ":" + pad_name(l->dst->input_pads, static_cast<int>(d)),
                       n);
    }
  }
  return out;
}

std::string FilterGraph::busiest_link() const {
  std::string best;
  int64_t most = 0;
  for (const auto& [name, n] : queued_by_link()) {
    if (n <= most) continue;
    most = n;
    best = name + " (" + std::to_string(n) + " frames)";
  }
  return best;
}

namespace {
std::string link_details(const LinkInfo& l) {
  std::string s = media_text(l.type) + " " + l.format;
  if (l.type == AVMEDIA_TYPE_VIDEO) {
    s += " " + std::to_string(l.width) + "x" + std::to_string(l.height);
    s += " sar " + rational_text(l.sample_aspect_ratio);
    if (l.frame_rate.num > 0 && l.frame_rate.den > 0) s += " fps " + rational_text(l.frame_rate);
  } else if (l.type == AVMEDIA_TYPE_AUDIO) {
    s += " " + std::to_string(l.sample_rate) + " Hz " + l.ch_layout;
  }
  return s + " tb " + rational_text(l.time_base);
}
}  // namespace

std::string FilterGraph::dump_text() const {
  std::string out;
  for (const auto& l : links()) out += l.src + ":" + l.src_pad + " -> " + l.dst + ":" + l.dst_pad + "  " + link_details(l) + "\n";
  return out;
}

std::string FilterGraph::dump_dot() const {
  std::string out = "digraph filtergraph {\n  rankdir=LR;\n  node [shape=box];\n";
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    out += "  " + json_string(filter_name(f)) + " [label=" + json_string(filter_name(f) + "\n(" + f->filter->name + ")") +
           "];\n";
  }
  for (const auto& l : links())
    out += "  " + json_string(l.src) + " -> " + json_string(l.dst) + " [label=" + json_string(link_details(l)) + "];\n";
  return out + "}\n";
}

std::string FilterGraph::dump_json() const {
  std::string out = "{\"filters\":[";
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    if (i) out += ",";
    out += "{\"name\":" + json_string(filter_name(f)) + ",\"filter\":" + json_string(f->filter->name) + "}";
  }
  out += "],\"links\":[";
  bool first = true;
  for (const auto& l : links()) {
    if (!first) out += ",";
    first = false;
    out += "{\"src\":" + json_string(l.src) + ",\"src_pad\":" + json_string(l.src_pad) + ",\"dst\":" + json_string(l.dst) +
           ",\"dst_pad\":" + json_string(l.dst_pad) + ",\"type\":" + json_string(media_text(l.type)) +
           ",\"format\":" + json_string(l.format) + ",\"time_base\":" + json_string(rational_text(l.time_base));
    if (l.type == AVMEDIA_TYPE_VIDEO) {
      out += ",\"width\":" + std::to_string(l.width) + ",\"height\":" + std::to_string(l.height) +
             ",\"sample_aspect_ratio\":" + json_string(rational_text(l.sample_aspect_ratio)) +
             ",\"frame_rate\":" + json_string(rational_text(l.frame_rate));
    } else if (l.type == AVMEDIA_TYPE_AUDIO) {
      out += ",\"sample_rate\":" + std::to_string(l.sample_rate) + ",\"channel_layout\":" + json_string(l.ch_layout);
    }
    out += "}";
  }
  return out + "]}\n";
}

std::vector<std::string> FilterGraph::endless_source_warnings() const {
  std::vector<std::string> warnings;
  std::vector<const AVFilterContext*> warned;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    AVFilterContext* src = graph_->filters[i];
    if (src->nb_inputs != 0) continue;
    const std::string kind = src->filter->name;
    if (kind == "buffer" || kind == "abuffer") continue;
    int64_t duration = 0;
    if (!has_int_option(src, "duration", duration)) continue;
    // sine's duration 0 means forever; the other sources use a negative duration for that.
    bool endless = duration < 0 || (duration == 0 && kind == "sine");
    if (!endless) continue;
    std::vector<const AVFilterContext*> seen;
    std::deque<AVFilterContext*> todo{src};
    while (!todo.empty()) {
      AVFilterContext* f = todo.front();
      todo.pop_front();
      if (!first_visit(seen, f)) continue;
      if (f != src && f->nb_inputs >= 2) {
        int64_t shortest = 0, eof_action = 0, dur = 0;
        bool has_shortest = has_int_option(f, "shortest", shortest);
        bool has_eof_action = has_int_option(f, "eof_action", eof_action);
        bool has_duration = has_int_option(f, "duration", dur);
        if (!has_shortest && !has_eof_action && !has_duration) {
          // not a filter whose end we know how to judge; look further down
        } else if (shortest || eof_action || dur) {
          continue;  // this filter ends when a finite input ends
        } else {
          if (first_visit(warned, f)) {
            std::string fix = has_duration ? "duration=shortest (or first)" : "shortest=1 (or eof_action=endall)";
            warnings.push_back("endless source '" + filter_name(src) + "' (" + kind + " without a duration) feeds '" +
                               filter_name(f) + "' (" + f->filter->name +
                               "), which waits for all its inputs, so the graph would never end: add " + fix + " to " +
                               f->filter->name + ", or a duration to " + kind);
          }
          continue;
        }
      }
      for (unsigned k = 0; k < f->nb_outputs; ++k)
        if (f->outputs[k]) todo.push_back(f->outputs[k]->dst);
    }
  }
  return warnings;
}

namespace {
// Open media or network endpoints by name.
constexpr const char* kOpensEndpoints[] = {"movie", "amovie", "zmq", "azmq"};
// Read or write named files, load plugins or models, open devices (FFmpeg 5.1's filters with such options).
constexpr const char* kOpensFiles[] = {
    "ametadata", "metadata", "arnndn", "asendcmd", "sendcmd", "ass", "subtitles", "cellauto", "life", "cover_rect",
    "find_rect", "curves", "selectivecolor", "derain", "dnn_classify", "dnn_detect", "dnn_processing", "sr",
    "deshake", "drawtext", "firequalizer", "flite", "frei0r", "frei0r_src", "ladspa", "lv2", "lut1d", "lut3d",
    "nnedi", "psnr", "ssim", "removelogo", "showcqt", "signature", "sofalizer", "vidstabdetect", "vidstabtransform",
    "vmafmotion", "libvmaf", "asr", "ocr", "lensfun", "libplacebo", "program_opencl", "openclsrc", "hwupload",
    "hwmap", "hwdownload", "hwupload_cuda", "coreimage", "coreimagesrc"};
// Hardware filters open devices whatever their options.
constexpr const char* kDeviceSuffixes[] = {"_opencl", "_vulkan", "_vaapi", "_cuda", "_npp", "_qsv", "_videotoolbox"};
}  // namespace

std::vector<std::string> description_words(const std::string& description) {
  std::string text;
  for (char c : description)
    if (c != '\\' && c != '\'') text += c;
  auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    if (!word_char(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && word_char(text[j])) ++j;
    words.push_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

std::vector<std::string> filters_reaching_outside(const std::string& description, bool files_too) {
  std::vector<std::string> found;
  auto add = [&](const std::string& w) {
    if (std::find(found.begin(), found.end(), w) == found.end()) found.push_back(w);
  };
  for (const std::string& w : description_words(description)) {
    for (const char* n : kOpensEndpoints)
      if (w == n) add(w);
    if (!files_too) continue;
    for (const char* n : kOpensFiles)
      if (w == n) add(w);
    for (const char* suffix : kDeviceSuffixes) {
      size_t n = std::strlen(suffix);
      if (w.size() > n && w.compare(w.size() - n, n, suffix) == 0) add(w);
    }
  }
  return found;
}

}  // namespace common
