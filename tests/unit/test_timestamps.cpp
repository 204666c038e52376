// InputTimestamps: ffmpeg's input rules on synthetic packets: the start offset, an MPEG-TS discontinuity (a jump
// back, as in `cat a.ts b.ts`) joined up, a jump in a format without discontinuities dropped, copyts untouched, the
// start corrected to the streams in use, a 33-bit wrap before the start undone.
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

namespace {
// An MPEG-TS context whose audio (stream 1) starts at 1.4 s and video (stream 0) at 1.53 s, as a TS whose audio
// comes first; the input's start is the audio's.
Context audio_first_context() {
  auto c = video_context("mpegts", 1400000);
  c->streams[0]->start_time = 137782;  // 1.530911 s in 1/90000
  AVStream* a = avformat_new_stream(c.get(), nullptr);
  REQUIRE(a);
  a->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
  a->codecpar->sample_rate = 48000;
  a->codecpar->frame_size = 1152;
  a->time_base = {1, 90000};
  a->start_time = 126000;
  return c;
}
}  // namespace

TEST_CASE("MPEG-TS: the start is corrected to the streams in use, as ffmpeg's 'Correcting start time'") {
  SUBCASE("audio discarded: the video starts at 0") {
    auto c = audio_first_context();
    c->streams[1]->discard = AVDISCARD_ALL;
    InputTimestamps t(c.get());
    CHECK(adjusted(t, 137782) == 0);
    CHECK(adjusted(t, 137782 + 3600) == 3600);
    CHECK(t.start_correction() == 1530911 - 1400000);
  }
  SUBCASE("both in use: the video starts where it is after the audio's start") {
    auto c = audio_first_context();
    InputTimestamps t(c.get());
    CHECK(adjusted(t, 137782) == 137782 - 126000);
    CHECK(t.start_correction() == 0);
  }
  SUBCASE("an offset already moved (an input -ss) is left alone") {
    auto c = audio_first_context();
    c->streams[1]->discard = AVDISCARD_ALL;
    TimestampOptions o;
    o.seek = 500000;
    InputTimestamps t(c.get(), o);
    CHECK(adjusted(t, 137782) == 137782 - 126000 - 45000);
    CHECK(t.start_correction() == 0);
  }
  SUBCASE("formats without discontinuities keep the input's start") {
    auto c = audio_first_context();
    c->iformat = av_find_input_format("matroska");
    c->streams[1]->discard = AVDISCARD_ALL;
    InputTimestamps t(c.get());
    CHECK(adjusted(t, 137782) == 137782 - 126000);
  }
}

TEST_CASE("MPEG-TS: a first packet from before the 33-bit clock wrapped is unwrapped") {
  auto c = video_context("mpegts", 11111);  // the input starts 1000 ticks after the wrap
  InputTimestamps t(c.get());
  const int64_t wrap = int64_t{1} << 33;
  CHECK(adjusted(t, wrap - 9000) == -9000 - 1000);  // 0.1 s before the wrap: 0.111 s before the start
  CHECK(adjusted(t, wrap - 5400) == -5400 - 1000);  // unwrapped until a packet needs it no more
  CHECK(adjusted(t, 1000) == 0);                     // past the wrap: the input's start
  CHECK(adjusted(t, 4600) == 3600);
}

TEST_CASE("streams with 63- and 64-bit timestamps are never unwrapped (no room in 64 bits; UBSan checks the sums)") {
  for (int bits : {62, 63, 64}) {
    auto c = video_context("nut", 0);
    c->streams[0]->pts_wrap_bits = bits;
    InputTimestamps t(c.get());
    CHECK(adjusted(t, int64_t{1} << 61) == int64_t{1} << 61);
    CHECK(adjusted(t, (int64_t{1} << 61) + 3600) == (int64_t{1} << 61) + 3600);
  }
}
