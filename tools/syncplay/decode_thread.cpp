#include "decode_thread.hpp"

#include <cmath>
#include <limits>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

#include <cstdio>
#include <string>

namespace syncplay {

DecodeThread::DecodeThread(std::unique_ptr<common::Decoder> decoder, PacketQueue& packets, FrameQueue& frames,
                           DecodeConfig config)
    : decoder_(std::move(decoder)), packets_(packets), out_(frames), config_(config) {}

DecodeThread::~DecodeThread() { stop(); }

void DecodeThread::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void DecodeThread::stop() {
  if (thread_.joinable()) thread_.join();
}

bool DecodeThread::deliver(AVFrame* frame) {
  const bool video = decoder_->ctx()->codec_type == AVMEDIA_TYPE_VIDEO;
  if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT)) {
    ++errors_;
    last_error_ = AVERROR_INVALIDDATA;
  }
  DecodedFrame d;
  if (video && (config_.synthesize_pts || frame->pts == AV_NOPTS_VALUE)) {
    // A raw stream without timestamps: frames are evenly spaced at the stated (or guessed) rate.
    if (!warned_) {
      warned_ = true;
      char rate[32];
      std::snprintf(rate, sizeof rate, "%g", config_.fallback_fps);
      common::log_warning(std::string("the video has no timestamps; playing it at ") + rate + " fps" +
                          (config_.fps_given ? "" : " (a guess; set the rate with --fps)"));
    }
    d.pts = static_cast<double>(synthesized_++) / config_.fallback_fps;
    d.duration = 1.0 / config_.fallback_fps;
  } else {
    d.pts = frame->pts == AV_NOPTS_VALUE ? std::numeric_limits<double>::quiet_NaN()
                                         : static_cast<double>(frame->pts) * av_q2d(decoder_->time_base());
  }
  if (video && d.duration == 0.0) {
    d.duration = config_.frame_rate > 0 ? 1.0 / config_.frame_rate : 0.0;
  } else if (!video && frame->sample_rate > 0) {
    d.duration = static_cast<double>(frame->nb_samples) / frame->sample_rate;
  }
  if (!std::isnan(d.pts) && d.pts + d.duration <= config_.drop_before + 1e-6) return true;
  ++frames_;
  if (video && config_.to_yuv420p && frame->format != AV_PIX_FMT_YUV420P) {
    sws_.reset(sws_getCachedContext(sws_.release(), frame->width, frame->height,
                                    static_cast<AVPixelFormat>(frame->format), frame->width, frame->height,
                                    AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
    common::FramePtr conv = common::make_frame();
    conv->format = AV_PIX_FMT_YUV420P;
    conv->width = frame->width;
    conv->height = frame->height;
    if (!sws_ || av_frame_get_buffer(conv.get(), 0) < 0) {
      ++errors_;
      return true;
    }
    sws_scale(sws_.get(), frame->data, frame->linesize, 0, frame->height, conv->data, conv->linesize);
    av_frame_copy_props(conv.get(), frame);
    d.frame = std::move(conv);
  } else {
    d.frame = common::make_frame();
    av_frame_move_ref(d.frame.get(), frame);
  }
  return out_.push(std::move(d));
}

bool DecodeThread::drain() {
  common::FramePtr frame = common::make_frame();
  for (;;) {
    int ret = decoder_->receive(frame.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return true;
    if (ret < 0) {
      ++errors_;
      last_error_ = ret;
      return true;
    }
    bool ok = deliver(frame.get());
    av_frame_unref(frame.get());
    if (!ok) return false;
  }
}

void DecodeThread::run() {
  int serial = packets_.serial();
  for (;;) {
    auto msg = packets_.pop();
    if (!msg) return;  // aborted
    switch (msg->kind) {
      case common::MessageKind::kFlush:
        serial = msg->serial;
        decoder_->flush();
        synthesized_ = 0;
        out_.flush(serial);
        break;
      case common::MessageKind::kEof:
        decoder_->send(nullptr);
        if (!drain()) return;
        out_.push_eof();
        break;
      case common::MessageKind::kData: {
        if (msg->serial != serial) break;  // left over from before a flush
        int ret = decoder_->send(msg->data.get());
        while (ret == AVERROR(EAGAIN)) {
          if (!drain()) return;
          ret = decoder_->send(msg->data.get());
        }
        if (ret < 0 && ret != AVERROR_EOF) {
          ++errors_;
          last_error_ = ret;
        }
        if (!drain()) return;
        break;
      }
    }
  }
}

}  // namespace syncplay
