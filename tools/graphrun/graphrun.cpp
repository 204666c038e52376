#include "graphrun.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "common/filter_graph.hpp"
#include "common/scheduler.hpp"
#include "async_output.hpp"
#include "bind.hpp"
#include "graph_dump.hpp"
#include "inputs.hpp"
#include "metadata_out.hpp"
#include "outputs.hpp"
#include "select.hpp"
#include "trace.hpp"

namespace graphrun {

using common::Error;

namespace {

// Threaded mode: how far each input's thread reads ahead (packets' worth of frames), and how many frames the graph's
// thread may hand the output's before it waits. A few each: enough to keep the threads busy, bounded memory.
constexpr size_t kInputAhead = 8;
constexpr size_t kOutputAhead = 8;


// The user's graph (-filter_complex, -filter_complex_script), or "" for -vf/-af (ffmpeg's simple graphs).
std::string user_graph(const Options& o) {
  if (!o.graph.empty()) return o.graph;
  if (o.graph_file.empty()) return "";
  std::ifstream f(o.graph_file);
  if (!f) throw Error("reading the graph file", "cannot open '" + o.graph_file + "'", AVERROR(ENOENT), common::ErrorKind::kUsage);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  // A graph file may be spread over lines; libavfilter's parser skips whitespace between filters.
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error("reading the graph file", "'" + o.graph_file + "' is empty", AVERROR(EINVAL), common::ErrorKind::kUsage);
  return text;
}

// The graph graphrun runs: the user's, then one chain per input stream the output carries on its own ("[0:1]anull"
// or, for -vf/-af, "[0:0]<the chain>"), each ending in a label of its own.
std::string full_graph(const Options& o, std::string user, const std::vector<OutputStream>& outputs,
                       std::vector<std::string>& chain_labels) {
  while (!user.empty() && (user.back() == ';' || std::isspace(static_cast<unsigned char>(user.back())))) user.pop_back();
  std::string g = user;
  for (size_t k = 0; k < outputs.size(); ++k) {
    const OutputStream& out = outputs[k];
    if (out.from_graph) continue;
    const bool video = out.type == AVMEDIA_TYPE_VIDEO;
    std::string chain = video ? (o.vf.empty() ? "null" : o.vf) : (o.af.empty() ? "anull" : o.af);
    std::string label = "graphrun_out_" + std::to_string(k);
    if (!g.empty()) g += ";";
    g += "[" + std::to_string(out.stream.input) + ":" + std::to_string(out.stream.stream) + "]" + chain + "[" + label + "]";
    chain_labels.push_back(label);
  }
  return g;
}

// The last value of a per-stream setting whose specifier matches output stream j ("" when none does).
std::string setting_for(const std::vector<Options::Setting>& settings, const std::vector<OutputStream>& outputs,
                        size_t j, const char* name) {
  std::string value;
  for (const auto& s : settings) {
    int r = output_spec_matches(s.spec, outputs, j);
    if (r < 0)
      throw common::usage_error("choosing output streams",
                                std::string(name) + ":" + s.spec + ": give v, a, v:N, a:N or a stream index");
    if (r > 0) value = s.value;
  }
  return value;
}

// ffmpeg's timestamp rules for input k (common::InputTimestamps): -copyts, -start_at_zero (only with -copyts), the
// input's -ss (a seeked input starts at 0 there) and -itsoffset.
common::TimestampOptions timestamp_options(const Options& o, size_t k) {
  common::TimestampOptions t;
  t.copyts = o.copyts;
  t.copyts_start_at_zero = o.copyts && o.start_at_zero;
  t.seek = o.input_specs.at(k).cut.start_or_zero();
  t.input_ts_offset = o.input_specs.at(k).itsoffset;
  return t;
}

// The trim ffmpeg puts after the sources of input `input` for its -ss, -t and -to (configure_input_*_filter): the
// input's timestamps already start at 0 at its -ss, so frames before 0 are dropped; with -copyts they keep the
// input's own times, and the start is the -ss counted from the input's start time (unless -start_at_zero).
common::CutRange input_trim(const Options& o, size_t input, const AVFormatContext* ic) {
  const common::CutRange& cut = o.input_specs.at(input).cut;
  common::CutRange trim;
  trim.length = cut.length;
  if (cut.has_start()) {
    trim.start = 0;
    if (o.copyts) {
      trim.start = cut.start;
      if (!o.start_at_zero && ic->start_time != AV_NOPTS_VALUE) trim.start += ic->start_time;
    }
  }
  return trim;
}

// ffmpeg's frame rate control for video output stream j: always, as ffmpeg's (-fps_mode auto picks the mode from the
// muxer; -r and -fps_mode choose).
VideoTiming video_timing(const Options& o, const std::vector<OutputStream>& outputs, size_t j, bool graph,
                         const std::vector<AVFormatContext*>& inputs, const AVOutputFormat* muxer) {
  VideoTiming t;
  const OutputStream& out = outputs[j];
  const std::string rate = setting_for(o.rates, outputs, j, "-r");
  const std::string mode = setting_for(o.fps_modes, outputs, j, "-fps_mode");
  if (out.type != AVMEDIA_TYPE_VIDEO) return t;
  t.enabled = true;
  if (!rate.empty()) av_parse_video_rate(&t.rate, rate.c_str());
  common::FpsMode m = common::FpsMode::kAuto;
  if (!mode.empty()) common::parse_fps_mode(mode, m);
  t.from_input = !out.from_graph;
  const AVFormatContext* in = t.from_input ? inputs[out.stream.input] : nullptr;
  t.input_starts = in && in->streams[out.stream.stream]->start_time != AV_NOPTS_VALUE;
  t.unfiltered = t.from_input && !graph && o.vf.empty();
  t.drop_threshold = o.frame_drop_threshold;
  // (ffmpeg's vscfr: an input of one stream, without -itsoffset)
  t.mode = common::resolve_fps_mode(m, muxer, o.copyts,
                                    in && in->nb_streams == 1 && o.input_specs.at(out.stream.input).itsoffset == 0);
  return t;
}

// What the output stream's sink must deliver, after -pix_fmt, -sample_fmt, -ar and -ac.
common::SinkParams output_constraints(const Options& o, const std::vector<OutputStream>& outputs, size_t j,
                                      common::SinkParams p) {
  auto last_value = [&](const std::vector<Options::Setting>& settings, const char* name) {
    return setting_for(settings, outputs, j, name);
  };
  if (outputs[j].type == AVMEDIA_TYPE_VIDEO) {
    const std::string pix_fmt = last_value(o.pix_fmts, "-pix_fmt");
    if (!pix_fmt.empty()) {
      int fmt = av_get_pix_fmt(pix_fmt.c_str());
      // ffmpeg: a format the encoder does not take is replaced by the closest one it takes, with a warning.
      if (!p.formats.empty() && std::find(p.formats.begin(), p.formats.end(), fmt) == p.formats.end()) {
        std::vector<AVPixelFormat> list;
        for (int f : p.formats) list.push_back(static_cast<AVPixelFormat>(f));
        list.push_back(AV_PIX_FMT_NONE);
        const int best = avcodec_find_best_pix_fmt_of_list(list.data(), static_cast<AVPixelFormat>(fmt), 0, nullptr);
        common::log_warning("-pix_fmt " + pix_fmt + ": the encoder does not take it; using " +
                            av_get_pix_fmt_name(static_cast<AVPixelFormat>(best)));
        fmt = best;
      }
      p.formats = {fmt};
    }
    p.autoscale = last_value(o.autoscale, "-autoscale") != "0";
    p.sws_flags = o.sws_flags;
    const std::string size = last_value(o.sizes, "-s");
    if (!size.empty()) std::sscanf(size.c_str(), "%dx%d", &p.width, &p.height);
  } else {
    // As ffmpeg 5.1, the graph gives -sample_fmt's format whatever the encoder takes (one that does not take it
    // fails to open); the default PCM, whose encoders are packed, takes the packed twin (fltp: pcm_f32le).
    const std::string sample_fmt = last_value(o.sample_fmts, "-sample_fmt");
    if (!sample_fmt.empty()) {
      const AVSampleFormat fmt = av_get_sample_fmt(sample_fmt.c_str());
      p.formats = {p.packed_pcm ? av_get_packed_sample_fmt(fmt) : fmt};
    }
    const std::string rate = last_value(o.sample_rates, "-ar");
    if (!rate.empty()) p.sample_rates = {static_cast<int>(av_strtod(rate.c_str(), nullptr))};
    const std::string channels = last_value(o.channels, "-ac");
    if (!channels.empty()) {
      AVChannelLayout layout;
      av_channel_layout_default(&layout, static_cast<int>(av_strtod(channels.c_str(), nullptr)));
      char text[128];
      av_channel_layout_describe(&layout, text, sizeof text);
      p.ch_layouts = {text};
      av_channel_layout_uninit(&layout);
    }
  }
  return p;
}

// Output stream j's per-stream encoder settings, carried by graph output `sink`: ffmpeg's -pass (-passlogfile),
// -force_key_frames, -tag, -bsf, -max_muxing_queue_size (-muxing_queue_data_threshold) and -aspect.
void encoder_settings(const Options& o, const std::vector<OutputStream>& outputs, size_t j, size_t sink,
                      MediaOutput& output) {
  const bool video = outputs[j].type == AVMEDIA_TYPE_VIDEO;
  const std::string pass = setting_for(o.passes, outputs, j, "-pass");
  if (video && !pass.empty()) {  // ffmpeg 5.1's new_video_stream: PREFIX-N.log for output stream N
    std::string prefix = setting_for(o.pass_logs, outputs, j, "-passlogfile");
    if (prefix.empty()) prefix = "ffmpeg2pass";
    output.set_two_pass(sink, std::stoi(pass), prefix + "-" + std::to_string(j) + ".log");
  }
  const std::string keys = setting_for(o.key_frames, outputs, j, "-force_key_frames");
  if (video && !keys.empty()) output.force_key_frames(sink, keys);
  if (const std::string tag = setting_for(o.codec_tags, outputs, j, "-tag"); !tag.empty()) {
    // ffmpeg's new_output_stream: a number (strtol, base 0), else the first four characters, little-endian.
    char* end = nullptr;
    uint32_t value = static_cast<uint32_t>(std::strtoul(tag.c_str(), &end, 0));
    if (*end) {
      const std::string four = (tag + std::string(4, '\0')).substr(0, 4);
      value = MKTAG(four[0], four[1], four[2], four[3]);
    }
    output.set_codec_tag(sink, value);
  }
  if (const std::string bsf = setting_for(o.bitstream_filters, outputs, j, "-bsf"); !bsf.empty())
    output.set_bitstream_filters(sink, bsf);
  const std::string queue_size = setting_for(o.queue_sizes, outputs, j, "-max_muxing_queue_size");
  const std::string queue_threshold = setting_for(o.queue_thresholds, outputs, j, "-muxing_queue_data_threshold");
  if (!queue_size.empty() || !queue_threshold.empty())
    output.set_muxing_queue(sink, queue_size.empty() ? MediaOutput::kMaxQueuedPackets : std::stoull(queue_size),
                            queue_threshold.empty() ? MediaOutput::kMaxQueuedBytes : std::stoll(queue_threshold));
  AVRational dar{0, 1};
  const std::string aspect = setting_for(o.aspects, outputs, j, "-aspect");
  if (video && std::sscanf(aspect.c_str(), "%d:%d", &dar.num, &dar.den) == 2) output.set_display_aspect(sink, dar);
}

// ffmpeg's -enc_time_base for output stream j (its value checked when parsed): a ratio, 0 (the default), or -1: the
// time base of the input stream it comes from, for a -filter_complex output that of the graph's one input; where
// there is none (several inputs, a source filter), the default with a warning, as ffmpeg 5.1's.
AVRational encoder_time_base(const std::string& value, const std::vector<OutputStream>& outputs, size_t j,
                             const std::vector<AVFormatContext*>& contexts, const std::vector<Binding>& bindings,
                             size_t graph_inputs) {
  AVRational q{0, 1};
  av_parse_ratio(&q, value.c_str(), INT_MAX, 0, nullptr);
  if (q.num >= 0) return q;
  const OutputStream& out = outputs[j];
  std::optional<common::StreamRef> from;
  if (!out.from_graph) from = out.stream;
  else if (graph_inputs == 1 && !bindings.empty()) from = common::StreamRef{bindings[0].input, bindings[0].stream};
  if (from && contexts.at(from->input)) return contexts[from->input]->streams[from->stream]->time_base;
  common::log_warning("output stream " + std::to_string(j) +
                      ": -enc_time_base -1: no single input stream to take it from, using the default time base");
  return AVRational{0, 1};
}

void write_dump(const Options& o, const common::FilterGraph& g) {
  std::string text = o.dump_graph == "dot" ? dump_dot(g) : o.dump_graph == "json" ? dump_json(g) : dump_text(g);
  if (o.dump_graph_file.empty() || o.dump_graph_file == "-") {
    std::fputs(text.c_str(), o.dump_graph_file.empty() ? stderr : stdout);
    return;
  }
  std::ofstream f(o.dump_graph_file);
  f << text;
  if (!f) throw Error("writing the graph dump", "cannot write '" + o.dump_graph_file + "'", AVERROR(EIO));
}

// How long each thread worked and waited, for --stats and --trace (threaded: an input's thread waits for room in
// its queue, the graph's for frames of its inputs and for room at the output, the output's for frames).
struct ThreadTime {
  std::string name;
  double busy = 0, waiting = 0;
  std::string waiting_for;
};

std::vector<ThreadTime> thread_times(const std::vector<std::unique_ptr<MediaInput>>& inputs, const AsyncOutput* async,
                                     double run_seconds) {
  std::vector<ThreadTime> out;
  if (!async) return out;  // serial: one thread, busy throughout
  double graph_waiting = async->blocked_seconds();
  for (const auto& in : inputs) {
    if (!in || !in->used()) continue;
    out.push_back({"input " + std::to_string(in->index()), in->busy_seconds(), in->waiting_seconds(), "room in its queue"});
    graph_waiting += in->starved_seconds();
  }
  out.push_back({"graph", std::max(0.0, run_seconds - graph_waiting), graph_waiting, "input frames and output room"});
  out.push_back({"output", async->busy_seconds(), async->waiting_seconds(), "frames"});
  return out;
}

void print_stats(const common::FilterGraph& g, const common::Scheduler& sched, const std::vector<ThreadTime>& threads,
                 const std::vector<std::unique_ptr<MediaInput>>& inputs) {
  for (const auto& s : g.filter_stats())
    std::fprintf(stderr, "graphrun: stats: %s (%s): %lld frames in, %lld frames out\n", s.name.c_str(), s.kind.c_str(),
                 static_cast<long long>(s.frames_in), static_cast<long long>(s.frames_out));
  std::fprintf(stderr, "graphrun: stats: most frames queued in the graph: %lld\n",
               static_cast<long long>(sched.max_queued_frames()));
  std::fprintf(stderr, "graphrun: stats: graph: %d slice thread%s\n", g.threads(), g.threads() == 1 ? "" : "s");
  for (const ThreadTime& t : threads)
    std::fprintf(stderr, "graphrun: stats: thread %s: busy %.3f s, waiting %.3f s (for %s)\n", t.name.c_str(), t.busy,
                 t.waiting, t.waiting_for.c_str());
  for (const auto& in : inputs)
    for (const std::string& d : in ? in->decoder_threads() : std::vector<std::string>{})
      std::fprintf(stderr, "graphrun: stats: input %zu %s\n", in->index(), d.c_str());
}

// -filter_threads 0 in the threaded pipeline. A serial run keeps ffmpeg 5.1's one slice thread per core. Threaded,
// the graph's thread, the output's and the inputs' already share the cores, so the graph gets what the graph and
// output threads leave (at least one: no slice threads). A graph with no video output gets one whatever the cores:
// audio filters share their work out by channel, for every small frame, and on 600 s of stereo PCM through
// aresample, highpass and volume the hand-offs made the run 3.7 times slower than one thread (2 cores).
int pipelined_graph_threads(const std::vector<OutputStream>& outputs) {
  const bool video = std::any_of(outputs.begin(), outputs.end(),
                                 [](const OutputStream& s) { return s.type == AVMEDIA_TYPE_VIDEO; });
  return video ? std::max(1, av_cpu_count() - 2) : 1;
}

}  // namespace

int run(const Options& given) {
  Options resolved = given;  // an input's -sseof becomes its -ss once the input is open
  const Options& o = resolved;
  std::unique_ptr<common::FilterGraph> graph;
  std::vector<std::unique_ptr<MediaInput>> inputs;
  std::unique_ptr<MediaOutput> output;
  std::vector<Binding> bindings;
  std::vector<size_t> order;  // output stream j is carried by graph output order[j]
  try {
    common::GraphOptions gopts;
    gopts.threads = o.filter_threads;
    const std::string description = user_graph(o);
    // ffmpeg's simple graphs (-vf, -af) take the scaler options: "flags=bicubic", then -sws_flags's.
    if (description.empty() && !o.sws_flags.empty()) gopts.scale_sws_opts = "flags=bicubic:sws_flags=" + o.sws_flags;
    // Every input comes through our own sources (stdin, -i), where --timeout, the spool and SIGINT apply; filters
    // that open media or network endpoints by themselves would bypass that (movie=http://..., a zmq socket).
    for (const std::string* text : {&description, &o.vf, &o.af}) {
      const auto outside = common::filters_reaching_outside(*text, false);
      if (!outside.empty())
        throw common::usage_error("parsing the filter graph", "'" + outside.front() +
                                                                  "' opens media or network endpoints by itself, which "
                                                                  "graphrun refuses (give media as an input with -i)");
    }
    // Inputs: those the user's graph reads, those -map names, and every named one (ffmpeg opens every -i). Input 0
    // as stdin only implied is opened only when something reads it (a graph of sources alone does not wait on it).
    std::unique_ptr<common::FilterGraph> user;
    if (!description.empty()) user = common::FilterGraph::parse(description, gopts);
    for (const std::string* chain : {&o.vf, &o.af}) {  // ffmpeg's simple graphs: one input, one output
      if (chain->empty()) continue;
      const auto g = common::FilterGraph::parse(*chain, gopts);
      if (g->inputs().size() != 1 || g->outputs().size() != 1)
        throw common::usage_error("parsing the filter graph", std::string(chain == &o.vf ? "-vf" : "-af") +
                                                                  " takes one chain of one input and one output "
                                                                  "(ffmpeg's simple graph); give -filter_complex");
    }
    inputs.resize(o.inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
      bool wanted = o.inputs_named || (user ? needs_input(*user, i) : i == 0);
      for (const auto& m : o.maps) {
        std::string spec;
        wanted |= !m.empty() && m[0] != '[' && m[0] != '-' && static_cast<size_t>(common::split_input_index(m, spec)) == i;
      }
      if (!wanted) continue;
      const std::string& path = o.inputs[i];
      if (path == "-" && common::is_terminal(STDIN_FILENO))
        throw common::usage_error("reading input " + std::to_string(i),
                                  "stdin is a terminal: give -i INPUT or pipe something in");
      Options::InputSpec& in_spec = resolved.input_specs.at(i);
      inputs[i] = std::make_unique<MediaInput>(i, path, timestamp_options(o, i), o.shared.timeout_ms, o.shared.spool_limit,
                                               in_spec.format, in_spec.demuxer_options, in_spec.decoders,
                                               in_spec.decoder_options, in_spec.stream_loop);
      inputs[i]->set_autorotate(in_spec.autorotate);
      if (in_spec.sseof != AV_NOPTS_VALUE) {
        in_spec.cut.start = inputs[i]->resolve_sseof(in_spec.sseof);
        inputs[i]->set_timestamps(timestamp_options(o, i));
      }
      inputs[i]->set_pipelined(!o.serial);
      if (in_spec.cut.has_start()) inputs[i]->seek(in_spec.cut.start);
      inputs[i]->set_read_rate(in_spec.readrate);
    }
    std::vector<AVFormatContext*> contexts;
    for (const auto& in : inputs) contexts.push_back(in ? in->ctx() : nullptr);

    // The output streams, as ffmpeg chooses them; then the graph that makes all of them.
    OutputSpec spec;
    spec.path = o.output;
    spec.format = o.format;
    spec.muxer_options = o.muxer_options;
    spec.timecode = o.timecode;
    spec.mux_delay = o.shared.mux_delay;
    spec.mux_preload = o.shared.mux_preload;
    spec.video.codec = o.video_codec;
    spec.audio.codec = o.audio_codec;
    spec.video.qscale = o.video_qscale;
    spec.audio.qscale = o.audio_qscale;
    spec.video.options = spec.audio.options = o.enc_opts;
    spec.video.options.insert(spec.video.options.end(), o.video_opts.begin(), o.video_opts.end());
    spec.audio.options.insert(spec.audio.options.end(), o.audio_opts.begin(), o.audio_opts.end());
    o.shared.refuse_existing_output(o.output);  // -n, as ffmpeg: an existing output file is never replaced
    output = std::make_unique<MediaOutput>(spec);
    StreamChoice choice;
    choice.maps = o.maps;
    choice.no_video = o.no_video;
    choice.no_audio = o.no_audio;
    choice.no_subtitles = o.no_subtitles;
    choice.no_data = o.no_data;
    choice.automatic = o.inputs_named || (user && needs_input(*user, 0)) || !user;
    choice.output_name = o.output == "-" ? "" : o.output;
    const std::vector<OutputStream> outputs =
        choose_outputs(user ? &user->outputs() : nullptr, contexts, choice, output->format());
    std::vector<std::string> chain_labels;
    const std::string full = full_graph(o, description, outputs, chain_labels);
    if (o.filter_threads == 0 && !o.serial) gopts.threads = pipelined_graph_threads(outputs);
    graph = common::FilterGraph::parse(full, gopts);
    // Output stream j is carried by graph output order[j]: the user's outputs keep their filter and pad in the
    // larger graph; the chains are found by their labels.
    size_t chain = 0;
    for (const OutputStream& out : outputs) {
      const auto& pads = graph->outputs();
      size_t k = 0;
      if (out.from_graph) {
        const common::GraphPad& want = user->outputs()[out.graph_output];
        while (k < pads.size() && (pads[k].filter != want.filter || pads[k].pad != want.pad)) ++k;
      } else {
        while (k < pads.size() && pads[k].label != chain_labels[chain]) ++k;
        ++chain;
      }
      if (k == pads.size()) throw Error("building the filter graph", "an output stream lost its graph output", AVERROR_BUG);
      order.push_back(k);
    }
    if (order.size() != graph->outputs().size())
      throw Error("building the filter graph", "a graph output carries no output stream", AVERROR_BUG);
    bindings = bind_labels(*graph, contexts, user ? user->inputs().size() : 0);
    for (const auto& w : graph->endless_source_warnings()) common::log_warning(w);
    for (size_t p = 0; p < bindings.size(); ++p) {
      MediaInput& in = *inputs[bindings[p].input];
      in.feed(bindings[p].stream, p);
      graph->set_source(p, in.source_params(bindings[p].stream), input_trim(o, bindings[p].input, in.ctx()));
    }
    std::vector<common::SinkParams> sinks(graph->outputs().size());
    for (size_t k = 0; k < graph->outputs().size(); ++k) sinks[k] = output->add(graph->outputs()[k].type);
    for (size_t j = 0; j < order.size(); ++j) sinks[order[j]] = output_constraints(o, outputs, j, sinks[order[j]]);
    for (size_t k = 0; k < sinks.size(); ++k) graph->set_sink(k, sinks[k], o.output_cut);
    output->set_output_cut(o.output_cut);
    output->set_shortest(o.shortest);
    output->set_size_limit(o.limit_filesize);
    for (size_t j = 0; j < order.size(); ++j) {
      output->set_timing(order[j], video_timing(o, outputs, j, user != nullptr, contexts, output->format()));
      const std::string frames = setting_for(o.max_frames, outputs, j, "-frames");
      if (!frames.empty()) output->set_max_frames(order[j], std::stoll(frames));
      encoder_settings(o, outputs, j, order[j], *output);
      if (const std::string tb = setting_for(o.enc_time_bases, outputs, j, "-enc_time_base"); !tb.empty())
        output->set_encoder_time_base(order[j], encoder_time_base(tb, outputs, j, contexts, bindings,
                                                                  user ? user->inputs().size() : 0));
      // -shortest's groups: the user graph's outputs end together, as ffmpeg's; a stream of its own by itself.
      output->set_group(order[j], outputs[j].from_graph ? 0 : static_cast<int>(j) + 1);
    }
    graph->configure();
    if (!o.dump_graph.empty()) write_dump(o, *graph);
    // Tags, chapters and dispositions as ffmpeg sets them: output stream j's tags come from its input stream when
    // it has one (not from a -filter_complex graph's outputs); the chapters are shifted as that input's timestamps.
    output->open(*graph, order, [&](AVFormatContext* oc) {
      std::vector<const AVStream*> sources;
      for (const OutputStream& out : outputs)
        sources.push_back(out.from_graph ? nullptr : contexts[out.stream.input]->streams[out.stream.stream]);
      std::vector<int64_t> offsets;
      for (size_t k = 0; k < contexts.size(); ++k)
        offsets.push_back(common::initial_ts_offset(contexts[k], timestamp_options(o, k)));
      common::set_output_metadata(oc, contexts, sources, offsets, o.output_cut, o.metadata, true);
    });
  } catch (const Error& e) {
    common::log_error(e.context(), e.reason());
    // What the user asked for (the graph, its labels, the encoders) was raised as a usage error (2).
    return common::exit_status(e.kind());
  }

  common::SchedulerOptions sopts;
  if (o.max_queued_frames > 0) sopts.max_queued_frames = o.max_queued_frames;
  common::Scheduler sched(*graph, sopts);
  std::vector<std::string> input_names;
  MediaInput* failed_input = nullptr;
  for (auto& in : inputs) {
    if (!in || !in->used()) continue;
    MediaInput* raw = in.get();
    size_t id = sched.add_input(std::to_string(raw->index()), [raw, &sched, &failed_input] {
      int ret = raw->read_once(sched);
      // An error of the input itself (not of the graph or the output the frames went on to) names its context.
      if (ret < 0 && ret != AVERROR_EOF && !raw->error_context().empty()) failed_input = raw;
      return ret;
    }, [raw, &sched] { return raw->drain(sched); });
    input_names.push_back(std::to_string(raw->index()) + ":" + raw->path());
    for (size_t p = 0; p < bindings.size(); ++p)
      if (bindings[p].input == raw->index()) sched.connect(id, p);
  }
  common::ProgressOptions popts;
  popts.line = o.progress || common::is_terminal(STDERR_FILENO);
  popts.url = o.shared.progress_url;
  popts.period = o.shared.stats_period;
  if (inputs[0] && inputs[0]->ctx()->duration > 0) {  // how far along: input 0's length, when its header says
    double duration = static_cast<double>(inputs[0]->ctx()->duration) / AV_TIME_BASE;
    for (const common::CutRange* cut : {&o.input_specs.at(0).cut, &o.output_cut}) {
      duration -= static_cast<double>(cut->start_or_zero()) / AV_TIME_BASE;
      if (cut->has_length()) duration = std::min(duration, static_cast<double>(cut->length) / AV_TIME_BASE);
    }
    if (duration > 0) popts.duration = duration;
  }
  std::unique_ptr<common::Progress> progress_owner;
  try {
    progress_owner = std::make_unique<common::Progress>(popts);
  } catch (const Error& e) {
    common::log_error(e.context(), e.reason());
    return common::exit_status(e.kind());
  }
  common::Progress& progress = *progress_owner;
  int64_t video_frames = 0;
  // --metadata-out: graph output k carries output stream stream_of[k]; a label of graphrun's own (a -vf chain's,
  // graphrun_out_N) is none of the user's.
  std::unique_ptr<MetadataWriter> metadata;
  std::vector<size_t> stream_of(graph->outputs().size());
  for (size_t j = 0; j < order.size(); ++j) stream_of[order[j]] = j;
  if (!o.metadata_out.empty()) {
    try {
      metadata = std::make_unique<MetadataWriter>(o.metadata_out);
    } catch (const Error& e) {
      common::log_error(e.context(), e.reason());
      return common::exit_status(e.kind());
    }
  }
  // The output step: on the graph's thread (serial), or on the output's own (threaded: the frames queued in order).
  const auto consume = [&](size_t sink, AVFrame* frame) {
    // The metadata of the frames the output takes (not of those past its -t or -frames), with their own times (the
    // encoder may retime the frame it is given).
    const int64_t pts = frame ? frame->pts : AV_NOPTS_VALUE;
    common::FramePtr props;
    if (metadata && frame && !(props = common::FramePtr(av_frame_alloc()))) return AVERROR(ENOMEM);
    if (props && av_frame_copy_props(props.get(), frame) < 0) return AVERROR(ENOMEM);
    int ret = output->write(sink, frame);
    if (props && ret >= 0) {
      props->pts = pts;
      const std::string& label = graph->outputs()[sink].label;
      int r = metadata->write(stream_of[sink], label.rfind("graphrun_out_", 0) == 0 ? std::string() : label,
                              props.get(), av_buffersink_get_time_base(graph->sink(sink)));
      if (r < 0) return r;
    }
    if (frame && frame->width > 0 && ret >= 0) ++video_frames;
    progress.update(output->bytes(), output->seconds(), video_frames);
    return ret;
  };
  std::unique_ptr<AsyncOutput> async;
  if (o.serial) {
    sched.set_output(consume);
  } else {
    async = std::make_unique<AsyncOutput>(consume, kOutputAhead);
    sched.set_output([&async](size_t sink, AVFrame* frame) { return async->submit(sink, frame); });
    for (auto& in : inputs)
      if (in && in->used()) in->start_thread(kInputAhead);
  }
  // Ends the threads: the inputs' (what they read ahead is dropped) and the output's (what it was given is written).
  // The output's first error, or 0.
  const auto end_threads = [&] {
    for (auto& in : inputs)
      if (in) in->stop_thread();
    return async ? async->close() : 0;
  };
  const auto run_start = std::chrono::steady_clock::now();
  std::unique_ptr<TraceWriter> trace;
  try {
    if (!o.trace_file.empty()) {
      std::vector<std::string> src_names, sink_names;
      for (const auto& p : graph->inputs()) src_names.push_back(p.label.empty() ? p.describe() : p.label);
      for (size_t k = 0; k < graph->outputs().size(); ++k)
        sink_names.push_back(graph->outputs()[k].label.empty() ? "output " + std::to_string(k) : graph->outputs()[k].label);
      trace = std::make_unique<TraceWriter>(o.trace_file, src_names, sink_names, input_names);
      TraceWriter* t = trace.get();
      sched.set_trace([t](const common::SchedEvent& ev) { t->write(ev); });
    }
  } catch (const Error& e) {
    common::log_error(e.context(), e.reason());
    return common::kExitFailure;
  }

  int ret = sched.run([] { return common::interrupted(); });
  if (ret < 0 && ret != AVERROR_EXIT && failed_input) {
    // An input failed (a read error, a timeout, the spool): what was read before goes through the graph and the
    // output is finished, so that it is valid up to the fault; a file named with -o is still not put in place.
    int r = sched.stop();
    int out = end_threads();
    if (r >= 0 && out >= 0 && output->error_context().empty()) output->finish(false);
  }
  const int output_error = end_threads();
  if (output_error < 0 && (ret >= 0 || ret == AVERROR_EXIT)) ret = output_error;
  const double run_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  progress.finish(output->bytes(), output->seconds(), video_frames);
  const std::vector<ThreadTime> threads = thread_times(inputs, async.get(), run_seconds);
  if (o.stats) print_stats(*graph, sched, threads, inputs);
  if (trace) {
    for (const auto& st : graph->filter_stats()) trace->write(st);
    for (const ThreadTime& t : threads) trace->write_thread(t.name, t.busy, t.waiting, t.waiting_for);
  }
  if (ret == AVERROR(EPIPE)) return common::kExitOk;  // the reader went away: a quiet stop
  if (ret < 0 && ret != AVERROR_EXIT) {
    if (ret == common::kErrorGraphStalled) {
      std::string busiest = graph->busiest_link();
      common::log_error("running the graph", "the graph waits for frames that no input can give (" +
                                                 std::to_string(graph->queued_frames()) + " frames queued" +
                                                 (busiest.empty() ? "" : ", most on " + busiest) + "; see --trace)");
    } else if (!sched.error_reason().empty()) {
      common::log_error("running the graph", sched.error_reason());
    } else if (failed_input) {
      common::log_error(failed_input->error_context(), common::av_error_text(ret));
    } else if (!output->error_context().empty()) {
      common::log_error(output->error_context(), output->error_reason().empty() ? common::av_error_text(ret)
                                                                                : output->error_reason());
      // An encoder opened on its first frame refused what it was asked (an option, a format): a usage error.
      if (output->error_kind() == common::ErrorKind::kUsage) return common::exit_status(common::ErrorKind::kUsage);
    } else {
      common::log_error("running the graph", common::av_error_text(ret));
    }
    return common::kExitFailure;
  }
  int fin = output->finish(true);
  if (fin == AVERROR(EPIPE)) return common::kExitOk;
  if (fin < 0) {
    common::log_error(output->error_context(),
                      output->error_reason().empty() ? common::av_error_text(fin) : output->error_reason());
    return output->error_kind() == common::ErrorKind::kUsage ? common::exit_status(common::ErrorKind::kUsage)
                                                              : common::kExitFailure;
  }
  return ret == AVERROR_EXIT ? common::interrupted_exit_status() : common::kExitOk;
}

}  // namespace graphrun
