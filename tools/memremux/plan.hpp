// --plan: what a remux would do, found by doing it up to its first packets and writing nothing. Every input
// stream kept or dropped and why, the bitstream filters and why, fragmenting and spooling and why, each input's
// timestamp shift, and where each stream's copy starts once the cut has snapped to a key frame.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/ffmpeg.hpp"

namespace memremux {

struct Plan {
  struct Input {
    std::string name;
    std::string format;
    bool seekable = false;
    bool spooled = false;
    double start_time = 0;  // seconds; NaN when the input does not say
    double ts_offset = 0;   // seconds added to its timestamps on the way out
    double cut_start = -1, cut_length = -1;  // -ss/-t before it (-1: none)
    std::string seek;       // how its -ss is reached ("demuxer", "read up to it"), empty without one
  };
  struct Stream {
    size_t input = 0;
    int index = 0;
    std::string codec_type, codec_name;
    bool kept = false;
    int output_index = -1;
    std::string reason;                        // why kept or dropped
    std::string bitstream_filters, filter_reason;
    // The first packet the copy writes, after the cut's snap to a key frame (pts as read, and as handed to the
    // muxer; the file's is that plus the muxer's shift).
    bool started = false;
    double first_pts = 0, first_output_pts = 0;
    bool first_key = false;
    int64_t skipped = 0;  // packets before it, read and not copied (before the first key frame)
  };
  std::vector<Input> inputs;
  std::vector<Stream> streams;  // every stream of every input, in input order
  std::string output, output_format;
  bool output_seekable = false;
  bool fragmented = false;
  bool own_files = false;
  double output_cut_start = -1, output_cut_length = -1;
  double muxer_shift = 0;  // seconds the muxer adds to every timestamp (its avoid_negative_ts)

  Stream* find(size_t input, int index);
  // The plan as one JSON document (ends with a newline).
  std::string json() const;
};

}  // namespace memremux
