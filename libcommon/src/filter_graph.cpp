// The filter graph built and rebuilt: parsing, its sources and sinks, configuring, a rebuild when an input changes
// format; what a description would open outside the process. (Inspecting it: filter_graph_inspect.cpp; its dumps
// are graphrun's.)
#include "common/filter_graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "filter_graph_util.hpp"

namespace common {

using namespace graph_util;

namespace {
constexpr const char* kConfigContext = "configuring the filter graph";
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

std::vector<FilterStep> autorotate_filters(const int32_t* display_matrix) {
  if (!display_matrix) return {};
  // fftools' get_rotation: the matrix's counter-clockwise angle made clockwise, rounded to a degree, in [0, 360).
  double theta = -std::round(av_display_rotation_get(display_matrix));
  theta -= 360 * std::floor(theta / 360 + 0.9 / 360);
  if (std::fabs(theta - 90) < 1.0) return {{"transpose", "clock"}};
  if (std::fabs(theta - 180) < 1.0) return {{"hflip", ""}, {"vflip", ""}};
  if (std::fabs(theta - 270) < 1.0) return {{"transpose", "cclock"}};
  if (std::fabs(theta) > 1.0) {
    char angle[64];
    std::snprintf(angle, sizeof angle, "%f*PI/180", theta);
    return {{"rotate", angle}};
  }
  return {};
}

std::vector<FilterStep> autorotate_filters(const AVStream* st) {
  size_t size = 0;
  const uint8_t* sd = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (!sd || size < 9 * sizeof(int32_t)) return {};
  int32_t matrix[9];
  std::memcpy(matrix, sd, sizeof matrix);
  return autorotate_filters(matrix);
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
  if (!options.scale_sws_opts.empty()) {
    g->graph_->scale_sws_opts = av_strdup(options.scale_sws_opts.c_str());
    if (!g->graph_->scale_sws_opts) throw Error("parsing the filter graph", AVERROR(ENOMEM));
  }

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
  g->source_trims_.resize(g->inputs_.size());
  g->sink_trims_.resize(g->outputs_.size());
  return g;
}

namespace {
// fftools' insert_trim: a trim (video) or atrim (audio) filter named `name` for `range`, or nullptr when the range
// is empty. Its options are set as numbers (starti, durationi: AV_TIME_BASE units), as ffmpeg sets them.
AVFilterContext* make_trim(AVFilterGraph* graph, AVMediaType type, const CutRange& range, const std::string& name,
                           const std::string& what) {
  if (!range.active()) return nullptr;
  AVFilterContext* trim =
      avfilter_graph_alloc_filter(graph, avfilter_get_by_name(type == AVMEDIA_TYPE_VIDEO ? "trim" : "atrim"), name.c_str());
  if (!trim) throw Error(kConfigContext, AVERROR(ENOMEM));
  int ret = 0;
  if (range.has_length()) ret = av_opt_set_int(trim, "durationi", range.length, AV_OPT_SEARCH_CHILDREN);
  if (ret >= 0 && range.has_start()) ret = av_opt_set_int(trim, "starti", range.start, AV_OPT_SEARCH_CHILDREN);
  if (ret >= 0) ret = avfilter_init_str(trim, nullptr);
  if (ret < 0) throw Error(kConfigContext, "cutting " + what, ret, ErrorKind::kUsage);
  return trim;
}
}  // namespace

void FilterGraph::set_source(size_t i, const SourceParams& p, const CutRange& trim_range) {
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
  AVFilterContext* last = src;
  // ffmpeg's configure_input_video_filter: the autorotate filters come right after the source, before the trim.
  for (size_t k = 0; k < p.orient.size(); ++k) {
    const FilterStep& step = p.orient[k];
    AVFilterContext* f = nullptr;
    const std::string step_name = step.name + "_in_" + name.substr(3) + (k ? "_" + std::to_string(k) : "");
    ret = avfilter_graph_create_filter(&f, avfilter_get_by_name(step.name.c_str()), step_name.c_str(),
                                       step.args.empty() ? nullptr : step.args.c_str(), nullptr, graph_.get());
    if (ret >= 0) ret = avfilter_link(last, 0, f, 0);
    if (ret < 0) throw Error(kConfigContext, "turning " + pad.describe() + " upright (" + step.name + ")", ret);
    last = f;
  }
  if (AVFilterContext* trim = make_trim(graph_.get(), p.type, trim_range, "trim_in_" + name.substr(3), pad.describe())) {
    ret = avfilter_link(last, 0, trim, 0);
    if (ret < 0) throw Error(kConfigContext, "linking " + pad.describe(), ret, ErrorKind::kUsage);
    last = trim;
  }
  ret = avfilter_link(last, 0, input_filters_[i], static_cast<unsigned>(pad.pad));
  if (ret < 0) throw Error(kConfigContext, "linking " + pad.describe(), ret, ErrorKind::kUsage);
  sources_[i] = src;
  source_params_[i] = p;
  source_trims_[i] = trim_range;
}

void FilterGraph::set_sink(size_t i, const SinkParams& p, const CutRange& trim_range) {
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
  AVFilterContext* from = output_filters_[i];
  unsigned from_pad = static_cast<unsigned>(pad.pad);
  if (pad.type == AVMEDIA_TYPE_VIDEO && p.width > 0 && p.height > 0) {
    // ffmpeg's configure_output_video_filter: "scale=W:H" with its scaler options (flags=bicubic, then what
    // -sws_flags set), before the format.
    const std::string args = std::to_string(p.width) + ":" + std::to_string(p.height) + ":flags=bicubic" +
                             (p.sws_flags.empty() ? "" : ":sws_flags=" + p.sws_flags);
    AVFilterContext* scale = nullptr;
    ret = avfilter_graph_create_filter(&scale, avfilter_get_by_name("scale"), ("scaler_out_" + name.substr(4)).c_str(),
                                       args.c_str(), nullptr, graph_.get());
    if (ret >= 0) ret = avfilter_link(from, from_pad, scale, 0);
    if (ret < 0) throw Error(kConfigContext, "scaling " + pad.describe(), ret, ErrorKind::kUsage);
    from = scale;
    from_pad = 0;
  }
  if (AVFilterContext* trim = make_trim(graph_.get(), pad.type, trim_range, "trim_out_" + name.substr(4), pad.describe())) {
    ret = avfilter_link(from, from_pad, trim, 0);
    if (ret < 0) throw Error(kConfigContext, "linking " + pad.describe(), ret, ErrorKind::kUsage);
    from = trim;
    from_pad = 0;
  }
  ret = avfilter_link(from, from_pad, sink, 0);
  if (ret < 0) throw Error(kConfigContext, "linking " + pad.describe(), ret, ErrorKind::kUsage);
  sinks_[i] = sink;
  sink_params_[i] = p;
  sink_trims_[i] = trim_range;
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
  for (size_t i = 0; i < sinks_.size(); ++i)
    if (sink_params_[i].frame_size > 0) set_frame_size(i, sink_params_[i].frame_size);
}

void FilterGraph::set_frame_size(size_t i, int samples) {
  sink_params_.at(i).frame_size = std::max(samples, 0);
  if (configured_ && outputs_[i].type == AVMEDIA_TYPE_AUDIO)
    av_buffersink_set_frame_size(sinks_[i], static_cast<unsigned>(sink_params_[i].frame_size));
}

namespace {
// What output i of a configured graph must stay across a rebuild: the format it negotiated (and its rate and
// layout), its size too when autoscale is on (ffmpeg 5.1's configure_filtergraph, which keeps each output's
// negotiated format, size, rate and layout for the next configuration).
SinkParams kept_output(const AVFilterContext* sink, AVMediaType type, SinkParams p) {
  p.formats = {av_buffersink_get_format(sink)};
  if (type == AVMEDIA_TYPE_VIDEO) {
    if (p.autoscale) {
      p.width = av_buffersink_get_w(sink);
      p.height = av_buffersink_get_h(sink);
    }
    return p;
  }
  p.sample_rates = {av_buffersink_get_sample_rate(sink)};
  AVChannelLayout layout{};
  if (av_buffersink_get_ch_layout(sink, &layout) >= 0 && layout.order != AV_CHANNEL_ORDER_UNSPEC) {
    char text[128];
    if (av_channel_layout_describe(&layout, text, sizeof text) >= 0) p.ch_layouts = {text};
  }
  av_channel_layout_uninit(&layout);
  return p;
}
}  // namespace

void FilterGraph::rebuild(size_t source, const SourceParams& params) {
  constexpr const char* kContext = "reconfiguring the filter graph";
  if (!configured_ || source >= sources_.size()) throw Error(kContext, "no such configured source", AVERROR(EINVAL));
  std::unique_ptr<FilterGraph> fresh;
  try {
    fresh = parse(description_, options_);
    for (size_t i = 0; i < sources_.size(); ++i)
      fresh->set_source(i, i == source ? params : source_params_[i], source_trims_[i]);
    for (size_t i = 0; i < sinks_.size(); ++i)
      fresh->set_sink(i, kept_output(sinks_[i], outputs_[i].type, sink_params_[i]), sink_trims_[i]);
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
