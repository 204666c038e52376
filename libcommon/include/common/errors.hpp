// One error type for the library: an AVERROR code plus the context it happened in.
// Setup code throws it; streaming loops return AVERROR codes (EAGAIN and EOF are ordinary flow); only main catches.
#pragma once

#include <stdexcept>
#include <string>

namespace common {

// The text av_strerror gives for an AVERROR code.
std::string av_error_text(int code);

class Error : public std::runtime_error {
 public:
  // context: what we were doing ("opening input", "writing header"); code: an AVERROR (negative).
  Error(std::string context, int code);
  // An error with no FFmpeg code behind it: reason is the whole text.
  Error(std::string context, std::string reason, int code);

  int code() const noexcept { return code_; }
  const std::string& context() const noexcept { return context_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string context_;
  std::string reason_;
  int code_;
};

// Throws Error(context, ret) when ret < 0; returns ret otherwise.
int check(int ret, const char* context);

}  // namespace common
