#include "remux.hpp"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "common/bsf.hpp"
#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "common/read_rate.hpp"
#include "common/timestamps.hpp"

namespace memremux {
namespace {

using common::Error;
using common::StreamRef;



// ---- streams ----------------------------------------------------------------------------------------------

std::string describe(size_t input, const AVStream* st) {
  const char* type = av_get_media_type_string(st->codecpar->codec_type);
  return "stream " + std::to_string(input) + ":" + std::to_string(st->index) + " (" + (type ? type : "unknown") + " " +
         avcodec_get_name(st->codecpar->codec_id) + ")";
}

const AVStream* input_stream(const std::vector<AVFormatContext*>& inputs, const StreamRef& s) {
  return inputs[s.input]->streams[s.stream];
}

// ffmpeg's stream copy keeps the input's codec tag unless the output container maps that tag to another codec
// (or has its own tag for the codec and does not know this one).
uint32_t copy_codec_tag(const AVOutputFormat* of, const AVCodecParameters* par) {
  uint32_t tag = par->codec_tag;
  unsigned int own = 0;
  if (!of->codec_tag || av_codec_get_id(of->codec_tag, tag) == par->codec_id ||
      !av_codec_get_tag2(of->codec_tag, par->codec_id, &own))
    return tag;
  return 0;
}

// Sets up output stream `ost` as a copy of `ist`, as ffmpeg -c copy does (its tags: set_metadata).
void configure_stream(AVFormatContext* oc, AVStream* ost, const AVStream* ist) {
  AVCodecParameters* par = ost->codecpar;
  common::check(avcodec_parameters_copy(par, ist->codecpar), "adding an output stream");
  par->codec_tag = copy_codec_tag(oc->oformat, ist->codecpar);
  ost->time_base = AVRational{0, 0};
  common::check(avformat_transfer_internal_stream_timing_info(oc->oformat, ost, ist, AVFMT_TBCF_AUTO),
                "adding an output stream");
  if (ost->time_base.num <= 0 || ost->time_base.den <= 0)
    ost->time_base = av_add_q(av_stream_get_codec_timebase(ost), AVRational{0, 1});
  if (ost->duration <= 0 && ist->duration > 0)
    ost->duration = av_rescale_q(ist->duration, ist->time_base, ost->time_base);
  ost->disposition = ist->disposition;
  ost->avg_frame_rate = ist->avg_frame_rate;
  for (int i = 0; i < ist->nb_side_data; ++i) {
    const AVPacketSideData& sd = ist->side_data[i];
    uint8_t* dst = av_stream_new_side_data(ost, sd.type, sd.size);
    if (!dst) throw Error("adding an output stream", AVERROR(ENOMEM));
    std::memcpy(dst, sd.data, sd.size);
  }
  if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
    if (par->codec_id == AV_CODEC_ID_MP3 && (par->block_align == 1 || par->block_align == 1152 || par->block_align == 576))
      par->block_align = 0;
    if (par->codec_id == AV_CODEC_ID_AC3) par->block_align = 0;
  } else if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
    AVRational sar = ist->sample_aspect_ratio.num ? ist->sample_aspect_ratio : ist->codecpar->sample_aspect_ratio;
    ost->sample_aspect_ratio = par->sample_aspect_ratio = sar;
    ost->r_frame_rate = ist->r_frame_rate;
  }
}

// Tags, chapters and dispositions as ffmpeg sets them (common::set_output_metadata); each output stream is a copy
// of `streams[i]`, whose tags it keeps.
void set_metadata(AVFormatContext* oc, const std::vector<AVFormatContext*>& inputs, const std::vector<StreamRef>& streams,
                  const std::vector<int64_t>& ts_offsets, const common::CutRange& cut,
                  const common::MetadataOptions& metadata) {
  std::vector<const AVStream*> sources;
  for (const StreamRef& s : streams) sources.push_back(input_stream(inputs, s));
  common::set_output_metadata(oc, inputs, sources, ts_offsets, cut, metadata, false);
}

// ffmpeg's timestamp rules for an input (common::InputTimestamps): the output starts at zero, or at the input's -ss,
// unless -copyts (then only -start_at_zero subtracts the start time); plus the input's -itsoffset.
common::TimestampOptions timestamp_options(const RemuxOptions& options, const RemuxInput& in) {
  common::TimestampOptions t;
  t.copyts = options.copyts;
  t.copyts_start_at_zero = options.start_at_zero;
  t.seek = in.cut.start_or_zero();
  t.input_ts_offset = in.itsoffset;
  return t;
}

// Opens an output with `streams` on a scratch sink shaped like the real one and writes its header: empty when
// the container takes them, else why not.
std::string trial(const common::OutputOptions& oo, bool seekable, const std::vector<AVFormatContext*>& inputs,
                  const std::vector<StreamRef>& streams) {
  common::MemorySink scratch(seekable);
  common::LogHold::mute(true);
  std::string why;
  common::OutputOptions trial_options = oo;
  if (trial_options.nested == common::NestedFiles::kWrite) trial_options.nested = common::NestedFiles::kDiscard;
  try {
    auto out = common::Output::open(scratch, trial_options);
    for (const StreamRef& s : streams) {
      const AVStream* ist = input_stream(inputs, s);
      AVStream* ost = out->add_stream(ist->codecpar, {0, 0});
      configure_stream(out->ctx(), ost, ist);
      // With its tags: an attachment needs its file name (-map_metadata and -metadata come in the real run).
      av_dict_copy(&ost->metadata, ist->metadata, 0);
    }
    common::set_default_dispositions(out->ctx());
    out->write_header();
  } catch (const Error& e) {
    if (e.code() == AVERROR_OPTION_NOT_FOUND) {  // the user's muxer option, not the streams
      common::LogHold::mute(false);
      throw;
    }
    why = e.reason();
  }
  common::LogHold::mute(false);
  return why;
}

// A raw container (one stream's bytes, no timestamps) that FFmpeg cannot tell us about (no codec list) holds
// the codec it is named for: h264 holds H.264, ac3 holds AC-3.
bool raw_codec_fits(const AVOutputFormat* of, const AVCodecParameters* par) {
  if (!(of->flags & AVFMT_NOTIMESTAMPS) || (of->flags & AVFMT_NOFILE) || of->codec_tag ||
      avformat_query_codec(of, par->codec_id, FF_COMPLIANCE_NORMAL) >= 0)
    return true;
  AVCodecID own = AV_CODEC_ID_NONE;
  switch (par->codec_type) {
    case AVMEDIA_TYPE_VIDEO: own = of->video_codec; break;
    case AVMEDIA_TYPE_AUDIO: own = of->audio_codec; break;
    case AVMEDIA_TYPE_SUBTITLE: own = of->subtitle_codec; break;
    default: break;
  }
  return own != AV_CODEC_ID_NONE && own == par->codec_id;
}

// ffmpeg's -map over the inputs, in map order: "1:a", "0" (every stream of input 0), "-0:s" takes back what earlier
// maps took, "0:s?" may match nothing. A stream is taken once. With no positive map at all, every stream of every
// input is the start ("-map -0:s" alone: all but subtitles), as with no -map.
std::vector<StreamRef> select_mapped(const std::vector<AVFormatContext*>& inputs, const std::vector<std::string>& maps) {
  std::vector<StreamRef> order;
  const bool any_positive =
      std::any_of(maps.begin(), maps.end(), [](const std::string& m) { return m.empty() || m[0] != '-'; });
  if (!any_positive)
    for (size_t k = 0; k < inputs.size(); ++k)
      for (unsigned i = 0; i < inputs[k]->nb_streams; ++i) order.push_back(StreamRef{k, static_cast<int>(i)});
  for (const std::string& m : maps) {
    const bool negative = !m.empty() && m[0] == '-';
    std::string body = negative ? m.substr(1) : m;
    const bool optional = !body.empty() && body.back() == '?';
    if (optional) body.pop_back();
    const std::vector<StreamRef> named = common::streams_named(inputs, body);
    if (named.empty() && !negative && !optional)
      throw Error("selecting streams", "map '" + m + "' matches no stream", AVERROR_STREAM_NOT_FOUND);
    for (const StreamRef& s : named) {
      auto it = std::find(order.begin(), order.end(), s);
      if (negative && it != order.end()) order.erase(it);
      if (!negative && it == order.end()) order.push_back(s);
    }
  }
  return order;
}

// Picks the input streams to copy: the -map selection (every one must fit) or every stream the output can hold.
// With a plan, every input stream's entry says whether it is kept and why.
std::vector<StreamRef> plan_streams(const common::OutputOptions& oo, bool seekable,
                                    const std::vector<AVFormatContext*>& inputs, const std::vector<std::string>& maps,
                                    Plan* plan) {
  std::vector<StreamRef> wanted = select_mapped(inputs, maps);
  const std::string kept_why = maps.empty() ? "the container can hold it" : "selected by -map";
  auto note = [plan](const StreamRef& ref, bool kept, const std::string& why) {
    if (Plan::Stream* p = plan ? plan->find(ref.input, ref.stream) : nullptr) {
      p->kept = kept;
      p->reason = why;
    }
  };
  if (plan)
    for (Plan::Stream& p : plan->streams)
      if (std::find(wanted.begin(), wanted.end(), StreamRef{p.input, p.index}) == wanted.end())
        p.reason = "not selected by -map";
  if (wanted.empty())
    throw Error("selecting streams", maps.empty() ? "the input has no stream" : "the -map options leave no stream",
                AVERROR_STREAM_NOT_FOUND);
  const AVOutputFormat* of = nullptr;
  {
    common::MemorySink probe(seekable);
    of = common::Output::open(probe, oo)->format();  // throws the usage-level errors (unknown format) early
  }
  // A raw container (no timestamps: ADTS, H.264, AC-3...) is one stream's bytes; FFmpeg 5.1 does not always
  // refuse a second stream itself and would interleave two streams into garbage.
  const bool single = (of->flags & AVFMT_NOTIMESTAMPS) && !(of->flags & AVFMT_NOFILE);  // not the null muxer
  if ((!single || wanted.size() == 1) && trial(oo, seekable, inputs, wanted).empty()) {
    for (const StreamRef& ref : wanted) note(ref, true, kept_why);
    return wanted;
  }

  // Not all at once: add them one by one, keeping each that still fits.
  std::vector<StreamRef> kept;
  for (const StreamRef& ref : wanted) {
    const AVStream* st = input_stream(inputs, ref);
    std::vector<StreamRef> attempt = kept;
    attempt.push_back(ref);
    bool codec_fits = common::muxer_accepts(of, st->codecpar->codec_id) && raw_codec_fits(of, st->codecpar);
    bool room = !(single && !kept.empty());
    std::string why = codec_fits && room ? trial(oo, seekable, inputs, attempt) : "no";
    if (why.empty()) {
      kept = attempt;
      note(ref, true, kept_why);
      continue;
    }
    std::string what = "the " + std::string(of->name) + " container cannot hold " + describe(ref.input, st);
    std::string more = codec_fits && !room ? " (it holds one stream)" : "";
    note(ref, false, "the " + std::string(of->name) + " container cannot hold it" + more);
    if (!maps.empty()) throw Error("opening output", what + more, AVERROR(EINVAL));
    common::log_warning("dropping " + describe(ref.input, st) + ": the " + of->name + " container cannot hold it" + more);
  }
  if (kept.empty())
    throw Error("opening output", "the " + std::string(of->name) + " container cannot hold any stream of the " +
                                      (inputs.size() > 1 ? "inputs" : "input"),
                AVERROR(EINVAL));
  return kept;
}

// ---- bitstream filters (-bsf) ------------------------------------------------------------------------------

// Opens the -bsf chain of each output stream (the last option whose specifier matches it, as ffmpeg picks them) on
// the stream's parameters, and gives the stream what the chain puts out, as ffmpeg does before the header. A chain
// that does not parse or does not take the stream's codec is a usage error naming the option and the stream.
// The muxers of FFmpeg's movenc.c.
bool is_mov_family(const AVOutputFormat* of) {
  for (const char* name : {"mp4", "mov", "ipod", "ismv", "3gp", "3g2", "psp", "f4v"})
    if (std::strcmp(of->name, name) == 0) return true;
  return false;
}

// Whether a MOV-family muxer writes fragments (its movflags, or a fragment length or size).
bool is_fragmented(AVFormatContext* oc) {
  void* priv = oc->priv_data;
  const AVOption* movflags = priv ? av_opt_find(priv, "movflags", nullptr, 0, 0) : nullptr;
  int64_t flags = 0, duration = 0, size = 0;
  int mask = 0;
  if (!movflags || av_opt_get_int(priv, "movflags", 0, &flags) < 0) return false;
  if (av_opt_eval_flags(priv, movflags, "frag_keyframe+empty_moov+frag_custom+frag_every_frame", &mask) < 0) return false;
  av_opt_get_int(priv, "frag_duration", 0, &duration);
  av_opt_get_int(priv, "frag_size", 0, &size);
  return (flags & mask) != 0 || duration > 0 || size > 0;
}

// A stream whose packets carry ADTS headers (`adts[i]`) going into MP4/MOV gets aac_adtstoasc when no -bsf names
// one: FFmpeg's MOV muxer adds it by itself only to a regular file, and refuses ADTS in fragmented MP4 (to a pipe).
// `names` gets each stream's chain as given ("" for none), `reasons` what chose it.
std::vector<std::unique_ptr<common::BsfChain>> open_bitstream_filters(
    AVFormatContext* oc, const std::vector<std::pair<std::string, std::string>>& filters, const std::vector<bool>& adts,
    std::vector<std::string>& names, std::vector<std::string>& reasons) {
  std::vector<std::unique_ptr<common::BsfChain>> out(oc->nb_streams);
  names.assign(oc->nb_streams, std::string());
  reasons.assign(oc->nb_streams, std::string());
  const std::pair<std::string, std::string> adts_to_asc{"", "aac_adtstoasc"};
  const bool mov_family = is_mov_family(oc->oformat);
  for (unsigned i = 0; i < oc->nb_streams; ++i) {
    AVStream* ost = oc->streams[i];
    const std::pair<std::string, std::string>* chosen = nullptr;
    for (const auto& f : filters) {
      int ret = avformat_match_stream_specifier(oc, ost, f.first.c_str());
      if (ret < 0) throw common::usage_error("-bsf:" + f.first, "invalid stream specifier '" + f.first + "'");
      if (ret > 0) chosen = &f;
    }
    if (!chosen && i < adts.size() && adts[i] && mov_family) chosen = &adts_to_asc;
    if (!chosen) continue;
    const std::string option = chosen->first.empty() ? "-bsf" : "-bsf:" + chosen->first;
    const std::string what = "output stream " + std::to_string(i) + " (" +
                             avcodec_get_name(ost->codecpar->codec_id) + ")";
    out[i] = common::BsfChain::open(option, chosen->second, ost->codecpar, ost->time_base, what);
    common::check(avcodec_parameters_copy(ost->codecpar, out[i]->par_out()), "opening bitstream filters",
                  common::ErrorKind::kInternal);
    ost->time_base = out[i]->time_base_out();
    names[i] = chosen->second;
    reasons[i] = chosen == &adts_to_asc ? "AAC with ADTS headers into MP4/MOV, which holds raw AAC (ffmpeg's MOV muxer adds "
                                      "the same filter to a file, and fails in fragments)"
                                    : "given: " + option;
  }
  return out;
}

// ---- timestamps: ffmpeg's stream-copy rules (the input side is common::InputTimestamps) ---------------------------------------------------------------

struct StreamState {
  int out_index = -1;
  bool read_any = false;  // a packet of it was read (the first one carries the stream's side data)
  int64_t last_mux_dts = AV_NOPTS_VALUE;  // output time base
  int64_t written = 0;
  int64_t dropped_leading = 0;
  int64_t dts_fixed = 0;
  int64_t rescale_delta_last = AV_NOPTS_VALUE;  // av_rescale_delta's memory
  double end_seconds = -1;  // where its packets reach, in input seconds after the offset
  int64_t filter_errors = 0;  // packets its -bsf chain refused
  int filter_error = 0;
  int64_t spread_dropped = 0;  // MP4/MOV: packets hours away from the other streams
  bool finished = false;  // past the cut's end: nothing more is written (ffmpeg's close_output_stream)
  // The first packet copied (--plan): its pts as read and as handed on, seconds; whether it is a key frame.
  double first_pts = 0, first_output_pts = 0, first_output_dts = 0;
  bool first_key = false;
  // -shortest: the sum of the durations of the packets written, in the output stream's time base (how long the
  // stream lasts in the output, as ffmpeg 5.1 counts it: each duration rounded to that time base).
  int64_t length = 0;
};

// ffmpeg's process_input: the stream's global side data (MPEG-2's CPB properties, a spherical mapping...) goes onto
// its first packet, unless the packet has its own of that type; not the display matrix, which the output stream
// carries.
void add_stream_side_data(AVPacket* pkt, const AVStream* st) {
  for (int i = 0; i < st->nb_side_data; ++i) {
    const AVPacketSideData& sd = st->side_data[i];
    if (sd.type == AV_PKT_DATA_DISPLAYMATRIX || av_packet_get_side_data(pkt, sd.type, nullptr)) continue;
    uint8_t* data = av_packet_new_side_data(pkt, sd.type, sd.size);
    if (!data) throw common::Error("copying packets", AVERROR(ENOMEM));
    std::memcpy(data, sd.data, sd.size);
  }
}

// One input's side of the copy: its streams' states (by input stream index), its timestamp rules and its cut.
struct InputSide {
  InputSide(AVFormatContext* ctx, const common::CutRange& input_cut, const common::TimestampOptions& options)
      : ic(ctx), state(ctx->nb_streams), timestamps(ctx, options), cut(input_cut) {}
  AVFormatContext* ic;
  std::vector<StreamState> state;
  common::InputTimestamps timestamps;  // ffmpeg's input offset, discontinuity rules and dts prediction
  common::CutRange cut;                // -ss/-t/-to before this input
  int64_t range_start = 0;             // where its -ss is on the timeline of the adjusted packets (AV_TIME_BASE)
};

class Copier {
 public:
  // inputs[k] with its cut; streams[i]: the input stream of output stream i.
  Copier(const std::vector<RemuxInput>& inputs, common::Output& out, const std::vector<StreamRef>& streams,
         const RemuxOptions& options, std::vector<std::unique_ptr<common::BsfChain>> filters)
      : out_(out), filters_(std::move(filters)), output_cut_(options.output_cut),
        copyts_(options.copyts), start_at_zero_(options.start_at_zero), shortest_(options.shortest),
        streams_(streams.size()), receipt_(options.receipt) {
    for (const RemuxInput& in : inputs) {
      auto side = std::make_unique<InputSide>(in.input->ctx(), in.cut, timestamp_options(options, in));
      // Zero, or with -copyts the input's own time.
      if (copyts_ && in.cut.has_start())
        side->range_start =
            in.cut.start + (start_at_zero_ || side->ic->start_time == AV_NOPTS_VALUE ? 0 : side->ic->start_time);
      inputs_.push_back(std::move(side));
    }
    for (size_t i = 0; i < streams.size(); ++i)
      inputs_[streams[i].input]->state[static_cast<size_t>(streams[i].stream)].out_index = static_cast<int>(i);
    // As ffmpeg, the streams not copied are discarded: the demuxer skips them, and an MPEG-TS input's start is
    // corrected to the streams copied (common::InputTimestamps), so `-map 0:v` of a TS whose audio starts first
    // starts at 0.
    for (auto& side : inputs_)
      for (size_t k = 0; k < side->state.size(); ++k)
        if (side->state[k].out_index < 0) side->ic->streams[k]->discard = AVDISCARD_ALL;
    mov_family_ = is_mov_family(out.format());
    fragmented_ = mov_family_ && is_fragmented(out.ctx());
    // Half of INT_MAX ticks of the finest track time base, in microseconds.
    for (unsigned i = 0; i < out.ctx()->nb_streams; ++i) {
      const AVRational tb = out.ctx()->streams[i]->time_base;
      if (tb.num > 0 && tb.den > 0)
        max_spread_us_ = std::min(max_spread_us_, av_rescale_q(INT32_MAX / 2, tb, av_get_time_base_q()));
    }
  }

  // Adjusts and writes one packet of input `input` (consumed). Returns 0 or the write's AVERROR.
  int copy(size_t input, AVPacket* pkt) {
    InputSide& side = *inputs_[input];
    // A stream that appeared after the header (MPEG-TS, NUT, FLV add them as they come) has no output stream.
    const auto index = static_cast<size_t>(pkt->stream_index);
    if (pkt->stream_index < 0 || index >= side.state.size()) {
      av_packet_unref(pkt);
      return 0;
    }
    StreamState& s = side.state[index];
    if (s.out_index < 0) {
      av_packet_unref(pkt);
      return 0;
    }
    const AVStream* ist = side.ic->streams[pkt->stream_index];
    read_pts_ = pkt->pts;  // as read, for --verify
    read_dts_ = pkt->dts;
    if (!s.read_any) {
      s.read_any = true;
      add_stream_side_data(pkt, ist);
    }
    side.timestamps.adjust(pkt);
    // ffmpeg's check_output_constraints: a stream that ended, or a packet before the output's -ss (by its DTS,
    // which stands for the stream's position in a copy).
    const int64_t position = side.timestamps.dts(pkt->stream_index);
    if (s.finished || (output_cut_.has_start() && position < output_cut_.start)) {
      av_packet_unref(pkt);
      return 0;
    }
    return stream_copy(side, pkt, ist, s, position);
  }

  // The input to read next, as ffmpeg's choose_output: the one feeding the copied stream that lags most (by the
  // last timestamp written; a stream with none yet first), among the streams not finished whose input has not
  // ended. So an input is read only as fast as the output needs it. Nothing when no such stream is left.
  std::optional<size_t> next_input(const std::vector<bool>& ended) const {
    std::optional<size_t> best;
    int64_t best_dts = INT64_MAX;
    for (size_t k = 0; k < inputs_.size(); ++k) {
      if (ended[k]) continue;
      for (const StreamState& s : inputs_[k]->state) {
        if (s.out_index < 0 || s.finished) continue;
        const int64_t dts = s.last_mux_dts == AV_NOPTS_VALUE
                                ? INT64_MIN
                                : av_rescale_q(s.last_mux_dts, out_.ctx()->streams[s.out_index]->time_base,
                                               av_get_time_base_q());
        if (!best || dts < best_dts) {
          best = k;
          best_dts = dts;
        }
      }
    }
    return best;
  }

  // The latest DTS read from input k (AV_TIME_BASE, after its offset), over the streams copied; AV_NOPTS_VALUE
  // before any. What -re paces.
  int64_t input_dts(size_t k) const {
    int64_t latest = AV_NOPTS_VALUE;
    const InputSide& side = *inputs_[k];
    for (size_t i = 0; i < side.state.size(); ++i) {
      if (side.state[i].out_index < 0) continue;
      const int64_t dts = side.timestamps.dts(static_cast<int>(i));
      if (dts != AV_NOPTS_VALUE && (latest == AV_NOPTS_VALUE || dts > latest)) latest = dts;
    }
    return latest;
  }

  // Input k was seeked back to its start for another pass (-stream_loop): its timestamps go on after this pass.
  void loop_input(size_t k) { inputs_[k]->timestamps.loop({}); }

  // Whether every copied stream has reached the end of the cut (nothing more can be written).
  bool all_finished() const { return streams_ > 0 && finished_ == streams_; }
  // Input k ended (its end, a read error): its streams end. With -shortest, the output ends where the shortest of
  // them ends (finish).
  void input_ended(size_t k) {
    if (!shortest_) return;
    for (StreamState& s : inputs_[k]->state)
      if (s.out_index >= 0 && !s.finished) finish(s);
  }
  // Whether every copied stream has written its first packet or finished (--plan).
  bool all_started() const {
    for (const auto& side : inputs_)
      for (const StreamState& s : side->state)
        if (s.out_index >= 0 && s.written == 0 && !s.finished) return false;
    return true;
  }
  // Each stream's first packet and the packets skipped before it, into the plan.
  void fill_plan(Plan& plan) const {
    // The muxer's own shift (avoid_negative_ts, resolved from "auto" when the header was written): it takes the
    // first packet it writes, the lowest first dts of all streams once interleaved, to zero (make_zero) or, when
    // negative, to zero (make_non_negative).
    double lowest = INFINITY;
    for (const auto& side : inputs_)
      for (const StreamState& s : side->state)
        if (s.out_index >= 0 && s.written > 0 && !std::isnan(s.first_output_dts)) lowest = std::min(lowest, s.first_output_dts);
    const int mode = out_.ctx()->avoid_negative_ts;
    plan.muxer_shift = 0;
    if (std::isfinite(lowest) && (mode == AVFMT_AVOID_NEG_TS_MAKE_ZERO || (mode > 0 && lowest < 0))) plan.muxer_shift = -lowest;
    for (size_t k = 0; k < inputs_.size(); ++k)
      for (size_t i = 0; i < inputs_[k]->state.size(); ++i) {
        const StreamState& s = inputs_[k]->state[i];
        Plan::Stream* p = plan.find(k, static_cast<int>(i));
        if (!p || s.out_index < 0) continue;
        p->skipped = s.dropped_leading;
        p->started = s.written > 0;
        p->first_pts = s.first_pts;
        p->first_output_pts = s.first_output_pts;
        p->first_key = s.first_key;
      }
  }
  // Packets written that reach the input's -ss (those before it come with the key frame before it), all streams.
  int64_t written_in_range() const { return in_range_; }

  // Drains the bitstream filters at the end of the input (before the trailer). Returns 0 or the write's AVERROR.
  int flush() {
    for (size_t i = 0; i < filters_.size(); ++i) {
      if (!filters_[i]) continue;
      for (auto& side : inputs_)
        for (StreamState& s : side->state)
          if (s.out_index == static_cast<int>(i)) {
            int ret = filter_and_write(nullptr, s);
            if (ret < 0) return ret;
          }
    }
    return 0;
  }

  // How far the packets of input k reach (-1: none), in output seconds; all inputs' furthest without k.
  double reached_seconds(std::optional<size_t> k = std::nullopt) const {
    double r = -1;
    for (size_t i = 0; i < inputs_.size(); ++i)
      if (!k || *k == i)
        for (const auto& s : inputs_[i]->state) r = std::max(r, s.end_seconds);
    return r;
  }
  void report() const {
    for (size_t k = 0; k < inputs_.size(); ++k) {
      for (size_t i = 0; i < inputs_[k]->state.size(); ++i) {
        const StreamState& s = inputs_[k]->state[i];
        const std::string name = "stream " + std::to_string(k) + ":" + std::to_string(i) + ": ";
        if (s.dropped_leading > 0)
          common::log_info(name + std::to_string(s.dropped_leading) +
                           " packet(s) before the first key frame skipped (as ffmpeg -c copy does)");
        if (s.filter_errors > 0)
          common::log_warning(name + std::to_string(s.filter_errors) + " packet(s) the bitstream filter refused (" +
                              common::av_error_text(s.filter_error) + ")");
        if (s.spread_dropped > 0)
          common::log_warning(name + std::to_string(s.spread_dropped) +
                              " packet(s) dropped: hours away from the other streams, more than MP4/MOV can hold");
        if (s.dts_fixed > 0)
          common::log_warning(name + std::to_string(s.dts_fixed) + " non-monotonic or invalid timestamp(s) corrected");
      }
    }
  }

 private:
  // Stream s ends (its input's end, its -t, the output's end). With -shortest the output ends where s does, as
  // ffmpeg 5.1's close_output_stream: its length in the output (StreamState::length) becomes the output's -t, so
  // the other streams go on to that time and no further. A stream that wrote nothing ends them all at once.
  void finish(StreamState& s) {
    s.finished = true;
    ++finished_;
    if (!shortest_) return;
    if (s.written == 0) return finish_all();
    const AVRational tb = out_.ctx()->streams[s.out_index]->time_base;
    shortest_length_ = std::min(shortest_length_, av_rescale_q(s.length, tb, av_get_time_base_q()));
  }
  void finish_all() {
    for (auto& side : inputs_)
      for (StreamState& s : side->state)
        if (s.out_index >= 0 && !s.finished) {
          s.finished = true;
          ++finished_;
        }
  }

  // The end of the cut, as ffmpeg's do_streamcopy: the output's -t counted from its -ss, the input's -t from the
  // input's start (which -copyts keeps where the input put it).
  bool past_end(const InputSide& side, int64_t position) const {
    if (output_cut_.has_length() && position >= output_cut_.length + output_cut_.start_or_zero()) return true;
    if (shortest_length_ != INT64_MAX && position >= shortest_length_ + output_cut_.start_or_zero()) return true;
    if (side.cut.has_length()) {
      int64_t start = 0;
      if (copyts_) {
        start += side.cut.start_or_zero();
        if (!start_at_zero_ && side.ic->start_time != AV_NOPTS_VALUE) start += side.ic->start_time;
      }
      if (position >= side.cut.length + start) return true;
    }
    return false;
  }

  int stream_copy(InputSide& side, AVPacket* pkt, const AVStream* ist, StreamState& s, int64_t position) {
    if (s.written == 0 && !(pkt->flags & AV_PKT_FLAG_KEY)) {
      ++s.dropped_leading;
      av_packet_unref(pkt);
      return 0;
    }
    if (past_end(side, position)) {
      finish(s);
      av_packet_unref(pkt);
      return 0;
    }
    if (receipt_) receipt_->read(s.out_index, pkt, read_pts_, read_dts_);
    double end = pkt->pts != AV_NOPTS_VALUE ? static_cast<double>(pkt->pts + std::max<int64_t>(pkt->duration, 0)) * av_q2d(ist->time_base) : -1;
    s.end_seconds = std::max(s.end_seconds, end);
    if (pkt->pts == AV_NOPTS_VALUE || end >= static_cast<double>(side.range_start) / AV_TIME_BASE) ++in_range_;

    AVStream* ost = out_.ctx()->streams[s.out_index];
    const AVCodecParameters* par = ist->codecpar;
    int64_t in_dts = pkt->dts;
    av_packet_rescale_ts(pkt, ist->time_base, ost->time_base);
    s.length += std::max<int64_t>(pkt->duration, 0);
    if (in_dts == AV_NOPTS_VALUE) {
      pkt->dts = av_rescale_q(side.timestamps.dts(pkt->stream_index), av_get_time_base_q(), ost->time_base);
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO && par->sample_rate > 0) {
      // ffmpeg's audio copy: sample-accurate dts in the output time base, and the pts made equal to it
      int duration = av_get_audio_frame_duration2(const_cast<AVCodecParameters*>(par), pkt->size);
      if (!duration) duration = par->frame_size;
      pkt->dts = av_rescale_delta(ist->time_base, in_dts, AVRational{1, par->sample_rate}, std::max(duration, 0),
                                  &s.rescale_delta_last, ost->time_base);
      pkt->pts = pkt->dts;
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
      pkt->pts = pkt->dts;
    }
    if (output_cut_.has_start()) {  // the output starts at its -ss
      const int64_t shift = av_rescale_q(output_cut_.start, av_get_time_base_q(), ost->time_base);
      if (pkt->pts != AV_NOPTS_VALUE) pkt->pts -= shift;
      if (pkt->dts != AV_NOPTS_VALUE) pkt->dts -= shift;
    }
    if (s.written == 0) {
      auto secs = [](int64_t ts, AVRational tb) {
        return ts == AV_NOPTS_VALUE ? std::nan("") : static_cast<double>(ts) * av_q2d(tb);
      };
      s.first_pts = secs(read_pts_, ist->time_base);
      s.first_output_pts = secs(pkt->pts, ost->time_base);
      s.first_output_dts = secs(pkt->dts, ost->time_base);
      s.first_key = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
    }
    ++s.written;
    return filter_and_write(pkt, s);
  }

  // Through the stream's -bsf chain, if it has one (nullptr drains it), then ffmpeg's muxing rules and the muxer.
  int filter_and_write(AVPacket* pkt, StreamState& s) {
    common::BsfChain* bsf = filters_[static_cast<size_t>(s.out_index)].get();
    if (!bsf) return write(pkt, s);
    int failed = 0;
    const int ret = bsf->filter(pkt, [&](AVPacket* out) { return write(out, s); }, failed);
    if (failed < 0) filter_error(failed, s);
    return ret;
  }

  // A filter that fails on a packet (a damaged input): counted and reported once the copy ends, as ffmpeg goes on.
  int filter_error(int ret, StreamState& s) {
    ++s.filter_errors;
    s.filter_error = ret;
    return 0;
  }

  int write(AVPacket* pkt, StreamState& s) {
    const AVStream* ost = out_.ctx()->streams[s.out_index];
    if (!(out_.format()->flags & AVFMT_NOTIMESTAMPS)) fix_output_dts(pkt, ost, s);
    // FFmpeg 5.1's MOV muxer aborts the process (an assertion in get_cluster_duration) when a sample lasts more than
    // INT_MAX ticks of its track: a jump in a damaged input's timestamps, or a packet duration it claims; ffmpeg
    // itself dies on such input (found by fuzz_remux). A later FFmpeg moves the sample to one tick after the last;
    // so does memremux, and a duration that long is no duration (the muxer then takes it from the timestamps).
    if (mov_family_) {
      if (pkt->dts != AV_NOPTS_VALUE && s.last_mux_dts != AV_NOPTS_VALUE && pkt->dts > s.last_mux_dts &&
          static_cast<uint64_t>(pkt->dts) - static_cast<uint64_t>(s.last_mux_dts) > INT32_MAX) {
        pkt->dts = pkt->pts = s.last_mux_dts + 1;
        ++s.dts_fixed;
      }
      if (pkt->duration > INT32_MAX || pkt->duration < 0) {
        pkt->duration = 0;
        ++s.dts_fixed;
      }
      // The same assertion when streams lie hours apart (a fragment's flush stretches every track to the time of
      // the packet that ends it): a packet that far from where the other streams are cannot go into MP4.
      if (fragmented_ && pkt->dts != AV_NOPTS_VALUE) {
        const int64_t us = av_rescale_q(pkt->dts, ost->time_base, av_get_time_base_q());
        if (front_us_ != AV_NOPTS_VALUE && far_apart(us, front_us_, max_spread_us_)) {
          ++s.spread_dropped;
          av_packet_unref(pkt);
          return 0;
        }
        front_us_ = front_us_ == AV_NOPTS_VALUE ? us : std::max(front_us_, us);
      }
    }
    s.last_mux_dts = pkt->dts;
    pkt->stream_index = s.out_index;
    if (receipt_) receipt_->written(s.out_index, pkt);
    return out_.write(pkt);
  }

  static bool far_apart(int64_t a, int64_t b, int64_t limit) {
    const uint64_t d = a > b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b)
                             : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
    return d > static_cast<uint64_t>(limit);
  }

  // ts + 1, saturating (a damaged input's timestamps can sit at the ends of the range).
  static int64_t next_after(int64_t ts) { return ts == INT64_MAX ? ts : ts + 1; }

  // The muxing rules of ffmpeg: dts after pts is replaced by a guess, and dts never goes backwards.
  void fix_output_dts(AVPacket* pkt, const AVStream* ost, StreamState& s) {
    if (pkt->dts != AV_NOPTS_VALUE && pkt->pts != AV_NOPTS_VALUE && pkt->dts > pkt->pts) {
      // ffmpeg takes the median of pts, dts and last_mux_dts + 1 as a + b + c - min - max, which overflows on
      // extreme values (last_mux_dts unset is INT64_MIN); this is the same median without the sums.
      int64_t a = pkt->pts, b = pkt->dts, c = next_after(s.last_mux_dts);
      pkt->pts = pkt->dts = std::max(std::min(a, b), std::min(std::max(a, b), c));
      ++s.dts_fixed;
    }
    AVMediaType type = ost->codecpar->codec_type;
    if ((type == AVMEDIA_TYPE_AUDIO || type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_SUBTITLE) &&
        pkt->dts != AV_NOPTS_VALUE && s.last_mux_dts != AV_NOPTS_VALUE) {
      int64_t max = (out_.format()->flags & AVFMT_TS_NONSTRICT) ? s.last_mux_dts : next_after(s.last_mux_dts);
      if (pkt->dts < max) {
        if (pkt->pts >= pkt->dts) pkt->pts = std::max(pkt->pts, max);
        pkt->dts = max;
        ++s.dts_fixed;
      }
    }
  }

  common::Output& out_;
  std::vector<std::unique_ptr<InputSide>> inputs_;
  std::vector<std::unique_ptr<common::BsfChain>> filters_;  // by output stream; null: no -bsf
  common::CutRange output_cut_;
  bool copyts_;
  bool start_at_zero_;
  bool shortest_;  // -shortest
  int64_t shortest_length_ = INT64_MAX;  // -shortest: the output's length once a stream ended (AV_TIME_BASE)
  size_t streams_;       // streams copied
  size_t finished_ = 0;  // of them, past the cut's end
  bool mov_family_ = false;
  bool fragmented_ = false;  // MP4/MOV written in fragments
  int64_t max_spread_us_ = INT64_MAX;    // MP4/MOV: how far apart streams may be
  int64_t front_us_ = AV_NOPTS_VALUE;    // MP4/MOV: the latest DTS written, any stream
  int64_t in_range_ = 0;
  Receipt* receipt_;
  int64_t read_pts_ = AV_NOPTS_VALUE, read_dts_ = AV_NOPTS_VALUE;  // the packet being copied, as read
};

std::string clock_text(double seconds) {
  if (seconds < 0) seconds = 0;
  char buf[32];
  int h = static_cast<int>(seconds / 3600);
  int m = static_cast<int>(seconds / 60) % 60;
  std::snprintf(buf, sizeof buf, "%02d:%02d:%05.2f", h, m, seconds - h * 3600 - m * 60);
  return buf;
}

// A clean end of input that stops well short of the duration the container's header announced. Demuxers differ
// on whether that duration counts from zero or from the first timestamp, so the earlier of the two ends is
// expected: a file starting late is never called truncated, at the price of missing a cut within its offset.
// `reached` is in output time, `ts_offset` (AV_TIME_BASE units) the shift from input to output time.
bool ended_short(const AVFormatContext* ic, double reached, int64_t ts_offset, std::string& how) {
  if (ic->duration_estimation_method != AVFMT_DURATION_FROM_STREAM || ic->duration <= 0 || reached < 0) return false;
  double duration = static_cast<double>(ic->duration) / AV_TIME_BASE;
  double start = ic->start_time != AV_NOPTS_VALUE ? static_cast<double>(ic->start_time) / AV_TIME_BASE : 0;
  double reached_in = reached - static_cast<double>(ts_offset) / AV_TIME_BASE;  // back in input time
  double expected = std::min(duration, start + duration);
  if (reached_in + RemuxOptions::kTruncationToleranceSeconds >= expected) return false;
  how = "packets end at " + clock_text(reached_in - std::min(start, 0.0)) + " of " + clock_text(expected - std::min(start, 0.0));
  return true;
}

// ---- reading: packets read ahead, an input -ss on a pipe ---------------------------------------------------------

// The packets of an input in the order the copy takes them: first those read ahead (prime_adts), then through the
// pipe seek when there is one, else straight from the demuxer. A read error or the end met while reading ahead or
// seeking comes after the packets read before it.
class PacketReader {
 public:
  explicit PacketReader(common::Input& in) : in_(in) {}

  // AAC in ADTS (a raw .aac stream, AAC in MPEG-TS) carries its AudioSpecificConfig in every packet's header and
  // nowhere else, so the input's parameters lack it; a muxer writing to a file fills it in at the end, but on a pipe
  // Matroska and fragmented MP4 need it in the header and fail ("Error parsing AAC extradata"). Reads ahead to the
  // first packet of each such stream (held, copied first), builds the config as the muxer's own aac_adtstoasc
  // would, and gives it to the stream: the header then carries what ffmpeg writes to a file. Reads at most
  // max_bytes ahead.
  void prime_adts(int64_t max_bytes) {
    AVFormatContext* ic = in_.ctx();
    auto needs = [ic](unsigned i) {
      const AVCodecParameters* par = ic->streams[i]->codecpar;
      return par->codec_id == AV_CODEC_ID_AAC && par->extradata_size == 0;
    };
    size_t missing = 0;
    for (unsigned i = 0; i < ic->nb_streams; ++i) missing += needs(i) ? 1 : 0;
    int64_t bytes = 0;
    std::vector<bool> done(ic->nb_streams, false);
    while (missing > 0 && bytes <= max_bytes && !deferred_) {
      common::PacketPtr pkt = common::make_packet();
      int ret = in_.read(pkt.get());
      if (ret < 0) {
        deferred_ = ret;
        break;
      }
      bytes += pkt->size;
      const auto i = static_cast<unsigned>(pkt->stream_index);
      if (i < ic->nb_streams && i < done.size() && !done[i] && needs(i)) {
        done[i] = true;
        --missing;
        set_adts_config(ic->streams[i], pkt.get());
        adts_.resize(ic->nb_streams);
        adts_[i] = true;
      }
      primed_.push_back(std::move(pkt));
    }
  }

  // Drops the packets read ahead (the demuxer has seeked past them), and the end that stopped the read-ahead.
  void forget_read_ahead() {
    primed_.clear();
    deferred_ = 0;
  }
  // The input was seeked back to its start (-stream_loop): what the last pass left (its end, a finished seek on a
  // pipe) is forgotten.
  void restart() {
    forget_read_ahead();
    seek_.reset();
    end_ = 0;
  }
  // Whether prime_adts found ADTS headers on this stream's packets.
  bool adts(int stream) const { return stream >= 0 && static_cast<size_t>(stream) < adts_.size() && adts_[stream]; }

  // -sseof on an input whose length its header does not give: reads it to its end keeping only its tail, which is
  // read next (then the end or error that stopped it). Returns the input's length (AV_NOPTS_VALUE when no packet had
  // a timestamp); throws on a key frame interval past options' limit.
  int64_t read_tail(int64_t from_end, const common::PipeSeekOptions& options) {
    common::TailBuffer tail(in_.ctx(), from_end, options);
    common::PacketPtr pkt = common::make_packet();
    while (!common::interrupted()) {
      int ret = raw(pkt.get());
      if (ret < 0) {
        deferred_ = ret;
        break;
      }
      if (tail.push(pkt.get()) < 0)
        throw common::Error("-sseof", "more than " + std::to_string(options.max_buffered_bytes >> 20) +
                                          " MiB between key frames of the input, held while reading it to its end",
                            AVERROR(ENOMEM));
    }
    tail.take(primed_);
    read_to_end_ = true;
    return tail.duration();
  }
  // Whether read_tail read the input to its end: then its tail is where a seek goes on, even in a file (the demuxer
  // would seek by what it learned while reading, not by what it knows on opening, as ffmpeg's seek does).
  bool read_to_end() const { return read_to_end_; }

  void seek_on_pipe(int64_t target, const common::PipeSeekOptions& options) {
    seek_ = std::make_unique<common::PipeSeek>(in_.ctx(), target, options);
  }
  const common::PipeSeek* pipe_seek() const { return seek_.get(); }

  int read(AVPacket* pkt) {
    if (!seek_) return raw(pkt);
    for (;;) {
      if (seek_->pop(pkt)) return 0;
      if (seek_->landed() && end_) return end_;
      int ret = raw(pkt);
      if (ret < 0) {
        seek_->finish();
        end_ = ret;
        continue;
      }
      ret = seek_->push(pkt);
      if (ret < 0) return ret;
    }
  }

 private:
  int raw(AVPacket* pkt) {
    if (!primed_.empty()) {
      av_packet_move_ref(pkt, primed_.front().get());
      primed_.pop_front();
      return 0;
    }
    if (deferred_) return deferred_;
    return in_.read(pkt);
  }

  // The config aac_adtstoasc makes of the packet's ADTS header, as the stream's extradata.
  static void set_adts_config(AVStream* st, const AVPacket* pkt) {
    const AVBitStreamFilter* filter = av_bsf_get_by_name("aac_adtstoasc");
    AVBSFContext* raw = nullptr;
    if (!filter || av_bsf_alloc(filter, &raw) < 0) return;
    common::BsfPtr bsf(raw);
    if (avcodec_parameters_copy(bsf->par_in, st->codecpar) < 0 || av_bsf_init(bsf.get()) < 0) return;
    common::PacketPtr in = common::make_packet();
    if (av_packet_ref(in.get(), pkt) < 0 || av_bsf_send_packet(bsf.get(), in.get()) < 0) return;
    common::PacketPtr out = common::make_packet();
    if (av_bsf_receive_packet(bsf.get(), out.get()) < 0) return;
    // FFmpeg 5.1's filter hands the config on as the packet's new extradata (later ones also in par_out).
    size_t size = 0;
    const uint8_t* config = av_packet_get_side_data(out.get(), AV_PKT_DATA_NEW_EXTRADATA, &size);
    if (!config && bsf->par_out->extradata_size > 0) {
      config = bsf->par_out->extradata;
      size = static_cast<size_t>(bsf->par_out->extradata_size);
    }
    if (!config || size == 0 || size > (1u << 16)) return;
    auto* copy = static_cast<uint8_t*>(av_mallocz(size + AV_INPUT_BUFFER_PADDING_SIZE));
    if (!copy) return;
    std::memcpy(copy, config, size);
    av_freep(&st->codecpar->extradata);
    st->codecpar->extradata = copy;
    st->codecpar->extradata_size = static_cast<int>(size);
  }

  common::Input& in_;
  std::deque<common::PacketPtr> primed_;
  int deferred_ = 0;  // the read that ended the read-ahead
  std::vector<bool> adts_;
  std::unique_ptr<common::PipeSeek> seek_;
  int end_ = 0;  // the read that ended the pipe seek's input
  bool read_to_end_ = false;
};

// ffmpeg's -sseof: the start is the input's length (its header's duration) plus the -sseof; one before the start
// is ignored, as ffmpeg does. Where the header gives no length (a pipe), the input is read to its end for it, where
// ffmpeg says "duration not known" and copies everything.
void resolve_sseof(RemuxInput& in, PacketReader& reader, const common::PipeSeekOptions& options,
                   const std::string& context) {
  const AVFormatContext* ic = in.input->ctx();
  int64_t duration = ic->duration;
  if (duration <= 0) {
    duration = reader.read_tail(in.sseof, options);
    if (duration == AV_NOPTS_VALUE) {
      common::log_warning(context + ": the input has no timestamps to count back from: ignored");
      return;
    }
    common::log_info(context + ": the input's header gives no duration: read to its end, " +
                     clock_text(static_cast<double>(duration) / AV_TIME_BASE) + " long");
  }
  const int64_t start = duration + in.sseof;
  if (start < 0) {
    common::log_warning(context + ": before the start of the input: ignored, as ffmpeg does");
    return;
  }
  in.cut.start = start;
}

// --plan: the inputs, every stream (to be marked kept or dropped) and the cuts, before anything is chosen.
void start_plan(Plan& plan, const std::vector<RemuxInput>& inputs, const std::vector<int64_t>& ts_offsets,
                const RemuxOptions& options) {
  auto seconds = [](int64_t us) { return static_cast<double>(us) / AV_TIME_BASE; };
  for (size_t k = 0; k < inputs.size(); ++k) {
    const AVFormatContext* ic = inputs[k].input->ctx();
    Plan::Input p;
    p.name = inputs[k].name;
    p.format = ic->iformat ? ic->iformat->name : "";
    p.seekable = inputs[k].input->seekable() && !inputs[k].input->spooled();
    p.spooled = inputs[k].input->spooled();
    p.start_time = ic->start_time == AV_NOPTS_VALUE ? std::nan("") : seconds(ic->start_time);
    p.ts_offset = seconds(ts_offsets[k]);
    if (inputs[k].cut.has_start()) p.cut_start = seconds(inputs[k].cut.start);
    if (inputs[k].cut.has_length()) p.cut_length = seconds(inputs[k].cut.length);
    plan.inputs.push_back(p);
    for (unsigned i = 0; i < ic->nb_streams; ++i) {
      const AVCodecParameters* par = ic->streams[i]->codecpar;
      Plan::Stream st;
      st.input = k;
      st.index = static_cast<int>(i);
      const char* type = av_get_media_type_string(par->codec_type);
      st.codec_type = type ? type : "unknown";
      st.codec_name = avcodec_get_name(par->codec_id);
      plan.streams.push_back(st);
    }
  }
  if (options.output_cut.has_start()) plan.output_cut_start = seconds(options.output_cut.start);
  if (options.output_cut.has_length()) plan.output_cut_length = seconds(options.output_cut.length);
}

}  // namespace

// ---- remux ------------------------------------------------------------------------------------------------

RemuxResult remux(common::Input& in, common::Sink& sink, const common::OutputOptions& output_options,
                  const RemuxOptions& options) {
  return remux({RemuxInput{&in, in.ctx()->url ? in.ctx()->url : "-", options.input_cut}}, sink, output_options, options);
}

RemuxResult remux(const std::vector<RemuxInput>& given, common::Sink& sink, const common::OutputOptions& output_options,
                  const RemuxOptions& options) {
  std::vector<RemuxInput> inputs = given;  // an -sseof becomes the cut's start
  const size_t n = inputs.size();
  // Where an error about an input happened: "reading input", or "b.mp4: reading input" among several.
  auto context_of = [&](size_t k, const std::string& what) { return n > 1 ? inputs[k].name + ": " + what : what; };
  std::vector<AVFormatContext*> contexts;
  std::vector<std::unique_ptr<PacketReader>> readers;
  std::vector<int64_t> ts_offsets;
  for (size_t k = 0; k < n; ++k) {
    RemuxInput& in = inputs[k];
    contexts.push_back(in.input->ctx());
    readers.push_back(std::make_unique<PacketReader>(*in.input));
    readers.back()->prime_adts(options.read_ahead_bytes);
    if (in.sseof != AV_NOPTS_VALUE) resolve_sseof(in, *readers.back(), options.pipe_seek, context_of(k, "-sseof"));
    ts_offsets.push_back(common::initial_ts_offset(in.input->ctx(), timestamp_options(options, in)));
  }
  Plan* plan = options.plan;
  if (plan) start_plan(*plan, inputs, ts_offsets, options);
  std::vector<StreamRef> streams = plan_streams(output_options, sink.seekable(), contexts, options.maps, plan);

  auto out = common::Output::open(sink, output_options);
  AVFormatContext* oc = out->ctx();
  for (const StreamRef& s : streams) {
    const AVStream* ist = input_stream(contexts, s);
    configure_stream(oc, out->add_stream(ist->codecpar, {0, 0}), ist);
  }
  set_metadata(oc, contexts, streams, ts_offsets, options.output_cut, options.metadata);
  std::vector<bool> adts(streams.size());
  for (size_t i = 0; i < streams.size(); ++i) adts[i] = readers[streams[i].input]->adts(streams[i].stream);
  std::vector<std::string> filter_names, filter_reasons;
  std::vector<std::unique_ptr<common::BsfChain>> filters =
      open_bitstream_filters(oc, options.bitstream_filters, adts, filter_names, filter_reasons);
  if (plan) {
    for (size_t i = 0; i < streams.size(); ++i) {
      Plan::Stream* p = plan->find(streams[i].input, streams[i].stream);
      p->output_index = static_cast<int>(i);
      p->bitstream_filters = filter_names[i];
      p->filter_reason = filter_reasons[i];
    }
    plan->output_format = out->format()->name;
    plan->output_seekable = sink.seekable();
    plan->fragmented = out->fragmented() || (is_mov_family(out->format()) && is_fragmented(oc));
    plan->own_files = common::writes_own_files(out->format());
  }
  if (options.receipt)
    for (size_t i = 0; i < streams.size(); ++i)
      options.receipt->add_stream(input_stream(contexts, streams[i]),
                                  std::to_string(streams[i].input) + ":" + std::to_string(streams[i].stream),
                                  oc->streams[i], filter_names[i]);
  try {
    out->write_header();
  } catch (const Error&) {
    // A muxer that writes while starting (fragmented MP4's empty moov) meets a full disk or a closed pipe here:
    // that is a write failure like any other, not a problem with the header.
    const int io_error = oc->pb ? oc->pb->error : 0;
    if (io_error >= 0) throw;
    RemuxResult failed;
    failed.outcome = io_error == AVERROR(EPIPE) ? Outcome::kDownstreamClosed : Outcome::kWriteFailed;
    failed.error = io_error;
    failed.reason = common::av_error_text(io_error);
    return failed;
  }

  // An input -ss: the demuxer's own seek where the input seeks (as ffmpeg), else read up to the key frame.
  for (size_t k = 0; k < n; ++k) {
    if (!inputs[k].cut.has_start()) continue;
    AVFormatContext* ic = contexts[k];
    const int64_t target = common::seek_target(ic, inputs[k].cut.start);
    common::LogHold::clear();
    if (inputs[k].input->seekable() && !readers[k]->read_to_end() &&
        avformat_seek_file(ic, -1, INT64_MIN, target, target, 0) >= 0) {
      readers[k]->forget_read_ahead();  // from before where the seek landed
      if (plan) plan->inputs[k].seek = "the demuxer seeks to the key frame at or before it";
    } else {
      common::LogHold::clear();
      readers[k]->seek_on_pipe(target, options.pipe_seek);
      if (plan) plan->inputs[k].seek = "read up to the key frame at or before it (the input does not seek)";
    }
  }

  Copier copier(inputs, *out, streams, options, std::move(filters));
  std::vector<std::unique_ptr<common::ReadRate>> pacers(n);  // -re, -readrate
  for (size_t k = 0; k < n; ++k)
    if (inputs[k].readrate > 0 && !plan) pacers[k] = std::make_unique<common::ReadRate>(inputs[k].readrate);
  common::ProgressOptions progress_options = options.progress;
  if (contexts[0]->duration > 0 && !options.copyts) {  // how far along: input 0's length, when its header says
    double duration = static_cast<double>(contexts[0]->duration) / AV_TIME_BASE;
    for (const common::CutRange* cut : {static_cast<const common::CutRange*>(&inputs[0].cut), &options.output_cut}) {
      duration -= static_cast<double>(cut->start_or_zero()) / AV_TIME_BASE;
      if (cut->has_length()) duration = std::min(duration, static_cast<double>(cut->length) / AV_TIME_BASE);
    }
    if (duration > 0) progress_options.duration = duration;
  }
  common::Progress progress(progress_options);
  RemuxResult result;
  std::vector<bool> ended(n, false);
  bool corrupt = false;  // its reason is completed at the end, when the demuxer has said what it found
  bool cut_short = false;  // stopped reading at the end of the cut
  // The first input found damaged tells the story; the others are read on (as ffmpeg treats a read error as the
  // end of that input).
  auto damaged = [&](size_t k, int error, std::string reason, const std::string& what) {
    if (result.outcome != Outcome::kComplete && !(result.outcome == Outcome::kDamaged && corrupt)) return;
    result.outcome = Outcome::kDamaged;
    result.error = error;
    result.reason = std::move(reason);
    result.context = context_of(k, what);
    corrupt = false;
  };
  // An input ended (its end, a read error, a fault): ffmpeg's process_input treats them alike.
  auto end_input = [&](size_t k) {
    ended[k] = true;
    copier.input_ended(k);
  };
  common::PacketPtr pkt = common::make_packet();
  std::vector<int> loops_left(n);  // -stream_loop: passes still to read (negative: forever)
  for (size_t k = 0; k < n; ++k) loops_left[k] = inputs[k].stream_loop;
  std::vector<int64_t> pass_packets(n, 0);
  auto output_bytes = [&] {
    return oc->pb ? std::max<int64_t>(avio_tell(oc->pb), sink.bytes_written()) : out->bytes_written();
  };

  for (;;) {
    if (common::interrupted()) {
      result.outcome = Outcome::kInterrupted;
      break;
    }
    if (copier.all_finished() && !options.drain) {  // ffmpeg stops reading too; the writer upstream sees EPIPE
      cut_short = true;
      break;
    }
    // -fs: ffmpeg's need_output, before each read, by the muxer's own count (no limit for a muxer writing its own
    // files: it has no AVIO of its own).
    if (options.limit_filesize != INT64_MAX && oc->pb && avio_tell(oc->pb) >= options.limit_filesize) {
      cut_short = true;
      break;
    }
    if (plan && copier.all_started()) break;  // every stream's first packet is known: that is all a plan needs
    std::optional<size_t> next = copier.next_input(ended);
    if (!next && options.drain)  // every stream finished: read the rest of the inputs, for their writers' sake
      for (size_t k = 0; k < n && !next; ++k)
        if (!ended[k]) next = k;
    if (!next) break;
    const size_t k = *next;
    common::Input& in = *inputs[k].input;
    const common::PipeSeek* pipe_seek = readers[k]->pipe_seek();
    if (pacers[k]) {
      pacers[k]->pace(copier.input_dts(k));
      if (common::interrupted()) continue;  // seen at the top of the loop
    }
    int ret = readers[k]->read(pkt.get());
    // -stream_loop, as ffmpeg 5.1's process_input: at the end, back to the start and on with its first packet (an
    // input that gave nothing in a whole pass ends: it would loop without end).
    if (ret == AVERROR_EOF && loops_left[k] != 0 && pass_packets[k] > 0 && in.source().failure() == 0 &&
        !readers[k]->read_to_end()) {
      AVFormatContext* ic = in.ctx();
      const int64_t start = ic->start_time != AV_NOPTS_VALUE ? ic->start_time : 0;
      if (in.seekable() && avformat_seek_file(ic, -1, INT64_MIN, start, start, 0) >= 0) {
        readers[k]->restart();
        pipe_seek = nullptr;  // restart() dropped it
        copier.loop_input(k);
        if (loops_left[k] > 0) --loops_left[k];
        pass_packets[k] = 0;
        ret = readers[k]->read(pkt.get());
      } else {
        common::log_warning(context_of(k, "-stream_loop") + ": could not seek back to the start; the input ends here");
        loops_left[k] = 0;
      }
    }
    if (ret >= 0) ++pass_packets[k];
    if (ret == AVERROR(ENOMEM) && pipe_seek && !pipe_seek->landed()) {
      damaged(k, ret, "-ss on a pipe: more than " + std::to_string(options.pipe_seek.max_buffered_bytes >> 20) +
                          " MiB between key frames of the input, held while looking for the one before the start",
              "seeking input");
      end_input(k);
      continue;
    }
    if (ret < 0 && in.source().failure() < 0 && !common::interrupted()) {
      // The source itself failed (--timeout, the spool's limit or disk, a read error): demuxers often call that
      // the end of the file, but it is not one.
      int failure = in.source().failure();
      // (The source's failure is the story, not a damaged packet before it: damaged() lets it replace that one.)
      damaged(k, failure, common::av_error_text(failure),
              in.spooled() && failure != common::kErrorTimeout ? "spooling input" : "reading input");
      end_input(k);
      continue;
    }
    if (ret == AVERROR_EOF) {
      end_input(k);
      continue;
    }
    if (ret < 0) {
      if (common::interrupted() || ret == AVERROR_EXIT) {
        result.outcome = Outcome::kInterrupted;
        break;
      }
      std::string why = common::LogHold::last();
      damaged(k, ret,
              ret == common::kErrorSpoolLimit ? common::av_error_text(ret)
                                              : "the input is damaged: " + (why.empty() ? common::av_error_text(ret) : why),
              ret == common::kErrorSpoolLimit ? "spooling input" : "reading input");
      end_input(k);
      continue;
    }
    if ((pkt->flags & AV_PKT_FLAG_CORRUPT) && result.outcome == Outcome::kComplete) {
      damaged(k, AVERROR_INVALIDDATA,
              "the input is damaged: corrupt packet in stream " + std::to_string(k) + ":" + std::to_string(pkt->stream_index),
              "reading input");
      corrupt = true;
    }
    ret = copier.copy(k, pkt.get());
    if (ret < 0) {
      result.outcome = ret == AVERROR(EPIPE) ? Outcome::kDownstreamClosed : Outcome::kWriteFailed;
      result.error = ret;
      result.reason = common::av_error_text(ret);
      if (!out->nested_failure().empty()) {  // a file of the muxer's own: name it (what FFmpeg adds is its consequence)
        result.reason = out->nested_failure();
        common::LogHold::clear();
      }
      result.bytes = output_bytes();
      progress.finish(result.bytes, copier.reached_seconds());  // ends its line before the error's
      return result;  // no trailer: the output cannot take it
    }
    ++result.packets;
    progress.update(output_bytes(), copier.reached_seconds());
  }

  if (plan) {  // nothing more is written: no trailer, no report
    copier.fill_plan(*plan);
    result.packets = 0;
    return result;
  }
  for (size_t k = 0; k < n; ++k) {
    const common::PipeSeek* pipe_seek = readers[k]->pipe_seek();
    if (pipe_seek && pipe_seek->dropped() > 0)
      common::log_info(context_of(k, std::to_string(pipe_seek->dropped())) +
                       " packet(s) before the key frame at or before -ss read and skipped (the input does not seek)");
    std::string how;
    // A cut's end leaves the packets after it uncounted: how far the input reached says nothing then.
    if (result.outcome == Outcome::kComplete && !cut_short && !inputs[k].cut.has_length() &&
        !options.output_cut.has_length() && ended_short(contexts[k], copier.reached_seconds(k), ts_offsets[k], how)) {
      std::string why = common::LogHold::last();
      damaged(k, AVERROR_INVALIDDATA, "the input is truncated: " + how + (why.empty() ? "" : " (" + why + ")"),
              "reading input");
    }
  }
  if (corrupt) {
    std::string why = common::LogHold::last_error();
    if (why.empty()) why = common::LogHold::last();
    if (!why.empty()) result.reason += " (" + why + ")";
  }
  if (result.outcome == Outcome::kDamaged) common::LogHold::clear();  // folded into the one error line

  bool any_cut = options.output_cut.active();
  for (const RemuxInput& in : inputs) any_cut = any_cut || in.cut.active();
  if ((result.outcome == Outcome::kComplete || result.outcome == Outcome::kDamaged) && copier.written_in_range() == 0 &&
      any_cut) {
    result.outcome = Outcome::kNothingInRange;
    result.error = AVERROR(EINVAL);
    result.reason = "nothing to copy: the input ends before the start of the cut";
    common::LogHold::clear();
  }
  int ret = copier.flush();
  if (ret >= 0) ret = out->finish();
  result.bytes = output_bytes();
  progress.finish(result.bytes, copier.reached_seconds());
  copier.report();
  if (ret < 0) {
    result.outcome = ret == AVERROR(EPIPE) ? Outcome::kDownstreamClosed : Outcome::kWriteFailed;
    result.error = ret;
    result.reason = common::av_error_text(ret);
    if (!out->nested_failure().empty()) {
      result.reason = out->nested_failure();
      common::LogHold::clear();
    }
  }
  return result;
}

}  // namespace memremux
