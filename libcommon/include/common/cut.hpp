// Cutting an input in time as ffmpeg does with -ss, -t and -to: the times themselves (ffmpeg's syntax and how the
// three combine), where an input seek aims, and a seek emulated on an input that cannot seek (a pipe).
//
// ffmpeg's rules (5.1, fftools): -ss before an input seeks it to the last key frame at or before the start (aiming
// 3/23 s earlier when a stream has B-frames) and shifts its timestamps so that the start is zero; every packet from
// the key frame on is copied, those before the start with negative times. -ss after the inputs drops, per stream,
// the packets whose DTS is before the start, then everything up to that stream's first key frame. -t (or -to) ends
// each stream at its first packet whose DTS reaches the end.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "common/ffmpeg.hpp"

namespace common {

// A time range as ffmpeg keeps it (AV_TIME_BASE units).
struct CutRange {
  int64_t start = AV_NOPTS_VALUE;  // -ss; AV_NOPTS_VALUE: from the beginning
  int64_t length = INT64_MAX;      // -t, or -to minus -ss; INT64_MAX: to the end

  bool has_start() const { return start != AV_NOPTS_VALUE; }
  bool has_length() const { return length != INT64_MAX; }
  bool active() const { return has_start() || has_length(); }
  // The start, 0 when none.
  int64_t start_or_zero() const { return has_start() ? start : 0; }
};

// ffmpeg's time syntax: [-][HH:]MM:SS[.m...] or [-]S+[.m...][s|ms|us]. False when `text` is not a time.
bool parse_time(const std::string& text, int64_t& microseconds);

// The range of -ss, -t and -to given as text (empty: not given), combined as ffmpeg combines them: -t wins over -to
// (`warning` says so), -to counts from zero. Throws Error: a usage error for a malformed or negative time, an input
// error (exit 1, as ffmpeg's "-to value smaller than -ss") for a -to that is not after -ss.
CutRange make_cut_range(const std::string& ss, const std::string& t, const std::string& to, std::string& warning);

// The target of ffmpeg's seek for an input -ss of `start` (AV_TIME_BASE): counted from the input's start time, and
// 3/23 s earlier when a stream has B-frames and the demuxer seeks by DTS (ffmpeg's "dts heuristic").
int64_t seek_target(const AVFormatContext* ic, int64_t start);

struct PipeSeekOptions {
  static constexpr int64_t kDefaultMaxBufferedBytes = int64_t{256} << 20;
  // Packets held while waiting to know where the key frame before the target is. A stream whose key frames are
  // further apart than this fails the seek (ENOMEM), instead of growing without bound.
  int64_t max_buffered_bytes = kDefaultMaxBufferedBytes;
};

// A seek to `target` (AV_TIME_BASE, input time) on an input read once, in order: packets before the last key frame
// of the default stream (ffmpeg's: the first video stream) whose PTS is at or before the target are dropped, and
// every packet from that key frame on comes out, in the order read; the same packets as a Matroska or NUT demuxer
// gives after a seek on a file. Where no such key frame exists, everything comes out (as a failed seek does).
// Packets wait here until the key frame is known: until the default stream's DTS passes the target, or the end.
class PipeSeek {
 public:
  PipeSeek(const AVFormatContext* ic, int64_t target, PipeSeekOptions options = {});
  ~PipeSeek();
  PipeSeek(const PipeSeek&) = delete;
  PipeSeek& operator=(const PipeSeek&) = delete;

  // Takes the next packet read (its reference moves here). 0, or AVERROR(ENOMEM) past max_buffered_bytes.
  int push(AVPacket* pkt);
  // The end of the input: what is held is released.
  void finish();
  // Moves the next packet that may go on into pkt; false when none is ready.
  bool pop(AVPacket* pkt);
  // Whether the landing point is known (every packet from now on passes straight through).
  bool landed() const { return landed_; }
  // Packets dropped before the landing point.
  int64_t dropped() const { return dropped_; }

 private:
  void hold(AVPacket* pkt);
  void drop_held();

  const AVFormatContext* ic_;
  int64_t target_;
  PipeSeekOptions options_;
  int default_stream_;
  bool landed_ = false;
  std::deque<AVPacket*> held_;  // owned
  int64_t held_bytes_ = 0;
  int64_t dropped_ = 0;
};

// ffmpeg's -sseof (a start counted back from the end) on an input whose length is known only once it ends: a pipe
// whose header gives no duration (a live Matroska stream, MPEG-TS), where ffmpeg gives up ("duration not known").
// The input is read to its end and only its tail is kept: the packets from the last key frame of the default stream
// at or before where the seek would aim (seek_target) were the input to end with the packets read so far. That aim
// only moves on as packets come, so nothing dropped can be needed at the end, and what is held stays near
// `-sseof` plus a key frame interval. At the end, duration() gives the start (duration() + from_end) and the packets
// kept go through a PipeSeek to that start, as on any pipe.
class TailBuffer {
 public:
  // from_end: the -sseof, below 0 (AV_TIME_BASE).
  TailBuffer(const AVFormatContext* ic, int64_t from_end, PipeSeekOptions options = {});
  ~TailBuffer();
  TailBuffer(const TailBuffer&) = delete;
  TailBuffer& operator=(const TailBuffer&) = delete;

  // Takes the next packet read (its reference moves here). 0, or AVERROR(ENOMEM) past max_buffered_bytes.
  int push(AVPacket* pkt);
  // The input's length so far, as FFmpeg estimates a file's from its timestamps: the furthest PTS + duration of any
  // stream, counted from the input's start time (AV_TIME_BASE). AV_NOPTS_VALUE before any timestamp.
  int64_t duration() const;
  // Moves the packets kept into out, in the order read.
  void take(std::deque<PacketPtr>& out);
  // Packets dropped so far.
  int64_t dropped() const { return dropped_; }

 private:
  void drop_front(size_t count);

  const AVFormatContext* ic_;
  int64_t from_end_;
  PipeSeekOptions options_;
  int default_stream_;
  int64_t end_ = AV_NOPTS_VALUE;  // the furthest PTS + duration (AV_TIME_BASE)
  std::deque<AVPacket*> held_;    // owned
  int64_t held_bytes_ = 0;
  int64_t dropped_ = 0;
  // The default stream's key frames held: their place in held_ counted from the first packet ever held, and PTS.
  std::deque<std::pair<int64_t, int64_t>> keys_;
  int64_t first_ = 0;  // the count of held_.front() from the first packet ever held
};

}  // namespace common
