// avprobe-json's options: our --long spellings and ffprobe's single-dash ones, parsed into a plain struct.
#pragma once

#include <string>
#include <vector>

#include "common/cli_support.hpp"
#include "common/decode.hpp"
#include "common/intervals.hpp"
#include "common/memory_io.hpp"
#include "writers.hpp"

namespace avprobe_json {

struct Options {
  common::SharedOptions shared;  // -loglevel, -y/-n, --timeout, --spool-limit, -progress (the shared command line)
  std::vector<std::string> inputs;  // "-" (or pipe:, pipe:0) is stdin
  bool ffprobe_style = false;       // an ffprobe spelling was used: default writer and no implied sections
  bool show_format = false, show_streams = false, show_chapters = false, show_programs = false;
  bool show_packets = false, show_frames = false, show_error = false;
  bool show_private_data = true;
  bool count_frames = false, count_packets = false;
  bool show_data = false;  // -show_data: hex dumps of packets' payload and streams' extradata
  std::string data_hash;   // -show_data_hash ALGO
  bool bitexact = false;   // -bitexact: no long names, no profile names
  int show_log = 0;        // -show_log LEVEL: each frame's av_log messages up to LEVEL (an av_log level number)
  // ffprobe's sections about the program itself (printed before each input's sections, or alone without input).
  bool show_program_version = false, show_library_versions = false, show_pixel_formats = false;
  bool sexagesimal = false;
  bool show_unit = false, use_prefix = false, byte_binary_prefix = false;  // -unit, -prefix, -byte_binary_prefix
  OptionalFields optional_fields = OptionalFields::kAuto;  // -show_optional_fields
  std::vector<std::string> show_entries;  // ffprobe -show_entries specs
  std::string select_streams;
  std::string print_format;  // "json", "json=compact=1", "default", "flat", "compact", "csv"; empty: by style
  std::string input_format;  // -f: force a demuxer
  // ffprobe's options by name: AVFormatContext and demuxer options (-probesize, -fflags, -scan_all_pmts...) go to
  // the demuxer, codec options (-skip_frame...) to the decoders; an option both know goes to both, as in ffprobe.
  std::vector<std::pair<std::string, std::string>> demuxer_options;
  std::vector<common::CodecOption> codec_options;
  std::vector<common::ReadInterval> read_intervals;  // -read_intervals
  std::vector<std::string> read_interval_warnings;   // what ffprobe says about a part it takes anyway
  bool ndjson = false;
  bool typed = false;
  bool tee = false;
  std::string json_out;  // --json-out FILE (with --tee; "-" or empty: stderr)
  std::string output_file;     // -o FILE: the output there instead of stdout
  std::string print_filename;  // -print_filename NAME: format.filename shows NAME
  bool find_stream_info = true;  // -nofind_stream_info: only what the header says
  bool scan_duration = false;
  // --probe-retries N: a probe that ends with streams lacking codec parameters is done again, with probesize and
  // analyzeduration kProbeGrowth times larger each time, at most N times (0: never, as ffprobe).
  int probe_retries = 0;
  static constexpr int kMaxProbeRetries = 3;
  static constexpr int kProbeGrowth = 8;
  // The probesize a retry grows to at most (FFmpeg allocates up to the probesize for an MPEG-TS's seekback, and no
  // more than 2 GiB at once); the analyzeduration grows without a cap (5 s to 2560 s).
  static constexpr int64_t kMaxRetryProbeSize = int64_t{1} << 30;
  bool show_warnings = false;  // --show-warnings: what FFmpeg warned about, in each input's document
  bool drain = false;  // --drain: after probing stdin, read it to its end (for the writer upstream)
  int threads = 1;  // decoder threads for frames (1 like ffprobe, keeps its frame order; 0: automatic)
  // Whole libraries at once: inputs probed in parallel inside the process, from a list and from directories.
  int jobs = 0;                  // -j N: inputs probed at once (0: one per core)
  bool unordered = false;        // --unordered: each input's document as soon as it is done, not in input order
  std::string files_from;        // --files-from FILE: more inputs, one per line ("-": stdin)
  bool null_separated = false;   // -0: --files-from's names end with NUL
  bool recursive = false;        // -r: a directory stands for the regular files under it, sorted
  bool follow_symlinks = false;  // --follow-symlinks: with -r, follow symlinks
  int input_timeout_ms = 0;      // --input-timeout MS: an input taking longer is an error object (0: no limit)
};

// Parses argv. Returns -1 when the tool should run, else the exit status to leave with (help/version: 0,
// usage error: 2, after printing the reason).
int parse_options(int argc, char** argv, Options& options);

}  // namespace avprobe_json
