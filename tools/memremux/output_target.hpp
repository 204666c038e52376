// Where memremux writes: stdout, a special file (/dev/full, /dev/stdout, a FIFO) written in place, or a regular
// file written beside its name and renamed into place only when the run succeeded.
#pragma once

#include <memory>
#include <string>

#include "common/memory_io.hpp"

namespace memremux {

class OutputTarget {
 public:
  // "-" is stdout. Throws common::Error("opening output PATH", ...).
  static OutputTarget open(const std::string& path);

  common::Sink& sink() const { return *sink_; }
  // Makes a finished output visible under its name (a no-op for stdout and special files).
  void commit();
  // True when a failed run leaves nothing behind (a regular file written through a temporary).
  bool atomic() const { return atomic_ != nullptr; }

 private:
  std::unique_ptr<common::Sink> sink_;
  common::AtomicFileSink* atomic_ = nullptr;  // borrowed from sink_ when it is one
};

}  // namespace memremux
