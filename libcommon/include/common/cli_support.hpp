// What every tool needs around the library that is not option parsing: the exit-status table, one-line
// diagnostics on stderr, routing of FFmpeg's av_log, signal handling, and progress on stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"

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

// FFmpeg's library versions as ffmpeg -version prints them, one line each: "libavutil      57. 28.100 / 57. 28.100"
// (built against / running with).
std::string library_versions();

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

// One progress line on stderr, rewritten in place at most every `interval`.
class Progress {
 public:
  explicit Progress(bool enabled, std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  // bytes: output bytes so far; media_seconds: media time reached (negative when unknown).
  void update(int64_t bytes, double media_seconds);
  // Prints the last line and a newline (when anything was shown).
  void finish(int64_t bytes, double media_seconds);
  bool enabled() const { return enabled_; }

 private:
  void print(int64_t bytes, double media_seconds, bool final_line);
  bool enabled_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
};

}  // namespace common
