// syncplay's subtitles unit: events from a subtitle file come up and down at their media times (given, not read from
// a clock), are reported once each, draw into the overlay with libass and leave it empty; tracks cycle as ffplay's t.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "subtitles.hpp"

using namespace syncplay;

namespace {

// A subtitle file in the temp dir, removed at the end.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text, const char* suffix) {
    char name[] = "/tmp/test_subtitles.XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    std::remove(name);
    path = std::string(name) + suffix;
    std::FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f);
    std::fputs(text.c_str(), f);
    std::fclose(f);
  }
  ~TempFile() { std::remove(path.c_str()); }
};

bool lit(const SubtitleOverlay& o) {
  return !o.empty && std::any_of(o.argb.begin(), o.argb.end(), [](uint32_t p) { return (p >> 24) > 128; });
}

}  // namespace

TEST_CASE("a --sub-file's events come up and down at their times, once each, drawn by libass") {
  TempFile srt("1\n00:00:01,000 --> 00:00:02,000\nHELLO\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>AGAIN</i>\n\n", ".srt");
  Subtitles subs;
  std::vector<SubtitleChange> changes;
  subs.on_change([&](const SubtitleChange& c) { changes.push_back(c); });
  REQUIRE(subs.add_file(srt.path, 10.0) == 1);  // times from the input's start, 10 s here
  subs.select(1);
  CHECK_FALSE(subs.update(10.5, 320, 240, true));
  CHECK(changes.empty());
  CHECK(subs.update(11.0, 320, 240, true));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].shown);
  CHECK(changes[0].text == "HELLO");
  CHECK(changes[0].start == doctest::Approx(11.0));
  CHECK(changes[0].end == doctest::Approx(12.0));
  CHECK(changes[0].at == 11.0);
  CHECK(subs.overlay().width == 320);
  CHECK(lit(subs.overlay()));
  CHECK_FALSE(subs.update(11.5, 320, 240, false));  // nothing moves
  CHECK(changes.size() == 1);
  CHECK(subs.update(12.0, 320, 240, true));
  REQUIRE(changes.size() == 2);
  CHECK_FALSE(changes[1].shown);
  CHECK(subs.overlay().empty);
  CHECK_FALSE(lit(subs.overlay()));
  // A seek back: a file keeps its events (flush_input is for the input's streams).
  subs.flush_input();
  CHECK(subs.update(11.2, 320, 240, true));
  CHECK(changes.size() == 3);
  CHECK(subs.update(13.5, 320, 240, true));  // straight to the next: one hidden, one shown
  REQUIRE(changes.size() == 5);
  CHECK_FALSE(changes[3].shown);
  CHECK(changes[4].shown);
  CHECK(changes[4].text == "AGAIN");
}

TEST_CASE("a master clock that steps back a little does not bring an event back; a jump or a seek does") {
  TempFile srt("1\n00:00:01,000 --> 00:00:03,000\nONE\n\n", ".srt");
  Subtitles subs;
  std::vector<SubtitleChange> changes;
  subs.on_change([&](const SubtitleChange& c) { changes.push_back(c); });
  REQUIRE(subs.add_file(srt.path, 0.0) == 1);
  subs.select(1);
  CHECK(subs.update(1.02, 64, 48, true));  // up
  CHECK_FALSE(subs.update(0.98, 64, 48, true));  // the clock set back 40 ms: still up, nothing reported
  CHECK(subs.update(3.05, 64, 48, true));  // over
  CHECK_FALSE(subs.update(2.9, 64, 48, true));  // set back 150 ms (a late callback at --speed 2): stays over
  CHECK_FALSE(subs.update(3.1, 64, 48, true));
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].shown);
  CHECK_FALSE(changes[1].shown);
  CHECK(subs.update(2.0, 64, 48, true));  // a second back: a jump of the clock, followed
  REQUIRE(changes.size() == 3);
  CHECK(changes[2].shown);
  CHECK(changes[2].at == 2.0);
  CHECK(subs.update(3.0, 64, 48, true));
  subs.flush_input();  // a seek, however short
  CHECK(subs.update(2.8, 64, 48, true));
  REQUIRE(changes.size() == 5);
  CHECK(changes[4].shown);
}

TEST_CASE("tracks cycle as ffplay's t: the next, none after the last, the first again; none hides") {
  TempFile srt("1\n00:00:00,000 --> 00:00:05,000\nUP\n\n", ".srt");
  Subtitles subs;
  int shown = 0, hidden = 0;
  subs.on_change([&](const SubtitleChange& c) { (c.shown ? shown : hidden)++; });
  subs.add_file(srt.path, 0.0);
  CHECK(subs.selected() == 0);
  CHECK_FALSE(subs.update(1.0, 64, 48, true));  // none selected: nothing
  CHECK(subs.cycle() == 1);
  CHECK(subs.update(1.0, 64, 48, true));
  CHECK(shown == 1);
  CHECK(subs.cycle() == 0);
  CHECK(subs.update(1.1, 64, 48, true));
  CHECK(hidden == 1);
  CHECK(subs.overlay().empty);
  CHECK(subs.cycle() == 1);
  subs.select(7);  // out of range: none
  CHECK(subs.selected() == 0);
}

TEST_CASE("a --sub-file that cannot be one is an error naming it") {
  Subtitles subs;
  try {
    subs.add_file("/nonexistent/x.srt", 0.0);
    FAIL("no error");
  } catch (const common::Error& e) {
    CHECK(e.context() == "--sub-file");
    CHECK(e.reason().find("/nonexistent/x.srt") != std::string::npos);
  }
  TempFile junk(std::string(4000, '\x01'), ".bin");
  CHECK_THROWS_AS(subs.add_file(junk.path, 0.0), common::Error);
  CHECK(subs.count() == 0);
}
