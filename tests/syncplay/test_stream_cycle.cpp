// ffplay's stream cycling (the a, v and c keys; IPC cycle aid/vid): the next stream of the type after the one
// playing, wrapping round; audio within the program of the video played; audio streams without a rate or channels
// passed over. On hand-built format contexts (no file, no player).
#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "stream_cycle.hpp"

using namespace syncplay;

namespace {

struct Context {
  struct Free {
    void operator()(AVFormatContext* c) const { avformat_free_context(c); }
  };
  std::unique_ptr<AVFormatContext, Free> ctx{avformat_alloc_context()};
  // Streams of these types, in order; audio with a rate and channels unless `silent` names it.
  explicit Context(const std::vector<AVMediaType>& types, int silent = -1) {
    for (AVMediaType t : types) {
      AVStream* st = avformat_new_stream(ctx.get(), nullptr);
      st->codecpar->codec_type = t;
      if (t == AVMEDIA_TYPE_AUDIO && st->index != silent) {
        st->codecpar->sample_rate = 48000;
        av_channel_layout_default(&st->codecpar->ch_layout, 2);
      }
    }
  }
  void program(int id, const std::vector<unsigned>& streams) {
    av_new_program(ctx.get(), id);
    for (unsigned s : streams) av_program_add_stream_index(ctx.get(), id, s);
  }
  AVFormatContext* get() const { return ctx.get(); }
};

constexpr AVMediaType V = AVMEDIA_TYPE_VIDEO, A = AVMEDIA_TYPE_AUDIO, S = AVMEDIA_TYPE_SUBTITLE;

}  // namespace

TEST_CASE("the next stream of the type, wrapping round") {
  Context c({V, A, A, S, V});
  CHECK(next_stream(c.get(), A, 1, 0) == 2);
  CHECK(next_stream(c.get(), A, 2, 0) == 1);
  CHECK(next_stream(c.get(), V, 0, 0) == 4);
  CHECK(next_stream(c.get(), V, 4, 4) == 0);
}

TEST_CASE("no other stream: the current one; none at all: -1") {
  Context c({V, A, S});
  CHECK(next_stream(c.get(), A, 1, 0) == 1);
  CHECK(next_stream(c.get(), V, 0, 0) == 0);
  Context v({V, S});
  CHECK(next_stream(v.get(), A, -1, 0) == -1);
}

TEST_CASE("audio without a sample rate or channels is passed over") {
  Context c({V, A, A, A}, 2);
  CHECK(next_stream(c.get(), A, 1, 0) == 3);
  CHECK(next_stream(c.get(), A, 3, 0) == 1);
}

TEST_CASE("audio cycles within the program of the video played; video among all streams") {
  Context c({V, A, V, A, A});
  c.program(1, {0, 1});
  c.program(2, {2, 3, 4});
  CHECK(next_stream(c.get(), A, 1, 0) == 1);  // program 1 has one audio stream
  CHECK(next_stream(c.get(), A, 3, 2) == 4);
  CHECK(next_stream(c.get(), A, 4, 2) == 3);
  // After a video switch into program 2, the audio of program 1 is not among the candidates: the first of program 2.
  CHECK(next_stream(c.get(), A, 1, 2) == 3);
  CHECK(next_stream(c.get(), V, 0, 0) == 2);
  CHECK(next_stream(c.get(), V, 2, 2) == 0);
}
