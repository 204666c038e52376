// Probe: the ffprobe-compatible model of an input (format, streams, programs, chapters, packets, frames, error).
// The prober walks an opened Input the way ffprobe 5.1 does and hands every section and field, in ffprobe's
// order and with ffprobe's value kinds, to a ProbeSink. Writers (JSON, ini-like, ...) live with the tools; this
// unit knows nothing of any output syntax. Fields can be filtered with ffprobe's -show_entries selection.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/decode.hpp"
#include "common/demux.hpp"
#include "common/ffmpeg.hpp"
#include "common/intervals.hpp"

namespace common {

struct LogWarning;  // common/cli_support.hpp

// ffprobe's sections (the subset this model produces), with its names, flags and nesting.
enum class SectionId : int {
  kRoot,
  kChapters,
  kChapter,
  kChapterTags,
  kError,
  kFormat,
  kFormatTags,
  kFrames,
  kFrame,
  kFrameTags,
  kFrameSideDataList,
  kFrameSideData,
  kSubtitle,
  kPackets,
  kPacketsAndFrames,
  kPacket,
  kPacketTags,
  kPacketSideDataList,
  kPacketSideData,
  kPrograms,
  kProgram,
  kProgramTags,
  kProgramStreams,
  kProgramStream,
  kProgramStreamDisposition,
  kProgramStreamTags,
  kStreams,
  kStream,
  kStreamDisposition,
  kStreamTags,
  kStreamSideDataList,
  kStreamSideData,
  kProgramVersion,
  kLibraryVersions,
  kLibraryVersion,
  kPixelFormats,
  kPixelFormat,
  kPixelFormatFlags,
  kPixelFormatComponents,
  kPixelFormatComponent,
  kFrameLogs,
  kFrameLog,
  kWarnings,  // ours (--show-warnings): what FFmpeg warned about while probing the input
  kWarning,
};
constexpr int kSectionCount = static_cast<int>(SectionId::kWarning) + 1;

constexpr unsigned kSectionWrapper = 1;         // only holds other sections
constexpr unsigned kSectionArray = 2;           // an array of elements of one kind
constexpr unsigned kSectionVariableFields = 4;  // keys vary (tags)

struct SectionInfo {
  SectionId id;
  const char* name;
  unsigned flags;
  std::vector<SectionId> children;
  const char* element_name;  // nullptr when none
  const char* unique_name;   // nullptr when the name is unique
};
const SectionInfo& section_info(SectionId id);

// Which sections and entries to show: ffprobe's -show_format/-show_streams/... and -show_entries.
class EntrySelection {
 public:
  // Shows every entry of the section and of its children (ffprobe's -show_<section>).
  void show_all(SectionId id);
  // ffprobe's -show_entries syntax: SECTION[=ENTRY[,ENTRY...]][:SECTION...]. Throws Error on a bad spec.
  void parse(const std::string& spec);
  // Whether the section or any of its children shows anything (ffprobe's check_section_show_entries).
  bool wants(SectionId id) const;
  // Whether the entry `key` is printed in section id.
  bool shows(SectionId id, std::string_view key) const;
  bool empty() const;

 private:
  struct Entry {
    bool all = false;
    std::set<std::string, std::less<>> keys;
  };
  std::array<Entry, kSectionCount> entries_{};
};

// One field value with the kind ffprobe gives it, so a writer can print it as ffprobe does (or typed).
struct ProbeValue {
  enum class Kind {
    kInt,        // ffprobe prints an integer
    kString,     // ffprobe prints a string
    kIntString,  // an integer that ffprobe prints as a string ("bit_rate": "64000")
    kTime,       // seconds, printed by ffprobe as a "%f" string ("duration": "2.000000")
    kRational,   // "num/den" or "num:den" string
    kOptional,   // "N/A" / "unknown": only writers that show optional fields print it (not JSON)
  };
  Kind kind = Kind::kString;
  int64_t i = 0;
  double d = 0;
  AVRational q{0, 1};
  char sep = '/';
  std::string s;  // the text ffprobe prints (for every kind but kInt)

  static ProbeValue integer(int64_t v);
  static ProbeValue string(std::string v);
  static ProbeValue int_string(int64_t v);
  static ProbeValue time(double seconds);
  static ProbeValue rational(AVRational q, char sep);
  static ProbeValue optional(std::string text);
};

// Receives the sections and fields in output order.
class ProbeSink {
 public:
  virtual ~ProbeSink() = default;
  virtual void begin_section(SectionId id) = 0;
  virtual void field(std::string_view key, const ProbeValue& value) = 0;
  virtual void end_section() = 0;
};

// Where the format duration came from (shown by --typed).
enum class DurationSource { kNone, kHeader, kTimestamps, kBitrate, kScan };
const char* duration_source_name(DurationSource source);

struct ProbeOptions {
  EntrySelection entries;      // what to show
  std::string select_streams;  // ffprobe's -select_streams stream specifier; empty selects every stream
  bool count_frames = false;
  bool count_packets = false;
  bool show_private_data = true;  // the decoders' exported options (is_avc, nal_length_size, ...)
  bool show_data = false;         // -show_data: packets' payload and streams' extradata as hex dumps
  std::string data_hash;          // -show_data_hash: an av_hash algorithm (MD5, SHA256, CRC32 ...); empty: none
  bool bitexact = false;          // -bitexact: no long names and no profile names (their text varies by build)
  std::string print_filename;     // -print_filename: format.filename shows this instead of the input's name
  int show_log = 0;               // -show_log LEVEL: each frame's av_log messages up to LEVEL (0: none)
  bool sexagesimal = false;       // times as H:MM:SS.micro
  bool show_unit = false;         // -unit: "2.040000 s", "44100 Hz", "24788 byte", "96000 bit/s"
  bool use_prefix = false;        // -prefix: SI prefixes ("24.788000 Kbyte")
  bool byte_binary_prefix = false;  // -byte_binary_prefix: powers of 1024 for bytes ("24.207031 Kibyte")
  bool scan_duration = false;     // with no duration after the open: read every packet for the format duration
  bool duration_source = false;   // add format.duration_source (an extension to ffprobe's fields)
  int probe_retries = -1;         // >= 0: add format.probe_retries, how often the input was probed again (ours)
  int64_t max_packets = 0;        // read at most this many packets in all (0: all; a bound for fuzzing)
  // ffprobe's -read_intervals: packets and frames are read in these intervals only (empty: the whole input).
  std::vector<ReadInterval> read_intervals;
  DecoderOptions decoder;
  // Codec options by name (ffprobe's -skip_frame...): each decoder gets those meant for its stream.
  std::vector<CodecOption> codec_options;
};

// Walks one opened input, ffprobe's probe_file: packets/frames, programs, streams, chapters, format.
class Prober {
 public:
  Prober(Input& input, const ProbeOptions& options, ProbeSink& sink);
  ~Prober();
  Prober(const Prober&) = delete;
  Prober& operator=(const Prober&) = delete;
  // Emits the sections (not the root). Returns 0, or the AVERROR that stopped it (sections already emitted stay),
  // or the failure of the input's source (Source::failure(): a timeout, the spool) after the sections it cut short.
  int run();
  // The duration source found by run().
  DurationSource duration_source() const { return duration_source_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  DurationSource duration_source_ = DurationSource::kNone;
};

// The streams that avformat_find_stream_info left without the codec parameters it looks for (it then logs "Could not
// find codec parameters for stream N ... Consider increasing the value for the 'analyzeduration' and 'probesize'"):
// libavformat's has_codec_parameters, on the parameters it hands out. An unknown codec (but for data streams); audio
// without sample rate, channels, frame size (MP1/MP2/MP3) or, where a decoder exists, sample format; video without
// size or, where a decoder exists, pixel format; PGS subtitles without size.
std::vector<int> streams_lacking_codec_parameters(const AVFormatContext* ctx);

// Whether NAME is an algorithm -show_data_hash takes (av_hash_names).
bool is_hash_name(const std::string& name);

// ffprobe's program_version section, with the program's own values.
struct ProgramVersion {
  std::string version, copyright, compiler_ident, configuration;
};
void emit_program_version(ProbeSink& sink, const EntrySelection& entries, const ProgramVersion& version);
// ffprobe's library_versions section, for the FFmpeg libraries this toolkit links (avutil, avcodec, avformat,
// avfilter, swscale, swresample): their build-time numbers and ident, and the running library's version integer.
void emit_library_versions(ProbeSink& sink, const EntrySelection& entries);
// ffprobe's pixel_formats section: every pixel format libavutil describes (flags and components when selected).
void emit_pixel_formats(ProbeSink& sink, const EntrySelection& entries);

// Our warnings section (--show-warnings): one element per warning or error FFmpeg logged while probing the input,
// {"level": "warning"|"error"|"fatal"|"panic", "component": "mpegts", "message": "...", "stream_index": N}, the stream
// index where it is known (a decoder logged it, and one stream alone of ctx has its codec), N/A otherwise; dropped
// counts those past the most kept (as a last element {"level": "dropped", "count": N}).
void emit_warnings(ProbeSink& sink, const EntrySelection& entries, const std::vector<LogWarning>& warnings,
                   size_t dropped, const AVFormatContext* ctx);

// ffprobe's error section: {"code": N, "string": "..."}.
void emit_error(ProbeSink& sink, const EntrySelection& entries, int code);

// "%f" seconds as ffprobe prints them, or H:MM:SS.micro when sexagesimal.
std::string format_seconds(double seconds, bool sexagesimal);

// ffprobe's value_string: a value with a unit ("s", "Hz", "byte", "bit/s") as -unit, -prefix, -byte_binary_prefix and
// -sexagesimal (for seconds) ask. An integer unless the unit is seconds.
struct ValueFormat {
  bool sexagesimal = false, unit = false, prefix = false, byte_binary_prefix = false;
};
std::string format_value(double seconds_or_count, bool seconds, const char* unit, const ValueFormat& format);

}  // namespace common
