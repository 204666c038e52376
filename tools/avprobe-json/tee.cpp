#include "tee.hpp"

#include <fcntl.h>
#include <linux/falloc.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace avprobe_json {

class TeeForwarder::Reader : public common::Source {
 public:
  explicit Reader(TeeForwarder& owner) : owner_(owner) {}
  ~Reader() override { owner_.release(); }
  int read(uint8_t* buf, int size) override {
    int n = owner_.read_at(pos_, buf, size);
    if (n > 0) pos_ += n;
    return n;
  }
  int64_t position() const override { return pos_; }
  int failure() const override { return owner_.failure(); }

 private:
  TeeForwarder& owner_;
  int64_t pos_ = 0;
};

TeeForwarder::TeeForwarder(int in_fd, int out_fd, int timeout_ms)
    : in_fd_(in_fd), out_fd_(out_fd), timeout_ms_(timeout_ms) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/avprobe-json-tee.XXXXXX";
  std::vector<char> name(path.begin(), path.end());
  name.push_back('\0');
  spool_fd_ = mkstemp(name.data());
  if (spool_fd_ < 0) throw common::Error("making the tee spool", AVERROR(errno));
  unlink(name.data());
  thread_ = std::thread([this] { run(); });
}

TeeForwarder::~TeeForwarder() {
  release();
  if (thread_.joinable()) thread_.join();
  if (spool_fd_ >= 0) close(spool_fd_);
}

std::unique_ptr<common::Source> TeeForwarder::source() { return std::make_unique<Reader>(*this); }

void TeeForwarder::release() {
  std::lock_guard<std::mutex> lock(mutex_);
  released_ = true;
  cv_.notify_all();
}

int TeeForwarder::failure() {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

int TeeForwarder::wait() {
  if (thread_.joinable()) thread_.join();
  if (error_) return error_;
  return write_error_ == AVERROR(EPIPE) ? 0 : write_error_;
}

void TeeForwarder::run() {
  std::vector<uint8_t> buf(kChunkSize);
  bool forwarding = true;
  while (true) {
    // Wait for stdin in slices: SIGINT may be delivered to another thread (this read would never see EINTR), and
    // --timeout counts the slices.
    const int slice = timeout_ms_ > 0 ? std::min(kWaitSliceMs, timeout_ms_) : kWaitSliceMs;
    int waited = 0;
    bool stop = false;
    for (;;) {
      struct pollfd pfd {in_fd_, POLLIN, 0};
      int pr = poll(&pfd, 1, slice);
      if (pr > 0 || (pr < 0 && errno != EINTR)) break;  // data, end or error: read() tells which
      if (common::interrupted()) {
        stop = true;
        break;
      }
      if (pr == 0 && timeout_ms_ > 0 && (waited += slice) >= timeout_ms_) {
        std::lock_guard<std::mutex> lock(mutex_);
        error_ = common::kErrorTimeout;
        eof_ = true;
        cv_.notify_all();
        return;
      }
    }
    ssize_t n = stop ? 0 : ::read(in_fd_, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) {
      if (common::interrupted()) n = 0;
      else continue;
    }
    if (n <= 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (n < 0) error_ = AVERROR(errno);
      eof_ = true;
      cv_.notify_all();
      return;
    }
    // Forward first: the pipeline downstream never waits for the prober.
    size_t done = 0;
    while (forwarding && done < static_cast<size_t>(n)) {
      ssize_t w = ::write(out_fd_, buf.data() + done, static_cast<size_t>(n) - done);
      if (w < 0) {
        if (errno == EINTR) continue;
        write_error_ = AVERROR(errno);
        forwarding = false;  // the reader left: keep feeding the prober, quietly
        break;
      }
      done += static_cast<size_t>(w);
    }
    bool keep;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      keep = !released_;
    }
    if (keep) {
      int64_t at = spooled_;
      size_t put = 0;
      while (put < static_cast<size_t>(n)) {
        ssize_t w = ::pwrite(spool_fd_, buf.data() + put, static_cast<size_t>(n) - put, static_cast<off_t>(at) + static_cast<off_t>(put));
        if (w < 0) {
          if (errno == EINTR) continue;
          std::lock_guard<std::mutex> lock(mutex_);
          error_ = AVERROR(errno);
          released_ = true;
          cv_.notify_all();
          break;
        }
        put += static_cast<size_t>(w);
      }
      std::lock_guard<std::mutex> lock(mutex_);
      spooled_ += static_cast<int64_t>(put);
      cv_.notify_all();
    }
    if (!forwarding && !keep) {
      // Nobody wants the rest: stop reading.
      std::lock_guard<std::mutex> lock(mutex_);
      eof_ = true;
      cv_.notify_all();
      return;
    }
  }
}

int TeeForwarder::read_at(int64_t pos, uint8_t* buf, int size) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(kWaitSliceMs),
                         [&] { return spooled_ > pos || eof_ || error_ != 0; })) {
      if (common::interrupted()) return AVERROR_EXIT;
    }
    if (spooled_ <= pos) return error_ ? error_ : AVERROR_EOF;
    size = static_cast<int>(std::min<int64_t>(size, spooled_ - pos));
  }
  while (true) {
    ssize_t n = ::pread(spool_fd_, buf, static_cast<size_t>(size), static_cast<off_t>(pos));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return AVERROR(errno);
    if (n == 0) return AVERROR_EOF;
    // The prober reads once, in order: give back the disk behind it, so a long probe keeps the spool small.
    if (pos + n - punched_ >= kPunchBytes) {
      fallocate(spool_fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, punched_, pos + n - punched_);
      punched_ = pos + n;
    }
    return static_cast<int>(n);
  }
}

}  // namespace avprobe_json
