#include "common/decode.hpp"

#include "common/errors.hpp"

namespace common {

std::unique_ptr<Decoder> Decoder::open(const AVStream* st, const DecoderOptions& options) {
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (!codec) {
    throw Error("opening decoder", std::string("no decoder for ") + avcodec_get_name(st->codecpar->codec_id) +
                                       " (stream " + std::to_string(st->index) + ")",
                AVERROR_DECODER_NOT_FOUND);
  }
  std::unique_ptr<Decoder> d(new Decoder());
  d->ctx_.reset(avcodec_alloc_context3(codec));
  if (!d->ctx_) throw Error("opening decoder", AVERROR(ENOMEM));
  check(avcodec_parameters_to_context(d->ctx_.get(), st->codecpar), "opening decoder");
  d->ctx_->pkt_timebase = st->time_base;
  d->ctx_->thread_count = options.threads;
  if (options.low_delay) d->ctx_->flags |= AV_CODEC_FLAG_LOW_DELAY;
  if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO) d->ctx_->framerate = st->avg_frame_rate;
  check(avcodec_open2(d->ctx_.get(), codec, nullptr), "opening decoder");
  d->time_base_ = st->time_base;
  d->stream_index_ = st->index;
  d->best_effort_pts_ = options.best_effort_pts;
  return d;
}

int Decoder::send(const AVPacket* pkt) { return avcodec_send_packet(ctx_.get(), pkt); }

int Decoder::receive(AVFrame* frame) {
  int ret = avcodec_receive_frame(ctx_.get(), frame);
  if (ret >= 0 && best_effort_pts_) frame->pts = frame->best_effort_timestamp;
  return ret;
}

void Decoder::flush() { avcodec_flush_buffers(ctx_.get()); }

}  // namespace common
