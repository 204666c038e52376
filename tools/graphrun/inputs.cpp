#include "inputs.hpp"

#include <algorithm>
#include <chrono>

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "common/memory_io.hpp"
#include "thread_time.hpp"

namespace graphrun {

using common::Error;

namespace {
constexpr int kDrainChunk = 4096;  // bytes read at a time when reading what a demuxer left at the end

// How many packets late a decoder's frame threads give each picture: libavcodec's pthread_frame hands a packet to
// the next of its thread_count threads and returns the picture of the oldest, so a packet's picture comes back
// thread_count - 1 packets later (FFV1's, one packet sooner); at the end, all of them.
int frame_delay(const AVCodecContext* c) {
  if (!(c->active_thread_type & FF_THREAD_FRAME) || c->thread_count <= 1) return 0;
  return std::max(0, c->thread_count - 1 - (c->codec_id == AV_CODEC_ID_FFV1 ? 1 : 0));
}

// A decoder that splits packets before decoding them (VP9's superframes: the hidden frames and the shown one), each
// part going to a frame thread of its own: how late its pictures come depends on what is inside each packet, so its
// frame threads are kept.
bool splits_packets(AVCodecID id) { return id == AV_CODEC_ID_VP9; }

// Whether a decoder opened at a key frame gives the pictures the running one would: the key frame looks at no
// earlier picture, and no later one looks past it. True of intra-only codecs, of VP8 and Theora (a key frame
// resets every reference), and of MPEG-4 Part 2 without B-frames (an I-VOP then starts a closed group). Not of
// H.264 or HEVC, whose key frames may be recovery points that later pictures reference past.
bool switches_at_key_frames(const AVCodecContext* c) {
  const AVCodecDescriptor* d = avcodec_descriptor_get(c->codec_id);
  if (d && (d->props & AV_CODEC_PROP_INTRA_ONLY)) return true;
  if (c->codec_id == AV_CODEC_ID_VP8 || c->codec_id == AV_CODEC_ID_THEORA) return true;
  return c->codec_id == AV_CODEC_ID_MPEG4 && c->has_b_frames == 0;
}

// Whether the packet is such a key frame by its own bits, not only by the container's flag (which some muxers set
// on every packet): MPEG-4's VOP coding type, VP8's and Theora's frame type bits.
bool key_frame_inside(AVCodecID id, const AVPacket* pkt) {
  const uint8_t* d = pkt->data;
  const int n = pkt->size;
  if (!d || n < 1) return false;
  switch (id) {
    case AV_CODEC_ID_MPEG4:
      for (int i = 0; i + 4 < n; ++i)  // the first VOP start code; its coding type 0 is an I-VOP
        if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1 && d[i + 3] == 0xB6) return (d[i + 4] >> 6) == 0;
      return false;
    case AV_CODEC_ID_VP8:
      return (d[0] & 1) == 0;
    case AV_CODEC_ID_THEORA:
      return (d[0] & 0xC0) == 0;  // a data packet, intra coded
    default: {
      const AVCodecDescriptor* desc = avcodec_descriptor_get(id);
      return desc && (desc->props & AV_CODEC_PROP_INTRA_ONLY);
    }
  }
}
}  // namespace

MediaInput::MediaInput(size_t index, const std::string& path, const common::TimestampOptions& timestamps,
                       int timeout_ms, int64_t spool_limit, const std::string& format,
                       const std::vector<std::pair<std::string, std::string>>& demuxer_options,
                       const std::vector<common::CodecOption>& decoders,
                       const std::vector<common::CodecOption>& decoder_options, int stream_loop)
    : index_(index),
      path_(path),
      decoders_(decoders),
      decoder_options_(decoder_options),
      pkt_(common::make_packet()),
      frame_(common::make_frame()) {
  common::InputOptions options;
  options.name = path == "-" ? "pipe:" : path;
  options.spool_options.limit = spool_limit;
  options.format = format;
  options.demuxer_options = demuxer_options;
  options.decoders = decoders;
  options.codec_options = decoder_options;
  loops_left_ = stream_loop;
  if (stream_loop != 0) options.spool = common::SpoolPolicy::kAlways;  // a pipe too is read again
  std::unique_ptr<common::Source> source = common::open_source(path);
  if (auto* fd = dynamic_cast<common::FdSource*>(source.get())) {
    fd->set_timeout_ms(timeout_ms);
    fd->set_cancel(&cancel_);
  }
  input_ = common::Input::open(std::move(source), options);
  streams_.resize(input_->ctx()->nb_streams);
  warn_unused_decoder_options();
  timestamps_ = std::make_unique<common::InputTimestamps>(input_->ctx(), timestamps);
}

// As ffmpeg: a decoder option no stream of the input takes (one of another media type, or another decoder's own)
// is a warning, unless a demuxer option of that name took it.
void MediaInput::warn_unused_decoder_options() const {
  AVFormatContext* ic = input_->ctx();
  for (const common::CodecOption& option : decoder_options_) {
    bool used = common::is_demuxer_option(option.name);
    for (unsigned i = 0; i < ic->nb_streams && !used; ++i)
      used = !common::decoder_options_for({option}, ic, ic->streams[i], common::decoder_for(decoders_, ic, ic->streams[i]))
                  .empty();
    if (!used)
      common::log_warning("input " + std::to_string(index_) + ": -" + option.name +
                          (option.spec.empty() ? "" : ":" + option.spec) +
                          " was taken by no stream's decoder (an option of another media type, or of a decoder no "
                          "stream uses)");
  }
}

int64_t MediaInput::resolve_sseof(int64_t sseof) {
  const AVFormatContext* ic = input_->ctx();
  const std::string name = "-sseof (input " + std::to_string(index_) + ")";
  int64_t duration = ic->duration;
  if (duration <= 0) {  // ffmpeg: "duration not known", and the whole input; here its tail, read to its end
    common::TailBuffer tail(ic, sseof);
    while (!common::interrupted()) {
      const int ret = input_->read(pkt_.get());
      if (ret < 0) {
        tail_end_ = input_->source().failure() < 0 ? input_->source().failure() : ret;
        break;
      }
      if (tail.push(pkt_.get()) < 0)
        throw Error(name, "more than " + std::to_string(common::PipeSeekOptions::kDefaultMaxBufferedBytes >> 20) +
                              " MiB between key frames of the input, held while reading it to its end",
                    AVERROR(ENOMEM));
    }
    tail.take(tail_);
    read_to_end_ = true;
    duration = tail.duration();
    if (duration == AV_NOPTS_VALUE) {
      common::log_warning(name + ": the input has no timestamps to count back from: ignored");
      return AV_NOPTS_VALUE;
    }
    common::log_info(name + ": the input's header gives no duration: read to its end, " +
                     std::to_string(static_cast<double>(duration) / AV_TIME_BASE) + " s long");
  }
  if (duration + sseof < 0) {
    common::log_warning(name + ": before the start of the input: ignored, as ffmpeg does");
    return AV_NOPTS_VALUE;
  }
  return duration + sseof;
}

void MediaInput::set_timestamps(const common::TimestampOptions& timestamps) {
  timestamps_ = std::make_unique<common::InputTimestamps>(input_->ctx(), timestamps);
}

int MediaInput::read_input(AVPacket* pkt) {
  if (!tail_.empty()) {
    av_packet_move_ref(pkt, tail_.front().get());
    tail_.pop_front();
    return 0;
  }
  return read_to_end_ ? tail_end_ : input_->read(pkt);
}

void MediaInput::seek(int64_t start) {
  AVFormatContext* ic = input_->ctx();
  const int64_t target = common::seek_target(ic, start);
  if (input_->seekable() && !read_to_end_) {  // read to its end: its tail is where the input goes on
    // As ffmpeg: a seek that fails is a warning, and the input is read from where it is (the trim still cuts).
    if (avformat_seek_file(ic, -1, INT64_MIN, target, target, 0) < 0)
      common::log_warning("input " + std::to_string(index_) + ": could not seek to " +
                          std::to_string(static_cast<double>(start) / AV_TIME_BASE) + " s; reading from the start");
    return;
  }
  pipe_seek_target_ = target;
}

void MediaInput::set_read_rate(double speed) {
  read_rate_ = speed > 0 ? std::make_unique<common::ReadRate>(speed) : nullptr;
}

bool MediaInput::used() const {
  for (const auto& s : streams_)
    if (s.decoder) return true;
  return false;
}

std::vector<std::string> MediaInput::decoder_threads() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < streams_.size(); ++i) {
    if (!streams_[i].decoder) continue;
    const AVCodecContext* c = streams_[i].decoder->ctx();
    const int n = c->active_thread_type ? c->thread_count : 1;
    const StreamState& s = streams_[i];
    out.push_back("stream " + std::to_string(i) + " (" + c->codec->name + "): " + std::to_string(n) + " decoder thread" +
                  (n == 1 ? "" : "s") +
                  (c->active_thread_type == FF_THREAD_FRAME   ? " (frames)"
                   : c->active_thread_type == FF_THREAD_SLICE ? " (slices)"
                                                               : "") +
                  (s.switched_at >= 0 ? ", from packet " + std::to_string(s.switched_at) +
                                            " on (one before it: the graph waited on this input)"
                   : s.may_switch ? " (throughout: the graph did not wait on it)"
                                  : ""));
  }
  return out;
}

void MediaInput::feed(int stream, size_t source) {
  StreamState& s = streams_.at(static_cast<size_t>(stream));
  if (!s.decoder) {
    AVStream* st = input_->ctx()->streams[stream];
    common::DecoderOptions d;
    const AVCodecParameters* par = st->codecpar;
    const AVCodec* chosen = common::decoder_for(decoders_, input_->ctx(), st);
    if (chosen) d.codec = chosen->name;
    d.avoptions = common::decoder_options_for(decoder_options_, input_->ctx(), st, chosen);  // -threads wins
    s.decoder = common::Decoder::open(st, d);  // as ffmpeg (and the serial run) open it
    const bool own_threads = std::any_of(d.avoptions.begin(), d.avoptions.end(),
                                         [](const auto& kv) { return kv.first == "threads"; });
    const int delay = frame_delay(s.decoder->ctx());
    const bool small = static_cast<int64_t>(par->width) * par->height < kOneThreadBelowPixels;
    if (pipelined_ && delay > 0 && !own_threads && !splits_packets(s.decoder->ctx()->codec_id) &&
        par->codec_type == AVMEDIA_TYPE_VIDEO && par->width > 0 && par->height > 0 &&
        (small || switches_at_key_frames(s.decoder->ctx()))) {
      s.options = d;
      s.may_switch = !small;  // small pictures stay on one thread: frame threads only crowd the cores
      d.threads = 1;  // one thread, its pictures held back as FFmpeg's frame threads would give them
      s.decoder = common::Decoder::open(st, d);
      s.hold = delay - frame_delay(s.decoder->ctx());
    }
    // A damaged or cut input may leave the stream without the parameters a buffer source needs: that is the
    // media's fault (exit 1), not the graph's.
    const AVCodecContext* c = s.decoder->ctx();
    bool known = st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO
                     ? c->pix_fmt != AV_PIX_FMT_NONE && c->width > 0 && c->height > 0
                     : c->sample_fmt != AV_SAMPLE_FMT_NONE && c->sample_rate > 0 && c->ch_layout.nb_channels > 0;
    if (!known)
      throw Error("reading input " + std::to_string(index_) + " '" + path_ + "'",
                  "stream " + std::to_string(stream) + ": no " +
                      (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO ? "pixel format or frame size"
                                                                      : "sample format, rate or channels") +
                      " found (damaged or cut input?)",
                  AVERROR_INVALIDDATA);
    s.source_tb = st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO ? AVRational{1, s.decoder->ctx()->sample_rate}
                                                                  : st->time_base;
    s.active = true;
  }
  s.sources.push_back(source);
}

common::SourceParams MediaInput::source_params(int stream) const {
  const StreamState& s = streams_.at(static_cast<size_t>(stream));
  AVStream* st = input_->ctx()->streams[stream];
  AVRational fr = av_guess_frame_rate(input_->ctx(), st, nullptr);
  common::SourceParams p = common::SourceParams::from_decoder(s.decoder->ctx(), st->time_base, fr);
  if (autorotate_ && p.type == AVMEDIA_TYPE_VIDEO) p.orient = common::autorotate_filters(st);
  return p;
}

int MediaInput::fail(std::string context, int code) {
  error_context_ = std::move(context);
  return code;
}

MediaInput::~MediaInput() { stop_thread(); }

int MediaInput::read_packet(const Emit& emit, std::string& context) {
  if (!discards_set_) {
    // As ffmpeg, the streams nothing reads are discarded before the first packet: the demuxer skips them, and the
    // input's start is corrected to the streams in use (common::InputTimestamps).
    AVFormatContext* ctx = input_->ctx();
    for (unsigned i = 0; i < ctx->nb_streams && i < streams_.size(); ++i)
      if (!streams_[i].active) ctx->streams[i]->discard = AVDISCARD_ALL;
    discards_set_ = true;
    // A seek on a pipe aims at the default stream among those read (av_find_default_stream_index prefers them).
    if (pipe_seek_target_ != AV_NOPTS_VALUE) pipe_seek_ = std::make_unique<common::PipeSeek>(ctx, pipe_seek_target_);
  }
  if (pipe_seek_ && pipe_seek_->pop(pkt_.get())) return process_packet(emit, context);
  if (read_rate_) {  // the latest DTS read on the streams in use, as ffmpeg's get_input_packet paces it
    int64_t latest = AV_NOPTS_VALUE;
    for (size_t i = 0; i < streams_.size(); ++i) {
      const int64_t dts = streams_[i].active ? timestamps_->dts(static_cast<int>(i)) : AV_NOPTS_VALUE;
      if (dts != AV_NOPTS_VALUE && (latest == AV_NOPTS_VALUE || dts > latest)) latest = dts;
    }
    read_rate_->pace(latest, &cancel_);
    if (cancel_.load()) return AVERROR_EXIT;
  }
  int ret = read_input(pkt_.get());
  // -stream_loop, as ffmpeg 5.1's process_input: at the end, back to the start and on with its first packet, in the
  // same read (an input that gave nothing in a whole pass ends: it would loop without end).
  // (Not when the source was cut short, by --spool-limit or a timeout: that end is an error, below.)
  if (ret == AVERROR_EOF && loops_left_ != 0 && !read_to_end_ && pass_packets_ > 0 && !cancel_.load() &&
      !common::interrupted() && input_->source().failure() == 0) {
    ret = loop_back(emit, context);
    if (ret < 0 && ret != AVERROR_EOF) return ret;
    pass_packets_ = 0;
    if (ret == 0) ret = read_input(pkt_.get());
  }
  if (ret >= 0) ++pass_packets_;
  if (cancel_.load()) {
    // Stopped while reading: the read may have been cut short inside a packet, which is then not the input's (a
    // decoder would refuse it, aloud, in a run that is meant to end quietly).
    av_packet_unref(pkt_.get());
    return AVERROR_EXIT;
  }
  if (ret < 0 && common::interrupted()) return 0;  // the scheduler sees the interrupt and finishes the outputs
  // A source cut short (a read timeout, the spool's limit or disk) may look like the end to the demuxer: it is
  // an error, not the end of the input.
  if (ret < 0 && input_->source().failure() < 0) ret = input_->source().failure();
  if (ret == AVERROR_EOF && pipe_seek_ && !pipe_seek_finished_) {
    pipe_seek_finished_ = true;  // what it held is released: the next reads take it
    pipe_seek_->finish();
    if (pipe_seek_->pop(pkt_.get())) return process_packet(emit, context);
  }
  if (ret == AVERROR_EOF) {
    // Some demuxers (NUT) stop before the writer's last bytes (an index); read them, so that a writer upstream of
    // a pipe is not cut off while finishing.
    uint8_t scratch[kDrainChunk];
    while (input_->source().read(scratch, sizeof scratch) > 0 && !common::interrupted()) {
    }
    return AVERROR_EOF;  // the caller flushes the decoders, stream by stream
  }
  if (ret < 0) {
    context = std::string(input_->spooled() && ret != common::kErrorTimeout ? "spooling input " : "reading input ") +
              std::to_string(index_) + " '" + path_ + "'";
    return ret;
  }
  if (pipe_seek_) {
    ret = pipe_seek_->push(pkt_.get());
    if (ret < 0) {
      context = "seeking input " + std::to_string(index_) + " '" + path_ + "' on a pipe (-ss): more than " +
                std::to_string(common::PipeSeekOptions::kDefaultMaxBufferedBytes >> 20) +
                " MiB without a key frame";
      return ret;
    }
    return pipe_seek_->pop(pkt_.get()) ? process_packet(emit, context) : 0;
  }
  return process_packet(emit, context);
}

// ffmpeg 5.1's process_input at the end of a looped input: each decoder drained without ending its stream and reset,
// then seek_to_start.
int MediaInput::loop_back(const Emit& emit, std::string& context) {
  std::vector<int> last_samples(streams_.size(), 0);
  for (size_t i = 0; i < streams_.size(); ++i) {
    StreamState& s = streams_[i];
    if (!s.decoder || !s.active) continue;
    const int ret = decode(static_cast<int>(i), nullptr, emit, context);
    if (ret < 0) return ret;
    s.decoder->flush();
    last_samples[i] = s.last_samples;
  }
  AVFormatContext* ic = input_->ctx();
  const int64_t start = ic->start_time != AV_NOPTS_VALUE ? ic->start_time : 0;
  if (!input_->seekable() || avformat_seek_file(ic, -1, INT64_MIN, start, start, 0) < 0) {
    common::log_warning("input " + std::to_string(index_) + ": -stream_loop: could not seek back to the start; the "
                        "input ends here");
    loops_left_ = 0;
    return AVERROR_EOF;
  }
  timestamps_->loop(last_samples);
  if (loops_left_ > 0) --loops_left_;
  return 0;
}

int MediaInput::process_packet(const Emit& emit, std::string& context) {
  int stream = pkt_->stream_index;
  if (stream < 0 || static_cast<size_t>(stream) >= streams_.size() || !streams_[static_cast<size_t>(stream)].active) {
    av_packet_unref(pkt_.get());
    return 0;
  }
  timestamps_->adjust(pkt_.get());  // the input starts at 0; MPEG-TS discontinuities keep the timeline going
  // An attached picture (cover art) has no timestamps; ffmpeg 5.1 gives its decoder its first dts guess, 0, which
  // becomes the picture's time (without one, an output's -t trim dropped it).
  if (pkt_->pts == AV_NOPTS_VALUE && pkt_->dts == AV_NOPTS_VALUE &&
      (ctx()->streams[stream]->disposition & AV_DISPOSITION_ATTACHED_PIC))
    pkt_->dts = 0;
  int ret = decode(stream, pkt_.get(), emit, context);
  av_packet_unref(pkt_.get());
  return ret;
}

int MediaInput::read_once(common::Scheduler& sched) {
  if (threaded_) {
    if (taken()) {
      current_read_ = 0;
      if (!pop(current_)) {  // interrupted: the scheduler sees it and finishes the outputs
        current_ = Unit{};
        return 0;
      }
    }
    return take(sched);
  }
  std::string context;
  if (ending_) return end_read(sched);
  int ret = read_packet([&](int stream, AVFrame* f) { return push(sched, stream, f); }, context);
  if (ret == AVERROR_EOF) {  // the read that meets the end is its first end step
    ending_ = true;
    return end_read(sched);
  }
  if (ret < 0 && !context.empty()) return fail(context, ret);
  return ret;
}

int MediaInput::take(common::Scheduler& sched) {
  Unit& u = current_;
  const size_t read = current_read_++;
  const size_t begin = read == 0 ? 0 : u.read_ends[read - 1];
  const size_t end = u.read_ends[read];
  const bool last = current_read_ == u.read_ends.size();
  // As the serial read: a packet's frames; at the end, end_step()'s: the end of the streams before the frame's.
  const bool at_end = u.kind == Unit::kEnd && read >= u.end_first_read;
  for (size_t k = begin; k < end; ++k) {
    const int stream = u.frames[k].first;
    for (; at_end && ended_streams_ < static_cast<size_t>(stream); ++ended_streams_)
      end_sources(sched, ended_streams_, u.end_pts[ended_streams_]);
    if (!streams_[static_cast<size_t>(stream)].active) continue;
    int ret = push(sched, stream, u.frames[k].second.get());
    if (ret < 0) return ret;
  }
  if (last && u.kind == Unit::kError) return fail(u.context, u.error);
  if (!(last && at_end)) return 0;
  for (; ended_streams_ < streams_.size(); ++ended_streams_)
    end_sources(sched, ended_streams_, u.end_pts[ended_streams_]);
  return AVERROR_EOF;
}

void MediaInput::end_sources(common::Scheduler& sched, size_t stream, int64_t end_pts) {
  for (size_t src : streams_[stream].sources) sched.send_eof(src, end_pts, streams_[stream].source_tb);
}

int MediaInput::end_step(const Emit& emit, const std::function<void(size_t)>& ended, std::string& context) {
  for (; end_stream_ < streams_.size(); ++end_stream_) {
    StreamState& s = streams_[end_stream_];
    const int stream = static_cast<int>(end_stream_);
    if (s.decoder && s.active) {
      while (!s.held.empty() && s.held.front().empty()) s.held.pop_front();
      if (!s.held.empty()) {  // what the frame threads would still hold comes out first, one a read
        common::FramePtr f = std::move(s.held.front().front());
        s.held.front().erase(s.held.front().begin());
        const int ret = emit(stream, f.get());
        return ret < 0 ? ret : 1;
      }
      bool got = false;
      const int ret = receive(stream, nullptr, [&](int st, AVFrame* f) {
        got = true;
        return emit(st, f);
      }, context, 1);
      if (ret < 0) return ret;
      if (got) return 1;
    }
    ended(end_stream_);
  }
  return AVERROR_EOF;
}

int MediaInput::end_read(common::Scheduler& sched) {
  std::string context;
  const int ret = end_step([&](int stream, AVFrame* f) { return push(sched, stream, f); },
                           [&](size_t stream) { end_sources(sched, stream, streams_[stream].end_pts); }, context);
  if (ret < 0 && ret != AVERROR_EOF) return context.empty() ? ret : fail(context, ret);
  return ret == AVERROR_EOF ? AVERROR_EOF : 0;
}

int MediaInput::finish(common::Scheduler& sched) {
  int ret = 0;
  while (ret == 0) ret = end_read(sched);
  return ret;
}

int MediaInput::decode(int stream, const AVPacket* pkt, const Emit& emit, std::string& context) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  if (pkt && s.may_switch && (pkt->flags & AV_PKT_FLAG_KEY) && threaded_ &&
      key_frame_inside(s.decoder->ctx()->codec_id, pkt) && switch_wanted())
    switch_decoder(stream);
  if (pkt) ++s.packets;
  if (s.hold == 0) {
    if (!s.held.empty()) {  // switched: one packet's a packet while the frame threads fill; all, when draining
      int ret = release(stream, pkt ? s.held.size() - 1 : 0, emit);
      if (ret < 0) return ret;
    }
    return receive(stream, pkt, emit, context);
  }
  if (!pkt) {  // the end: what is held, then the decoder's last pictures
    int ret = release(stream, 0, emit);
    return ret < 0 ? ret : receive(stream, pkt, emit, context);
  }
  s.held.emplace_back();
  int ret = receive(stream, pkt, [&s](int, AVFrame* f) {
    s.held.back().push_back(common::make_frame());
    av_frame_move_ref(s.held.back().back().get(), f);
    return 0;
  }, context);
  if (ret < 0) return ret;
  return release(stream, static_cast<size_t>(s.hold), emit);
}

bool MediaInput::switch_wanted() {
  const auto now = std::chrono::steady_clock::now();
  if (checked_at_ == std::chrono::steady_clock::time_point{}) {  // the first packet: the first window starts
    checked_at_ = now;
    starved_then_ = starved_.load();
  }
  const double elapsed = std::chrono::duration<double>(now - checked_at_).count();
  if (elapsed < kCheckSeconds) return false;
  const double starved = starved_.load() - starved_then_;
  checked_at_ = now;
  starved_then_ += starved;
  return starved > kStarvedShare * elapsed;
}

void MediaInput::switch_decoder(int stream) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  AVStream* st = input_->ctx()->streams[stream];
  if (s.decoder->ctx()->has_b_frames > 0) {  // B-frames after all: its key frames may not be a clean cut
    s.may_switch = false;
    return;
  }
  std::unique_ptr<common::Decoder> next;
  try {
    next = common::Decoder::open(st, s.options);
  } catch (const Error&) {  // opened as this once already: should it fail now, the stream stays on one thread
    s.may_switch = false;
    return;
  }
  // One thread and no reordering: the old decoder holds no picture (none is lost if it did: they go with the last
  // packet's).
  if (s.decoder->send(nullptr) >= 0) {
    while (s.decoder->receive(frame_.get()) >= 0) {
      time_frame(stream, frame_.get(), nullptr);
      if (s.held.empty()) s.held.emplace_back();
      s.held.back().push_back(common::make_frame());
      av_frame_move_ref(s.held.back().back().get(), frame_.get());
    }
  }
  s.decoder = std::move(next);
  s.hold = 0;
  s.may_switch = false;
  s.switched_at = s.packets;
}

int MediaInput::release(int stream, size_t keep, const Emit& emit) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  while (s.held.size() > keep) {
    std::vector<common::FramePtr> frames = std::move(s.held.front());
    s.held.pop_front();
    for (auto& f : frames) {
      const int ret = emit(stream, f.get());
      if (ret < 0) return ret;
    }
  }
  return 0;
}

int MediaInput::receive(int stream, const AVPacket* pkt, const Emit& emit, std::string& context, size_t max_frames) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  const std::string what = "decoding input " + std::to_string(index_) + " stream " + std::to_string(stream);
  int ret = s.decoder->send(pkt);
  if (ret == AVERROR(ENOMEM)) {
    context = what;
    return ret;
  }
  if (ret < 0 && ret != AVERROR_EOF) {
    // As ffmpeg: a packet the decoder refuses is reported and skipped, and decoding goes on.
    common::log_warning("input " + std::to_string(index_) + " stream " + std::to_string(stream) +
                        ": packet skipped, the decoder refused it (" + common::av_error_text(ret) + ")");
  }
  for (;;) {
    ret = s.decoder->receive(frame_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return 0;
    if (ret < 0 && ret != AVERROR(ENOMEM)) {
      common::log_warning("input " + std::to_string(index_) + " stream " + std::to_string(stream) +
                          ": frame skipped (" + common::av_error_text(ret) + ")");
      if (!pkt) return 0;  // draining: the decoder may not recover
      continue;
    }
    if (ret < 0) {
      context = what;
      return ret;
    }
    time_frame(stream, frame_.get(), pkt);
    ret = emit(stream, frame_.get());
    av_frame_unref(frame_.get());
    if (ret < 0 || --max_frames == 0) return ret;
  }
}

void MediaInput::time_frame(int stream, AVFrame* f, const AVPacket* pkt) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  AVStream* st = input_->ctx()->streams[stream];
  if (st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
    // As ffmpeg: audio timestamps go to 1/sample_rate, rounded so that consecutive frames stay contiguous.
    AVRational tb = st->time_base;
    if (f->pts == AV_NOPTS_VALUE) {
      if (pkt && pkt->pts != AV_NOPTS_VALUE) {
        f->pts = pkt->pts;
      } else {
        f->pts = s.end_pts;
        tb = s.source_tb;
      }
    }
    if (pkt && pkt->duration && s.prev_pkt_pts != AV_NOPTS_VALUE && pkt->pts != AV_NOPTS_VALUE &&
        pkt->pts - s.prev_pkt_pts > pkt->duration)
      s.rescale_last = AV_NOPTS_VALUE;
    if (pkt) s.prev_pkt_pts = pkt->pts;
    if (f->pts != AV_NOPTS_VALUE && f->sample_rate > 0) {
      // 1/the frame's own rate, which a stream may change mid-way (the graph is then rebuilt with this time base);
      // the end is kept in the stream's first one.
      const AVRational rate_tb{1, f->sample_rate};
      f->pts = av_rescale_delta(tb, f->pts, rate_tb, f->nb_samples, &s.rescale_last, rate_tb);
      s.end_pts = av_rescale_q(f->pts + f->nb_samples, rate_tb, s.source_tb);
    }
    s.last_samples = f->nb_samples;
  } else if (f->pts != AV_NOPTS_VALUE) {
    int64_t duration = f->pkt_duration;
    if (duration <= 0) {
      AVRational fr = av_guess_frame_rate(input_->ctx(), st, f);
      if (fr.num > 0 && fr.den > 0) duration = av_rescale_q(1, av_inv_q(fr), s.source_tb);
    }
    s.end_pts = f->pts + duration;
  }
}

int MediaInput::push(common::Scheduler& sched, int stream, const AVFrame* f) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  bool any_open = false;
  for (size_t src : s.sources) {
    int ret = sched.send_frame(src, f);
    if (ret == AVERROR_EOF) continue;
    if (ret < 0) return ret;
    any_open = true;
  }
  if (!any_open) {
    for (size_t src : s.sources) any_open = any_open || sched.source_open(src);
    s.active = any_open;  // no one wants this stream any more: stop decoding it
  }
  return 0;
}

int MediaInput::drain(common::Scheduler& sched) {
  if (threaded_) {
    // Stopping early (an interrupt, an input's failure): what the thread decoded goes in first, in order, so that
    // no frame is skipped before the decoders' last ones; from here this thread alone touches the decoders.
    cancel_ = true;  // as the serial stop, nothing more is read (a read waiting on a stalled pipe ends)
    {
      std::lock_guard<std::mutex> lock(mutex_);
      abort_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
    threaded_ = false;
    bool ended = false;
    for (;;) {
      if (taken()) {
        if (queue_.empty()) break;
        current_ = std::move(queue_.front());
        current_read_ = 0;
        queue_.pop_front();
      }
      // The read the stop itself cancelled ends it.
      if (current_.kind == Unit::kError && current_.error == AVERROR_EXIT && current_read_ + 1 == current_.read_ends.size())
        break;
      int ret = take(sched);
      if (ret == AVERROR_EOF) ended = true;
      if (ret < 0) break;  // an error was the input's end: what it decoded before went in
    }
    current_ = Unit{};
    current_read_ = 0;
    queue_.clear();
    if (ended) return AVERROR_EOF;
  }
  return finish(sched);
}

// ---- the input's own thread ------------------------------------------------------------------------------------

void MediaInput::start_thread(size_t max_units) {
  if (threaded_) return;
  threaded_ = true;
  max_units_ = std::max<size_t>(max_units, 1);
  thread_ = std::thread([this] { run_thread(); });
}

void MediaInput::stop_thread() {
  if (!thread_.joinable()) return;
  cancel_ = true;  // a read waiting on a pipe ends (the rest of the input is not wanted)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    abort_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  threaded_ = false;
  queue_.clear();
  current_ = Unit{};
  current_read_ = 0;
}

void MediaInput::run_thread() {
  size_t empty_reads = 0;  // reads that gave nothing since the last unit: they go with the next one
  for (;;) {
    const auto start = std::chrono::steady_clock::now();
    Unit u;
    std::string context;
    const Emit collect = [&u](int stream, AVFrame* f) {
      common::FramePtr copy = common::make_frame();
      av_frame_move_ref(copy.get(), f);
      u.frames.emplace_back(stream, std::move(copy));
      return 0;
    };
    int ret = read_packet(collect, context);
    std::vector<size_t> end_steps;  // where each end step's frame ends in u.frames (the last one's, after)
    if (ret == AVERROR_EOF) {
      u.kind = Unit::kEnd;
      while ((ret = end_step(collect, [](size_t) {}, context)) == 1) end_steps.push_back(u.frames.size());
      for (const auto& s : streams_) u.end_pts.push_back(s.end_pts);
    }
    if (ret < 0 && ret != AVERROR_EOF) {
      u.kind = Unit::kError;
      u.error = ret;
      u.context = context;
    }
    add_to(busy_, seconds_since(start));
    // A read that gave nothing (a packet a decoder keeps, a stream no one reads) is no message of its own: it goes
    // with the next, whose reads the graph's thread takes one at a time, as the serial run reads.
    if (ret == 0 && u.frames.empty() && !common::interrupted()) {
      ++empty_reads;
      continue;
    }
    u.read_ends.assign(empty_reads, 0);
    u.end_first_read = empty_reads;
    u.read_ends.insert(u.read_ends.end(), end_steps.begin(), end_steps.end());
    u.read_ends.push_back(u.frames.size());
    empty_reads = 0;
    const auto wait = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    // Audio frames are small and many (a PCM packet of 1024 samples is one): while the graph has units waiting,
    // they join the last one instead of making a unit (and a wake-up of the graph's thread) each. The graph takes
    // them read by read all the same; a unit holds at most kMaxMergedFrames frames.
    if (!abort_ && mergeable(u)) {
      Unit& last = queue_.back();
      const size_t offset = last.frames.size();
      last.frames.insert(last.frames.end(), std::make_move_iterator(u.frames.begin()),
                         std::make_move_iterator(u.frames.end()));
      for (size_t e : u.read_ends) last.read_ends.push_back(offset + e);
      add_to(waiting_, seconds_since(wait));
      continue;  // the graph's thread has work queued: it is not waiting for a wake-up
    }
    // Full: wait until the graph has taken half of the queue, so that the two threads take turns a few units at a
    // time rather than one (each turn is a wake-up and a context switch, which on a busy core cost more than a
    // small unit's decoding).
    if (queue_.size() >= max_units_) changed_.wait(lock, [&] { return abort_ || queue_.size() <= low_water(); });
    add_to(waiting_, seconds_since(wait));
    // Stopped: the frames decoded go in the queue all the same (the decoders have moved past them), for drain().
    const bool last = abort_ || u.kind != Unit::kFrames;
    queue_.push_back(std::move(u));
    lock.unlock();
    changed_.notify_all();
    if (last || common::interrupted()) return;
  }
}

bool MediaInput::mergeable(const Unit& u) const {
  if (u.kind != Unit::kFrames || queue_.empty() || queue_.back().kind != Unit::kFrames) return false;
  const Unit& last = queue_.back();
  if (last.frames.empty() || last.frames.size() + u.frames.size() > kMaxMergedFrames) return false;
  const auto audio = [](const std::pair<int, common::FramePtr>& f) { return f.second->nb_samples > 0; };
  return std::all_of(u.frames.begin(), u.frames.end(), audio) && std::all_of(last.frames.begin(), last.frames.end(), audio);
}

bool MediaInput::pop(Unit& unit) {
  const auto wait = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  // Woken by the thread, and every 50 ms to see an interrupt (SIGINT, SIGTERM).
  while (queue_.empty()) {
    changed_.wait_for(lock, std::chrono::milliseconds(50));
    if (queue_.empty() && common::interrupted()) return false;
  }
  unit = std::move(queue_.front());
  queue_.pop_front();
  const bool room = queue_.size() == low_water();  // where a full queue's reader goes on
  lock.unlock();
  if (room) changed_.notify_all();
  add_to(starved_, seconds_since(wait));
  return true;
}

}  // namespace graphrun
