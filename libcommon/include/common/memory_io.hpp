// Memory IO: byte sources and sinks behind avio_alloc_context, so FFmpeg never opens a URL itself.
//  - FdSource/FdSink: a file descriptor (stdin, stdout, a file); they seek only when the descriptor really seeks.
//  - MemorySource/MemorySink: a buffer in memory (tests, fuzzers).
//  - PrefixSource: bytes already read (for probing) replayed in front of the rest of a source.
//  - SpoolSource: makes a pipe seekable by keeping what was read in an unlinked temporary file.
//  - AtomicFileSink: writes beside the final name and renames into place on commit().
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"

namespace common {

struct IoOptions {
  // Size of the AVIOContext buffer. Measured by scripts/bench/memremux.sh (see BENCHMARKS.md).
  static constexpr int kDefaultBufferSize = 256 * 1024;
  int buffer_size = kDefaultBufferSize;
};

// Reads fail with kErrorSpoolLimit and kErrorTimeout (common/errors.hpp).

class Source {
 public:
  virtual ~Source() = default;
  // Reads up to size bytes: the count read (> 0), AVERROR_EOF at the end, or another negative AVERROR.
  virtual int read(uint8_t* buf, int size) = 0;
  // whence is SEEK_SET, SEEK_CUR or SEEK_END; returns the new position, or AVERROR(ESPIPE) when it cannot seek.
  virtual int64_t seek(int64_t offset, int whence);
  // Total size in bytes when known, else a negative AVERROR.
  virtual int64_t size();
  virtual bool seekable() const { return false; }
  // Bytes handed out by read() so far, at the current position.
  virtual int64_t position() const = 0;
  // The failure that cut this source short (a read timeout, the spool limit, a read or spool-write error), or 0.
  // Lets a caller tell a cut-off input from damaged media when a demuxer only says "invalid data". An interrupt
  // (SIGINT) is not a failure.
  virtual int failure() const { return 0; }
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Writes all of buf: 0 on success or a negative AVERROR (AVERROR(EPIPE) when the reader went away).
  virtual int write(const uint8_t* buf, int size) = 0;
  virtual int64_t seek(int64_t offset, int whence);
  virtual bool seekable() const { return false; }
  // Reads back what was written (muxers that move data, such as MP4 faststart); AVERROR(ENOSYS) when it can't.
  virtual int read_at(int64_t pos, uint8_t* buf, int size);
  virtual int64_t bytes_written() const = 0;
};

// A file descriptor source. It does not own fd unless owns_fd is true.
class FdSource : public Source {
 public:
  explicit FdSource(int fd, bool owns_fd = false);
  ~FdSource() override;
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;
  int read(uint8_t* buf, int size) override;
  int64_t seek(int64_t offset, int whence) override;
  int64_t size() override;
  bool seekable() const override { return seekable_; }
  int64_t position() const override { return pos_; }
  int failure() const override { return failure_; }
  int fd() const { return fd_; }
  // Give up a read that waits longer than this (0: wait forever); once timed out, every later read fails the
  // same way at once. Reads also stop when interrupted().
  void set_timeout_ms(int timeout_ms) { timeout_ms_ = timeout_ms; }
  // Reads of a pipe also stop (AVERROR_EXIT) once *cancel is true: another thread can end a wait on a stalled pipe.
  void set_cancel(const std::atomic<bool>* cancel) { cancel_ = cancel; }

 private:
  int fd_;
  bool owns_fd_;
  bool seekable_ = false;
  bool fifo_ = false;   // a pipe, named or not: polled before each read
  int64_t origin_ = 0;  // offset of the descriptor when we got it: position 0 for us
  int64_t pos_ = 0;
  int timeout_ms_ = 0;
  int failure_ = 0;
  const std::atomic<bool>* cancel_ = nullptr;
};

class FdSink : public Sink {
 public:
  explicit FdSink(int fd, bool owns_fd = false);
  ~FdSink() override;
  FdSink(const FdSink&) = delete;
  FdSink& operator=(const FdSink&) = delete;
  int write(const uint8_t* buf, int size) override;
  int64_t seek(int64_t offset, int whence) override;
  bool seekable() const override { return seekable_; }
  int read_at(int64_t pos, uint8_t* buf, int size) override;
  int64_t bytes_written() const override { return written_; }
  int fd() const { return fd_; }

 private:
  int fd_;
  bool owns_fd_;
  bool seekable_ = false;
  int64_t origin_ = 0;
  int64_t pos_ = 0;
  int64_t written_ = 0;
  int read_fd_ = -1;  // for read_at when fd_ is write-only (a redirected stdout): the same file, reopened
};

// Reads from a buffer it owns. max_read limits each read (to test short reads); seekable can be turned off.
class MemorySource : public Source {
 public:
  explicit MemorySource(std::vector<uint8_t> data, bool seekable = true, int max_read = 0);
  int read(uint8_t* buf, int size) override;
  int64_t seek(int64_t offset, int whence) override;
  int64_t size() override;
  bool seekable() const override { return seekable_; }
  int64_t position() const override { return pos_; }

 private:
  std::vector<uint8_t> data_;
  bool seekable_;
  int max_read_;
  int64_t pos_ = 0;
};

// Writes into a buffer it owns; capacity (0: none) makes writes past it fail with AVERROR(ENOSPC).
class MemorySink : public Sink {
 public:
  explicit MemorySink(bool seekable = true, int64_t capacity = 0);
  int write(const uint8_t* buf, int size) override;
  int64_t seek(int64_t offset, int whence) override;
  bool seekable() const override { return seekable_; }
  int read_at(int64_t pos, uint8_t* buf, int size) override;
  int64_t bytes_written() const override { return written_; }
  const std::vector<uint8_t>& data() const { return data_; }

 private:
  std::vector<uint8_t> data_;
  bool seekable_;
  int64_t capacity_;
  int64_t pos_ = 0;
  int64_t written_ = 0;
};

// Replays prefix, then continues with rest. Seekable only within the prefix (and not at all if rest is not).
class PrefixSource : public Source {
 public:
  PrefixSource(std::vector<uint8_t> prefix, std::unique_ptr<Source> rest);
  int read(uint8_t* buf, int size) override;
  int64_t seek(int64_t offset, int whence) override;
  int64_t size() override;
  bool seekable() const override { return rest_->seekable(); }
  int64_t position() const override { return pos_; }
  int failure() const override { return rest_->failure(); }

 private:
  std::vector<uint8_t> prefix_;
  std::unique_ptr<Source> rest_;
  int64_t pos_ = 0;
};

struct SpoolOptions {
  static constexpr int64_t kDefaultLimit = int64_t{4} << 30;  // 4 GiB
  int64_t limit = kDefaultLimit;  // most bytes kept; past it reads fail with kErrorSpoolLimit
  std::string dir;                // empty: $TMPDIR, else /tmp
};

// Makes a non-seekable source seekable: every byte read from upstream is kept in a temporary file that is
// unlinked as soon as it is created, so it disappears with the process whatever happens. Seeking forward reads
// ahead into the spool; asking for the size reads upstream to its end.
class SpoolSource : public Source {
 public:
  SpoolSource(std::unique_ptr<Source> upstream, SpoolOptions options);
  ~SpoolSource() override;
  SpoolSource(const SpoolSource&) = delete;
  SpoolSource& operator=(const SpoolSource&) = delete;
  int read(uint8_t* buf, int size) override;
  int64_t seek(int64_t offset, int whence) override;
  int64_t size() override;
  bool seekable() const override { return true; }
  int64_t position() const override { return pos_; }
  int failure() const override { return failure_ ? failure_ : upstream_->failure(); }
  int64_t spooled_bytes() const { return spooled_; }
  // True once a read or seek was refused because the spool is full (demuxers may hide that error).
  bool limit_reached() const { return failure_ == kErrorSpoolLimit; }

 private:
  // Reads from upstream into the spool until it holds at least `target` bytes or upstream ends.
  int fill_to(int64_t target);
  int append_from_upstream(int size);

  std::unique_ptr<Source> upstream_;
  SpoolOptions options_;
  int fd_ = -1;
  int64_t spooled_ = 0;
  int64_t pos_ = 0;
  bool upstream_eof_ = false;
  int failure_ = 0;  // the limit reached, or a failed write to the spool file
  std::vector<uint8_t> scratch_;
};

// Writes to a temporary file beside `path`; commit() renames it onto `path`. Without commit() (a failed run),
// the temporary file is removed and an existing file at `path` is left as it was.
class AtomicFileSink : public Sink {
 public:
  explicit AtomicFileSink(const std::string& path);
  ~AtomicFileSink() override;
  AtomicFileSink(const AtomicFileSink&) = delete;
  AtomicFileSink& operator=(const AtomicFileSink&) = delete;
  int write(const uint8_t* buf, int size) override { return file_->write(buf, size); }
  int64_t seek(int64_t offset, int whence) override { return file_->seek(offset, whence); }
  bool seekable() const override { return file_->seekable(); }
  int read_at(int64_t pos, uint8_t* buf, int size) override { return file_->read_at(pos, buf, size); }
  int64_t bytes_written() const override { return file_->bytes_written(); }
  // Renames into place, after flushing to disk when `sync` (the one output a user named; a muxer's segments are not
  // synced, as ffmpeg does not: the rename alone keeps a reader from ever seeing a partial file). Throws Error.
  void commit(bool sync = true);
  const std::string& temp_path() const { return temp_path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::unique_ptr<FdSink> file_;
  bool committed_ = false;
};

// Grows the kernel buffer of a pipe (fd a FIFO) to `bytes`, or as far as the system allows (the default is 64 KiB,
// so a 256 KiB write would otherwise block and wake the reader four times). Returns the new size, 0 when fd is
// not a pipe, or a negative AVERROR.
int enlarge_pipe(int fd, int bytes);

// Where a tool writes an output it was told to write: "-" is stdout; a device, FIFO or anything under /dev or /proc
// is written in place (renaming a file onto it would replace the device); any other name is written beside it
// through an AtomicFileSink and appears under its name only on commit(), so a failed run never clobbers it.
class OutputTarget {
 public:
  // Throws Error("opening output PATH", ...).
  static OutputTarget open(const std::string& path);

  Sink& sink() const { return *sink_; }
  // Makes a finished output visible under its name (a no-op for stdout and special files). Throws Error.
  void commit();
  // True when a failed run leaves nothing behind (a regular file written through a temporary).
  bool atomic() const { return atomic_ != nullptr; }

 private:
  std::unique_ptr<Sink> sink_;
  AtomicFileSink* atomic_ = nullptr;  // borrowed from sink_ when it is one
};

// Opens "-" as stdin, anything else as a file (owned). Throws Error("opening input", ...) when it can't.
std::unique_ptr<Source> open_source(const std::string& path);

// Reads the source to its end and drops the bytes, so that a writer upstream of a pipe is not killed by SIGPIPE when
// we stop early. Returns the bytes read, or the AVERROR that stopped it (AVERROR_EXIT when interrupted).
int64_t drain(Source& source);

// An AVIOContext reading from (or writing to) a source or sink that must outlive it.
IoContextPtr make_read_io(Source& source, const IoOptions& options = {});
IoContextPtr make_write_io(Sink& sink, const IoOptions& options = {});

}  // namespace common
