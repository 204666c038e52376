// The remux itself: pick the streams the output can hold, set them up as ffmpeg's stream copy does, and copy
// packets from an Input to an Output with ffmpeg's timestamp rules, telling a damaged input from a clean end.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/cli_support.hpp"
#include "common/cut.hpp"
#include "common/demux.hpp"
#include "common/metadata.hpp"
#include "common/mux.hpp"
#include "plan.hpp"
#include "verify.hpp"

namespace memremux {

struct RemuxOptions {
  // The input counts as cut short when its packets end this much before the duration its header announced.
  static constexpr double kTruncationToleranceSeconds = 0.5;

  std::vector<std::string> maps;  // ffmpeg -map specifiers; empty: every stream the output can hold
  bool copyts = false;            // keep input timestamps instead of starting at zero
  bool start_at_zero = false;     // with copyts: still subtract the input's start time (ffmpeg's -start_at_zero)
  common::CutRange input_cut;     // one input (the remux overload of one input): its -ss/-t/-to
  common::CutRange output_cut;    // -ss/-t/-to after it: drop what is outside, shift times by the start
  bool drain = false;             // after the cut's end, read the input on to its end
  // ffmpeg's -shortest: when one stream ends (its input's end, or its -t), its length in the output becomes the
  // output's -t, as ffmpeg 5.1 ends stream copies (close_output_stream): the others go on up to it, then nothing
  // more is read or written, and the output is finished.
  bool shortest = false;
  // ffmpeg's -fs: once the output has this many bytes (as its AVIO counts them, buffered ones too), nothing more
  // is read and the output is finished: it ends a little past the limit, as ffmpeg's. INT64_MAX: no limit.
  int64_t limit_filesize = INT64_MAX;
  common::PipeSeekOptions pipe_seek;  // an input -ss on a pipe
  static constexpr int64_t kDefaultReadAheadBytes = int64_t{64} << 20;
  // How far to read ahead for what a stream's parameters lack (AAC in ADTS: its config, in the first packet).
  int64_t read_ahead_bytes = kDefaultReadAheadBytes;
  common::MetadataOptions metadata;  // -metadata, -map_metadata, -map_chapters, -disposition
  // -bsf[:STREAM] CHAIN, in command-line order: the last one whose specifier matches an output stream filters it.
  std::vector<std::pair<std::string, std::string>> bitstream_filters;
  common::ProgressOptions progress;  // the line on stderr and -progress blocks
  Receipt* receipt = nullptr;  // --verify: told every stream and packet (not owned)
  // --plan: filled with what the remux would do; the copy stops once every stream's first packet is known, and
  // nothing is finished (give a sink that discards).
  Plan* plan = nullptr;
};

enum class Outcome {
  kComplete,          // every packet copied, trailer written
  kDamaged,           // the input was truncated or damaged: what could be read was copied and finished
  kInterrupted,       // SIGINT/SIGTERM: finished early but properly
  kDownstreamClosed,  // the reader of our output went away (EPIPE): stopped at once
  kWriteFailed,       // the output could not be written
  kNothingInRange,    // -ss/-t/-to left no packet to copy (a start past the end): not committed
};

struct RemuxResult {
  Outcome outcome = Outcome::kComplete;
  int error = 0;        // the AVERROR behind kDamaged / kWriteFailed
  std::string reason;   // one line: what went wrong
  std::string context = "reading input";  // for kDamaged: what was being done ("spooling input" for the spool)
  int64_t packets = 0;  // packets written
  int64_t bytes = 0;    // output bytes
  std::string verify_failure;  // --verify: the first stream that did not come out as it went in (then status 1)
};

// One input of the remux.
struct RemuxInput {
  common::Input* input = nullptr;
  std::string name;      // as given ("-" is stdin): errors name it when there are several inputs
  common::CutRange cut;  // -ss/-t/-to before this input: seek it (or read up to the start), stop reading it
  int64_t itsoffset = 0;  // -itsoffset before this input (AV_TIME_BASE): added to its timestamps
  // -sseof before this input (AV_TIME_BASE, below 0; AV_NOPTS_VALUE: none): the cut starts this long before its end.
  // Its length is its header's duration, as ffmpeg's; where the header has none (a pipe), the input is read to its
  // end keeping only its tail (common::TailBuffer), where ffmpeg gives up.
  int64_t sseof = AV_NOPTS_VALUE;
  // -re (1) or -readrate before this input: read no faster than this many times real time (common::ReadRate); 0:
  // as fast as the output takes it.
  double readrate = 0;
  // -stream_loop before this input: read it this many more times (negative: forever), each pass's timestamps after
  // the last's (common::InputTimestamps::loop); a pipe is spooled to be read again.
  int stream_loop = 0;
};

// Opens the output on `sink` and copies the inputs into it (-map picks across them, as ffmpeg's; without, every
// stream of every input the container can hold), reading each only as fast as the output needs it. Setup problems
// (no stream fits the container, a -map that matches nothing, the header cannot be written) throw common::Error;
// the copy itself reports through RemuxResult. options.input_cut is not used: each input brings its own cut.
RemuxResult remux(const std::vector<RemuxInput>& inputs, common::Sink& sink, const common::OutputOptions& output_options,
                  const RemuxOptions& options);
// One input, cut by options.input_cut.
RemuxResult remux(common::Input& in, common::Sink& sink, const common::OutputOptions& output_options,
                  const RemuxOptions& options);


}  // namespace memremux
