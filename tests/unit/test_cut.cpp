// cut: ffmpeg's time syntax and how -ss/-t/-to combine, the seek target (the B-frame heuristic), and the seek on a
// pipe on synthetic packets: from the last key frame at or before the target, in read order, with what came before
// it dropped; everything when no key frame is early enough; bounded memory; the tail kept for -sseof on an input
// of unknown length.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "common/cut.hpp"
#include "common/errors.hpp"

using namespace common;

namespace {

struct ContextDeleter {
  void operator()(AVFormatContext* c) const { avformat_free_context(c); }
};
using Context = std::unique_ptr<AVFormatContext, ContextDeleter>;

// A Matroska context with a video stream (0) and an audio stream (1), both in 1/1000.
Context av_context(int video_delay) {
  Context c(avformat_alloc_context());
  REQUIRE(c);
  c->iformat = av_find_input_format("matroska");
  c->start_time = 0;
  for (AVMediaType type : {AVMEDIA_TYPE_VIDEO, AVMEDIA_TYPE_AUDIO}) {
    AVStream* st = avformat_new_stream(c.get(), nullptr);
    REQUIRE(st);
    st->codecpar->codec_type = type;
    st->time_base = {1, 1000};
  }
  c->streams[0]->codecpar->video_delay = video_delay;
  return c;
}

struct P {
  int stream;
  int64_t pts;  // ms (dts the same)
  bool key;
};

// Pushes the packets through a PipeSeek at target_ms and returns what comes out, as (stream, pts) pairs.
std::vector<std::pair<int, int64_t>> seek(const AVFormatContext* c, int64_t target_ms, const std::vector<P>& in,
                                          PipeSeekOptions options = {}) {
  PipeSeek s(c, target_ms * 1000, options);
  std::vector<std::pair<int, int64_t>> out;
  AVPacket* pkt = av_packet_alloc();
  auto drain = [&] {
    while (s.pop(pkt)) {
      out.emplace_back(pkt->stream_index, pkt->pts);
      av_packet_unref(pkt);
    }
  };
  for (const P& p : in) {
    pkt->stream_index = p.stream;
    pkt->pts = pkt->dts = p.pts;
    pkt->flags = p.key ? AV_PKT_FLAG_KEY : 0;
    REQUIRE(s.push(pkt) == 0);
    drain();
  }
  s.finish();
  drain();
  av_packet_free(&pkt);
  return out;
}

}  // namespace

TEST_CASE("parse_time takes ffmpeg's forms") {
  int64_t us = 0;
  CHECK(parse_time("2.5", us));
  CHECK(us == 2500000);
  CHECK(parse_time("01:02.5", us));
  CHECK(us == 62500000);
  CHECK(parse_time("1:00:00", us));
  CHECK(us == int64_t{3600} * 1000000);
  CHECK(parse_time("250ms", us));
  CHECK(us == 250000);
  CHECK(parse_time("-3", us));
  CHECK(us == -3000000);
  CHECK_FALSE(parse_time("", us));
  CHECK_FALSE(parse_time("abc", us));
  CHECK_FALSE(parse_time("5x", us));
}

TEST_CASE("make_cut_range combines -ss, -t and -to as ffmpeg") {
  std::string warning;
  CutRange r = make_cut_range("", "", "", warning);
  CHECK_FALSE(r.active());
  r = make_cut_range("5", "", "8", warning);
  CHECK(r.start == 5000000);
  CHECK(r.length == 3000000);
  r = make_cut_range("", "", "8", warning);  // -to counts from zero
  CHECK(r.length == 8000000);
  r = make_cut_range("1", "2", "9", warning);  // -t wins
  CHECK(r.length == 2000000);
  CHECK(warning == "-t and -to cannot be used together; using -t");
  CHECK_THROWS_AS(make_cut_range("-1", "", "", warning), Error);
  CHECK_THROWS_AS(make_cut_range("", "0", "", warning), Error);
  try {
    make_cut_range("5", "", "2", warning);
    FAIL("-to before -ss accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInput);  // status 1, as ffmpeg
  }
  try {
    make_cut_range("x", "", "", warning);
    FAIL("a malformed time accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kUsage);
  }
}

TEST_CASE("seek_target aims 3/23 s early when a stream has B-frames") {
  Context plain = av_context(0);
  CHECK(seek_target(plain.get(), 4000000) == 4000000);
  Context bframes = av_context(2);
  CHECK(seek_target(bframes.get(), 4000000) == 4000000 - 3 * AV_TIME_BASE / 23);
  bframes->start_time = 1400000;  // counted from the input's start
  CHECK(seek_target(bframes.get(), 4000000) == 5400000 - 3 * AV_TIME_BASE / 23);
}

TEST_CASE("PipeSeek starts at the last key frame at or before the target, in read order") {
  Context c = av_context(0);
  // key frames at 0, 2000 and 4000 ms; audio every 500 ms, interleaved.
  const std::vector<P> in = {{0, 0, true},     {1, 0, true},     {0, 1000, false}, {1, 500, true},
                             {1, 1000, true},  {0, 2000, true},  {1, 1500, true},  {1, 2000, true},
                             {0, 3000, false}, {1, 2500, true},  {0, 4000, true},  {1, 3000, true}};
  auto out = seek(c.get(), 3500, in);
  const std::vector<std::pair<int, int64_t>> want = {{0, 2000}, {1, 1500}, {1, 2000}, {0, 3000},
                                                     {1, 2500}, {0, 4000}, {1, 3000}};
  CHECK(out == want);
  // A target exactly on a key frame lands on it.
  out = seek(c.get(), 4000, in);
  CHECK(out.front() == std::make_pair(0, int64_t{4000}));
  // Before the first key frame: nothing is dropped, as when the seek fails.
  out = seek(c.get(), -10, in);
  CHECK(out.size() == in.size());
}

TEST_CASE("PipeSeek holds no more than its limit") {
  Context c = av_context(0);
  PipeSeekOptions small;
  small.max_buffered_bytes = 1000;
  PipeSeek s(c.get(), 10000000, small);
  AVPacket* pkt = av_packet_alloc();
  REQUIRE(av_new_packet(pkt, 600) == 0);
  pkt->stream_index = 1;
  pkt->pts = pkt->dts = 0;
  CHECK(s.push(pkt) == 0);
  REQUIRE(av_new_packet(pkt, 600) == 0);
  pkt->stream_index = 1;
  pkt->pts = pkt->dts = 20;
  CHECK(s.push(pkt) == AVERROR(ENOMEM));
  av_packet_free(&pkt);
}

TEST_CASE("TailBuffer keeps the packets from the last key frame before -sseof's start, whatever the length") {
  Context c = av_context(0);
  // 100 s: video every 500 ms with a key frame every 2 s, audio every 500 ms; each packet lasts 500 ms.
  TailBuffer tail(c.get(), -1500000);
  AVPacket* pkt = av_packet_alloc();
  size_t most_held = 0;
  int64_t pushed = 0;
  for (int64_t ms = 0; ms < 100000; ms += 500) {
    for (int stream : {0, 1}) {
      REQUIRE(av_new_packet(pkt, 100) == 0);
      pkt->stream_index = stream;
      pkt->pts = pkt->dts = ms;
      pkt->duration = 500;
      pkt->flags = stream == 1 || ms % 2000 == 0 ? AV_PKT_FLAG_KEY : 0;
      REQUIRE(tail.push(pkt) == 0);
      ++pushed;
      most_held = std::max(most_held, static_cast<size_t>(pushed - tail.dropped()));
    }
  }
  av_packet_free(&pkt);
  CHECK(tail.duration() == 100000000);  // the last packets end at 100 s
  // The start is 98.5 s: the seek lands on the key frame at 98 s; what is held never went far past that span.
  std::deque<PacketPtr> kept;
  tail.take(kept);
  REQUIRE(kept.size() == 8);
  CHECK(kept.front()->stream_index == 0);
  CHECK(kept.front()->pts == 98000);
  CHECK(kept.back()->pts == 99500);
  CHECK(most_held <= 16);  // 1.5 s and a 2 s key frame interval: never more than 4 s of packets
}

TEST_CASE("TailBuffer: an input shorter than -sseof keeps everything; a key frame interval past its limit fails") {
  Context c = av_context(0);
  TailBuffer tail(c.get(), -10000000);
  AVPacket* pkt = av_packet_alloc();
  for (int64_t ms = 0; ms < 3000; ms += 500) {
    REQUIRE(av_new_packet(pkt, 100) == 0);
    pkt->stream_index = 0;
    pkt->pts = pkt->dts = ms;
    pkt->flags = ms % 1000 == 0 ? AV_PKT_FLAG_KEY : 0;
    REQUIRE(tail.push(pkt) == 0);
  }
  CHECK(tail.dropped() == 0);
  PipeSeekOptions small;
  small.max_buffered_bytes = 1000;
  TailBuffer limited(c.get(), -1000000, small);
  for (int64_t ms = 0;; ms += 40) {  // one key frame, then 10 s without another
    REQUIRE(av_new_packet(pkt, 300) == 0);
    pkt->stream_index = 0;
    pkt->pts = pkt->dts = ms;
    pkt->flags = ms == 0 ? AV_PKT_FLAG_KEY : 0;
    const int ret = limited.push(pkt);
    if (ret < 0) {
      CHECK(ret == AVERROR(ENOMEM));
      break;
    }
    REQUIRE(ms < 10000);
  }
  av_packet_free(&pkt);
}
