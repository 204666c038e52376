#include "audio_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace syncplay {

AudioRenderer::AudioRenderer(FrameQueue& frames, const PacketQueue& packets, SyncClocks& clocks, AudioDeviceSpec device,
                             double speed)
    : frames_(frames), packets_(packets), clocks_(clocks), device_(device), speed_(speed), wanted_speed_(speed),
      audio_clock_(std::numeric_limits<double>::quiet_NaN()) {
  if (speed_ != 1.0) tempo_ = std::make_unique<common::TempoStretcher>(device_.channels, device_.rate, speed_);
}

bool AudioRenderer::configure(const AVFrame* f) {
  if (swr_ && f->sample_rate == in_rate_ && f->format == in_format_ && av_channel_layout_compare(&f->ch_layout, &in_layout_) == 0)
    return true;
  AVChannelLayout out_layout{};
  av_channel_layout_default(&out_layout, device_.channels);
  AVChannelLayout in_layout{};
  if (av_channel_layout_copy(&in_layout, &f->ch_layout) < 0) return false;
  SwrContext* raw = nullptr;
  int ret = swr_alloc_set_opts2(&raw, &out_layout, AV_SAMPLE_FMT_S16, device_.rate, &in_layout,
                                static_cast<AVSampleFormat>(f->format), f->sample_rate, 0, nullptr);
  av_channel_layout_uninit(&out_layout);
  av_channel_layout_uninit(&in_layout);
  swr_.reset(raw);
  if (ret < 0 || swr_init(swr_.get()) < 0) {
    swr_.reset();
    return false;
  }
  av_channel_layout_uninit(&in_layout_);
  av_channel_layout_copy(&in_layout_, &f->ch_layout);
  in_rate_ = f->sample_rate;
  in_format_ = f->format;
  return true;
}

bool AudioRenderer::next_chunk(double now) {
  for (;;) {
    auto msg = frames_.try_pop();
    if (!msg) return false;
    if (msg->kind == common::MessageKind::kFlush || msg->serial != packets_.serial()) continue;
    if (msg->kind == common::MessageKind::kEof) {
      finished_ = true;
      continue;
    }
    finished_ = false;
    AVFrame* f = msg->data.frame.get();
    if (f->nb_samples <= 0 || f->sample_rate <= 0 || !configure(f)) continue;
    int wanted = f->nb_samples;
    if (clocks_.master() != common::SyncMaster::kAudio) {
      double threshold = static_cast<double>(device_.buffer_bytes) / device_.bytes_per_second();
      wanted = averager_.wanted_samples(f->nb_samples, f->sample_rate, clocks_.audio_diff(now), threshold);
    }
    ++frames_played_;
    if (wanted != f->nb_samples) {
      ++frames_compensated_;
      // Spread the difference over this frame: swresample drops or adds samples smoothly.
      swr_set_compensation(swr_.get(), (wanted - f->nb_samples) * device_.rate / f->sample_rate,
                           wanted * device_.rate / f->sample_rate);
    }
    int out_count = static_cast<int>(static_cast<int64_t>(wanted) * device_.rate / f->sample_rate + 256);
    buf_.resize(static_cast<size_t>(out_count) * device_.channels * 2);
    uint8_t* out[1] = {buf_.data()};
    int n = swr_convert(swr_.get(), out, out_count, const_cast<const uint8_t**>(f->extended_data), f->nb_samples);
    if (n < 0) continue;
    if (tempo_) {
      if (msg->serial != audio_serial_) tempo_->reset();  // nothing from before a seek
      tempo_->push(reinterpret_cast<const int16_t*>(buf_.data()), n);
      n = tempo_->available();
      buf_.resize(static_cast<size_t>(n) * device_.channels * 2);
      n = tempo_->pull(reinterpret_cast<int16_t*>(buf_.data()), n);
    }
    buf_.resize(static_cast<size_t>(n) * device_.channels * 2);
    pos_ = 0;
    audio_clock_ = std::isnan(msg->data.pts) ? std::numeric_limits<double>::quiet_NaN()
                                             : msg->data.pts + static_cast<double>(f->nb_samples) / f->sample_rate;
    audio_serial_ = msg->serial;
    if (n == 0) continue;  // the stretcher is still filling its window
    return true;
  }
}

void AudioRenderer::fill(uint8_t* out, int len, double now) {
  if (double speed = wanted_speed_.load(); speed != speed_) {
    // The stretcher starts afresh at the new speed (what it held, a window's worth, is dropped).
    speed_ = speed;
    tempo_ = speed_ != 1.0 ? std::make_unique<common::TempoStretcher>(device_.channels, device_.rate, speed_) : nullptr;
  }
  bool underrun = false;
  const int requested = len;
  const uint8_t* const start = out;
  while (len > 0) {
    if (pos_ >= buf_.size() && !next_chunk(now)) {
      std::memset(out, 0, static_cast<size_t>(len));
      underrun = true;
      break;
    }
    size_t n = std::min(buf_.size() - pos_, static_cast<size_t>(len));
    std::memcpy(out, buf_.data() + pos_, n);
    pos_ += n;
    out += n;
    len -= static_cast<int>(n);
    started_ = true;
  }
  if (underrun && started_ && !finished_) ++underruns_;
  if (len < requested) {
    // What the device plays, as ffplay's update_sample_display sees it (before the volume).
    if (visual_) visual_->push(reinterpret_cast<const int16_t*>(start), (requested - len) / 2, now);
    bytes_delivered_ += requested - len;
    if (std::isnan(first_delivery_.load())) first_delivery_ = now;
    last_delivery_ = now;
  }
  // Past the end of the audio (its EOF taken, nothing left to hand over) the clock is not set again: it runs on from
  // the last sample at its speed, as ffplay's does (its callback blocks there). Set again and again to the last
  // sample it would stand still, and video that outlasts the audio (a cut file, a shorter audio track) would wait
  // for it for ever: a frame longer than 0.1 s is held by the video-master difference, which grows as time passes.
  const bool audio_over = finished_ && len == requested;
  if (!std::isnan(audio_clock_) && !audio_over) {
    // Media time still to be heard: the device's buffers and ours (played at speed_), and what the stretcher holds.
    double pending = static_cast<double>(device_.latency_buffers * device_.buffer_bytes + (buf_.size() - pos_)) /
                     device_.bytes_per_second() * speed_;
    if (tempo_) pending += tempo_->buffered_seconds();
    clocks_.set_audio(audio_clock_ - pending, audio_serial_, now);
  }
}

}  // namespace syncplay
