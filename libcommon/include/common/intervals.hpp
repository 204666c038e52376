// Read intervals: ffprobe's -read_intervals, parsed. An interval says where to seek before reading (an absolute
// time or an offset from the last timestamp read) and where to stop (a time, a duration, or a number of packets).
// The prober walks them (probe.cpp); this unit only knows the syntax:
//   INTERVALS ::= INTERVAL[,INTERVALS]
//   INTERVAL  ::= [START|+START_OFFSET][%[END|+END_OFFSET|+#PACKETS]]
// Times are FFmpeg durations (av_parse_time: "10", "-1.5", "00:01:02.5", "500ms"), negative ones included.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace common {

struct ReadInterval {
  int id = 0;                    // its place in the list, from 0
  bool has_start = false;        // seek before reading
  bool start_is_offset = false;  // start is relative to the last timestamp read ("+5")
  int64_t start = 0;             // microseconds
  bool has_end = false;
  bool end_is_offset = false;   // end is relative to the first timestamp read in the interval ("%+5")
  bool end_is_packets = false;  // end counts packets of the selected streams ("%+#5")
  int64_t end = 0;              // microseconds, or packets
};

// Parses ffprobe's -read_intervals. Throws Error (usage) with ffprobe's reason for a part it refuses. A negative or
// malformed packet count ("%+#-1") is not refused by ffprobe 5.1: it reads nothing in that interval and says why;
// warnings receives that line.
std::vector<ReadInterval> parse_read_intervals(const std::string& spec, std::vector<std::string>& warnings);

// The interval as ffprobe's verbose log writes it: "id:0 start:10 end:+#5".
std::string describe(const ReadInterval& interval);

}  // namespace common
