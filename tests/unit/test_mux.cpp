// Mux: output through our IO only; MP4 to a non-seekable sink is fragmented and readable back; formats guessed.
#include <doctest/doctest.h>

#include "common/demux.hpp"
#include "common/errors.hpp"
#include "common/mux.hpp"
#include "fixture.hpp"

using namespace common;

namespace {
using test_support::fixture;
// Copies every packet of `bytes` into an output of `format` on `sink`; returns the packet count.
int remux(const std::vector<uint8_t>& bytes, Sink& sink, const std::string& format, bool faststart = false) {
  auto in = Input::open(std::make_unique<MemorySource>(bytes), {});
  OutputOptions oo;
  oo.format = format;
  oo.faststart = faststart;
  auto out = Output::open(sink, oo);
  for (unsigned i = 0; i < in->ctx()->nb_streams; ++i) {
    auto* st = out->add_stream(in->ctx()->streams[i]->codecpar, in->ctx()->streams[i]->time_base);
    st->codecpar->codec_tag = 0;
  }
  out->write_header();
  auto pkt = make_packet();
  int n = 0;
  while (in->read(pkt.get()) >= 0) {
    AVStream* ist = in->ctx()->streams[pkt->stream_index];
    av_packet_rescale_ts(pkt.get(), ist->time_base, out->ctx()->streams[pkt->stream_index]->time_base);
    REQUIRE(out->write(pkt.get()) == 0);
    ++n;
  }
  REQUIRE(out->finish() == 0);
  return n;
}
}  // namespace

TEST_CASE("MP4 to a non-seekable sink is written fragmented and reads back whole") {
  auto bytes = fixture("mp4_front.mp4");
  MemorySink pipe_like(false);
  int n = remux(bytes, pipe_like, "mp4");
  auto back = Input::open(std::make_unique<MemorySource>(pipe_like.data()), {});
  auto pkt = make_packet();
  int m = 0;
  while (back->read(pkt.get()) >= 0) {
    ++m;
    av_packet_unref(pkt.get());
  }
  CHECK(m == n);
  // a fragmented file has a movie fragment box
  std::string s(pipe_like.data().begin(), pipe_like.data().end());
  CHECK(s.find("moof") != std::string::npos);
}

TEST_CASE("MP4 to a seekable sink is a regular MP4") {
  MemorySink file_like(true);
  remux(fixture("mp4_front.mp4"), file_like, "mp4");
  std::string s(file_like.data().begin(), file_like.data().end());
  CHECK(s.find("moof") == std::string::npos);
  CHECK(s.find("moov") != std::string::npos);
}

TEST_CASE("output format: named, guessed from the file name, or a usage error on stdout") {
  MemorySink sink;
  OutputOptions named;
  named.format = "matroska";
  CHECK(std::string(Output::open(sink, named)->format()->name) == "matroska");
  OutputOptions guessed;
  guessed.filename = "x.ts";
  CHECK(std::string(Output::open(sink, guessed)->format()->name) == "mpegts");
  OutputOptions none;
  none.filename = "-";
  CHECK_THROWS_WITH_AS(Output::open(sink, none), doctest::Contains("use -f"), Error);
  OutputOptions unknown;
  unknown.format = "nonesuch";
  CHECK_THROWS_AS(Output::open(sink, unknown), Error);
  CHECK(muxer_accepts(av_guess_format("mp4", nullptr, nullptr), AV_CODEC_ID_H264));
  CHECK_FALSE(muxer_accepts(av_guess_format("webm", nullptr, nullptr), AV_CODEC_ID_H264));
}

TEST_CASE("MP4 faststart reads back through the sink, not a URL, and puts the index first") {
  MemorySink file_like(true);
  int n = remux(fixture("mp4_end.mp4"), file_like, "mp4", true);
  std::string s(file_like.data().begin(), file_like.data().end());
  REQUIRE(s.find("moov") != std::string::npos);
  CHECK(s.find("moov") < s.find("mdat"));
  auto back = Input::open(std::make_unique<MemorySource>(file_like.data()), {});
  auto pkt = make_packet();
  int m = 0;
  while (back->read(pkt.get()) >= 0) {
    ++m;
    av_packet_unref(pkt.get());
  }
  CHECK(m == n);
  // without faststart the index stays at the end
  MemorySink plain(true);
  remux(fixture("mp4_end.mp4"), plain, "mp4");
  std::string p(plain.data().begin(), plain.data().end());
  CHECK(p.find("moov") > p.find("mdat"));
}

TEST_CASE("a muxer that wants to open more files for writing is refused") {
  MemorySink sink(true);
  OutputOptions oo;
  oo.format = "segment";  // would open one file per segment by URL
  auto out = Output::open(sink, oo);
  AVCodecParameters* par = avcodec_parameters_alloc();
  par->codec_type = AVMEDIA_TYPE_AUDIO;
  par->codec_id = AV_CODEC_ID_PCM_S16LE;
  par->sample_rate = 8000;
  av_channel_layout_default(&par->ch_layout, 1);
  out->add_stream(par, AVRational{1, 8000});
  avcodec_parameters_free(&par);
  CHECK_THROWS_AS(out->write_header(), Error);
}
