#include "common/timestamps.hpp"

#include <algorithm>
#include <cstdlib>

namespace common {

namespace {

bool timed(const AVStream* st) {
  return st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO || st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
}

int64_t to_us(int64_t ts, AVRational tb) {
  return av_rescale_q_rnd(ts, tb, av_get_time_base_q(), static_cast<AVRounding>(AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX));
}

}  // namespace

int64_t initial_ts_offset(const AVFormatContext* ic, const TimestampOptions& options) {
  const int64_t start = ic && ic->start_time != AV_NOPTS_VALUE ? ic->start_time : 0;
  int64_t offset = options.input_ts_offset;  // ffmpeg: ts_offset = input_ts_offset - (the start, the -ss)
  if (!options.copyts && options.start_at_zero) offset -= start + options.seek;
  if (options.copyts && options.copyts_start_at_zero) offset -= start;
  return offset;
}

InputTimestamps::InputTimestamps(const AVFormatContext* ic, TimestampOptions options)
    : ic_(ic), options_(options), streams_(ic->nb_streams), offset_(initial_ts_offset(ic, options)) {}

int64_t InputTimestamps::dts(int stream) const {
  if (stream < 0 || static_cast<size_t>(stream) >= streams_.size()) return AV_NOPTS_VALUE;
  return streams_[static_cast<size_t>(stream)].dts;
}

void InputTimestamps::adjust(AVPacket* pkt) {
  if (pkt->stream_index < 0 || static_cast<unsigned>(pkt->stream_index) >= ic_->nb_streams) return;
  const auto index = static_cast<size_t>(pkt->stream_index);
  if (index >= streams_.size()) streams_.resize(ic_->nb_streams);
  const AVStream* st = ic_->streams[index];
  correct_start(pkt, st, streams_[index]);
  fix(pkt, st, streams_[index]);
  predict(pkt, st, streams_[index]);
}

// ffmpeg 5.1's process_input, before the offset: on a stream's first packet, the start corrected to the streams in
// use (formats with discontinuities, the offset untouched so far), and timestamps unwrapped that wrapped before the
// input's start.
void InputTimestamps::correct_start(AVPacket* pkt, const AVStream* st, Stream& s) {
  if (s.wrap_correction_done || ic_->start_time == AV_NOPTS_VALUE || st->pts_wrap_bits >= 64 || st->pts_wrap_bits <= 0)
    return;
  const bool discont = (ic_->iformat && (ic_->iformat->flags & AVFMT_TS_DISCONT) != 0);
  if (s.next_dts == AV_NOPTS_VALUE && offset_ == -ic_->start_time && discont) {
    int64_t earliest = INT64_MAX;
    for (unsigned i = 0; i < ic_->nb_streams; ++i) {
      const AVStream* other = ic_->streams[i];
      if (other->discard == AVDISCARD_ALL || other->start_time == AV_NOPTS_VALUE) continue;
      earliest = std::min(earliest, av_rescale_q(other->start_time, other->time_base, av_get_time_base_q()));
    }
    const bool representable = ic_->start_time >= 0 || earliest <= INT64_MAX + ic_->start_time;  // the difference
    if (earliest != INT64_MAX && earliest > ic_->start_time && representable) {
      start_correction_ = earliest - ic_->start_time;
      offset_ = -earliest;
    }
  }
  s.wrap_correction_done = true;
  // ffmpeg's stime2 > stime: a wrap of 2^63 or more has no room to be undone in 64 bits.
  if (st->pts_wrap_bits > 62) return;
  const int64_t start = av_rescale_q(ic_->start_time, av_get_time_base_q(), st->time_base);
  const int64_t wrap = int64_t{1} << st->pts_wrap_bits;
  const int64_t half = wrap / 2;
  if (start > INT64_MAX - wrap || start < INT64_MIN + wrap) return;
  if (pkt->dts != AV_NOPTS_VALUE && pkt->dts > start + half) {
    pkt->dts -= wrap;
    s.wrap_correction_done = false;
  }
  if (pkt->pts != AV_NOPTS_VALUE && pkt->pts > start + half) {
    pkt->pts -= wrap;
    s.wrap_correction_done = false;
  }
}

// ffmpeg 5.1's process_input: the offset, then the discontinuity (or error) rules against the prediction.
void InputTimestamps::fix(AVPacket* pkt, const AVStream* st, Stream& s) {
  const AVRational tb = st->time_base;
  if (pkt->dts != AV_NOPTS_VALUE) pkt->dts += av_rescale_q(offset_, av_get_time_base_q(), tb);
  if (pkt->pts != AV_NOPTS_VALUE) pkt->pts += av_rescale_q(offset_, av_get_time_base_q(), tb);
  const bool discont = (ic_->iformat && (ic_->iformat->flags & AVFMT_TS_DISCONT) != 0);
  auto shift = [&](int64_t delta) {
    offset_ -= delta;
    ++discontinuities_;
    pkt->dts -= av_rescale_q(delta, av_get_time_base_q(), tb);
    if (pkt->pts != AV_NOPTS_VALUE) pkt->pts -= av_rescale_q(delta, av_get_time_base_q(), tb);
  };
  if (timed(st) && pkt->dts != AV_NOPTS_VALUE && !options_.copyts && discont && s.next_dts == AV_NOPTS_VALUE &&
      last_ts_ != AV_NOPTS_VALUE) {
    // A stream's first packet, far from where the input's other streams are: the jump happened before it.
    const int64_t delta = to_us(pkt->dts, tb) - last_ts_;
    if (std::llabs(delta) > options_.dts_delta_threshold_us) shift(delta);
  }
  // The passes before this one (-stream_loop), and the span of the PTS seen, which measures the next one.
  const int64_t looped = loop_duration_ ? av_rescale_q(loop_duration_, loop_time_base_, tb) : 0;
  if (pkt->pts != AV_NOPTS_VALUE) {
    pkt->pts += looped;
    s.max_pts = std::max(s.max_pts, pkt->pts);
    s.min_pts = std::min(s.min_pts, pkt->pts);
  }
  if (pkt->dts != AV_NOPTS_VALUE) pkt->dts += looped;
  if (timed(st) && pkt->dts != AV_NOPTS_VALUE && s.next_dts != AV_NOPTS_VALUE && !options_.copyts) {
    const int64_t pkt_dts = to_us(pkt->dts, tb);
    const int64_t delta = pkt_dts - s.next_dts;
    if (discont) {
      if (std::llabs(delta) > options_.dts_delta_threshold_us || pkt_dts + AV_TIME_BASE / 10 < std::max(s.pts, s.dts))
        shift(delta);
    } else {
      if (std::llabs(delta) > options_.dts_error_threshold_us) pkt->dts = AV_NOPTS_VALUE;
      if (pkt->pts != AV_NOPTS_VALUE && std::llabs(to_us(pkt->pts, tb) - s.next_dts) > options_.dts_error_threshold_us)
        pkt->pts = AV_NOPTS_VALUE;
    }
  }
  if (pkt->dts != AV_NOPTS_VALUE) last_ts_ = av_rescale_q(pkt->dts, tb, av_get_time_base_q());
}

// ffmpeg 5.1's seek_to_start: the input's length so far, the longest of its streams' (duration_max).
void InputTimestamps::loop(const std::vector<int>& last_audio_samples) {
  if (streams_.size() < ic_->nb_streams) streams_.resize(ic_->nb_streams);
  const auto samples = [&](unsigned i) {
    const AVCodecParameters* par = ic_->streams[i]->codecpar;
    return par->codec_type == AVMEDIA_TYPE_AUDIO && i < last_audio_samples.size() && par->sample_rate > 0
               ? last_audio_samples[i]
               : 0;
  };
  bool has_audio = false;
  for (unsigned i = 0; i < ic_->nb_streams; ++i) has_audio = has_audio || samples(i) > 0;
  // Where the input's start falls on the timeline (after -ss and -itsoffset). With an input -ss, ffmpeg measures
  // the first pass from where its seek landed: at the -ss itself (an audio-only read), the next pass then starts
  // before the first one ended, and ffmpeg's muxer clamps the timestamps that go back (a stretch of audio at one
  // time). The pass is measured from the input's start instead, as it is read on the next passes; where the seek
  // landed at the start anyway (a key frame there), that is ffmpeg's measure.
  const int64_t start = options_.seek > 0 && !options_.copyts
                            ? initial_ts_offset(ic_, options_) + (ic_->start_time != AV_NOPTS_VALUE ? ic_->start_time : 0)
                            : AV_NOPTS_VALUE;
  for (unsigned i = 0; i < ic_->nb_streams; ++i) {
    const AVStream* st = ic_->streams[i];
    Stream& s = streams_[i];
    if (start != AV_NOPTS_VALUE && s.max_pts != INT64_MIN)
      s.min_pts = std::min(s.min_pts, av_rescale_q(start, av_get_time_base_q(), st->time_base));
    int64_t duration = 1;  // the stream's last frame
    if (has_audio) {
      if (samples(i) <= 0) continue;  // with audio decoded, the last video frame's length is not defined exactly
      duration = av_rescale_q(samples(i), AVRational{1, st->codecpar->sample_rate}, st->time_base);
    } else if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0) {
      duration = av_rescale_q(1, av_inv_q(st->avg_frame_rate), st->time_base);
    }
    if (!loop_duration_) loop_time_base_ = st->time_base;
    if (s.max_pts > s.min_pts && static_cast<uint64_t>(s.max_pts) - static_cast<uint64_t>(s.min_pts) <
                                     static_cast<uint64_t>(INT64_MAX - duration))
      duration += s.max_pts - s.min_pts;
    if (!loop_duration_ || av_compare_ts(loop_duration_, loop_time_base_, duration, st->time_base) < 0) {
      loop_duration_ = duration;
      loop_time_base_ = st->time_base;
    }
  }
}

// ffmpeg's running prediction of the next DTS: the packet's duration, the frame rate, or the audio frame size.
void InputTimestamps::predict(const AVPacket* pkt, const AVStream* st, Stream& s) {
  const AVCodecParameters* par = st->codecpar;
  if (!s.saw_first_ts) {
    s.dts = 0;
    if (par->codec_type == AVMEDIA_TYPE_VIDEO && st->avg_frame_rate.num > 0)
      s.dts = static_cast<int64_t>(-par->video_delay * AV_TIME_BASE / av_q2d(st->avg_frame_rate));
    if (pkt->pts != AV_NOPTS_VALUE) s.dts += av_rescale_q(pkt->pts, st->time_base, av_get_time_base_q());
    s.pts = s.dts;
    s.saw_first_ts = true;
  }
  if (s.next_dts == AV_NOPTS_VALUE) s.next_dts = s.dts;
  if (pkt->dts != AV_NOPTS_VALUE) s.next_dts = s.dts = av_rescale_q(pkt->dts, st->time_base, av_get_time_base_q());
  s.dts = s.next_dts;
  if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
    if (par->sample_rate)
      s.next_dts += int64_t{AV_TIME_BASE} * par->frame_size / par->sample_rate;
    else
      s.next_dts += av_rescale_q(pkt->duration, st->time_base, av_get_time_base_q());
  } else if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
    if (pkt->duration > 0)
      s.next_dts += av_rescale_q(pkt->duration, st->time_base, av_get_time_base_q());
    else if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0)
      s.next_dts += av_rescale_q(1, av_inv_q(st->avg_frame_rate), av_get_time_base_q());
  }
  s.pts = s.dts;
}

}  // namespace common
