// Fuzz target: arbitrary text as a graphrun filter graph (ffmpeg -filter_complex syntax, with input labels such
// as [0:v], [1:a:2], [0:1], unlabeled pads and unknown labels) over a fixed set of fake inputs, through the code
// graphrun runs: FilterGraph::parse, graphrun's label binding (bind_labels, on AVFormatContexts that hold the fake
// streams), set_source/set_sink, configure, the dumps and warnings, and, bounded, a few generated frames through
// the Scheduler. Must never crash, hang or leak, whatever the text.
//   input 0: video 64x48 yuv420p 25 fps (tb 1/25), audio 8 kHz s16 stereo
//   input 1: video 32x24 rgb24 10 fps (tb 1/10), audio 11025 Hz fltp mono, audio 16 kHz s16 5.1
// The first byte picks the options (seeds are "selector byte + graph"; see seeds_fuzz_graph.sh):
//   bit 0     run frames through the scheduler (else: stop after configure and the dumps)
//   bit 1     sinks ask for what graphrun's default encoders take (yuv420p video, s16 audio), else anything
//   bit 2     input 1 is absent (labels naming it are errors)
//   bits 3-4  frames per stream: 2, 6, 12, 25
//   bit 5     input 0 changes format halfway (video 64x48 -> 48x36 nv12, audio 8 kHz stereo -> 16 kHz mono), so
//             the scheduler rebuilds the graph mid-run
// Filters that open files, sockets, plugins or devices by name are refused before parsing (see
// common::filters_reaching_outside), so are filters asked for more than 32 pads (slow to create, see
// asks_for_many_pads), graphs whose filters are asked for huge pictures or sample rates (asks_for_huge_work)
// and filters that leak inside the system's libavfilter (kLeaksInLibavfilter), and graphs whose links would carry
// huge frames are not run.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bind.hpp"
#include "graph_dump.hpp"
#include "common/errors.hpp"
#include "common/filter_graph.hpp"
#include "common/scheduler.hpp"

using namespace common;

namespace {

constexpr size_t kMaxText = 4096;           // longer descriptions add nothing but parse time
constexpr int kMaxWidth = 2048, kMaxHeight = 2048;
constexpr int64_t kMaxPixels = 512 * 512;   // per link: bounds the work and memory per frame
constexpr int kMaxSampleRate = 384000;
constexpr int kMaxChannels = 16;
constexpr int kMaxSteps = 400;              // scheduler steps before stop()
constexpr int kDrainRequests = 64;          // stop(): requests made to drain (endless sources)
constexpr int64_t kMaxOutFrames = 300;      // frames taken from the sinks before stop()
constexpr int kFramesPerStream[] = {2, 6, 12, 25};
constexpr int kAudioFrameSamples = 320;
constexpr size_t kMaxPads = 64;       // open inputs or outputs of a graph that is bound and run
constexpr unsigned kMaxFilters = 256;

struct FakeStream {
  AVMediaType type;
  // video
  int width = 0, height = 0;
  AVPixelFormat pix_fmt = AV_PIX_FMT_NONE;
  AVRational rate{0, 1};
  // audio
  int sample_rate = 0;
  AVSampleFormat sample_fmt = AV_SAMPLE_FMT_NONE;
  int channels = 0;
};

const std::vector<std::vector<FakeStream>>& fake_inputs() {
  static const std::vector<std::vector<FakeStream>> inputs = {
      {{AVMEDIA_TYPE_VIDEO, 64, 48, AV_PIX_FMT_YUV420P, {25, 1}},
       {AVMEDIA_TYPE_AUDIO, 0, 0, AV_PIX_FMT_NONE, {0, 1}, 8000, AV_SAMPLE_FMT_S16, 2}},
      {{AVMEDIA_TYPE_VIDEO, 32, 24, AV_PIX_FMT_RGB24, {10, 1}},
       {AVMEDIA_TYPE_AUDIO, 0, 0, AV_PIX_FMT_NONE, {0, 1}, 11025, AV_SAMPLE_FMT_FLTP, 1},
       {AVMEDIA_TYPE_AUDIO, 0, 0, AV_PIX_FMT_NONE, {0, 1}, 16000, AV_SAMPLE_FMT_S16, 6}},
  };
  return inputs;
}

struct FormatContextDeleter {
  void operator()(AVFormatContext* c) const { avformat_free_context(c); }
};
using FakeContext = std::unique_ptr<AVFormatContext, FormatContextDeleter>;

// An AVFormatContext holding the fake streams' types and parameters, for the stream specifiers to match.
FakeContext fake_context(const std::vector<FakeStream>& streams) {
  FakeContext ctx(avformat_alloc_context());
  if (!ctx) return ctx;
  for (const auto& s : streams) {
    AVStream* st = avformat_new_stream(ctx.get(), nullptr);
    if (!st) return FakeContext();
    st->codecpar->codec_type = s.type;
    if (s.type == AVMEDIA_TYPE_VIDEO) {
      st->codecpar->codec_id = AV_CODEC_ID_RAWVIDEO;
      st->codecpar->width = s.width;
      st->codecpar->height = s.height;
      st->codecpar->format = s.pix_fmt;
      st->time_base = av_inv_q(s.rate);
      st->avg_frame_rate = st->r_frame_rate = s.rate;
    } else {
      st->codecpar->codec_id = AV_CODEC_ID_PCM_S16LE;
      st->codecpar->sample_rate = s.sample_rate;
      st->codecpar->format = s.sample_fmt;
      av_channel_layout_default(&st->codecpar->ch_layout, s.channels);
      st->time_base = AVRational{1, s.sample_rate};
    }
  }
  return ctx;
}

SourceParams source_params(const FakeStream& s) {
  SourceParams p;
  p.type = s.type;
  if (s.type == AVMEDIA_TYPE_VIDEO) {
    p.time_base = av_inv_q(s.rate);
    p.width = s.width;
    p.height = s.height;
    p.pix_fmt = s.pix_fmt;
    p.sample_aspect_ratio = AVRational{1, 1};
    p.frame_rate = s.rate;
  } else {
    p.time_base = AVRational{1, s.sample_rate};
    p.sample_rate = s.sample_rate;
    p.sample_fmt = s.sample_fmt;
    AVChannelLayout layout{};
    av_channel_layout_default(&layout, s.channels);
    char buf[64];
    av_channel_layout_describe(&layout, buf, sizeof buf);
    p.ch_layout = buf;
    av_channel_layout_uninit(&layout);
  }
  return p;
}

// Frame n of a stream, with deterministic content.
FramePtr fake_frame(const FakeStream& s, int n) {
  FramePtr f = make_frame();
  if (s.type == AVMEDIA_TYPE_VIDEO) {
    f->format = s.pix_fmt;
    f->width = s.width;
    f->height = s.height;
    f->sample_aspect_ratio = AVRational{1, 1};
    f->pts = n;
    f->pkt_duration = 1;
  } else {
    f->format = s.sample_fmt;
    f->sample_rate = s.sample_rate;
    f->nb_samples = kAudioFrameSamples;
    av_channel_layout_default(&f->ch_layout, s.channels);
    f->pts = static_cast<int64_t>(n) * kAudioFrameSamples;
  }
  if (av_frame_get_buffer(f.get(), 0) < 0) return nullptr;
  for (int plane = 0; plane < AV_NUM_DATA_POINTERS && f->buf[plane]; ++plane)
    for (size_t i = 0; i < f->buf[plane]->size; ++i)
      f->buf[plane]->data[i] = static_cast<uint8_t>((i * 7 + static_cast<size_t>(n) * 13 + static_cast<size_t>(plane)) & 0x7f);
  return f;
}

// True when every link carries frames small enough to run cheaply.
bool links_are_small(const FilterGraph& g) {
  for (const auto& l : g.links()) {
    if (l.type == AVMEDIA_TYPE_VIDEO) {
      if (l.width <= 0 || l.height <= 0 || l.width > kMaxWidth || l.height > kMaxHeight ||
          static_cast<int64_t>(l.width) * l.height > kMaxPixels)
        return false;
    } else if (l.type == AVMEDIA_TYPE_AUDIO) {
      if (l.sample_rate <= 0 || l.sample_rate > kMaxSampleRate) return false;
    }
  }
  for (unsigned i = 0; i < g.graph()->nb_filters; ++i) {
    const AVFilterContext* f = g.graph()->filters[i];
    for (unsigned k = 0; k < f->nb_outputs; ++k)
      if (f->outputs[k] && f->outputs[k]->type == AVMEDIA_TYPE_AUDIO &&
          f->outputs[k]->ch_layout.nb_channels > kMaxChannels)
        return false;
  }
  return true;
}

// The graph's frames: each input pushes its streams' frames in turn, then closes its sources.
// What input 0's streams turn into halfway with selector bit 5.
FakeStream changed(FakeStream s) {
  if (s.type == AVMEDIA_TYPE_VIDEO) {
    s.width = 48;
    s.height = 36;
    s.pix_fmt = AV_PIX_FMT_NV12;
  } else {
    s.sample_rate = 16000;
    s.channels = 1;
  }
  return s;
}

class FakeInput {
 public:
  FakeInput(const std::vector<FakeStream>& streams, int frames, bool change_halfway)
      : streams_(streams), frames_(frames), change_halfway_(change_halfway) {}
  void feed(int stream, size_t source) { feeds_.push_back({stream, source}); }
  bool used() const { return !feeds_.empty(); }
  int read(Scheduler& sched) {
    if (next_ >= frames_ * static_cast<int>(streams_.size())) {
      for (const auto& [stream, source] : feeds_) sched.send_eof(source, AV_NOPTS_VALUE, AVRational{1, 1});
      return AVERROR_EOF;
    }
    int stream = next_ % static_cast<int>(streams_.size());
    int n = next_ / static_cast<int>(streams_.size());
    ++next_;
    FramePtr f;
    for (const auto& [s, source] : feeds_) {
      if (s != stream) continue;
      if (!f) {
        const FakeStream& fs = streams_[static_cast<size_t>(stream)];
        f = change_halfway_ && n >= frames_ / 2 ? fake_frame(changed(fs), n) : fake_frame(fs, n);
      }
      if (!f) return AVERROR(ENOMEM);
      int ret = sched.send_frame(source, f.get());
      if (ret < 0 && ret != AVERROR_EOF) return ret;
    }
    return 0;
  }

 private:
  const std::vector<FakeStream>& streams_;
  int frames_;
  bool change_halfway_;
  int next_ = 0;
  std::vector<std::pair<int, size_t>> feeds_;
};

// A filter that draws its own pictures (showwaves, showspectrum, avectorscope, ...) allocates buffers for the size
// it is asked for when the graph is configured, before any frame (showwaves=s=9177777x48: 1.7 GB), and a source
// asked for a huge sample rate makes the auto-inserted resampler build tables for it (anullsrc=r=597260174). ffmpeg
// does the same; it is what was asked for. So after parsing, a graph whose filters have an image size option above
// kMaxSide on a side, a w/h/width/height option above kMaxSide, or a sample rate above kMaxSampleRate, is not
// configured here. (Options, not text: however a value was spelled, this is what the filter got.)
constexpr int64_t kMaxSide = 16384;

bool asks_for_huge_work(const FilterGraph& g) {
  for (unsigned i = 0; i < g.graph()->nb_filters; ++i) {
    AVFilterContext* f = g.graph()->filters[i];
    if (!f->priv || !f->filter->priv_class) continue;
    for (const AVOption* o = nullptr; (o = av_opt_next(f->priv, o));) {
      if (o->type == AV_OPT_TYPE_IMAGE_SIZE) {
        int w = 0, h = 0;
        if (av_opt_get_image_size(f->priv, o->name, 0, &w, &h) >= 0 && (w > kMaxSide || h > kMaxSide)) return true;
      } else if (o->type == AV_OPT_TYPE_INT || o->type == AV_OPT_TYPE_INT64 || o->type == AV_OPT_TYPE_STRING) {
        const std::string name = o->name;
        const bool side = name == "w" || name == "h" || name == "width" || name == "height";
        const bool rate = name == "sample_rate" || name == "r";
        if (!side && !rate) continue;
        int64_t v = 0;
        if (o->type == AV_OPT_TYPE_STRING) {  // anullsrc takes its rate as text
          uint8_t* text = nullptr;
          if (av_opt_get(f->priv, o->name, 0, &text) < 0 || !text) continue;
          v = std::strtoll(reinterpret_cast<const char*>(text), nullptr, 10);
          av_free(text);
        } else if (av_opt_get_int(f->priv, o->name, 0, &v) < 0) {
          continue;
        }
        if ((side && v > kMaxSide) || (rate && v > kMaxSampleRate)) return true;
      }
    }
  }
  return false;
}

void run_graph(const std::string& text, uint8_t selector) {
  GraphOptions gopts;
  gopts.threads = 1;
  auto graph = FilterGraph::parse(text, gopts);
  if (asks_for_huge_work(*graph)) return;
  // However the pad count was spelled (an expression), a graph this large is not run: its work is its size.
  if (graph->inputs().size() > kMaxPads || graph->outputs().size() > kMaxPads || graph->graph()->nb_filters > kMaxFilters)
    return;
  const bool second_input = (selector & 4) == 0;
  std::vector<FakeContext> contexts;
  std::vector<AVFormatContext*> raw;
  for (size_t i = 0; i < fake_inputs().size(); ++i) {
    // As graphrun: an input is opened only when the graph reads it (and input 1 only when it was given).
    const bool present = (i == 0 || second_input) && graphrun::needs_input(*graph, i);
    contexts.push_back(present ? fake_context(fake_inputs()[i]) : FakeContext());
    raw.push_back(contexts.back().get());
  }
  const std::vector<graphrun::Binding> bindings = graphrun::bind_labels(*graph, raw);
  graph->endless_source_warnings();
  for (size_t p = 0; p < bindings.size(); ++p)
    graph->set_source(p, source_params(fake_inputs()[bindings[p].input][static_cast<size_t>(bindings[p].stream)]));
  for (size_t k = 0; k < graph->outputs().size(); ++k) {
    SinkParams sp;
    if (selector & 2) {
      if (graph->outputs()[k].type == AVMEDIA_TYPE_VIDEO) {
        sp.formats = {AV_PIX_FMT_YUV420P};
      } else {
        sp.formats = {AV_SAMPLE_FMT_S16};
        sp.sample_rates = {8000, 48000};
        sp.ch_layouts = {"mono", "stereo"};
      }
    }
    graph->set_sink(k, sp);
  }
  graph->configure();
  graphrun::dump_text(*graph);
  graphrun::dump_dot(*graph);
  graphrun::dump_json(*graph);
  if (!(selector & 1) || !links_are_small(*graph)) return;

  SchedulerOptions sopts;
  sopts.drain_requests = kDrainRequests;
  sopts.max_queued_frames = 64;
  Scheduler sched(*graph, sopts);
  const int frames = kFramesPerStream[(selector >> 3) & 3];
  std::vector<std::unique_ptr<FakeInput>> inputs;
  for (size_t i = 0; i < fake_inputs().size(); ++i)
    inputs.push_back(std::make_unique<FakeInput>(fake_inputs()[i], frames, i == 0 && (selector & 32) != 0));
  for (size_t p = 0; p < bindings.size(); ++p)
    inputs[bindings[p].input]->feed(bindings[p].stream, p);
  for (auto& in : inputs) {
    if (!in->used()) continue;
    FakeInput* raw_in = in.get();
    size_t id = sched.add_input("fake", [raw_in, &sched] { return raw_in->read(sched); });
    for (size_t p = 0; p < bindings.size(); ++p)
      if (inputs[bindings[p].input].get() == raw_in) sched.connect(id, p);
  }
  int64_t out_frames = 0;
  sched.set_output([&out_frames](size_t, AVFrame* frame) {
    if (frame) ++out_frames;
    return 0;
  });
  int steps = 0;
  sched.run([&] { return ++steps > kMaxSteps || out_frames > kMaxOutFrames; });
  sched.stop();
  graph->filter_stats();
}

// Filters whose options set how many pads they have (libavfilter adds them one realloc at a time, so tens of
// thousands take seconds to create, inside avfilter_graph_parse2): finite work, but not worth the fuzzer's time.
constexpr const char* kManyPads[] = {"concat", "amix", "amerge", "split", "asplit", "hstack", "vstack", "xstack",
                                     "mix", "interleave", "ainterleave", "join", "streamselect", "astreamselect",
                                     "mergeplanes", "headphone", "select", "aselect", "segment", "asegment",
                                     "decimate", "fieldmatch", "premultiply", "unpremultiply", "signature", "afir"};
constexpr long kMaxPadCount = 32;

// True when a number above kMaxPadCount stands in the options of such a filter (its name is the first word of
// the filter's text, which runs from the last ',', ';' or ']' to the next one).
bool asks_for_many_pads(const std::string& raw) {
  std::string text;
  for (char c : raw)
    if (c != '\\' && c != '\'') text += c;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    size_t j = i;
    long value = 0;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') {
      if (value <= kMaxPadCount) value = value * 10 + (text[j] - '0');
      ++j;
    }
    // AVOption numbers take SI suffixes and exponents ("7K", "1e4"): count those as large.
    if (j < text.size() && std::strchr("kKMGTPe", text[j])) value = kMaxPadCount + 1;
    if (value > kMaxPadCount) {
      size_t start = text.find_last_of(",;]", i);
      start = start == std::string::npos ? 0 : start + 1;
      while (start < i && !std::isalpha(static_cast<unsigned char>(text[start]))) ++start;
      size_t end = start;
      while (end < i && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
      const std::string name = text.substr(start, end - start);
      for (const char* f : kManyPads)
        if (name == f) return true;
    }
    i = j;
  }
  return false;
}

// Filters that leak memory inside libavfilter 8 (FFmpeg 5.1, Debian 12) whatever the caller does, so LeakSanitizer
// would report them here as ours. Found by configuring each of the 527 filters of this libavfilter between a
// buffer source and sink in a plain C program (no code of ours) and pushing frames through it, under LSan:
//   abitscope: config_input allocates its colour table (s->fg, 4 bytes per channel) and uninit never frees it;
//              every configured abitscope leaks it (kept input: regressions/fuzz_graph/leak-abitscope-colour-table).
// graphrun itself does not refuse these: the leak is a few bytes once per run.
constexpr const char* kLeaksInLibavfilter[] = {"abitscope"};

bool names_leaking_filter(const std::string& text) {
  for (const std::string& w : description_words(text))
    for (const char* f : kLeaksInLibavfilter)
      if (w == f) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  av_log_set_level(AV_LOG_QUIET);
  if (size < 1 || size > kMaxText + 1) return 0;
  const uint8_t selector = data[0];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (text.find('\0') != std::string::npos) return 0;  // a C string to libavfilter: it would end there anyway
  if (!filters_reaching_outside(text, true).empty()) return 0;
  if (asks_for_many_pads(text)) return 0;
  if (names_leaking_filter(text)) return 0;
  try {
    run_graph(text, selector);
  } catch (const Error&) {
    // a graph that does not parse, bind or configure: graphrun's usage error
  }
  return 0;
}
