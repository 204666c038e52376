// syncplay's demuxer thread: looping (--loop) on a real file, as the player's end-of-playback test sees it.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/demux.hpp"
#include "common/memory_io.hpp"
#include "demux_thread.hpp"
#include "../unit/fixture.hpp"

using namespace syncplay;

namespace {
using test_support::fixture;

}  // namespace

// The player ends when the demuxer says finished(): at the end with no loop left to start. While the last loop's
// seek is being made, it must not say so (it once did, between counting the loop and clearing the end, and the
// player quit after the first pass: the second pass of `--loop 2` went missing now and then).
TEST_CASE("finished() is never true before the last loop has started") {
  const std::vector<uint8_t> bytes = fixture("sync_sar.nut");
  constexpr int kRuns = 60;
  constexpr int kLoops = 3;
  int premature = 0;
  for (int run = 0; run < kRuns; ++run) {
    auto input = common::Input::open(std::make_unique<common::MemorySource>(bytes, true), {});
    int video = av_find_best_stream(input->ctx(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    REQUIRE(video >= 0);
    PacketQueue packets;
    std::atomic<int> seeks{0};
    DemuxConfig config;
    config.video_index = video;
    config.loop = kLoops;
    config.seekable = true;
    DemuxThread demuxer(
        *input, config, &packets, nullptr, [&] { return packets.messages() == 0; },
        [&](double, bool) { seeks.fetch_add(1); });
    std::atomic<bool> done{false};
    std::thread consumer([&] {
      while (!done.load()) {
        auto msg = packets.pop();
        if (!msg) return;
      }
    });
    demuxer.start();
    for (;;) {
      if (demuxer.finished()) {
        // Finished: every loop's seek was made.
        if (seeks.load() != kLoops - 1) ++premature;
        break;
      }
    }
    done = true;
    packets.abort();
    consumer.join();
    demuxer.stop();
  }
  CHECK(premature == 0);
}
