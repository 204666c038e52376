// Demux: inputs opened through our IO only; a non-seekable MP4 with its index at the end is spooled; -map rules.
#include <doctest/doctest.h>

#include <unistd.h>

#include <fstream>
#include <iterator>

#include "common/demux.hpp"
#include "common/errors.hpp"

using namespace common;

namespace {
std::vector<uint8_t> fixture(const char* name) {
  std::ifstream in(std::string(MT_FIXTURES_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}
int count_packets(Input& in) {
  auto pkt = make_packet();
  int n = 0;
  while (in.read(pkt.get()) >= 0) {
    ++n;
    av_packet_unref(pkt.get());
  }
  return n;
}
}  // namespace

TEST_CASE("an MP4 with its index at the end opens from a pipe through the spool") {
  auto bytes = fixture("mp4_end.mp4");
  auto seekable = Input::open(std::make_unique<MemorySource>(bytes, true), {});
  CHECK_FALSE(seekable->spooled());
  auto piped = Input::open(std::make_unique<MemorySource>(bytes, false, 4096), {});
  CHECK(piped->spooled());
  CHECK(piped->ctx()->nb_streams == 2);
  CHECK(count_packets(*piped) == count_packets(*seekable));

  InputOptions never;
  never.spool = SpoolPolicy::kNever;
  never.io.buffer_size = 4096;  // smaller than the file, as on a real pipe with a large file
  // Without the spool the demuxer cannot reach the packets behind the index (FFmpeg: "partial file").
  try {
    auto unspooled = Input::open(std::make_unique<MemorySource>(bytes, false), never);
    CHECK(count_packets(*unspooled) == 0);
  } catch (const Error&) {
    CHECK(true);
  }
}

TEST_CASE("stream formats on a pipe are not spooled") {
  auto piped = Input::open(std::make_unique<MemorySource>(fixture("mkv_multi.mkv"), false), {});
  CHECK_FALSE(piped->spooled());
  CHECK(piped->ctx()->nb_streams == 4);
}

TEST_CASE("empty and garbage inputs are errors") {
  CHECK_THROWS_WITH_AS(Input::open(std::make_unique<MemorySource>(std::vector<uint8_t>{}, false), {}),
                       doctest::Contains("empty input"), Error);
  CHECK_THROWS_AS(Input::open(std::make_unique<MemorySource>(fixture("garbage.bin"), false), {}), Error);
}

TEST_CASE("select_streams follows ffmpeg's -map for one input") {
  auto in = Input::open(std::make_unique<MemorySource>(fixture("mkv_multi.mkv")), {});
  AVFormatContext* ctx = in->ctx();
  CHECK(select_streams(ctx, {}) == std::vector<int>{0, 1, 2, 3});
  CHECK(select_streams(ctx, {"0:a"}) == std::vector<int>{1, 2});
  CHECK(select_streams(ctx, {"0:a:1"}) == std::vector<int>{2});
  CHECK(select_streams(ctx, {"0:a", "0:v"}) == std::vector<int>{1, 2, 0});  // map order is output order
  CHECK(select_streams(ctx, {"0", "-0:s"}) == std::vector<int>{0, 1, 2});
  CHECK(select_streams(ctx, {"-0:s"}) == std::vector<int>{0, 1, 2});
  CHECK(select_streams(ctx, {"0:m:language:fra"}) == std::vector<int>{2});
  CHECK_THROWS_AS(select_streams(ctx, {"0:a:5"}), Error);
  CHECK(select_streams(ctx, {"0:v", "0:a:5?"}) == std::vector<int>{0});  // "?": optional, as in ffmpeg
  CHECK(select_streams(ctx, {"0", "-0:d?"}) == std::vector<int>{0, 1, 2, 3});
  CHECK(select_streams(ctx, {"-0:s?"}) == std::vector<int>{0, 1, 2});
  CHECK_THROWS_AS(select_streams(ctx, {"1:v"}), Error);
}

TEST_CASE("a spool limit too small for the index is reported as such, not as a vague demuxer error") {
  std::ifstream f(std::string(MT_FIXTURES_DIR) + "/mp4_end.mp4", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), {});
  InputOptions small;
  small.spool_options.limit = 16 * 1024;
  try {
    Input::open(std::make_unique<MemorySource>(bytes, false), small);
    FAIL("opened despite the limit");
  } catch (const Error& e) {
    CHECK(e.code() == kErrorSpoolLimit);
    CHECK(std::string(e.what()).find("spool limit") != std::string::npos);
  }
}

TEST_CASE("a playlist that names other files does not make FFmpeg open them") {
  std::string seg = std::string(MT_FIXTURES_DIR) + "/ts_single.ts";
  std::string m3u8 = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n" + seg + "\n#EXT-X-ENDLIST\n";
  InputOptions opts;
  opts.name = std::string(MT_FIXTURES_DIR) + "/list.m3u8";  // as if named on the command line
  CHECK_THROWS_AS(Input::open(std::make_unique<MemorySource>(std::vector<uint8_t>(m3u8.begin(), m3u8.end())), opts),
                  Error);
  opts.allow_nested_urls = true;  // the opt-in: FFmpeg reads the segment itself
  auto in = Input::open(std::make_unique<MemorySource>(std::vector<uint8_t>(m3u8.begin(), m3u8.end())), opts);
  CHECK(in->ctx()->nb_streams == 2);
}

TEST_CASE("a spool that reaches its limit, or a pipe that times out, says so instead of \"invalid data\"") {
  InputOptions io;
  io.spool_options.limit = 64 * 1024;  // mp4_end.mp4 keeps its index behind 190 KB of media
  try {
    Input::open(std::make_unique<MemorySource>(fixture("mp4_end.mp4"), false, 4096), io);
    FAIL("opened past the spool limit");
  } catch (const Error& e) {
    CHECK(e.code() == kErrorSpoolLimit);
    CHECK(e.context() == "spooling input");
  }
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  auto src = std::make_unique<FdSource>(fds[0], true);
  src->set_timeout_ms(50);
  const uint8_t ts_sync[] = {0x47};
  REQUIRE(::write(fds[1], ts_sync, 1) == 1);  // a byte, then nothing: the probe must not wait forever
  try {
    Input::open(std::move(src), {});
    FAIL("opened a stalled pipe");
  } catch (const Error& e) {
    CHECK(e.code() == kErrorTimeout);
    CHECK(e.context() == "reading input");
  }
  ::close(fds[1]);
}

TEST_CASE("demuxer options by name: the format context's and every demuxer's, for input only") {
  CHECK(is_demuxer_option("probesize"));
  CHECK(is_demuxer_option("analyzeduration"));
  CHECK(is_demuxer_option("fflags"));
  CHECK(is_demuxer_option("fpsprobesize"));
  CHECK(is_demuxer_option("scan_all_pmts"));    // mpegts
  CHECK(is_demuxer_option("ignore_editlist"));  // mov
  CHECK_FALSE(is_demuxer_option("movflags"));   // the MP4 muxer's
  CHECK_FALSE(is_demuxer_option("skip_frame"));  // a decoder's
  CHECK_FALSE(is_demuxer_option("no_such_option"));
  CHECK_FALSE(is_demuxer_option(""));
}

TEST_CASE("options nothing takes are kept when not strict, refused when strict") {
  auto bytes = fixture("mkv_multi.mkv");
  InputOptions o;
  o.demuxer_options = {{"scan_all_pmts", "1"}, {"probesize", "5000000"}, {"ignore_editlist", "1"}};
  o.strict_demuxer_options = false;
  auto in = Input::open(std::make_unique<MemorySource>(bytes, true), o);
  CHECK(in->unused_demuxer_options() == std::vector<std::string>{"scan_all_pmts", "ignore_editlist"});
  CHECK(in->ctx()->probesize == 5000000);
  o.strict_demuxer_options = true;
  CHECK_THROWS_AS(Input::open(std::make_unique<MemorySource>(bytes, true), o), Error);
}
