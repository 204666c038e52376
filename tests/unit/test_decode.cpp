// Decode: frames out of a real stream, drained at the end, with timestamps in the stream time base.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "common/decode.hpp"
#include "common/demux.hpp"

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
