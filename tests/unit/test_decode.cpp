// Decode: frames out of a real stream, drained at the end, with timestamps in the stream time base.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "common/decode.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"

using namespace common;

TEST_CASE("every video frame of the fixture decodes, the last ones after draining") {
  std::ifstream f(std::string(MT_FIXTURES_DIR) + "/mkv_multi.mkv", std::ios::binary);
  std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(f), {});
  auto in = Input::open(std::make_unique<MemorySource>(bytes), {});
  auto dec = Decoder::open(in->ctx()->streams[0]);
  auto pkt = make_packet();
  auto frame = make_frame();
  int frames = 0;
  int64_t last_pts = AV_NOPTS_VALUE;
  auto drain = [&] {
    while (dec->receive(frame.get()) == 0) {
      CHECK(frame->pts != AV_NOPTS_VALUE);
      if (last_pts != AV_NOPTS_VALUE) CHECK(frame->pts > last_pts);
      last_pts = frame->pts;
      ++frames;
      av_frame_unref(frame.get());
    }
  };
  while (in->read(pkt.get()) >= 0) {
    if (pkt->stream_index == 0) {
      REQUIRE(dec->send(pkt.get()) == 0);
      drain();
    }
    av_packet_unref(pkt.get());
  }
  CHECK(dec->send(nullptr) == 0);
  drain();
  CHECK(frames == 50);  // 2 s at 25 fps
  CHECK(dec->receive(frame.get()) == AVERROR_EOF);
}

TEST_CASE("codec options by name reach the decoders of the streams they are meant for") {
  CHECK(is_decoder_option("skip_frame"));
  CHECK(is_decoder_option("flags2"));
  CHECK_FALSE(is_decoder_option("crf"));  // an encoder's
  CHECK_FALSE(is_decoder_option("probesize"));
  std::ifstream f(std::string(MT_FIXTURES_DIR) + "/mkv_multi.mkv", std::ios::binary);
  std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(f), {});
  auto in = Input::open(std::make_unique<MemorySource>(bytes), {});
  AVFormatContext* ctx = in->ctx();
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  // skip_frame is a video option: the audio stream never gets it, with or without a specifier.
  CHECK(decoder_options_for({{"skip_frame", "", "nokey"}}, ctx, ctx->streams[0]) == Pairs{{"skip_frame", "nokey"}});
  CHECK(decoder_options_for({{"skip_frame", "", "nokey"}}, ctx, ctx->streams[1]).empty());
  CHECK(decoder_options_for({{"skip_frame", "a", "nokey"}}, ctx, ctx->streams[0]).empty());
  CHECK(decoder_options_for({{"skip_frame", "v:0", "nokey"}, {"skip_frame", "", "all"}}, ctx, ctx->streams[0]) ==
        Pairs{{"skip_frame", "all"}});
  CHECK_THROWS_AS(decoder_options_for({{"skip_frame", "x:y:z", "nokey"}}, ctx, ctx->streams[0]), Error);
  DecoderOptions d;
  d.avoptions = {{"skip_frame", "nokey"}};
  auto dec = Decoder::open(ctx->streams[0], d);
  CHECK(dec->ctx()->skip_frame == AVDISCARD_NONKEY);
}
