// What every tool needs around the library that is not option parsing: the exit-status table, one-line
// diagnostics on stderr, routing of FFmpeg's av_log, signal handling, and progress on stderr.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"
#include "common/memory_io.hpp"

namespace common {

// The exit-status table shared by every tool and every man page.
enum ExitStatus : int {
  kExitOk = 0,
  kExitFailure = 1,      // the media could not be processed (unreadable input, damaged stream, write failure)
  kExitUsage = 2,        // usage error
  kExitInterrupted = 130 // SIGINT: output finished properly, then stopped (SIGTERM: 143, see interrupted_exit_status)
};

// The exit status for an error of this kind: the one place that decides it (usage 2, interrupted 128 + signal,
// anything else 1).
int exit_status(ErrorKind kind);

enum class LogLevel { kQuiet, kError, kWarning, kInfo, kVerbose, kDebug };

// "quiet", "panic", "fatal", "error", "warning", "info", "verbose", "debug", "trace" (ffmpeg's names) or a number,
// also in ffmpeg's flag forms ("repeat+level+info", "+repeat": flags accepted, the level counts).
bool parse_log_level(std::string_view text, LogLevel& level);
// Sets our level and FFmpeg's, and routes av_log through our formatter ("tool: [demuxer] message").
void set_log_level(LogLevel level);
LogLevel log_level();
// The CPU features FFmpeg's code may use, by default: FFmpeg's own detection (av_get_cpu_flags), and slow gathers
// on every AMD CPU with AVX2. FFmpeg 5.1 marks AMD up to family 0x19 (Zen 4) so; on Zen 5 (0x1A) its AVX2
// horizontal scaler (gathers) took 20% more time than the SSE4 one it uses with the flag, for the same pixels
// (swscale's SIMD scalers are bit-exact). The flag changes nothing else in 5.1.
unsigned default_cpu_flags();
// ffmpeg's -cpuflags FLAGS, applied to default_cpu_flags() as ffmpeg applies it to the detected ones
// (av_parse_cpu_caps: "+avx2", "-avx2-slowgather", "sse2+ssse3", a number); false when FLAGS does not parse.
bool parse_cpu_flags(std::string_view text, unsigned& flags);
// Frame-sized buffers that FFmpeg allocates outside its pools (a filter's writable copy of a frame, an encoder's
// packet) are taken from and given back to the heap, rather than mapped fresh from the kernel for each frame and
// unmapped after it: glibc's mmap and trim thresholds at 32 MiB (mallopt). A fresh mapping costs a page fault per
// 4 KiB touched; in graphrun's overlay of a 640x360 stream to raw video they were half its page faults and about
// 40% of its CPU time (BENCHMARKS.md). What the heap keeps is bounded by the threshold per thread arena.
// Leaves glibc's choice alone when the user tuned it (GLIBC_TUNABLES naming malloc, MALLOC_MMAP_THRESHOLD_ or
// MALLOC_TRIM_THRESHOLD_ in the environment). To be called in main, before any thread starts.
void reuse_freed_buffers();
void set_program_name(std::string name);
const std::string& program_name();

// "tool: error: context: reason" on stderr (when the level allows it).
void log_error(std::string_view context, std::string_view reason);
void log_warning(std::string_view message);
void log_info(std::string_view message);

// Signals: SIGPIPE ignored (EPIPE becomes an ordinary write error), SIGINT/SIGTERM set a flag that stops reads.
void install_signal_handlers();
bool interrupted();
int interrupt_signal();     // the signal that interrupted us, or 0
// The exit status after a stop asked for by a signal, the shell's 128 + signal: 130 for SIGINT, 143 for SIGTERM
// (kExitInterrupted when no signal was recorded, e.g. a stop asked for through the interrupt callback).
int interrupted_exit_status();
void reset_interrupted();  // for tests
// For AVFormatContext::interrupt_callback: stops blocking FFmpeg calls once interrupted().
AVIOInterruptCB interrupt_callback();

bool is_terminal(int fd);

// A byte count as the tools take it: "1000000", "64k"/"64K"/"64KiB", "512M", "1.5G", "1T" (ffmpeg's suffix
// letters, "i" and "B" optional; powers of 1024). False (bytes untouched) when the text is not one, or is below one
// byte or past int64.
bool parse_size(std::string_view text, int64_t& bytes);

// The names a shell completes an option's value from, as the installed FFmpeg has them (the tools print them for
// their generated completion: tool --completion-values KIND). kind: "muxers", "demuxers", "encoders", "bsfs",
// "pix_fmts", "filters" (every filter), "filters:video" / "filters:audio" (the filters a -vf / -af chain can hold:
// one input and one output of that type), "loglevels" (the names -loglevel takes). Sorted, without duplicates;
// nullopt for an unknown kind.
std::optional<std::vector<std::string>> completion_values(std::string_view kind);

// FFmpeg's library versions as ffmpeg -version prints them, one line each: "libavutil      57. 28.100 / 57. 28.100"
// (built against / running with).
std::string library_versions();

// One call of av_log as ffprobe's -show_log records it: the level, the logging context's name and category (and
// its parent's), and the line as av_log formats it ("[h264 @ 0x...] ...", trailing newlines removed).
struct LogRecord {
  int level = 0;
  std::string context;
  int category = 0;
  bool has_parent = false;
  std::string parent;
  int parent_category = 0;
  std::string message;
};

// While alive, every av_log call, at any level (printed or not), is also recorded; what is printed does not change.
// Not nestable.
class AvLogRecorder {
 public:
  AvLogRecorder();
  ~AvLogRecorder();
  AvLogRecorder(const AvLogRecorder&) = delete;
  AvLogRecorder& operator=(const AvLogRecorder&) = delete;
  // The records since the last take() or clear(), in order.
  static std::vector<LogRecord> take();
  static void clear();
};

// A warning or error FFmpeg logged while one input was probed (avprobe-json's --show-warnings).
struct LogWarning {
  int level = 0;          // av_log's level: AV_LOG_WARNING, AV_LOG_ERROR, AV_LOG_FATAL, AV_LOG_PANIC
  std::string component;  // the logging context's name ("mpegts", "h264", "AVIOContext"); empty without a context
  std::string message;    // the message, without the "[component @ 0x...]" prefix and trailing newlines
  int codec_id = 0;       // the AVCodecID of the decoder that logged it (0 when no decoder did)
};

// While alive, the warnings and errors FFmpeg logs for one input are kept here as well (what is printed does not
// change, whatever the log level): those logged by a context watch()ed, or by a child of one (through
// AVClass::parent_log_context_offset), from any thread; and the rest of those logged on the thread that created it.
// Several may live at once, one per input probed on its own thread; each must die on the thread that made it.
class AvLogWarnings {
 public:
  static constexpr size_t kMaxKept = 100;  // warnings kept per input; later ones are only counted (dropped())
  AvLogWarnings();
  ~AvLogWarnings();
  AvLogWarnings(const AvLogWarnings&) = delete;
  AvLogWarnings& operator=(const AvLogWarnings&) = delete;
  // A context (an AVFormatContext, AVCodecContext...) of this input: its messages are this input's from any thread.
  void watch(const void* context);
  // The warnings kept so far, in order (and forgets them).
  std::vector<LogWarning> take();
  // How many were not kept, past kMaxKept.
  size_t dropped() const;

 private:
  friend class LogRouter;
  std::vector<const void*> watched_;
  std::vector<LogWarning> kept_;
  size_t dropped_ = 0;
  std::string partial_;  // a message arriving in several calls, until its newline
  int partial_level_ = 0;
  AvLogWarnings* previous_ = nullptr;  // the thread's capture before this one
};

// While alive, FFmpeg's messages logged on this thread are dropped (neither printed nor kept) once *cancel is raised:
// what an input logs while it is being stopped by another thread (its timeout, a closed output) is the echo of the
// stop ("Could not find codec parameters" from a stream-info loop cut short), not news. A null flag mutes nothing.
class AvLogMuteOnCancel {
 public:
  explicit AvLogMuteOnCancel(const std::atomic<bool>* cancel);
  ~AvLogMuteOnCancel();
  AvLogMuteOnCancel(const AvLogMuteOnCancel&) = delete;
  AvLogMuteOnCancel& operator=(const AvLogMuteOnCancel&) = delete;

 private:
  const std::atomic<bool>* previous_;
};

// While alive, FFmpeg's error messages are kept here instead of printed, so that a failing call (parsing a
// filter graph) can be reported as one line naming what libavfilter complained about. Not nestable.
class AvLogCapture {
 public:
  AvLogCapture();
  ~AvLogCapture();
  AvLogCapture(const AvLogCapture&) = delete;
  AvLogCapture& operator=(const AvLogCapture&) = delete;
  // The captured messages joined with "; " (trailing newlines and the "[filter @ 0x...]" prefix removed).
  std::string text() const;
};

// While alive (unless the log level is verbose or more), FFmpeg's warnings and errors are held back instead of
// printed, so that a failure reads as one line: the last held message completes our own error line; the rest are
// printed as warnings, once each with a count, by flush() (and at the end of its life). Info and fatal messages pass.
// Both it and AvLogCapture are modes of the one av_log router (set_log_level).
class LogHold {
 public:
  LogHold();
  ~LogHold();
  LogHold(const LogHold&) = delete;
  LogHold& operator=(const LogHold&) = delete;

  // The last held message ("partial file", "moov atom not found"), without its "[component @ addr]" prefix.
  static std::string last();
  // The last held message of error severity.
  static std::string last_error();
  // Forgets what was held (a trial that is allowed to fail).
  static void clear();
  // Prints what was held as warnings, one line per distinct message, and forgets it.
  static void flush();
  // While on, messages to hold are dropped instead (trials of whether a stream fits).
  static void mute(bool on);
};

// Where ffmpeg's -progress URL writes: "pipe:N" or "fd:N" (descriptor N; "pipe:" alone is stdout), else a file.
// Returns the descriptor (-1 for a file) and whether the text names one.
int progress_descriptor(const std::string& url);

struct ProgressOptions {
  static constexpr std::chrono::milliseconds kDefaultPeriod{500};  // ffmpeg's -stats_period
  bool line = false;  // the human line on stderr, rewritten in place
  std::string url;    // -progress: machine-readable blocks of key=value lines as ffmpeg writes them; empty: none
  std::chrono::milliseconds period = kDefaultPeriod;
  double duration = -1;  // the input's duration in seconds when known: the blocks then carry duration_us, percent
};

// The run settings every tool shares (-loglevel, -y/-n, --timeout, --spool-limit, -progress), filled by the shared
// command line (cli::CommandLine::common) straight into each tool's options struct.
struct SharedOptions {
  LogLevel log_level = LogLevel::kWarning;
  bool hide_banner = false;       // accepted: no tool prints a banner
  bool nostdin = false;           // accepted: no tool reads commands from stdin
  std::optional<bool> overwrite;  // -y: true, -n: false; unset: overwrite (stdin is media, never a prompt)
  int timeout_ms = 0;             // --timeout: a pipe silent this long fails its input (0: wait for ever)
  int64_t spool_limit = SpoolOptions::kDefaultLimit;  // --spool-limit: most bytes kept to seek back in a pipe
  std::string progress_url;       // -progress URL: machine-readable progress blocks
  std::chrono::milliseconds stats_period = ProgressOptions::kDefaultPeriod;  // -stats_period SECONDS
  // -muxdelay, -muxpreload SECONDS (common::OutputOptions::set_mux_timing); unset: ffmpeg's defaults.
  std::optional<double> mux_delay, mux_preload;
  std::optional<unsigned> cpu_flags;  // -cpuflags: unset, default_cpu_flags()
  int cpu_count = 0;                  // -cpucount: above 0, what av_cpu_count() answers (FFmpeg's thread counts)
  // Sets the log level, the CPU flags and count: once, in main, before any FFmpeg code runs.
  void apply() const;
  // -n: an existing output file is an error, never replaced.
  bool no_overwrite() const { return overwrite == false; }
  // With -n, as ffmpeg: throws Error("opening output", "'OUT' already exists ...", kOutput) when `output` (a file,
  // not "-") exists; to be called before anything is read.
  void refuse_existing_output(const std::string& output) const;
};

// Progress as ffmpeg reports it: a line on stderr for people, and -progress blocks for programs
// (frame and fps where frames are written, bitrate, total_size, out_time_us, out_time_ms, out_time, dup_frames,
// drop_frames, speed, then
// progress=continue, or progress=end in the last one), each at most every period.
class Progress {
 public:
  explicit Progress(bool enabled, std::chrono::milliseconds interval = ProgressOptions::kDefaultPeriod);
  // Throws Error (kind output) when the -progress URL cannot be opened.
  explicit Progress(const ProgressOptions& options);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // bytes: output bytes so far; media_seconds: media time reached (negative when unknown); frames: video frames
  // written (negative when the tool writes no frames, as a remux).
  void update(int64_t bytes, double media_seconds, int64_t frames = -1);
  // Prints the last line and a newline (when anything was shown), and the last block (progress=end).
  void finish(int64_t bytes, double media_seconds, int64_t frames = -1);
  bool enabled() const { return options_.line; }
  void set_duration(double seconds) { options_.duration = seconds; }

 private:
  void print(int64_t bytes, double media_seconds, bool final_line);
  void write_block(int64_t bytes, double media_seconds, int64_t frames, bool last);
  ProgressOptions options_;
  std::FILE* blocks_ = nullptr;  // -progress
  bool own_blocks_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
  bool finished_ = false;
};

}  // namespace common
