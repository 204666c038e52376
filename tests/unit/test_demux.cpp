// Demux: inputs opened through our IO only; a non-seekable MP4 with its index at the end is spooled; -map rules.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "common/demux.hpp"
#include "common/errors.hpp"
#include "fixture.hpp"

using namespace common;

namespace {
using test_support::fixture;
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
  const std::vector<uint8_t> bytes = fixture("mp4_end.mp4");
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

namespace {
// An input context with streams of the given kinds: "v:WxH", "a:CHANNELS", "s"; "+default", "+pic" (attached picture).
OutputFormatPtr fake_input(const std::vector<std::string>& kinds) {
  OutputFormatPtr ctx(avformat_alloc_context());  // freed as an output context is: no IO to close
  for (const auto& k : kinds) {
    AVStream* st = avformat_new_stream(ctx.get(), nullptr);
    if (k[0] == 'v') {
      st->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
      std::sscanf(k.c_str(), "v:%dx%d", &st->codecpar->width, &st->codecpar->height);
    } else if (k[0] == 'a') {
      st->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
      int ch = 0;
      std::sscanf(k.c_str(), "a:%d", &ch);
      av_channel_layout_default(&st->codecpar->ch_layout, ch);
    } else {
      st->codecpar->codec_type = AVMEDIA_TYPE_SUBTITLE;
    }
    if (k.find("+default") != std::string::npos) st->disposition |= AV_DISPOSITION_DEFAULT;
    if (k.find("+pic") != std::string::npos) st->disposition |= AV_DISPOSITION_ATTACHED_PIC;
  }
  return ctx;
}
}  // namespace

TEST_CASE("a map over several inputs names the streams of one input, in stream order") {
  auto a = fake_input({"v:64x48", "a:1", "a:2", "s"});
  auto b = fake_input({"a:2", "v:32x24"});
  std::vector<AVFormatContext*> inputs{a.get(), b.get()};
  auto names = [&](const std::string& map) {
    std::string out;
    for (const auto& s : streams_named(inputs, map)) out += std::to_string(s.input) + ":" + std::to_string(s.stream) + " ";
    return out;
  };
  CHECK(names("0") == "0:0 0:1 0:2 0:3 ");
  CHECK(names("0:a") == "0:1 0:2 ");
  CHECK(names("1:a:0") == "1:0 ");
  CHECK(names("1:1") == "1:1 ");
  CHECK(names("0:s") == "0:3 ");
  CHECK(names("1:s") == "");
  CHECK_THROWS_AS(streams_named(inputs, "2:v"), Error);   // no input 2
  CHECK_THROWS_AS(streams_named(inputs, "v"), Error);     // no input index
  CHECK_THROWS_AS(streams_named(inputs, "0:x:y"), Error); // not a specifier
  inputs[1] = nullptr;                                    // an input that is not open matches nothing
  CHECK(names("1") == "");
}

TEST_CASE("ffmpeg's automatic choice: the largest picture, the most channels, the first on a tie") {
  auto small = fake_input({"v:64x48", "a:1"});
  auto big = fake_input({"a:2", "v:128x96"});
  auto pic = fake_input({"v:1920x1080+pic", "a:6"});
  auto pick = [](std::vector<AVFormatContext*> in, AVMediaType type) {
    auto s = best_stream(in, type);
    return s ? std::to_string(s->input) + ":" + std::to_string(s->stream) : std::string("none");
  };
  CHECK(pick({small.get(), big.get()}, AVMEDIA_TYPE_VIDEO) == "1:1");
  CHECK(pick({small.get(), big.get()}, AVMEDIA_TYPE_AUDIO) == "1:0");
  CHECK(pick({big.get(), small.get()}, AVMEDIA_TYPE_VIDEO) == "0:1");
  CHECK(pick({small.get(), small.get()}, AVMEDIA_TYPE_AUDIO) == "0:1");  // a tie: the first input
  // An attached picture counts as one pixel, whatever its size.
  CHECK(pick({pic.get(), small.get()}, AVMEDIA_TYPE_VIDEO) == "1:0");
  CHECK(pick({pic.get(), small.get()}, AVMEDIA_TYPE_AUDIO) == "0:1");
  CHECK(pick({small.get()}, AVMEDIA_TYPE_SUBTITLE) == "none");
  // Within one input the default disposition weighs more than size; between inputs it does not count.
  auto defaults = fake_input({"a:6", "a:2+default"});
  CHECK(pick({defaults.get()}, AVMEDIA_TYPE_AUDIO) == "0:1");
  CHECK(pick({defaults.get(), big.get()}, AVMEDIA_TYPE_AUDIO) == "0:1");
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

TEST_CASE("an input's own cancel flag stops its blocking FFmpeg calls, as a signal would") {
  std::atomic<bool> cancel{true};
  InputOptions io;
  io.cancel = &cancel;
  try {
    Input::open(std::make_unique<MemorySource>(fixture("ts_single.ts")), io);
    FAIL("opened despite the cancel flag");
  } catch (const Error& e) {
    CHECK(e.code() == AVERROR_EXIT);
  }
  cancel = false;  // the same input with the flag down opens
  auto in = Input::open(std::make_unique<MemorySource>(fixture("ts_single.ts")), io);
  CHECK(in->ctx()->nb_streams == 2);
}
