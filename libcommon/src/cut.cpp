#include "common/cut.hpp"

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

}  // namespace common
