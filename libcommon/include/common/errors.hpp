// One error type for the library: an AVERROR code, the context it happened in, and the kind of failure, set where it
// is raised. Setup code throws it; streaming loops return AVERROR codes (EAGAIN and EOF are ordinary flow); only
// main catches, and the exit status follows from the kind alone (exit_status), never from the message.
// Every project-specific error code lives here.
#pragma once

#include <stdexcept>
#include <string>

namespace common {

// An AVERROR-style code of our own, spelled like FFmpeg's FFERRTAG: negative, from four characters.
constexpr int error_tag(char a, char b, char c, char d) {
  return -static_cast<int>(static_cast<unsigned>(static_cast<unsigned char>(a)) |
                           static_cast<unsigned>(static_cast<unsigned char>(b)) << 8 |
                           static_cast<unsigned>(static_cast<unsigned char>(c)) << 16 |
                           static_cast<unsigned>(static_cast<unsigned char>(d)) << 24);
}
// The spool (a pipe input kept so that the demuxer can seek) reached its limit.
constexpr int kErrorSpoolLimit = error_tag('S', 'P', 'O', 'L');
// A read waited longer than its timeout.
constexpr int kErrorTimeout = error_tag('T', 'M', 'O', 'T');
// A whole input took longer than it was given (avprobe-json's --input-timeout), however busy its reads were.
constexpr int kErrorInputTimeout = error_tag('I', 'T', 'M', 'O');
// The scheduler's graph waits for frames that no input can give (every input has ended or stopped, or too many
// frames wait while no input is starved).
constexpr int kErrorGraphStalled = error_tag('S', 'T', 'A', 'L');
// An encoder was sent a frame of another format than it was opened for.
constexpr int kErrorFrameFormatChanged = error_tag('F', 'M', 'T', 'C');
// How the tool was called does not make sense (a bad option value found only once the input was open).
constexpr int kErrorUsage = error_tag('U', 'S', 'G', 'E');

// What failed, as the exit status sees it.
enum class ErrorKind {
  kUsage,        // how the tool was called: exit 2
  kInput,        // the media could not be read or processed: exit 1
  kOutput,       // the output could not be written: exit 1
  kInterrupted,  // a signal asked us to stop: exit 128 + signal
  kInternal,     // our own failure (out of memory, a broken invariant): exit 1
};

// The text av_strerror gives for an AVERROR code (ours included).
std::string av_error_text(int code);

class Error : public std::runtime_error {
 public:
  // context: what we were doing ("opening input", "writing header"); code: an AVERROR (negative).
  Error(std::string context, int code, ErrorKind kind = ErrorKind::kInput);
  // An error with no FFmpeg code behind it: reason is the whole text.
  Error(std::string context, std::string reason, int code, ErrorKind kind = ErrorKind::kInput);

  int code() const noexcept { return code_; }
  ErrorKind kind() const noexcept { return kind_; }
  const std::string& context() const noexcept { return context_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string context_;
  std::string reason_;
  int code_;
  ErrorKind kind_;
};

// A usage error: how the tool was called, found where it could only be found late (exit 2).
Error usage_error(std::string context, std::string reason);

// Throws Error(context, ret) when ret < 0; returns ret otherwise.
int check(int ret, const char* context, ErrorKind kind = ErrorKind::kInput);

}  // namespace common
