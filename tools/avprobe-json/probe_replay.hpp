// --probe-retries: the input read again from its start when a probe ends with streams lacking codec parameters.
// A file (or a redirected one on stdin) is simply read again. A pipe cannot be: what the probes read of it is kept in
// an unlinked temporary file (as the spool keeps an MP4), so that the next probe reads the same bytes first and then
// goes on with the pipe. Keeping is bounded (--spool-limit); past it the probe goes on, but cannot be retried.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/memory_io.hpp"

namespace avprobe_json {

class ProbeReplay {
 public:
  // Takes the input's source. Throws common::Error when the temporary file for a pipe cannot be made.
  ProbeReplay(std::unique_ptr<common::Source> upstream, const common::SpoolOptions& keep);
  ~ProbeReplay();
  ProbeReplay(const ProbeReplay&) = delete;
  ProbeReplay& operator=(const ProbeReplay&) = delete;

  // A source reading the input from its start. Only the newest one may be read (each probe's in turn).
  std::unique_ptr<common::Source> view();
  // Whether a new view can read the input from its start: a seekable input, or every byte read so far kept.
  bool can_replay() const { return seekable_ || !overflowed_; }
  // The probing is over: stop keeping, the bytes of a pipe that are read from now on go by once.
  void stop_keeping() { keeping_ = false; }
  int64_t kept_bytes() const { return kept_; }

 private:
  class View;
  int read_at(int64_t pos, uint8_t* buf, int size);

  std::unique_ptr<common::Source> upstream_;
  bool seekable_;
  int64_t limit_;
  int fd_ = -1;
  int64_t kept_ = 0;      // bytes of the pipe in the file
  int64_t read_ = 0;      // bytes read from the pipe
  bool keeping_ = true;
  bool overflowed_ = false;  // a byte read from the pipe was not kept
};

}  // namespace avprobe_json
