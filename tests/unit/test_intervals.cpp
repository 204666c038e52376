// Intervals: ffprobe's -read_intervals syntax, every form it takes (and the ones it refuses).
#include <doctest/doctest.h>

#include "common/errors.hpp"
#include "common/intervals.hpp"

using namespace common;

namespace {
std::vector<ReadInterval> parse(const std::string& spec) {
  std::vector<std::string> warnings;
  auto out = parse_read_intervals(spec, warnings);
  CHECK(warnings.empty());
  return out;
}
}  // namespace

TEST_CASE("a start and an end, absolute or relative, in microseconds") {
  auto v = parse("10%20");
  REQUIRE(v.size() == 1);
  CHECK(v[0].has_start);
  CHECK_FALSE(v[0].start_is_offset);
  CHECK(v[0].start == 10000000);
  CHECK(v[0].has_end);
  CHECK_FALSE(v[0].end_is_offset);
  CHECK(v[0].end == 20000000);
  CHECK(describe(v[0]) == "id:0 start:10 end:20");

  v = parse("+1.5%+0.25");
  CHECK(v[0].start_is_offset);
  CHECK(v[0].start == 1500000);
  CHECK(v[0].end_is_offset);
  CHECK(v[0].end == 250000);
  CHECK(describe(v[0]) == "id:0 start:+1.5 end:+0.25");

  v = parse("-1%00:01:02.5");
  CHECK(v[0].start == -1000000);
  CHECK(v[0].end == 62500000);
}

TEST_CASE("either side may be missing; the end may count packets") {
  auto v = parse("%+#5");
  CHECK_FALSE(v[0].has_start);
  CHECK(v[0].has_end);
  CHECK(v[0].end_is_packets);
  CHECK(v[0].end == 5);
  CHECK(describe(v[0]) == "id:0 start:N/A end:+#5");

  v = parse("10");
  CHECK(v[0].has_start);
  CHECK_FALSE(v[0].has_end);
  v = parse("10%");
  CHECK(v[0].has_start);
  CHECK_FALSE(v[0].has_end);
  CHECK(describe(v[0]) == "id:0 start:10 end:N/A");
  v = parse("%");
  CHECK_FALSE(v[0].has_start);
  CHECK_FALSE(v[0].has_end);
}

TEST_CASE("several intervals separated by commas keep their order and ids") {
  auto v = parse("0.5%+#3,+1%+0.5,3");
  REQUIRE(v.size() == 3);
  CHECK(v[0].id == 0);
  CHECK(v[1].id == 1);
  CHECK(v[1].start_is_offset);
  CHECK(v[2].id == 2);
  CHECK(v[2].start == 3000000);
}

TEST_CASE("what ffprobe refuses is a usage error naming the interval") {
  std::vector<std::string> w;
  for (const char* bad : {"", "abc", "1%%2", "#3", "%#3", "1%2,", ",1", "+%2", "1%+"}) {
    CAPTURE(bad);
    try {
      parse_read_intervals(bad, w);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kUsage);
      CHECK(e.reason().find("interval #") == 0);
    }
  }
}

TEST_CASE("a negative or malformed packet count reads nothing and says why, as ffprobe 5.1 does") {
  std::vector<std::string> w;
  auto v = parse_read_intervals("%+#-1", w);
  REQUIRE(v.size() == 1);
  CHECK(v[0].end_is_packets);
  CHECK(v[0].end == 0);
  REQUIRE(w.size() == 1);
  CHECK(w[0] == "Invalid or negative value '-1' for duration number of frames");
  w.clear();
  v = parse_read_intervals("%+#5x", w);
  CHECK(v[0].end == 0);
  CHECK(w.size() == 1);
}
