#include "inputs.hpp"

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "common/memory_io.hpp"

namespace graphrun {

using common::Error;

namespace {
constexpr int kDrainChunk = 4096;  // bytes read at a time when reading what a demuxer left at the end
}

MediaInput::MediaInput(size_t index, const std::string& path, bool copyts, int timeout_ms, int64_t spool_limit)
    : index_(index), path_(path), pkt_(common::make_packet()), frame_(common::make_frame()) {
  common::InputOptions options;
  options.name = path == "-" ? "pipe:" : path;
  options.spool_options.limit = spool_limit;
  std::unique_ptr<common::Source> source = common::open_source(path);
  if (auto* fd = dynamic_cast<common::FdSource*>(source.get())) fd->set_timeout_ms(timeout_ms);
  input_ = common::Input::open(std::move(source), options);
  streams_.resize(input_->ctx()->nb_streams);
  common::TimestampOptions topts;
  topts.copyts = copyts;
  timestamps_ = std::make_unique<common::InputTimestamps>(input_->ctx(), topts);
}

bool MediaInput::used() const {
  for (const auto& s : streams_)
    if (s.decoder) return true;
  return false;
}

void MediaInput::feed(int stream, size_t source) {
  StreamState& s = streams_.at(static_cast<size_t>(stream));
  if (!s.decoder) {
    AVStream* st = input_->ctx()->streams[stream];
    s.decoder = common::Decoder::open(st);
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
  return common::SourceParams::from_decoder(s.decoder->ctx(), st->time_base, fr);
}

int MediaInput::fail(std::string context, int code) {
  error_context_ = std::move(context);
  return code;
}

int MediaInput::read_once(common::Scheduler& sched) {
  int ret = input_->read(pkt_.get());
  if (ret < 0 && common::interrupted()) return 0;  // the scheduler sees the interrupt and finishes the outputs
  // A source cut short (a read timeout, the spool's limit or disk) may look like the end to the demuxer: it is
  // an error, not the end of the input.
  if (ret < 0 && input_->source().failure() < 0) ret = input_->source().failure();
  if (ret == AVERROR_EOF) return finish(sched);
  if (ret < 0) {
    const char* what = input_->spooled() && ret != common::kErrorTimeout ? "spooling input " : "reading input ";
    return fail(what + std::to_string(index_) + " '" + path_ + "'", ret);
  }
  int stream = pkt_->stream_index;
  if (stream < 0 || static_cast<size_t>(stream) >= streams_.size() || !streams_[static_cast<size_t>(stream)].active) {
    av_packet_unref(pkt_.get());
    return 0;
  }
  AVStream* st = input_->ctx()->streams[stream];
  timestamps_->adjust(pkt_.get());  // the input starts at 0; MPEG-TS discontinuities keep the timeline going
  if (pkt_->dts != AV_NOPTS_VALUE) position_ = std::max(position_, static_cast<double>(pkt_->dts) * av_q2d(st->time_base));
  ret = decode(sched, stream, pkt_.get());
  av_packet_unref(pkt_.get());
  return ret;
}

int MediaInput::decode(common::Scheduler& sched, int stream, const AVPacket* pkt) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  int ret = s.decoder->send(pkt);
  if (ret == AVERROR(ENOMEM)) return fail("decoding input " + std::to_string(index_) + " stream " + std::to_string(stream), ret);
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
    if (ret < 0) return fail("decoding input " + std::to_string(index_) + " stream " + std::to_string(stream), ret);
    ret = deliver(sched, stream, pkt);
    av_frame_unref(frame_.get());
    if (ret < 0) return ret;
  }
}

int MediaInput::deliver(common::Scheduler& sched, int stream, const AVPacket* pkt) {
  StreamState& s = streams_[static_cast<size_t>(stream)];
  AVStream* st = input_->ctx()->streams[stream];
  AVFrame* f = frame_.get();
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
      f->pts = av_rescale_delta(tb, f->pts, s.source_tb, f->nb_samples, &s.rescale_last, s.source_tb);
      s.end_pts = f->pts + f->nb_samples;
    }
  } else if (f->pts != AV_NOPTS_VALUE) {
    int64_t duration = f->pkt_duration;
    if (duration <= 0) {
      AVRational fr = av_guess_frame_rate(input_->ctx(), st, f);
      if (fr.num > 0 && fr.den > 0) duration = av_rescale_q(1, av_inv_q(fr), s.source_tb);
    }
    s.end_pts = f->pts + duration;
  }
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

int MediaInput::finish(common::Scheduler& sched) {
  // Some demuxers (NUT) stop before the writer's last bytes (an index); read them, so that a writer upstream of a
  // pipe is not cut off while finishing.
  uint8_t scratch[kDrainChunk];
  while (input_->source().read(scratch, sizeof scratch) > 0 && !common::interrupted()) {
  }
  return drain(sched);
}

int MediaInput::drain(common::Scheduler& sched) {
  for (size_t i = 0; i < streams_.size(); ++i) {
    StreamState& s = streams_[i];
    if (!s.decoder) continue;
    if (s.active) {
      int ret = decode(sched, static_cast<int>(i), nullptr);
      if (ret < 0) return ret;
    }
    for (size_t src : s.sources) sched.send_eof(src, s.end_pts, s.source_tb);
  }
  return AVERROR_EOF;
}

}  // namespace graphrun
