// Video sync: ffmpeg 5.1's frame rate control (do_video_out) as arithmetic: frames kept, dropped and sent again.
#include <doctest/doctest.h>

#include "common/video_sync.hpp"

using namespace common;

TEST_CASE("fps modes by ffmpeg's names and numbers") {
  FpsMode m{};
  CHECK(parse_fps_mode("cfr", m));
  CHECK(m == FpsMode::kCfr);
  CHECK(parse_fps_mode("2", m));
  CHECK(m == FpsMode::kVfr);
  CHECK(parse_fps_mode("passthrough", m));
  CHECK(m == FpsMode::kPassthrough);
  CHECK(parse_fps_mode("-1", m));
  CHECK(m == FpsMode::kAuto);
  CHECK_FALSE(parse_fps_mode("fast", m));
  CHECK_FALSE(parse_fps_mode("", m));
}

TEST_CASE("auto is resolved by the muxer as ffmpeg does") {
  const AVOutputFormat* nut = av_guess_format("nut", nullptr, nullptr);
  const AVOutputFormat* mp4 = av_guess_format("mp4", nullptr, nullptr);
  const AVOutputFormat* avi = av_guess_format("avi", nullptr, nullptr);
  const AVOutputFormat* null = av_guess_format("null", nullptr, nullptr);  // no timestamps at all
  CHECK(resolve_fps_mode(FpsMode::kAuto, nut, false, false) == FpsMode::kVfr);
  CHECK(resolve_fps_mode(FpsMode::kAuto, avi, false, false) == FpsMode::kVfr);
  CHECK(resolve_fps_mode(FpsMode::kAuto, mp4, false, false) == FpsMode::kCfr);
  CHECK(resolve_fps_mode(FpsMode::kAuto, mp4, true, false) == FpsMode::kVscfr);
  CHECK(resolve_fps_mode(FpsMode::kAuto, mp4, false, true) == FpsMode::kVscfr);
  CHECK(resolve_fps_mode(FpsMode::kAuto, null, false, false) == FpsMode::kPassthrough);
  CHECK(resolve_fps_mode(FpsMode::kDrop, mp4, false, false) == FpsMode::kDrop);
}

TEST_CASE("a frame's pts on the encoder's ticks, nudged off exact midpoints") {
  CHECK(sync_pts(2, {1, 50}, {1, 25}) == doctest::Approx(1.0).epsilon(1e-4));
  CHECK(sync_pts(2, {1, 50}, {1, 25}) > 1.0);  // never exactly a tick: rounding does not depend on the platform
  CHECK(sync_pts(3, {1, 50}, {1, 25}) > 1.5);
  CHECK(sync_pts(0, {1, 50}, {1, 25}) == 0.0);
  CHECK(sync_pts(-2, {1, 50}, {1, 25}) < -1.0);
}

TEST_CASE("cfr: frames on the ticks pass one each; a gap is filled, a crowd thinned") {
  VideoSync cfr(FpsMode::kCfr);
  for (int i = 0; i < 3; ++i) {
    auto p = cfr.next(i + 1e-5, 1);
    CHECK(p.total == 1);
    CHECK(p.previous == 0);
    CHECK(p.pts == i);
  }
  // Three ticks later: the tick before it gets the previous frame again (delta0 2 -> 1 copy), the frame two.
  auto gap = cfr.next(5 + 1e-5, 1);
  CHECK(gap.total == 3);
  CHECK(gap.previous == 1);
  CHECK(gap.pts == 3);
  CHECK(cfr.duplicated() == 2);
  // Frames twice as dense as the ticks: kept while they fall behind by less than 1.1 ticks, then dropped.
  VideoSync dense(FpsMode::kCfr);
  int sent = 0;
  for (int i = 0; i < 20; ++i) sent += dense.next(i * 0.5 + 1e-5, 0.5).total;
  CHECK(sent >= 10);
  CHECK(sent <= 13);
  CHECK(dense.dropped() == 20 - sent);
}

TEST_CASE("cfr with -frame_drop_threshold: a frame behind by more than it is dropped, never the first") {
  // delta: where the frame ends, in ticks after where the output is. cfr alone drops below -1.1; a threshold of
  // 0.8 drops a frame ending less than 0.8 ticks after it, except the first.
  VideoSync plain(FpsMode::kCfr), strict(FpsMode::kCfr, 0.8);
  for (VideoSync* v : {&plain, &strict}) {
    CHECK(v->next(-0.5 + 1e-5, 1).total == 1);  // the first, delta 0.5: kept even by 0.8
    CHECK(v->next(1 + 1e-5, 1).total == 1);     // on its tick, delta 1
    CHECK(v->next(1.9 + 1e-5, 1).total == 1);   // a tenth of a tick early, delta 0.9
  }
  CHECK(plain.next(2.7 + 1e-5, 1).total == 1);  // 0.3 of a tick early, delta 0.7
  CHECK(strict.next(2.7 + 1e-5, 1).total == 0);
  CHECK(strict.next(3 + 1e-5, 1).total == 1);  // (a drop is counted as the next frame comes, as ffmpeg counts it)
  CHECK(strict.dropped() == 1);
  CHECK(plain.dropped() == 0);
}

TEST_CASE("vfr keeps the frames' own times and drops only a frame that would land on a tick already used") {
  VideoSync vfr(FpsMode::kVfr);
  CHECK(vfr.next(0 + 1e-5, 1).pts == 0);
  auto jump = vfr.next(4 + 1e-5, 1);  // no copies to fill the gap: the frame keeps its time
  CHECK(jump.total == 1);
  CHECK(jump.pts == 4);
  CHECK(vfr.next(4.2, 0).total == 0);  // 0.8 tick behind, and no length to reach the next tick: dropped
  auto clipped = vfr.next(4.5, 1);     // behind too, but it lasts into the next tick: kept, moved onto it
  CHECK(clipped.total == 1);
  CHECK(clipped.pts == 5);
  CHECK(vfr.next(6 + 1e-5, 1).pts == 6);
}

TEST_CASE("vscfr does not fill the time before the first frame; cfr does") {
  VideoSync vscfr(FpsMode::kVscfr);
  auto first = vscfr.next(3 + 1e-5, 1);
  CHECK(first.total == 1);
  CHECK(first.pts == 3);
  VideoSync cfr(FpsMode::kCfr);
  auto filled = cfr.next(3 + 1e-5, 1);
  CHECK(filled.total == 4);
  CHECK(filled.pts == 0);
}

TEST_CASE("passthrough sends every frame at its own tick; the end sends the last frame as the recent ones were") {
  VideoSync pass(FpsMode::kPassthrough);
  CHECK(pass.next(2.4, 1).pts == 2);
  CHECK(pass.next(2.45, 1).total == 1);
  VideoSync cfr(FpsMode::kCfr);
  CHECK(cfr.flush().total == 0);  // nothing sent yet: nothing to send again
  cfr.next(1e-5, 1);
  for (int i = 0; i < 3; ++i) cfr.next((i + 1) * 3 + 1e-5, 1);  // each after a gap: 1 previous copy each
  auto end = cfr.flush();
  CHECK(end.total == 1);
  CHECK(end.previous == 1);
}
