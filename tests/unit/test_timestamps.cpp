// InputTimestamps: ffmpeg's input rules on synthetic packets: the start offset, an MPEG-TS discontinuity (a jump
// back, as in `cat a.ts b.ts`) joined up, a jump in a format without discontinuities dropped, copyts untouched.
#include <doctest/doctest.h>

#include <memory>

#include "common/timestamps.hpp"

using namespace common;

namespace {

struct ContextDeleter {
  void operator()(AVFormatContext* c) const { avformat_free_context(c); }
};
using Context = std::unique_ptr<AVFormatContext, ContextDeleter>;

// A context of the named demuxer with one 25 fps video stream in 1/90000, starting at start_time (microseconds).
Context video_context(const char* demuxer, int64_t start_time) {
  Context c(avformat_alloc_context());
  REQUIRE(c);
  c->iformat = av_find_input_format(demuxer);
  REQUIRE(c->iformat);
  c->start_time = start_time;
  AVStream* st = avformat_new_stream(c.get(), nullptr);
  REQUIRE(st);
  st->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
  st->time_base = {1, 90000};
  st->avg_frame_rate = {25, 1};
  return c;
}

// Adjusts a 3600-tick packet with this dts (= pts) and returns the dts it leaves with.
int64_t adjusted(InputTimestamps& t, int64_t dts) {
  AVPacket* pkt = av_packet_alloc();
  pkt->stream_index = 0;
  pkt->dts = pkt->pts = dts;
  pkt->duration = 3600;
  t.adjust(pkt);
  int64_t out = pkt->dts;
  av_packet_free(&pkt);
  return out;
}

}  // namespace

TEST_CASE("MPEG-TS: the input starts at zero, and a jump back (two streams joined) continues the timeline") {
  auto c = video_context("mpegts", 1400000);  // 1.4 s
  InputTimestamps t(c.get());
  for (int i = 0; i < 30; ++i) CHECK(adjusted(t, 126000 + 3600 * i) == 3600 * i);  // 1.2 s of video
  CHECK(t.discontinuities() == 0);
  // the second stream starts again at 1.4 s, more than 0.1 s behind the first: a join, the timeline goes on
  CHECK(adjusted(t, 126000) == 108000);
  CHECK(adjusted(t, 129600) == 111600);
  CHECK(t.discontinuities() == 1);
  CHECK(t.dts(0) == 1240000);  // 111600 / 90000 s, in microseconds
  // less than 0.1 s behind is jitter, left alone
  CHECK(adjusted(t, 129600 - 3600) == 108000);
  CHECK(t.discontinuities() == 1);
  // a jump forward by more than 10 s is joined up too
  CHECK(adjusted(t, 129600 + 90000 * 60) == 111600);
  CHECK(t.discontinuities() == 2);
}

TEST_CASE("formats without discontinuities keep their jumps; past the error threshold a timestamp is dropped") {
  auto c = video_context("matroska", 0);
  InputTimestamps t(c.get());
  CHECK(adjusted(t, 0) == 0);
  CHECK(adjusted(t, 3600) == 3600);
  CHECK(adjusted(t, 900000) == 900000);  // 10 s ahead: kept as it is
  CHECK(adjusted(t, int64_t{90000} * 3600 * 31) == AV_NOPTS_VALUE);  // 31 hours off: dropped, as ffmpeg
  CHECK(t.discontinuities() == 0);
}

TEST_CASE("copyts: no offset, no discontinuity handling") {
  auto c = video_context("mpegts", 1400000);
  TimestampOptions o;
  o.copyts = true;
  InputTimestamps t(c.get(), o);
  CHECK(adjusted(t, 126000) == 126000);
  CHECK(adjusted(t, 129600) == 129600);
  CHECK(adjusted(t, 126000) == 126000);
  CHECK(t.offset() == 0);
}

TEST_CASE("start_at_zero off (a player's clock): the input's own times, jumps joined all the same") {
  auto c = video_context("mpegts", 1400000);
  TimestampOptions o;
  o.start_at_zero = false;
  InputTimestamps t(c.get(), o);
  for (int i = 0; i < 30; ++i) CHECK(adjusted(t, 126000 + 3600 * i) == 126000 + 3600 * i);
  CHECK(adjusted(t, 126000) == 126000 + 108000);
  CHECK(t.discontinuities() == 1);
}
