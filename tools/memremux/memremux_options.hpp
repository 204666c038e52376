// memremux's command line: every option in one plain struct, filled by parse_options through the shared command-line layer.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/cli_support.hpp"
#include "common/cut.hpp"
#include "common/decode.hpp"
#include "common/memory_io.hpp"
#include "common/metadata.hpp"

namespace memremux {

// One -i and what came before it, as ffmpeg scopes input options.
struct InputSpec {
  std::string path = "-";  // "-": stdin
  std::string format;      // -f before -i: the demuxer; empty: probed
  std::vector<std::pair<std::string, std::string>> demuxer_options;  // -NAME VALUE before -i (-probesize, -fflags)
  common::CutRange cut;    // -ss/-t/-to before -i: seek the input, stop reading it
  int64_t itsoffset = 0;   // -itsoffset before -i (AV_TIME_BASE): added to the input's timestamps
  int64_t sseof = AV_NOPTS_VALUE;  // -sseof before -i (AV_TIME_BASE, below 0): start this long before the end
  double readrate = 0;  // -re (1) or -readrate SPEED before -i: read no faster than SPEED times real time; 0: as fast as it goes
  std::vector<common::CodecOption> decoders;  // -c:v NAME before -i: the streams' codec, as ffmpeg forces it
  int stream_loop = 0;  // -stream_loop before -i: read the input this many more times (negative: forever)
};

struct Options {
  common::SharedOptions shared;  // -loglevel, -y/-n, --timeout, --spool-limit, -progress (the shared command line)
  std::vector<InputSpec> inputs{InputSpec{}};  // input 0, 1, ... (at most one is stdin)
  std::string output = "-";  // "-": stdout
  int64_t limit_filesize = INT64_MAX;  // -fs BYTES: stop once the output has this many
  std::string format;        // muxer name; empty: guessed from the output's extension
  std::vector<std::string> maps;
  common::MetadataOptions metadata;  // -metadata, -map_metadata, -map_chapters, -disposition
  std::vector<std::pair<std::string, std::string>> bitstream_filters;  // -bsf[:STREAM] CHAIN, in order
  std::vector<std::pair<std::string, std::string>> muxer_options;  // --muxer-option KEY=VALUE, -NAME VALUE after -i
  bool faststart = false;
  bool flush_packets = false;
  std::optional<bool> progress;  // unset: shown when stderr is a terminal
  std::string progress_url;      // -progress: machine-readable blocks
  bool copyts = false;
  bool shortest = false;  // -shortest: the output ends when its first stream does
  bool start_at_zero = false;  // -start_at_zero: with -copyts, still subtract the input's start time
  common::CutRange output_cut;  // -ss/-t/-to after -i: cut what is written
  bool concat = false;  // --concat: the -i inputs joined end to end (ffmpeg's concat demuxer), not side by side
  bool drain = false;           // --drain: after the cut's end, read the input to its end (and drop it)
  // --verify[=FILE]: where the receipt goes ("pipe:2": stderr, "-": stdout); empty: no receipt.
  std::string verify;
  std::string verify_hash = "SHA256";  // --verify-hash: an av_hash algorithm
  bool plan = false;  // --plan: print what the remux would do (JSON on stdout), write nothing
  std::string spool_dir;  // empty: $TMPDIR, else /tmp
  // Kernel buffer asked for stdin/stdout when they are pipes (measured: scripts/bench/memremux.sh, BENCHMARKS.md).
  static constexpr int kDefaultPipeSize = 1 << 20;
  int buffer_size = common::IoOptions::kDefaultBufferSize;
  int pipe_size = kDefaultPipeSize;  // 0: leave pipes as they are
};

// Parses argv. Returns an exit status when the program should stop now (help, version: 0; usage error: 2,
// its message already printed), or nothing when `options` is ready to run.
std::optional<int> parse_options(int argc, char** argv, Options& options);

}  // namespace memremux
