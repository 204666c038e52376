#include "common/intervals.hpp"

#include <cstdlib>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"

namespace common {

namespace {

[[noreturn]] void refuse(int id, const std::string& part, const std::string& why) {
  throw Error("parsing -read_intervals", "interval #" + std::to_string(id) + " '" + part + "': " + why,
              AVERROR(EINVAL), ErrorKind::kUsage);
}

// Microseconds as av_ts2timestr writes them in the AV_TIME_BASE_Q time base ("%.6g" seconds).
std::string seconds_text(int64_t us) {
  char buf[AV_TS_MAX_STRING_SIZE];
  AVRational tb{1, AV_TIME_BASE};
  return av_ts_make_time_string(buf, us, &tb);
}

ReadInterval parse_one(int id, const std::string& text, std::vector<std::string>& warnings) {
  ReadInterval in;
  in.id = id;
  if (text.empty()) refuse(id, text, "empty interval");
  const size_t percent = text.find('%');
  std::string first = text.substr(0, percent);
  if (!first.empty()) {
    in.has_start = true;
    if (first[0] == '+') {
      in.start_is_offset = true;
      first.erase(0, 1);
    }
    if (av_parse_time(&in.start, first.c_str(), 1) < 0) refuse(id, text, "invalid start '" + first + "'");
  }
  if (percent == std::string::npos) return in;
  std::string second = text.substr(percent + 1);
  if (second.empty()) return in;
  in.has_end = true;
  if (second[0] == '+') {
    in.end_is_offset = true;
    second.erase(0, 1);
  }
  if (in.end_is_offset && !second.empty() && second[0] == '#') {
    in.end_is_packets = true;
    const std::string count = second.substr(1);
    char* tail = nullptr;
    long long n = std::strtoll(count.c_str(), &tail, 10);
    if (*tail || n < 0) {
      // ffprobe 5.1 logs this and goes on with the interval, which then reads no packet.
      warnings.push_back("Invalid or negative value '" + count + "' for duration number of frames");
      n = 0;
    }
    in.end = n;
    return in;
  }
  if (av_parse_time(&in.end, second.c_str(), 1) < 0) refuse(id, text, "invalid end or duration '" + second + "'");
  return in;
}

}  // namespace

std::vector<ReadInterval> parse_read_intervals(const std::string& spec, std::vector<std::string>& warnings) {
  std::vector<ReadInterval> out;
  size_t from = 0;
  while (true) {
    const size_t comma = spec.find(',', from);
    out.push_back(parse_one(static_cast<int>(out.size()), spec.substr(from, comma - from), warnings));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

std::string describe(const ReadInterval& in) {
  std::string s = "id:" + std::to_string(in.id);
  s += in.has_start ? " start:" + std::string(in.start_is_offset ? "+" : "") + seconds_text(in.start) : " start:N/A";
  if (!in.has_end) return s + " end:N/A";
  s += " end:" + std::string(in.end_is_offset ? "+" : "");
  return s + (in.end_is_packets ? "#" + std::to_string(in.end) : seconds_text(in.end));
}

}  // namespace common
