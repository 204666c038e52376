// ffplay's status line: its format (the label by the streams played, the fields' widths, "\r" at the end) and the
// 30 ms between lines, on simulated times.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "status_line.hpp"

using namespace syncplay;

TEST_CASE("the line is ffplay's") {
  StatusValues v;
  v.master = 1.234;
  v.audio = v.video = true;
  v.av_diff = 0.0041;
  v.drops = 3;
  v.audio_bytes = 12 * 1024 + 5;
  v.video_bytes = 40 * 1024;
  v.subtitle_bytes = 17;
  v.faulty_dts = 1;
  v.faulty_pts = 2;
  CHECK(format_status(v) == "   1.23 A-V:  0.004 fd=   3 aq=   12KB vq=   40KB sq=   17B f=1/2   \r");
  v.audio = false;
  CHECK(format_status(v).substr(0, 12) == "   1.23 M-V:");
  v.audio = true;
  v.video = false;
  CHECK(format_status(v).substr(0, 12) == "   1.23 M-A:");
  v.master = std::numeric_limits<double>::quiet_NaN();  // before the master is set, as ffplay prints it
  CHECK(format_status(v).substr(0, 7) == "    nan");
}

TEST_CASE("at most one line every 30 ms, none when disabled") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  StatusLine s(f, true);
  CHECK(s.due(10.0));
  s.show("a\r", 10.0);
  CHECK_FALSE(s.due(10.02));
  CHECK(s.due(10.03));
  s.show("b\r", 10.03);
  s.finish();
  std::rewind(f);
  char buf[16] = {};
  CHECK(std::fread(buf, 1, sizeof buf - 1, f) == 5);
  CHECK(std::string(buf) == "a\rb\r\n");
  std::fclose(f);
  StatusLine off(stderr, false);
  CHECK_FALSE(off.due(0.0));
}
