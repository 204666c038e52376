#include "decode_thread.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "picture_convert.hpp"

#include <cstdio>
#include <string>

namespace syncplay {

DecodeThread::DecodeThread(std::unique_ptr<common::Decoder> decoder, PacketQueue& packets, FrameQueue& frames,
                           DecodeConfig config)
    : decoder_(std::move(decoder)), packets_(packets), out_(frames), config_(config) {
  if (!config_.filters.empty()) {
    FilterChainConfig fc;
    fc.description = config_.filters;
    fc.type = decoder_->ctx()->codec_type;
    fc.threads = config_.filter_threads;
    if (fc.type == AVMEDIA_TYPE_VIDEO) {
      double rate = config_.synthesize_pts ? config_.fallback_fps : config_.frame_rate;
      if (rate > 0) fc.frame_rate = av_d2q(rate, 1 << 16);
      fc.formats = config_.display_formats;  // the graph converts at its end
    }
    chain_ = std::make_unique<FilterChain>(
        fc, [this](AVFrame* f, AVRational tb, AVRational rate) {
          double pts = f->pts == AV_NOPTS_VALUE ? std::numeric_limits<double>::quiet_NaN()
                                                : static_cast<double>(f->pts) * av_q2d(tb);
          // As ffplay: a filtered picture lasts one frame of the sink's rate (0 when the rate is unknown).
          double duration = f->sample_rate > 0 && f->nb_samples > 0 ? static_cast<double>(f->nb_samples) / f->sample_rate
                            : rate.num > 0 && rate.den > 0           ? av_q2d(av_inv_q(rate))
                                                                     : 0.0;
          return emit(f, pts, duration);
        });
  }
}

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
  AVRational tb = decoder_->time_base();
  double duration = 0.0;
  if (video && (config_.synthesize_pts || frame->pts == AV_NOPTS_VALUE)) {
    // A raw stream without timestamps: frames are evenly spaced at the stated (or guessed) rate.
    if (!warned_) {
      warned_ = true;
      char rate[32];
      std::snprintf(rate, sizeof rate, "%g", config_.fallback_fps);
      common::log_warning(std::string("the video has no timestamps; playing it at ") + rate + " fps" +
                          (config_.fps_given ? "" : " (a guess; set the rate with --fps)"));
    }
    tb = av_inv_q(av_d2q(config_.fallback_fps, 1 << 16));
    frame->pts = synthesized_++;
    frame->pkt_duration = 1;
    duration = 1.0 / config_.fallback_fps;
  }
  double pts = frame->pts == AV_NOPTS_VALUE ? std::numeric_limits<double>::quiet_NaN()
                                            : static_cast<double>(frame->pts) * av_q2d(tb);
  if (video && duration == 0.0) {
    duration = config_.frame_rate > 0 ? 1.0 / config_.frame_rate : 0.0;
  } else if (!video && frame->sample_rate > 0) {
    duration = static_cast<double>(frame->nb_samples) / frame->sample_rate;
  }
  double drop_before = config_.drop_before;
  if (drop_serial_.load() == serial_) drop_before = std::max(drop_before, drop_until_.load());
  if (!std::isnan(pts) && pts + duration <= drop_before + 1e-6) return true;
  ++frames_;
  if (chain_) return filter(frame, tb);
  return emit(frame, pts, duration);
}

bool DecodeThread::filter(AVFrame* frame, AVRational tb) {
  if (chain_ended_) return true;  // the chain ended this serial (trim) or failed: frames wait for a flush
  if (frame->sample_rate > 0 && frame->pts != AV_NOPTS_VALUE) {
    // Audio timestamps in 1/sample_rate, as ffmpeg feeds its filters.
    frame->pts = av_rescale_q(frame->pts, tb, AVRational{1, frame->sample_rate});
    tb = AVRational{1, frame->sample_rate};
  } else if (frame->sample_rate == 0 && frame->pkt_duration <= 0 && config_.frame_rate > 0) {
    // A picture's end (where the graph closes at EOF: fps repeats up to it) from the nominal rate when the packet
    // did not say.
    frame->pkt_duration = av_rescale_q(1, av_inv_q(av_d2q(config_.frame_rate, 1 << 16)), tb);
  }
  int ret = chain_->push(frame, tb);
  if (ret == AVERROR_EXIT) return false;
  if (ret == AVERROR_EOF) {
    chain_ended_ = true;
    out_.push_eof();
  } else if (ret < 0) {
    if (filter_error_.empty()) filter_error_ = chain_->what();
    chain_ended_ = true;
    out_.push_eof();
  }
  return true;
}

bool DecodeThread::emit(AVFrame* frame, double pts, double duration) {
  const bool video = decoder_->ctx()->codec_type == AVMEDIA_TYPE_VIDEO;
  if (video && config_.drop_early && config_.drop_early(pts, serial_)) return true;  // before any conversion
  DecodedFrame d;
  d.pts = pts;
  d.duration = duration;
  const auto& shown = config_.display_formats;
  if (video && !shown.empty() && std::find(shown.begin(), shown.end(), frame->format) == shown.end()) {
    const auto from = static_cast<AVPixelFormat>(frame->format);
    if (from != convert_from_) {  // the display's closest format, chosen once per input format
      convert_from_ = from;
      convert_to_ = closest_display_format(shown, from);
    }
    common::FramePtr conv = converter_.convert(frame, convert_to_);
    if (!conv) {
      ++errors_;
      return true;
    }
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
    faulty_dts_ = decoder_->ctx()->pts_correction_num_faulty_dts;
    faulty_pts_ = decoder_->ctx()->pts_correction_num_faulty_pts;
    bool ok = deliver(frame.get());
    av_frame_unref(frame.get());
    if (!ok) return false;
  }
}

void DecodeThread::run() {
  int& serial = serial_;
  serial = packets_.serial();
  for (;;) {
    auto msg = packets_.pop();
    if (!msg) return;  // aborted
    switch (msg->kind) {
      case common::MessageKind::kFlush:
        serial = msg->serial;
        decoder_->flush();
        synthesized_ = 0;
        if (chain_) chain_->reset();  // what the graph holds is from before the seek
        chain_ended_ = false;
        out_.flush(serial);
        break;
      case common::MessageKind::kEof:
        decoder_->send(nullptr);
        if (!drain()) return;
        if (chain_ && chain_->finish() == AVERROR_EXIT) return;  // the graph's last frames (fps, ...) go out
        if (!chain_ended_) out_.push_eof();
        chain_ended_ = true;  // one EOF per serial
        break;
      case common::MessageKind::kData: {
        // Left over from before a flush, or from the stream played before a switch (ffplay's a and v keys).
        if (msg->serial != serial || msg->data->stream_index != decoder_->stream_index()) break;
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
