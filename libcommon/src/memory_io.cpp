#include "common/memory_io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace common {
namespace {

// Resolves (offset, whence) against the current position and size; negative when it can't.
int64_t resolve_seek(int64_t offset, int whence, int64_t pos, int64_t size) {
  switch (whence) {
    case SEEK_SET: return offset;
    case SEEK_CUR: return pos + offset;
    case SEEK_END: return size < 0 ? AVERROR(ESPIPE) : size + offset;
    default: return AVERROR(EINVAL);
  }
}

bool descriptor_seeks(int fd, int64_t& origin) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return false;
  if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) return false;
  off_t here = lseek(fd, 0, SEEK_CUR);
  if (here < 0) return false;
  origin = here;
  return true;
}

// Writes all of buf at the descriptor's current offset (or at `at` with pwrite when at >= 0).
int write_all(int fd, const uint8_t* buf, size_t size, int64_t at = -1) {
  while (size > 0) {
    ssize_t n = at >= 0 ? pwrite(fd, buf, size, at) : ::write(fd, buf, size);
    if (n < 0) {
      if (errno == EINTR) continue;  // even when interrupted: the output must still be finished
      return AVERROR(errno);
    }
    buf += n;
    size -= static_cast<size_t>(n);
    if (at >= 0) at += n;
  }
  return 0;
}

int read_callback(void* opaque, uint8_t* buf, int size) {
  return static_cast<Source*>(opaque)->read(buf, size);
}
int64_t source_seek_callback(void* opaque, int64_t offset, int whence) {
  auto* src = static_cast<Source*>(opaque);
  if (whence == AVSEEK_SIZE) return src->size();
  return src->seek(offset, whence & ~AVSEEK_FORCE);
}
int write_callback(void* opaque, uint8_t* buf, int size) {
  int ret = static_cast<Sink*>(opaque)->write(buf, size);
  return ret < 0 ? ret : size;
}
int64_t sink_seek_callback(void* opaque, int64_t offset, int whence) {
  auto* sink = static_cast<Sink*>(opaque);
  if (whence == AVSEEK_SIZE) return sink->seekable() ? sink->bytes_written() : AVERROR(ENOSYS);
  return sink->seek(offset, whence & ~AVSEEK_FORCE);
}

uint8_t* alloc_io_buffer(int size) {
  auto* buf = static_cast<uint8_t*>(av_malloc(static_cast<size_t>(size)));
  if (!buf) throw Error("allocating an IO buffer", AVERROR(ENOMEM));
  return buf;
}

}  // namespace

// ---- Source / Sink defaults -------------------------------------------------------------------------------

int64_t Source::seek(int64_t, int) { return AVERROR(ESPIPE); }
int64_t Source::size() { return AVERROR(ENOSYS); }
int64_t Sink::seek(int64_t, int) { return AVERROR(ESPIPE); }
int Sink::read_at(int64_t, uint8_t*, int) { return AVERROR(ENOSYS); }

// ---- FdSource ----------------------------------------------------------------------------------------------

FdSource::FdSource(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd) {
  seekable_ = descriptor_seeks(fd_, origin_);
  struct stat st {};
  fifo_ = fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode);
}

FdSource::~FdSource() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

int FdSource::read(uint8_t* buf, int size) {
  // A pipe that timed out stays timed out: demuxers retry failed reads (MP4 through the spool seeks sample by
  // sample), and waiting the timeout again on each would turn one stall into minutes.
  if (failure_ == kErrorTimeout) return failure_;
  // A pipe is waited for in slices: the signal that interrupts us may be caught by another thread (no EINTR
  // here), and a cancel comes from another thread too; both are seen within a slice. The timeout counts from
  // the start of this read.
  constexpr int kPollSliceMs = 100;
  const int64_t deadline = timeout_ms_ > 0 ? av_gettime_relative() + int64_t{timeout_ms_} * 1000 : 0;
  for (;;) {
    if (interrupted() || (cancel_ && cancel_->load())) return AVERROR_EXIT;
    // A FIFO is always polled first: a named one opened before its writer came reads EOF at once, where a poll waits
    // for the writer's data (or its close).
    if (!seekable_ && (timeout_ms_ > 0 || cancel_ || fifo_)) {
      int slice = kPollSliceMs;
      if (timeout_ms_ > 0) {
        int64_t left_us = deadline - av_gettime_relative();
        if (left_us <= 0) return failure_ = kErrorTimeout;
        slice = static_cast<int>(std::min<int64_t>(slice, (left_us + 999) / 1000));
      }
      struct pollfd pfd {fd_, POLLIN, 0};
      int pr = poll(&pfd, 1, slice);
      if (pr < 0) {
        if (errno == EINTR) continue;
        return AVERROR(errno);
      }
      if (pr == 0) continue;
    }
    ssize_t n = ::read(fd_, buf, static_cast<size_t>(size));
    if (n > 0) {
      pos_ += n;
      return static_cast<int>(n);
    }
    if (n == 0) return AVERROR_EOF;
    if (errno == EINTR) continue;
    return failure_ = AVERROR(errno);
  }
}

int64_t FdSource::seek(int64_t offset, int whence) {
  if (!seekable_) return AVERROR(ESPIPE);
  int64_t target = resolve_seek(offset, whence, pos_, size());
  if (target < 0) return target < -1 ? target : AVERROR(EINVAL);
  off_t r = lseek(fd_, static_cast<off_t>(origin_ + target), SEEK_SET);
  if (r < 0) return AVERROR(errno);
  pos_ = target;
  return pos_;
}

int64_t FdSource::size() {
  if (!seekable_) return AVERROR(ENOSYS);
  struct stat st {};
  if (fstat(fd_, &st) != 0) return AVERROR(errno);
  return static_cast<int64_t>(st.st_size) - origin_;
}

// ---- FdSink ------------------------------------------------------------------------------------------------

FdSink::FdSink(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd) {
  seekable_ = descriptor_seeks(fd_, origin_);
  // A file opened for appending (">>") ignores our seeks for writing: treat it as a stream.
  int fl = fcntl(fd_, F_GETFL);
  if (fl >= 0 && (fl & O_APPEND)) seekable_ = false;
}

FdSink::~FdSink() {
  if (read_fd_ >= 0) ::close(read_fd_);
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

int FdSink::write(const uint8_t* buf, int size) {
  int ret = write_all(fd_, buf, static_cast<size_t>(size));
  if (ret < 0) return ret;
  pos_ += size;
  written_ = std::max(written_, pos_);
  return 0;
}

int64_t FdSink::seek(int64_t offset, int whence) {
  if (!seekable_) return AVERROR(ESPIPE);
  int64_t target = resolve_seek(offset, whence, pos_, written_);
  if (target < 0) return target;
  if (lseek(fd_, static_cast<off_t>(origin_ + target), SEEK_SET) < 0) return AVERROR(errno);
  pos_ = target;
  return pos_;
}

int FdSink::read_at(int64_t pos, uint8_t* buf, int size) {
  if (!seekable_) return AVERROR(ENOSYS);
  int fd = fd_;
  int fl = fcntl(fd_, F_GETFL);
  if (fl >= 0 && (fl & O_ACCMODE) == O_WRONLY) {
    // A redirected stdout is write-only; the same file opened again for reading sees what we wrote.
    if (read_fd_ < 0) read_fd_ = ::open(("/proc/self/fd/" + std::to_string(fd_)).c_str(), O_RDONLY | O_CLOEXEC);
    if (read_fd_ < 0) return AVERROR(errno);
    fd = read_fd_;
  }
  for (;;) {
    ssize_t n = pread(fd, buf, static_cast<size_t>(size), static_cast<off_t>(origin_ + pos));
    if (n > 0) return static_cast<int>(n);
    if (n == 0) return AVERROR_EOF;
    if (errno == EINTR) continue;
    return AVERROR(errno);
  }
}

// ---- MemorySource / MemorySink -----------------------------------------------------------------------------

MemorySource::MemorySource(std::vector<uint8_t> data, bool seekable, int max_read)
    : data_(std::move(data)), seekable_(seekable), max_read_(max_read) {}

int MemorySource::read(uint8_t* buf, int size) {
  int64_t left = static_cast<int64_t>(data_.size()) - pos_;
  if (left <= 0) return AVERROR_EOF;
  int n = static_cast<int>(std::min<int64_t>(left, size));
  if (max_read_ > 0) n = std::min(n, max_read_);
  std::memcpy(buf, data_.data() + pos_, static_cast<size_t>(n));
  pos_ += n;
  return n;
}

int64_t MemorySource::seek(int64_t offset, int whence) {
  if (!seekable_) return AVERROR(ESPIPE);
  int64_t target = resolve_seek(offset, whence, pos_, static_cast<int64_t>(data_.size()));
  if (target < 0) return AVERROR(EINVAL);
  pos_ = target;
  return pos_;
}

int64_t MemorySource::size() {
  return seekable_ ? static_cast<int64_t>(data_.size()) : AVERROR(ENOSYS);
}

MemorySink::MemorySink(bool seekable, int64_t capacity) : seekable_(seekable), capacity_(capacity) {}

int MemorySink::write(const uint8_t* buf, int size) {
  int64_t end = pos_ + size;
  if (capacity_ > 0 && end > capacity_) return AVERROR(ENOSPC);
  if (end > static_cast<int64_t>(data_.size())) data_.resize(static_cast<size_t>(end));
  std::memcpy(data_.data() + pos_, buf, static_cast<size_t>(size));
  pos_ = end;
  written_ = std::max(written_, pos_);
  return 0;
}

int64_t MemorySink::seek(int64_t offset, int whence) {
  if (!seekable_) return AVERROR(ESPIPE);
  int64_t target = resolve_seek(offset, whence, pos_, written_);
  if (target < 0) return AVERROR(EINVAL);
  pos_ = target;
  return pos_;
}

int MemorySink::read_at(int64_t pos, uint8_t* buf, int size) {
  if (!seekable_) return AVERROR(ENOSYS);
  if (pos < 0) return AVERROR(EINVAL);
  if (pos >= written_) return AVERROR_EOF;
  int n = static_cast<int>(std::min<int64_t>(size, written_ - pos));
  std::memcpy(buf, data_.data() + pos, static_cast<size_t>(n));
  return n;
}

// ---- PrefixSource ------------------------------------------------------------------------------------------

PrefixSource::PrefixSource(std::vector<uint8_t> prefix, std::unique_ptr<Source> rest)
    : prefix_(std::move(prefix)), rest_(std::move(rest)) {}

int PrefixSource::read(uint8_t* buf, int size) {
  auto plen = static_cast<int64_t>(prefix_.size());
  if (pos_ < plen) {
    int n = static_cast<int>(std::min<int64_t>(plen - pos_, size));
    std::memcpy(buf, prefix_.data() + pos_, static_cast<size_t>(n));
    pos_ += n;
    return n;
  }
  int n = rest_->read(buf, size);
  if (n > 0) pos_ += n;
  return n;
}

int64_t PrefixSource::seek(int64_t offset, int whence) {
  auto plen = static_cast<int64_t>(prefix_.size());
  if (rest_->seekable()) {
    // rest continues the same byte stream; the prefix was read from its start.
    int64_t target = resolve_seek(offset, whence, pos_, size());
    if (target < 0) return target;
    if (target < plen) {
      int64_t r = rest_->seek(plen, SEEK_SET);
      if (r < 0) return r;
    } else {
      int64_t r = rest_->seek(target, SEEK_SET);
      if (r < 0) return r;
    }
    pos_ = target;
    return pos_;
  }
  // Not seekable: only moves inside the prefix while rest is still untouched.
  int64_t target = resolve_seek(offset, whence, pos_, -1);
  if (target < 0 || target > plen || pos_ > plen) return AVERROR(ESPIPE);
  pos_ = target;
  return pos_;
}

int64_t PrefixSource::size() { return rest_->size(); }

// ---- SpoolSource -------------------------------------------------------------------------------------------

SpoolSource::SpoolSource(std::unique_ptr<Source> upstream, SpoolOptions options)
    : upstream_(std::move(upstream)), options_(std::move(options)) {
  std::string dir = options_.dir;
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    dir = (tmp && *tmp) ? tmp : "/tmp";
  }
  std::string templ = dir + "/mediatoolkit-spool-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0) throw Error("creating the spool in " + dir, AVERROR(errno));
  ::unlink(name.data());  // nothing is left behind, whatever happens to the process
  scratch_.resize(IoOptions::kDefaultBufferSize);
}

SpoolSource::~SpoolSource() {
  if (fd_ >= 0) ::close(fd_);
}

int SpoolSource::append_from_upstream(int size) {
  if (upstream_eof_) return AVERROR_EOF;
  if (spooled_ >= options_.limit) return failure_ = kErrorSpoolLimit;
  // Read a whole scratch buffer whatever was asked: fewer, larger upstream reads.
  (void)size;
  size = static_cast<int>(std::min<int64_t>(static_cast<int64_t>(scratch_.size()), options_.limit - spooled_));
  int n = upstream_->read(scratch_.data(), size);
  if (n == AVERROR_EOF) {
    upstream_eof_ = true;
    return n;
  }
  if (n < 0) return n;
  int ret = write_all(fd_, scratch_.data(), static_cast<size_t>(n), spooled_);
  if (ret < 0) return failure_ = ret;
  spooled_ += n;
  return n;
}

int SpoolSource::fill_to(int64_t target) {
  while (spooled_ < target) {
    int n = append_from_upstream(static_cast<int>(std::min<int64_t>(target - spooled_, INT32_MAX)));
    if (n == AVERROR_EOF) return 0;
    if (n < 0) return n;
  }
  return 0;
}

int SpoolSource::read(uint8_t* buf, int size) {
  if (pos_ >= spooled_) {
    int ret = fill_to(pos_ + 1);
    if (ret < 0) return ret;
    if (pos_ >= spooled_) return AVERROR_EOF;
  }
  int n = static_cast<int>(std::min<int64_t>(size, spooled_ - pos_));
  for (;;) {
    ssize_t r = pread(fd_, buf, static_cast<size_t>(n), static_cast<off_t>(pos_));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return AVERROR(errno);
    if (r == 0) return AVERROR_EOF;
    pos_ += r;
    return static_cast<int>(r);
  }
}

int64_t SpoolSource::seek(int64_t offset, int whence) {
  int64_t end = -1;
  if (whence == SEEK_END) {
    int64_t s = size();
    if (s < 0) return s;
    end = s;
  }
  int64_t target = resolve_seek(offset, whence, pos_, end);
  if (target < 0) return AVERROR(EINVAL);
  int ret = fill_to(target);
  if (ret < 0) return ret;
  pos_ = target;
  return pos_;
}

int64_t SpoolSource::size() {
  int ret = fill_to(INT64_MAX);
  if (ret < 0) return ret;
  return spooled_;
}

// ---- AtomicFileSink ----------------------------------------------------------------------------------------

namespace {
int open_temp_beside(const std::string& path, std::string& temp_path) {
  std::string dir = ".";
  std::string base = path;
  auto slash = path.rfind('/');
  if (slash != std::string::npos) {
    dir = slash == 0 ? "/" : path.substr(0, slash);
    base = path.substr(slash + 1);
  }
  std::string templ = dir + "/." + base + ".part-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) throw Error("opening output " + path, AVERROR(errno));
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);  // mkstemp makes 0600; a finished output gets the usual permissions
  temp_path.assign(name.data());
  return fd;
}
}  // namespace

AtomicFileSink::AtomicFileSink(const std::string& path) : path_(path) {
  file_ = std::make_unique<FdSink>(open_temp_beside(path, temp_path_), true);
}

AtomicFileSink::~AtomicFileSink() {
  file_.reset();
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void AtomicFileSink::commit(bool sync) {
  if (committed_) return;
  if (sync && fsync(file_->fd()) != 0 && errno != EINVAL) throw Error("writing output " + path_, AVERROR(errno));
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) throw Error("renaming output to " + path_, AVERROR(errno));
  committed_ = true;
}

// ---- OutputTarget ------------------------------------------------------------------------------------------

namespace {

bool is_special(const std::string& path) {
  if (path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0) return true;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return false;  // does not exist yet: a new regular file
  return !S_ISREG(st.st_mode);
}

// A symbolic link to a file is replaced through its target, not turned into a file itself.
std::string resolve(const std::string& path) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf) != nullptr) return buf;
  return path;
}

}  // namespace

OutputTarget OutputTarget::open(const std::string& path) {
  OutputTarget t;
  if (path == "-" || path == "pipe:" || path == "pipe:1") {
    t.sink_ = std::make_unique<FdSink>(STDOUT_FILENO, false);
    return t;
  }
  if (is_special(path)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw Error("opening output " + path, AVERROR(errno));
    t.sink_ = std::make_unique<FdSink>(fd, true);
    return t;
  }
  auto atomic = std::make_unique<AtomicFileSink>(resolve(path));
  t.atomic_ = atomic.get();
  t.sink_ = std::move(atomic);
  return t;
}

void OutputTarget::commit() {
  if (atomic_) atomic_->commit();
}

// ---- helpers -----------------------------------------------------------------------------------------------

int enlarge_pipe(int fd, int bytes) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return AVERROR(errno);
  if (!S_ISFIFO(st.st_mode)) return 0;
  int now = fcntl(fd, F_GETPIPE_SZ);
  if (now >= bytes) return now;
  if (fcntl(fd, F_SETPIPE_SZ, bytes) >= 0) return fcntl(fd, F_GETPIPE_SZ);
  // Above /proc/sys/fs/pipe-max-size (or the user's pipe quota): settle for the most allowed.
  int most = 0;
  if (FILE* f = std::fopen("/proc/sys/fs/pipe-max-size", "r")) {
    if (std::fscanf(f, "%d", &most) != 1) most = 0;
    std::fclose(f);
  }
  if (most > now && most < bytes && fcntl(fd, F_SETPIPE_SZ, most) >= 0) return fcntl(fd, F_GETPIPE_SZ);
  return now >= 0 ? now : AVERROR(errno);
}

std::unique_ptr<Source> open_source(const std::string& path) {
  if (path == "-" || path == "pipe:" || path == "pipe:0") return std::make_unique<FdSource>(0, false);
  // Without O_NONBLOCK, opening a named FIFO waits for its writer inside open(), where no signal, timeout or cancel
  // can end the wait; opened at once, its reads wait for the writer's data instead (FdSource polls a FIFO).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw Error("opening input " + path, AVERROR(errno));
  struct stat st {};
  const int fl = fcntl(fd, F_GETFL);
  if ((fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) || fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
    const int err = S_ISDIR(st.st_mode) ? EISDIR : errno;
    ::close(fd);
    throw Error("opening input " + path, AVERROR(err));
  }
  return std::make_unique<FdSource>(fd, true);
}

int64_t drain(Source& source) {
  constexpr int kChunk = 64 * 1024;
  std::vector<uint8_t> buf(kChunk);
  int64_t total = 0;
  for (;;) {
    const int n = source.read(buf.data(), kChunk);
    if (n == AVERROR_EOF) return total;
    if (n < 0) return n;
    total += n;
  }
}

IoContextPtr make_read_io(Source& source, const IoOptions& options) {
  uint8_t* buf = alloc_io_buffer(options.buffer_size);
  IoContextPtr io(avio_alloc_context(buf, options.buffer_size, 0, &source, read_callback, nullptr,
                                     source.seekable() ? source_seek_callback : nullptr));
  if (!io) {
    av_free(buf);
    throw Error("allocating an IO context", AVERROR(ENOMEM));
  }
  io->seekable = source.seekable() ? AVIO_SEEKABLE_NORMAL : 0;
  return io;
}

IoContextPtr make_write_io(Sink& sink, const IoOptions& options) {
  uint8_t* buf = alloc_io_buffer(options.buffer_size);
  IoContextPtr io(avio_alloc_context(buf, options.buffer_size, 1, &sink, nullptr, write_callback,
                                     sink.seekable() ? sink_seek_callback : nullptr));
  if (!io) {
    av_free(buf);
    throw Error("allocating an IO context", AVERROR(ENOMEM));
  }
  io->seekable = sink.seekable() ? AVIO_SEEKABLE_NORMAL : 0;
  return io;
}

}  // namespace common
