#include "common/cut.hpp"

#include <algorithm>

#include "common/errors.hpp"

namespace common {

namespace {

int64_t to_us(int64_t ts, AVRational tb) {
  return ts == AV_NOPTS_VALUE ? ts : av_rescale_q(ts, tb, av_get_time_base_q());
}

int64_t parse_option_time(const char* option, const std::string& text, bool duration) {
  int64_t us = 0;
  if (!parse_time(text, us))
    throw usage_error(option, "not a time: '" + text + "' ([HH:]MM:SS[.m...] or SECONDS[.m...])");
  if (us < 0 || (duration && us == 0))
    throw usage_error(option, std::string(duration ? "a duration above 0" : "a time from 0") + ", not '" + text + "'");
  return us;
}

}  // namespace

bool parse_time(const std::string& text, int64_t& microseconds) {
  if (text.empty()) return false;
  int64_t us = 0;
  if (av_parse_time(&us, text.c_str(), 1) < 0) return false;
  microseconds = us;
  return true;
}

CutRange make_cut_range(const std::string& ss, const std::string& t, const std::string& to, std::string& warning) {
  CutRange range;
  if (!ss.empty()) range.start = parse_option_time("-ss", ss, false);
  if (!t.empty()) {
    range.length = parse_option_time("-t", t, true);
    if (!to.empty()) warning = "-t and -to cannot be used together; using -t";
  } else if (!to.empty()) {
    const int64_t stop = parse_option_time("-to", to, false);
    if (stop <= range.start_or_zero())
      throw Error("-to", "-to " + to + " is not after -ss " + ss + ": nothing to copy", AVERROR(EINVAL));
    range.length = stop - range.start_or_zero();
  }
  return range;
}

int64_t seek_target(const AVFormatContext* ic, int64_t start) {
  int64_t target = start;
  if (ic->start_time != AV_NOPTS_VALUE) target += ic->start_time;
  if (ic->iformat && !(ic->iformat->flags & AVFMT_SEEK_TO_PTS)) {
    for (unsigned i = 0; i < ic->nb_streams; ++i) {
      if (ic->streams[i]->codecpar->video_delay) {
        target -= 3 * AV_TIME_BASE / 23;
        break;
      }
    }
  }
  return target;
}

PipeSeek::PipeSeek(const AVFormatContext* ic, int64_t target, PipeSeekOptions options)
    : ic_(ic), target_(target), options_(options),
      default_stream_(av_find_default_stream_index(const_cast<AVFormatContext*>(ic))) {}

PipeSeek::~PipeSeek() { drop_held(); }

void PipeSeek::hold(AVPacket* pkt) {
  AVPacket* copy = av_packet_alloc();
  if (!copy) throw Error("seeking on a pipe", AVERROR(ENOMEM), ErrorKind::kInternal);
  av_packet_move_ref(copy, pkt);
  held_bytes_ += copy->size;
  held_.push_back(copy);
}

void PipeSeek::drop_held() {
  for (AVPacket* p : held_) {
    ++dropped_;
    av_packet_free(&p);
  }
  held_.clear();
  held_bytes_ = 0;
}

int PipeSeek::push(AVPacket* pkt) {
  if (!landed_ && pkt->stream_index == default_stream_ && pkt->stream_index >= 0 &&
      static_cast<unsigned>(pkt->stream_index) < ic_->nb_streams) {
    const AVRational tb = ic_->streams[pkt->stream_index]->time_base;
    const int64_t pts = to_us(pkt->pts, tb);
    const int64_t dts = pkt->dts != AV_NOPTS_VALUE ? to_us(pkt->dts, tb) : pts;
    if ((pkt->flags & AV_PKT_FLAG_KEY) && pts != AV_NOPTS_VALUE && pts <= target_) {
      drop_held();  // a later key frame at or before the target: the seek lands here, not before
    } else if (dts != AV_NOPTS_VALUE && dts > target_) {
      landed_ = true;  // no key frame of this stream can come at or before the target any more
    }
  }
  hold(pkt);
  if (!landed_ && held_bytes_ > options_.max_buffered_bytes) return AVERROR(ENOMEM);
  return 0;
}

void PipeSeek::finish() { landed_ = true; }

bool PipeSeek::pop(AVPacket* pkt) {
  if (!landed_ || held_.empty()) return false;
  AVPacket* p = held_.front();
  held_.pop_front();
  held_bytes_ -= p->size;
  av_packet_move_ref(pkt, p);
  av_packet_free(&p);
  return true;
}

TailBuffer::TailBuffer(const AVFormatContext* ic, int64_t from_end, PipeSeekOptions options)
    : ic_(ic), from_end_(from_end), options_(options),
      default_stream_(av_find_default_stream_index(const_cast<AVFormatContext*>(ic))) {}

TailBuffer::~TailBuffer() { drop_front(held_.size()); }

int64_t TailBuffer::duration() const {
  if (end_ == AV_NOPTS_VALUE) return AV_NOPTS_VALUE;
  return end_ - (ic_->start_time != AV_NOPTS_VALUE ? ic_->start_time : 0);
}

void TailBuffer::drop_front(size_t count) {
  for (size_t k = 0; k < count && !held_.empty(); ++k) {
    AVPacket* p = held_.front();
    held_.pop_front();
    held_bytes_ -= p->size;
    ++dropped_;
    ++first_;
    av_packet_free(&p);
  }
}

int TailBuffer::push(AVPacket* pkt) {
  const bool known = pkt->stream_index >= 0 && static_cast<unsigned>(pkt->stream_index) < ic_->nb_streams;
  if (known && pkt->pts != AV_NOPTS_VALUE) {
    const AVRational tb = ic_->streams[pkt->stream_index]->time_base;
    const int64_t end = to_us(pkt->pts + std::max<int64_t>(pkt->duration, 0), tb);
    if (end_ == AV_NOPTS_VALUE || end > end_) end_ = end;
    if (pkt->stream_index == default_stream_ && (pkt->flags & AV_PKT_FLAG_KEY))
      keys_.emplace_back(first_ + static_cast<int64_t>(held_.size()), to_us(pkt->pts, tb));
  }
  AVPacket* copy = av_packet_alloc();
  if (!copy) return AVERROR(ENOMEM);
  av_packet_move_ref(copy, pkt);
  held_bytes_ += copy->size;
  held_.push_back(copy);
  if (end_ == AV_NOPTS_VALUE) return held_bytes_ > options_.max_buffered_bytes ? AVERROR(ENOMEM) : 0;
  // Where the seek would aim if the input ended here: everything before the last key frame at or before it goes.
  const int64_t target = seek_target(ic_, duration() + from_end_);
  size_t landing = 0;  // how many key frames at or before the target
  while (landing < keys_.size() && keys_[landing].second <= target) ++landing;
  if (landing > 0) {
    drop_front(static_cast<size_t>(keys_[landing - 1].first - first_));
    keys_.erase(keys_.begin(), keys_.begin() + static_cast<std::ptrdiff_t>(landing - 1));
  }
  return held_bytes_ > options_.max_buffered_bytes ? AVERROR(ENOMEM) : 0;
}

void TailBuffer::take(std::deque<PacketPtr>& out) {
  for (AVPacket* p : held_) out.emplace_back(p);
  held_.clear();
  keys_.clear();
  held_bytes_ = 0;
}

}  // namespace common
