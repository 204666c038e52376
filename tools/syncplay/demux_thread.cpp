#include "demux_thread.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace syncplay {

DemuxThread::DemuxThread(common::Input& input, DemuxConfig config, PacketQueue* video, PacketQueue* audio,
                         std::function<bool()> drained, std::function<void(double, bool)> on_seek)
    : input_(input), config_(config), video_(video), audio_(audio), drained_(std::move(drained)),
      on_seek_(std::move(on_seek)), video_index_(config.video_index), audio_index_(config.audio_index),
      loops_left_(config.loop) {
  AVFormatContext* ctx = input_.ctx();
  if (ctx->start_time != AV_NOPTS_VALUE) start_time_ = static_cast<double>(ctx->start_time) / AV_TIME_BASE;
  latest_.assign(ctx->nb_streams, AV_NOPTS_VALUE);
  reset_timestamps();
}

// MPEG-TS may jump in time (streams cut and joined, `cat a.ts b.ts`, a clock reset): joined up here, the clocks
// and the frame timer see one timeline instead of a second of late frames after every join. Times stay the
// input's own (no start offset), so an input without jumps plays exactly as before. A seek starts afresh: the
// packets after it are where the file's own timestamps say.
void DemuxThread::reset_timestamps() {
  common::TimestampOptions t;
  t.start_at_zero = false;
  timestamps_ = std::make_unique<common::InputTimestamps>(input_.ctx(), t);
}

DemuxThread::~DemuxThread() { stop(); }

void DemuxThread::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void DemuxThread::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

uint64_t DemuxThread::request_seek(double target, bool forward, bool exact) {
  if (!config_.seekable) return 0;
  std::lock_guard<std::mutex> lock(seek_mutex_);
  seek_pending_ = true;
  seek_by_bytes_ = false;
  seek_target_ = target;
  seek_forward_ = forward;
  seek_exact_ = exact;
  return ++seeks_requested_;
}

uint64_t DemuxThread::request_seek_bytes(int64_t pos, int64_t rel) {
  if (!config_.seekable) return 0;
  std::lock_guard<std::mutex> lock(seek_mutex_);
  seek_pending_ = true;
  seek_by_bytes_ = true;
  seek_pos_ = std::max<int64_t>(pos, 0);
  seek_rel_ = rel;
  return ++seeks_requested_;
}

// As ffplay's read thread: within rel of the target on the side playback came from, AVSEEK_FLAG_BYTE.
bool DemuxThread::seek_bytes(int64_t pos, int64_t rel) {
  const int64_t min = rel > 0 ? pos - rel + 2 : std::numeric_limits<int64_t>::min();
  const int64_t max = rel < 0 ? pos - rel - 2 : std::numeric_limits<int64_t>::max();
  int ret = avformat_seek_file(input_.ctx(), -1, min, pos, max, AVSEEK_FLAG_BYTE);
  if (ret < 0) {
    common::log_warning("seeking to byte " + std::to_string(pos) + ": " + common::av_error_text(ret));
    return false;
  }
  after_seek(std::numeric_limits<double>::quiet_NaN(), false);
  return true;
}

bool DemuxThread::has_enough() const {
  if (config_.live || config_.unbounded) return false;
  size_t bytes = (video_ ? video_->bytes() : 0) + (audio_ ? audio_->bytes() : 0);
  if (bytes > config_.tuning.max_bytes) return true;
  bool video_enough = !video_ || video_index_ < 0 || video_->size() > config_.tuning.enough_packets;
  bool audio_enough = !audio_ || audio_index_ < 0 || audio_->size() > config_.tuning.enough_packets;
  return video_enough && audio_enough;
}

bool DemuxThread::seek_to(double target, bool forward, bool exact) {
  auto ts = static_cast<int64_t>(target * AV_TIME_BASE);
  // Land on a keyframe at or after the target going forward, at or before it going back.
  int64_t min_ts = forward ? ts - 2 : std::numeric_limits<int64_t>::min();
  int64_t max_ts = forward ? std::numeric_limits<int64_t>::max() : ts + 2;
  int ret = avformat_seek_file(input_.ctx(), -1, min_ts, ts, max_ts, 0);
  if (ret < 0 && forward) ret = avformat_seek_file(input_.ctx(), -1, std::numeric_limits<int64_t>::min(), ts, ts, 0);
  if (ret < 0) {
    common::log_warning("seeking: " + common::av_error_text(ret));
    return false;
  }
  after_seek(target, exact);
  return true;
}

void DemuxThread::after_seek(double target, bool exact) {
  if (video_) video_->flush();
  if (audio_) audio_->flush();
  if (subtitles_) subtitles_->flush();
  video_until_ = std::numeric_limits<double>::quiet_NaN();
  audio_until_ = std::numeric_limits<double>::quiet_NaN();
  reset_timestamps();
  eof_ = false;
  if (on_seek_) on_seek_(target, exact);
}

double DemuxThread::read_until() const {
  double v = video_ ? video_until_.load() : std::numeric_limits<double>::infinity();
  double a = audio_ ? audio_until_.load() : std::numeric_limits<double>::infinity();
  if (std::isnan(v) || std::isnan(a)) return std::numeric_limits<double>::quiet_NaN();
  return std::min(v, a);
}

void DemuxThread::switch_stream(AVMediaType type, int index) {
  std::lock_guard<std::mutex> lock(eof_mutex_);
  PacketQueue* q = type == AVMEDIA_TYPE_VIDEO ? video_ : audio_;
  (type == AVMEDIA_TYPE_VIDEO ? video_index_ : audio_index_) = index;
  (type == AVMEDIA_TYPE_VIDEO ? video_until_ : audio_until_) = std::numeric_limits<double>::quiet_NaN();
  if (q && eof_) q->push_eof();
}

void DemuxThread::mark_eof() {
  std::lock_guard<std::mutex> lock(eof_mutex_);
  if (eof_) return;
  if (video_) video_->push_eof();
  if (audio_) audio_->push_eof();
  eof_ = true;
}

// At the demuxer's end: a played stream whose index goes on past everything read ended early. The demuxer may say
// a plain EOF there (MOV does when the next sample lies past the end of a file), which alone would pass for a whole
// input. Timestamps are compared with the latest pts or dts read, whichever the index holds.
void DemuxThread::check_index_end() {
  AVFormatContext* ctx = input_.ctx();
  for (int index : {video_ ? video_index_.load() : -1, audio_ ? audio_index_.load() : -1}) {
    if (index < 0 || index >= static_cast<int>(ctx->nb_streams)) continue;
    AVStream* st = ctx->streams[index];
    int n = avformat_index_get_entries_count(st);
    const AVIndexEntry* last = n > 0 ? avformat_index_get_entry(st, n - 1) : nullptr;
    if (last && last->timestamp != AV_NOPTS_VALUE &&
        (latest_[static_cast<size_t>(index)] == AV_NOPTS_VALUE || last->timestamp > latest_[static_cast<size_t>(index)]))
      ended_early_ = true;
  }
}

void DemuxThread::run() {
  const double first = start_time_ + config_.start;
  if (config_.start > 0 && config_.seekable) seek_to(first, false);
  auto pkt = common::make_packet();
  AVFormatContext* ctx = input_.ctx();
  bool video_done = video_ == nullptr, audio_done = audio_ == nullptr;
  while (!stop_ && !common::interrupted()) {
    {
      std::unique_lock<std::mutex> lock(seek_mutex_);
      if (seek_pending_) {
        seek_pending_ = false;
        double target = seek_target_;
        bool forward = seek_forward_;
        bool exact = seek_exact_;
        const bool bytes = seek_by_bytes_;
        const int64_t pos = seek_pos_, rel = seek_rel_;
        uint64_t id = seeks_requested_;
        lock.unlock();
        if (bytes) seek_bytes(pos, rel);
        else seek_to(target, forward, exact);
        seeks_done_ = id;
        video_done = video_ == nullptr;
        audio_done = audio_ == nullptr;
        continue;
      }
    }
    if (eof_) {
      // Loop once everything has been played (so the new serial starts a fresh frame timer).
      if (config_.seekable && loops_left_ != 1 && drained_ && drained_()) {
        // The seek clears the end before the loop is counted: finished() must never see the end of this pass
        // together with no loop left. A seek that fails ends the looping (it would fail again).
        bool seeked = seek_to(first, false);
        if (!seeked) loops_left_ = 1;
        else if (loops_left_ > 1) --loops_left_;
        video_done = video_ == nullptr;
        audio_done = audio_ == nullptr;
        continue;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(config_.tuning.kIdleWaitMs));
      continue;
    }
    if (has_enough()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(config_.tuning.kIdleWaitMs));
      continue;
    }
    int ret = input_.read(pkt.get());
    if (ret < 0) {
      // The source's own failure (a read timeout, a spool that could not grow) says more than the demuxer's code.
      int failure = input_.source().failure();
      if (failure < 0 && ret != common::kErrorSpoolLimit) ret = failure;
      // AVERROR_EXIT: the read was cancelled (quit, or a signal), which is no error of the input.
      if (ret != AVERROR_EOF && ret != AVERROR_EXIT && !common::interrupted() && !stop_) read_error_ = ret;
      if (ret == AVERROR_EOF) check_index_end();
      mark_eof();
      continue;
    }
    // A read cut short by a stop (quit, SIGINT) may hand back a partial packet: nothing read now is played.
    if (stop_ || common::interrupted()) {
      av_packet_unref(pkt.get());
      break;
    }
    if (pkt->flags & AV_PKT_FLAG_CORRUPT) corrupt_ = true;
    if (pkt->pos >= 0) read_pos_ = pkt->pos;
    const bool subtitle = ctx->streams[pkt->stream_index]->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE;
    PacketQueue* q = pkt->stream_index == video_index_ ? video_
                     : pkt->stream_index == audio_index_ ? audio_
                     : subtitle                                  ? subtitles_
                                                                 : nullptr;
    if (!q) {
      av_packet_unref(pkt.get());
      continue;
    }
    int64_t& latest = latest_[static_cast<size_t>(pkt->stream_index)];
    for (int64_t ts : {pkt->pts, pkt->dts})
      if (ts != AV_NOPTS_VALUE && (latest == AV_NOPTS_VALUE || ts > latest)) latest = ts;
    if (timestamps_) timestamps_->adjust(pkt.get());
    if (config_.duration >= 0) {
      // --t: packets past the end of the play range are dropped; when every stream is past it, that is the end.
      const AVStream* st = ctx->streams[pkt->stream_index];
      int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
      if (ts != AV_NOPTS_VALUE && static_cast<double>(ts) * av_q2d(st->time_base) - first > config_.duration) {
        av_packet_unref(pkt.get());
        if (subtitle) continue;
        (q == video_ ? video_done : audio_done) = true;
        if (video_done && audio_done) mark_eof();
        continue;
      }
    }
    if (!subtitle) {
      const AVStream* st = ctx->streams[pkt->stream_index];
      int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
      if (ts != AV_NOPTS_VALUE) {
        double end = static_cast<double>(ts + std::max<int64_t>(pkt->duration, 0)) * av_q2d(st->time_base);
        std::atomic<double>& until = q == video_ ? video_until_ : audio_until_;
        if (std::isnan(until.load()) || end > until.load()) until = end;
      }
    }
    size_t bytes = static_cast<size_t>(pkt->size);
    common::PacketPtr owned = common::make_packet();
    av_packet_move_ref(owned.get(), pkt.get());
    // Refused: the queue was aborted, to stop (the loop ends) or to switch its stream (the packet is not wanted).
    if (!q->push(std::move(owned), bytes)) continue;
  }
}

}  // namespace syncplay
