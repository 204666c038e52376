// Scheduler: EOF propagation with the end timestamp, the starved-input choice, memory bounded with unbalanced
// inputs (frames queued in the graph counted), early-ending outputs stopping their inputs, idempotent start/stop.
#include <doctest/doctest.h>

#include <map>

#include "common/errors.hpp"
#include "common/scheduler.hpp"
#include "graph_test_support.hpp"

using namespace common;
using namespace test_support;

namespace {

// An input of n gray frames, one every `step` units of tb, then EOF at n*step (or at eof_pts when given).
struct FakeVideo {
  Scheduler* sched = nullptr;
  size_t source = 0;
  AVRational tb{1, 60};
  int n = 0;
  int64_t step = 1;
  int64_t eof_pts = AV_NOPTS_VALUE;
  int w = 16, h = 16;  // the frame size (what the source was configured for)
  int made = 0;
  int eofs = 0;
  int read() {
    if (made == n) {
      ++eofs;
      sched->send_eof(source, eof_pts != AV_NOPTS_VALUE ? eof_pts : made * step, tb);
      return AVERROR_EOF;
    }
    auto f = gray_frame(made * step, made % 200, w, h);
    f->pkt_duration = step;
    ++made;
    int ret = sched->send_frame(source, f.get());
    return ret == AVERROR_EOF ? 0 : ret;
  }
};

struct Collected {
  std::map<size_t, std::vector<int64_t>> pts;
  std::map<size_t, int> ends;
};

Scheduler::OutputFn collect(Collected& c) {
  return [&c](size_t sink, AVFrame* f) {
    if (f)
      c.pts[sink].push_back(f->pts);
    else
      ++c.ends[sink];
    return 0;
  };
}

// As collect(), but sink `sink` answers AVERROR_EOF once it has n frames (its consumer has what it wants, as
// ffmpeg's -frames): that frame is not taken.
Scheduler::OutputFn collect_until(Collected& c, size_t sink, size_t n) {
  return [&c, sink, n](size_t k, AVFrame* f) {
    if (f && k == sink && c.pts[k].size() == n) return AVERROR_EOF;
    return collect(c)(k, f);
  };
}

FakeVideo& add(Scheduler& s, FakeVideo& v, size_t source, const char* name) {
  v.sched = &s;
  v.source = source;
  size_t id = s.add_input(name, [&v] { return v.read(); });
  s.connect(id, source);
  return v;
}

}  // namespace

TEST_CASE("EOF closes the source at its end timestamp and the graph drains it to the outputs") {
  // fps repeats the last frame up to the end of the stream: the EOF timestamp decides how many frames come out
  auto frames_until = [](int64_t eof_pts) {
    auto g = configured("[a]fps=10[o]", {gray_video({1, 10})});
    Scheduler s(*g);
    FakeVideo a;
    a.tb = {1, 10};
    a.n = 3;
    a.eof_pts = eof_pts;
    add(s, a, 0, "a");
    Collected c;
    s.set_output(collect(c));
    REQUIRE(s.run() == 0);
    CHECK(c.ends[0] == 1);
    CHECK(a.eofs == 1);
    CHECK_FALSE(s.source_open(0));
    CHECK_FALSE(s.input_active(0));
    std::string got;
    for (int64_t p : c.pts[0]) got += std::to_string(p) + " ";
    return got;
  };
  CHECK(frames_until(3) == "0 1 2 ");
  CHECK(frames_until(6) == "0 1 2 3 4 5 ");
}

TEST_CASE("the input the graph is starved of is read, not the others") {
  // overlay of a 1 fps input on a 60 fps one: the 1 fps input is read only when overlay needs its next frame
  auto g = configured("[a][b]overlay[o]", {gray_video({1, 60}), gray_video({1, 60}, 4, 4)});
  Scheduler s(*g);
  FakeVideo main, side;
  main.n = 300;
  side.n = 5;
  side.step = 60;
  side.w = side.h = 4;
  add(s, main, 0, "main");
  add(s, side, 1, "side");
  std::vector<std::pair<int, std::string>> reads;
  int64_t main_pts = -1, side_pts = -1;
  bool side_ran_ahead = false;
  s.set_trace([&](const SchedEvent& ev) {
    if (ev.kind == SchedEventKind::kRead) reads.emplace_back(ev.input, ev.reason);
    if (ev.kind == SchedEventKind::kFrameIn) {
      (ev.source == 0 ? main_pts : side_pts) = ev.pts;
      // the side input is never more than one of its frames (60 units) ahead of the main one
      if (side_pts > main_pts + 60) side_ran_ahead = true;
    }
  });
  Collected c;
  s.set_output(collect(c));
  CHECK(s.run() == 0);
  CHECK(c.pts[0].size() == 300);
  CHECK_FALSE(side_ran_ahead);
  CHECK(s.reads(1) <= side.n + 1);  // its frames and its EOF
  for (const auto& r : reads) CHECK(r.second == "starved");
}

TEST_CASE("memory stays bounded with unbalanced inputs, whatever their length") {
  auto max_queued = [](int seconds) {
    auto g = configured("[a][b]overlay[o]", {gray_video({1, 60}), gray_video({1, 60}, 4, 4)});
    Scheduler s(*g);
    FakeVideo main, side;
    main.n = 60 * seconds;
    side.n = seconds;
    side.step = 60;
    side.w = side.h = 4;
    add(s, main, 0, "main");
    add(s, side, 1, "side");
    Collected c;
    s.set_output(collect(c));
    REQUIRE(s.run() == 0);
    REQUIRE(c.pts[0].size() == static_cast<size_t>(main.n));
    return s.max_queued_frames();
  };
  int64_t short_run = max_queued(5);
  int64_t long_run = max_queued(40);
  CHECK(long_run <= 4);
  CHECK(long_run == short_run);

  // Without the scheduler (all of the main input first), the same graph queues every frame: the count is real.
  auto g = configured("[a][b]overlay[o]", {gray_video({1, 60}), gray_video({1, 60}, 4, 4)});
  for (int i = 0; i < 600; ++i) {
    auto f = gray_frame(i);
    REQUIRE(av_buffersrc_add_frame_flags(g->source(0), f.get(), AV_BUFFERSRC_FLAG_PUSH) >= 0);
  }
  CHECK(g->queued_frames() >= 599);
}

TEST_CASE("an output that ends early stops the inputs feeding only it; the run ends when every output has ended") {
  auto g = configured("[a]trim=end_frame=3[o1];[b]null[o2]", {gray_video({1, 60}), gray_video({1, 60})});
  Scheduler s(*g);
  FakeVideo a, b;
  a.n = 1000;
  b.n = 40;
  add(s, a, 0, "a");
  add(s, b, 1, "b");
  std::vector<std::string> stops;
  s.set_trace([&](const SchedEvent& ev) {
    if (ev.kind == SchedEventKind::kInputStopped) stops.push_back(std::to_string(ev.input) + ":" + ev.reason);
  });
  Collected c;
  s.set_output(collect(c));
  CHECK(s.run() == 0);
  CHECK(c.pts[0].size() == 3);
  CHECK(c.pts[1].size() == 40);
  CHECK(a.made < 10);  // not read to its end
  CHECK(a.eofs == 0);
  CHECK(b.eofs == 1);
  REQUIRE(stops.size() == 2);
  CHECK(stops[0] == "0:outputs ended");
  CHECK(stops[1] == "1:eof");
  CHECK(c.ends[0] == 1);
  CHECK(c.ends[1] == 1);
}

TEST_CASE("an output that answers AVERROR_EOF ends that sink alone (ffmpeg's -frames), and its inputs stop") {
  auto g = configured("[a]null[o1];[b]null[o2]", {gray_video({1, 60}), gray_video({1, 60})});
  Scheduler s(*g);
  FakeVideo a, b;
  a.n = 1000;
  b.n = 40;
  add(s, a, 0, "a");
  add(s, b, 1, "b");
  Collected c;
  s.set_output(collect_until(c, 0, 5));
  CHECK(s.run() == 0);
  CHECK(c.pts[0].size() == 5);
  CHECK(c.pts[1].size() == 40);
  CHECK(s.output_ended(0));
  CHECK(c.ends.count(0) == 0);  // the consumer ended it: no end call follows
  CHECK(c.ends[1] == 1);
  CHECK(a.made < 20);  // not read to its end
}

TEST_CASE("what the graph still makes for an output its consumer ended is dropped, and the run goes on to its end") {
  // split keeps giving sink 0 a frame for every frame sink 1 gets: left in sink 0, the oldest sink, each request
  // of the graph would find it there and the run would spin without reading.
  auto g = configured("[a]split[o1][o2]", {gray_video({1, 60})});
  Scheduler s(*g);
  FakeVideo a;
  a.n = 100;
  add(s, a, 0, "a");
  Collected c;
  s.set_output(collect_until(c, 0, 5));
  CHECK(s.run() == 0);
  CHECK(c.pts[0].size() == 5);
  CHECK(c.pts[1].size() == 100);
  CHECK(c.ends[1] == 1);
}

TEST_CASE("start and stop are idempotent; stop drains the inputs and ends every output once") {
  auto g = configured("[a]split[x][y];[x]null[o1];[y]null[o2]", {gray_video({1, 60})});
  Scheduler s(*g);
  FakeVideo a;
  a.n = 100;
  a.sched = &s;
  a.source = 0;
  int drains = 0;
  size_t id = s.add_input("a", [&a] { return a.read(); }, [&] {
    ++drains;
    return 0;
  });
  s.connect(id, 0);
  Collected c;
  s.set_output(collect(c));
  s.start();
  s.start();
  for (int i = 0; i < 10; ++i) REQUIRE(s.step() == 0);
  CHECK(s.stop() == 0);
  CHECK(s.stop() == 0);
  CHECK(drains == 1);
  CHECK(c.ends[0] == 1);
  CHECK(c.ends[1] == 1);
  CHECK(c.pts[0].size() == c.pts[1].size());
  CHECK(c.pts[0].size() == static_cast<size_t>(a.made));  // every frame pushed came out
  CHECK(s.step() == AVERROR_EOF);
}

TEST_CASE("an interrupt stops the run with the outputs finished") {
  auto g = configured("[a]null[o]", {gray_video({1, 60})});
  Scheduler s(*g);
  FakeVideo a;
  a.n = 1000;
  add(s, a, 0, "a");
  Collected c;
  s.set_output(collect(c));
  int calls = 0;
  CHECK(s.run([&] { return ++calls > 20; }) == AVERROR_EXIT);
  CHECK(c.ends[0] == 1);
  CHECK(c.pts[0].size() == static_cast<size_t>(a.made));
  CHECK(a.made < 1000);
}

TEST_CASE("set-up mistakes are reported") {
  auto g = configured("[a][b]overlay[o]", {gray_video({1, 60}), gray_video({1, 60})});
  Scheduler s(*g);
  FakeVideo a;
  add(s, a, 0, "a");
  s.set_output([](size_t, AVFrame*) { return 0; });
  CHECK_THROWS_AS(s.start(), Error);  // source 1 is fed by nothing
  Scheduler t(*g);
  size_t x = t.add_input("x", [] { return AVERROR_EOF; });
  t.connect(x, 0);
  CHECK_THROWS_AS(t.connect(x, 0), Error);  // already fed
  CHECK_THROWS_AS(t.connect(x, 7), Error);  // no such source
}

TEST_CASE("an output error stops the run and is returned") {
  auto g = configured("[a]null[o]", {gray_video({1, 60})});
  Scheduler s(*g);
  FakeVideo a;
  a.n = 50;
  add(s, a, 0, "a");
  s.set_output([](size_t, AVFrame* f) { return f && f->pts == 7 ? AVERROR(EPIPE) : 0; });
  CHECK(s.run() == AVERROR(EPIPE));
  CHECK(a.made < 50);
}

TEST_CASE("a pushed input: frames its owner sends come out of pump(), which returns when the graph wants more") {
  // fps=10 on frames every 2/10 s: each frame pushed releases the frames up to it; EOF at 6/10 releases the rest.
  auto g = configured("[a]fps=10[o]", {gray_video({1, 10})});
  Scheduler s(*g);
  size_t id = s.add_input("pushed", {});
  s.connect(id, 0);
  Collected c;
  s.set_output(collect(c));
  std::vector<size_t> out_after_push;
  for (int64_t pts : {0, 2, 4}) {
    auto f = gray_frame(pts);
    f->pkt_duration = 2;
    REQUIRE(s.send_frame(0, f.get()) == 0);
    REQUIRE(s.pump() == 0);  // the graph now waits for the next pushed frame
    out_after_push.push_back(c.pts[0].size());
  }
  CHECK(out_after_push.back() >= 4);  // 0, 1, 2, 3 are out before the end is known
  CHECK(s.reads(id) == 0);            // never read: the owner pushes
  REQUIRE(s.send_eof(0, 6, {1, 10}) == 0);
  CHECK(s.pump() == AVERROR_EOF);
  CHECK(c.pts[0] == std::vector<int64_t>{0, 1, 2, 3, 4, 5});
  CHECK(c.ends[0] == 1);
  CHECK(s.stop() == 0);
  CHECK(c.ends[0] == 1);
}

TEST_CASE("a pushed input stopped midway: stop() drains what the graph holds and ends the output once") {
  auto g = configured("[a]fps=10[o]", {gray_video({1, 10})});
  Scheduler s(*g);
  s.connect(s.add_input("pushed", {}), 0);
  Collected c;
  s.set_output(collect(c));
  for (int64_t pts : {0, 3}) {
    auto f = gray_frame(pts);
    f->pkt_duration = 3;
    REQUIRE(s.send_frame(0, f.get()) == 0);
    REQUIRE(s.pump() == 0);
  }
  CHECK(s.stop() == 0);  // the source closes at the end of its last frame (6)
  CHECK(c.pts[0] == std::vector<int64_t>{0, 1, 2, 3, 4, 5});
  CHECK(c.ends[0] == 1);
}

TEST_CASE("a source whose frames change size mid-stream gets the graph rebuilt, as ffmpeg does") {
  // crop and pad configure their geometry from the input size: without a rebuild the 8x8 frames would go through
  // a graph made for 16x16 ones. (The sink lets the new size through: -autoscale 0; by default the rebuilt graph
  // would scale it back to 10x10, see test_filter_graph.)
  GraphOptions one_thread;
  one_thread.threads = 1;
  auto g = FilterGraph::parse("[a]crop=iw/2:ih/2,pad=iw+2:ih+2[o]", one_thread);
  g->set_source(0, gray_video({1, 25}));
  SinkParams any_size;
  any_size.autoscale = false;
  g->set_sink(0, any_size);
  g->configure();
  Scheduler s(*g);
  s.connect(s.add_input("v", {}), 0);
  std::vector<std::string> reconfigured;
  s.set_trace([&](const SchedEvent& ev) {
    if (ev.kind == SchedEventKind::kReconfigure) reconfigured.push_back(ev.reason);
  });
  std::vector<std::pair<int, int>> sizes;
  int ends = 0;
  s.set_output([&](size_t, AVFrame* f) {
    if (f)
      sizes.emplace_back(f->width, f->height);
    else
      ++ends;
    return 0;
  });
  REQUIRE(s.send_frame(0, gray_frame(0, 10, 16, 16).get()) == 0);
  REQUIRE(s.send_frame(0, gray_frame(1, 20, 16, 16).get()) == 0);
  REQUIRE(s.send_frame(0, gray_frame(2, 30, 8, 8).get()) == 0);
  REQUIRE(s.send_frame(0, gray_frame(3, 40, 8, 8).get()) == 0);
  REQUIRE(s.send_eof(0, 4, {1, 25}) == 0);
  CHECK(s.pump() == AVERROR_EOF);
  CHECK(ends == 1);
  CHECK(g->rebuilds() == 1);
  REQUIRE(reconfigured.size() == 1);
  CHECK(reconfigured[0] == "16x16 gray -> 8x8 gray");
  CHECK(sizes == std::vector<std::pair<int, int>>{{10, 10}, {10, 10}, {6, 6}, {6, 6}});
  // --stats counts over both graphs
  int64_t crop_in = -1;
  for (const auto& st : g->filter_stats())
    if (st.kind == "crop") crop_in = st.frames_in;
  CHECK(crop_in == 4);
}

TEST_CASE("a rebuild keeps ended sources ended, and a graph that cannot take the new format is an error") {
  auto g = configured("[a][b]hstack=shortest=0[o]", {gray_video({1, 25}), gray_video({1, 25})});
  Scheduler s(*g);
  s.connect(s.add_input("a", {}), 0);
  s.connect(s.add_input("b", {}), 1);
  Collected c;
  s.set_output(collect(c));
  REQUIRE(s.send_frame(0, gray_frame(0).get()) == 0);
  REQUIRE(s.send_frame(1, gray_frame(0).get()) == 0);
  REQUIRE(s.pump() == 0);
  // hstack needs inputs of the same height: input 1 turning 16x8 cannot be stacked with 16x16
  int ret = s.send_frame(1, gray_frame(1, 128, 16, 8).get());
  CHECK(ret < 0);
  CHECK(s.error_reason().find("reconfiguring the filter graph") == 0);
  CHECK(g->rebuilds() == 0);  // the old graph stays
  CHECK(g->source_params(1).height == 16);
}
