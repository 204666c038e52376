// --tee: stdin is copied to stdout byte for byte by a thread of its own, which never waits for the prober.
// Every chunk it forwards is also appended to an unlinked temporary file; the prober reads that file at its own
// pace through a Source (waiting only when it has caught up). Once the prober is done, the copying goes on alone
// and the file stops growing, so a slow or finished probe never stalls the pipeline and memory stays flat. The
// file's bytes behind the prober are given back (hole punching): its disk use is only the prober's lag.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "common/memory_io.hpp"

namespace avprobe_json {

class TeeForwarder {
 public:
  static constexpr int kChunkSize = 64 * 1024;
  static constexpr int64_t kPunchBytes = 4 << 20;  // the disk behind the prober is released in steps of this
  static constexpr int kWaitSliceMs = 100;         // how often a waiting prober checks for SIGINT
  // Starts copying in_fd to out_fd. Throws common::Error when the spool file cannot be made. With timeout_ms > 0,
  // stdin delivering nothing for that long ends the copy and the probe with kErrorTimeout (--timeout).
  TeeForwarder(int in_fd, int out_fd, int timeout_ms = 0);
  ~TeeForwarder();
  TeeForwarder(const TeeForwarder&) = delete;
  TeeForwarder& operator=(const TeeForwarder&) = delete;

  // The prober's side: a non-seekable source over what has been forwarded so far.
  std::unique_ptr<common::Source> source();
  // The prober is done: stop keeping bytes for it.
  void release();
  // Waits until stdin ends (or fails). Returns 0, or the AVERROR of a failed read or write.
  int wait();
  // The failure that cut the prober's input short (a failed or timed-out read of stdin, a failed spool write), or 0.
  int failure();

 private:
  class Reader;
  void run();
  int read_at(int64_t pos, uint8_t* buf, int size);

  int in_fd_, out_fd_;
  int timeout_ms_;
  int spool_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable cv_;
  int64_t spooled_ = 0;
  int64_t punched_ = 0;  // bytes at the start of the spool already given back (prober side only)
  bool eof_ = false;
  bool released_ = false;
  int error_ = 0;        // a failed read of stdin
  int write_error_ = 0;  // a failed write to stdout (EPIPE: the reader left; we stop forwarding quietly)
  std::thread thread_;
};

}  // namespace avprobe_json
