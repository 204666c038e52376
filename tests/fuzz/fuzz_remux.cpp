// Fuzz target: memremux's own remux (tools/memremux/remux.cpp, linked through memremux_core) over arbitrary bytes
// from a memory source (pipe-like or seekable), into a container picked by the first byte, all in memory: stream
// planning (trial headers, dropped streams), ffmpeg's timestamp rules, the damage and truncation verdicts, and
// the capture of FFmpeg's messages. Must never crash, hang or leak, whatever the input.
// The first byte picks the options (so seeds are "selector byte + fixture"; see seeds_fuzz_remux.sh):
//   bits 0-1 + bit 5  output: nut, matroska, mp4, mpegts, mov, webm, flv, ogg
//   bit 2             --copyts
//   bit 3             -map 0 -map -0:s (the -map path; no subtitles)
//   bit 6             the sink is seekable (else a pipe: fragmented MP4)
//   bit 7             the source is seekable (else a pipe: MP4/MOV go through the spool)
//   bits 0-5          also the most bytes per read from the source: 1 + 97 * (bits 0-5)
// The last byte picks a cut (-ss/-t, before or after -i) and is not part of the media:
//   bits 0-1          0 none, 1 output -ss, 2 input -ss (a seek, or the pipe seek), 3 both
//   bits 2-5          the -ss, in tenths of a second (0-1.5 s)
//   bits 6-7          -t: none, 0.4 s of output, 1 s of input, both
#include <cstdint>
#include <string>
#include <vector>

#include "common/cli_support.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"
#include "common/memory_io.hpp"
#include "common/mux.hpp"
#include "remux.hpp"

using namespace common;

namespace {
constexpr const char* kFormats[] = {"nut", "matroska", "mp4", "mpegts", "mov", "webm", "flv", "ogg"};
constexpr int64_t kSpoolLimit = 4 << 20;      // inputs are at most a few hundred KB
constexpr int64_t kOutputLimit = 64 << 20;    // a remux is about as large as its input; this bounds a runaway
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] {
    set_log_level(LogLevel::kQuiet);  // our own warnings (dropped streams, corrected timestamps) stay silent
    return true;
  }();
  (void)quiet;
  if (size < 1) return 0;
  const uint8_t selector = data[0];
  const uint8_t cut = size >= 2 ? data[size - 1] : 0;
  std::vector<uint8_t> bytes(data + 1, data + size - (size >= 2 ? 1 : 0));
  // FFmpeg's warnings go through memremux's capture (held, folded into reasons, flushed to our quiet log).
  common::LogHold held;
  av_log_set_level(AV_LOG_WARNING);
  try {
    InputOptions io;
    io.probesize = 1 << 16;
    io.io.buffer_size = 4096;
    io.spool_options.limit = kSpoolLimit;
    const bool seekable = (selector & 0x80) != 0;
    auto in = Input::open(std::make_unique<MemorySource>(std::move(bytes), seekable, 1 + (selector & 0x3f) * 97), io);
    MemorySink sink((selector & 0x40) != 0, kOutputLimit);
    OutputOptions oo;
    oo.format = kFormats[(selector & 3) | ((selector >> 3) & 4)];
    memremux::RemuxOptions ro;
    ro.copyts = (selector & 4) != 0;
    if (selector & 8) ro.maps = {"0", "-0:s"};
    const int64_t start = int64_t{(cut >> 2) & 0xf} * AV_TIME_BASE / 10;
    if (cut & 1) ro.output_cut.start = start;
    if (cut & 2) ro.input_cut.start = start;
    if (cut & 0x40) ro.output_cut.length = AV_TIME_BASE * 4 / 10;
    if (cut & 0x80) ro.input_cut.length = AV_TIME_BASE;
    ro.pipe_seek.max_buffered_bytes = kSpoolLimit;
    memremux::RemuxResult r = memremux::remux(*in, sink, oo, ro);
    (void)r;  // every outcome is fine; crashing, hanging or leaking is not
  } catch (const Error&) {
    // rejected inputs (unrecognised, no stream the container can hold) are the ordinary outcome
  }
  return 0;
}
