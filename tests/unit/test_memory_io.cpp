// Memory IO: sources and sinks behind avio_alloc_context, the prefix replay, the spool and the atomic file sink.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <string>
#include <thread>

#include "common/errors.hpp"
#include "common/memory_io.hpp"

using namespace common;

namespace {
std::vector<uint8_t> ramp(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 7 + i / 251);
  return v;
}
std::vector<uint8_t> read_all(Source& s, int chunk = 1000) {
  std::vector<uint8_t> out;
  std::vector<uint8_t> buf(static_cast<size_t>(chunk));
  for (;;) {
    int n = s.read(buf.data(), chunk);
    if (n == AVERROR_EOF) break;
    REQUIRE(n > 0);
    out.insert(out.end(), buf.begin(), buf.begin() + n);
  }
  return out;
}
std::string temp_dir() {
  char templ[] = "/tmp/mt-unit-XXXXXX";
  REQUIRE(mkdtemp(templ) != nullptr);
  return templ;
}
int count_files(const std::string& dir) {
  std::string cmd = "ls -A '" + dir + "' | wc -l";
  FILE* p = popen(cmd.c_str(), "r");
  int n = -1;
  REQUIRE(std::fscanf(p, "%d", &n) == 1);
  pclose(p);
  return n;
}
}  // namespace

TEST_CASE("memory source: short reads, EOF, seek and size") {
  auto data = ramp(10000);
  MemorySource src(data, true, 333);
  uint8_t buf[1000];
  CHECK(src.read(buf, 1000) == 333);  // short read honoured
  CHECK(src.position() == 333);
  CHECK(src.size() == 10000);
  CHECK(src.seek(-10, SEEK_END) == 9990);
  CHECK(src.read(buf, 1000) == 10);
  CHECK(buf[0] == data[9990]);
  CHECK(src.read(buf, 1000) == AVERROR_EOF);
  CHECK(src.seek(5, SEEK_SET) == 5);
  CHECK(src.seek(5, SEEK_CUR) == 10);
  CHECK(read_all(src) == std::vector<uint8_t>(data.begin() + 10, data.end()));

  MemorySource pipe_like(data, false);
  CHECK(pipe_like.seek(0, SEEK_SET) == AVERROR(ESPIPE));
  CHECK(pipe_like.size() < 0);
}

TEST_CASE("memory sink: round trip through AVIOContext, seeking back, capacity errors") {
  MemorySink sink;
  auto io = make_write_io(sink, IoOptions{4096});
  auto data = ramp(50000);
  avio_write(io.get(), data.data(), static_cast<int>(data.size()));
  avio_seek(io.get(), 0, SEEK_SET);  // rewrite the start, as a muxer patching a header does
  avio_wb32(io.get(), 0xdeadbeef);
  avio_flush(io.get());
  CHECK(io->error == 0);
  REQUIRE(sink.data().size() == data.size());
  CHECK(sink.data()[0] == 0xde);
  CHECK(std::equal(data.begin() + 4, data.end(), sink.data().begin() + 4));

  MemorySource src(sink.data());
  auto rio = make_read_io(src, IoOptions{4096});
  CHECK(avio_size(rio.get()) == 50000);
  CHECK(avio_rb32(rio.get()) == 0xdeadbeef);
  CHECK(avio_seek(rio.get(), 40000, SEEK_SET) == 40000);
  CHECK(avio_r8(rio.get()) == data[40000]);

  MemorySink small(true, 1000);
  auto sio = make_write_io(small, IoOptions{512});
  avio_write(sio.get(), data.data(), 5000);
  avio_flush(sio.get());
  CHECK(sio->error == AVERROR(ENOSPC));
}

TEST_CASE("fd source and sink: a pipe never seeks, a regular file does, /dev/full reports ENOSPC") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  FdSource rd(fds[0], true);
  FdSink wr(fds[1], true);
  CHECK_FALSE(rd.seekable());
  CHECK_FALSE(wr.seekable());
  CHECK(rd.seek(0, SEEK_SET) == AVERROR(ESPIPE));
  const uint8_t msg[] = {1, 2, 3, 4};
  CHECK(wr.write(msg, 4) == 0);
  uint8_t buf[8];
  CHECK(rd.read(buf, 8) == 4);

  std::string dir = temp_dir();
  std::string path = dir + "/f.bin";
  {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
    FdSink file(fd, true);
    CHECK(file.seekable());
    auto data = ramp(3000);
    CHECK(file.write(data.data(), 3000) == 0);
    CHECK(file.seek(0, SEEK_SET) == 0);
    CHECK(file.write(msg, 4) == 0);
    CHECK(file.bytes_written() == 3000);
    CHECK(file.read_at(2000, buf, 4) == 4);
    CHECK(buf[0] == data[2000]);
  }
  {
    int fd = ::open(path.c_str(), O_RDONLY);
    REQUIRE(::lseek(fd, 1000, SEEK_SET) == 1000);  // a redirected file not at its start: that is position 0
    FdSource file(fd, true);
    CHECK(file.seekable());
    CHECK(file.size() == 2000);
    CHECK(file.seek(-1, SEEK_END) == 1999);
    CHECK(file.read(buf, 8) == 1);
  }
  {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);  // ">>": writes land at the end whatever we seek
    FdSink appending(fd, true);
    CHECK_FALSE(appending.seekable());
  }
  std::remove(path.c_str());
  rmdir(dir.c_str());

  int full = ::open("/dev/full", O_WRONLY);
  if (full >= 0) {
    FdSink sink(full, true);
    CHECK_FALSE(sink.seekable());
    CHECK(sink.write(msg, 4) == AVERROR(ENOSPC));
  }
}

TEST_CASE("fd sink: a closed reader gives EPIPE, not a signal") {
  std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  ::close(fds[0]);
  FdSink wr(fds[1], true);
  const uint8_t msg[] = {1};
  CHECK(wr.write(msg, 1) == AVERROR(EPIPE));
}

TEST_CASE("prefix source replays peeked bytes, then the rest") {
  auto data = ramp(5000);
  auto rest = std::make_unique<MemorySource>(std::vector<uint8_t>(data.begin() + 100, data.end()), false);
  PrefixSource src(std::vector<uint8_t>(data.begin(), data.begin() + 100), std::move(rest));
  uint8_t buf[50];
  CHECK(src.read(buf, 50) == 50);
  CHECK(src.seek(0, SEEK_SET) == 0);  // inside the prefix: allowed even on a pipe
  CHECK(read_all(src, 77) == data);
  CHECK(src.seek(0, SEEK_SET) == AVERROR(ESPIPE));  // past the prefix on a pipe: not any more
}

TEST_CASE("spool: a pipe becomes seekable, within its limit, and leaves no file behind") {
  std::string dir = temp_dir();
  auto data = ramp(200000);
  {
    SpoolSource spool(std::make_unique<MemorySource>(data, false, 4096), SpoolOptions{1 << 20, dir});
    CHECK(count_files(dir) == 0);  // unlinked at once
    uint8_t buf[16];
    CHECK(spool.seek(150000, SEEK_SET) == 150000);  // forward: reads ahead into the spool
    CHECK(spool.spooled_bytes() >= 150000);
    CHECK(spool.read(buf, 16) == 16);
    CHECK(buf[0] == data[150000]);
    CHECK(spool.seek(10, SEEK_SET) == 10);  // back: served from the spool
    CHECK(spool.read(buf, 16) == 16);
    CHECK(buf[0] == data[10]);
    CHECK(spool.size() == 200000);  // size reads to the end
    CHECK(spool.seek(-4, SEEK_END) == 199996);
    CHECK(spool.seek(0, SEEK_SET) == 0);
    CHECK(read_all(spool) == data);
  }
  {
    SpoolSource spool(std::make_unique<MemorySource>(data, false), SpoolOptions{100000, dir});
    CHECK(spool.failure() == 0);
    CHECK(spool.size() == kErrorSpoolLimit);
    CHECK(spool.failure() == kErrorSpoolLimit);  // remembered, so a demuxer's "invalid data" can be explained
    CHECK(av_error_text(kErrorSpoolLimit).find("spool limit") != std::string::npos);
  }
  CHECK(count_files(dir) == 0);
  rmdir(dir.c_str());
}

TEST_CASE("spool: a directory that cannot hold it is an error, not a crash") {
  CHECK_THROWS_AS(SpoolSource(std::make_unique<MemorySource>(ramp(10), false), SpoolOptions{1000, "/nonexistent-dir"}),
                  Error);
}

TEST_CASE("atomic file sink: an existing file survives a failed run and is replaced on commit") {
  std::string dir = temp_dir();
  std::string path = dir + "/out.bin";
  { std::ofstream(path) << "precious"; }
  {
    AtomicFileSink sink(path);
    const uint8_t msg[] = {'n', 'e', 'w'};
    CHECK(sink.write(msg, 3) == 0);
    CHECK(count_files(dir) == 2);
    // no commit: a failed run
  }
  CHECK(count_files(dir) == 1);
  {
    std::ifstream in(path);
    std::string s;
    in >> s;
    CHECK(s == "precious");
  }
  {
    AtomicFileSink sink(path);
    const uint8_t msg[] = {'n', 'e', 'w'};
    CHECK(sink.write(msg, 3) == 0);
    sink.commit();
  }
  std::ifstream in(path);
  std::string s;
  in >> s;
  CHECK(s == "new");
  std::remove(path.c_str());
  rmdir(dir.c_str());
}

TEST_CASE("open_source: missing files and directories are errors with their reason") {
  CHECK_THROWS_WITH_AS(open_source("/nonexistent/file.mp4"), doctest::Contains("No such file"), Error);
  CHECK_THROWS_WITH_AS(open_source("/tmp"), doctest::Contains("directory"), Error);
}

TEST_CASE("enlarge_pipe grows a pipe's buffer and leaves other descriptors alone") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  int before = fcntl(fds[1], F_GETPIPE_SZ);
  int after = enlarge_pipe(fds[1], 1 << 20);
  CHECK(after >= before);
  CHECK(after == fcntl(fds[0], F_GETPIPE_SZ));  // one buffer, both ends
  CHECK(enlarge_pipe(fds[1], 4096) == after);   // never shrinks
  close(fds[0]);
  close(fds[1]);
  std::string dir = temp_dir();
  std::string path = dir + "/f.bin";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
  CHECK(enlarge_pipe(fd, 1 << 20) == 0);
  close(fd);
  std::remove(path.c_str());
  rmdir(dir.c_str());
}

TEST_CASE("output target: devices and FIFOs are written in place, regular files through a temporary") {
  std::string dir = temp_dir();
  std::string fifo = dir + "/fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // so that opening for writing does not block
  REQUIRE(reader >= 0);
  {
    auto t = OutputTarget::open(fifo);
    CHECK_FALSE(t.atomic());
    const uint8_t msg[] = {42};
    CHECK(t.sink().write(msg, 1) == 0);
    t.commit();
  }
  struct stat st {};
  REQUIRE(stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));  // still a FIFO, not replaced by a file
  ::close(reader);
  CHECK_FALSE(OutputTarget::open("/dev/null").atomic());
  CHECK_FALSE(OutputTarget::open("-").atomic());
  std::string file = dir + "/out.bin";
  {
    auto t = OutputTarget::open(file);
    CHECK(t.atomic());
    t.commit();
  }
  REQUIRE(stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  std::remove(file.c_str());
  std::remove(fifo.c_str());
  rmdir(dir.c_str());
}

TEST_CASE("fd source: a pipe that delivers nothing times out, and the source remembers why it stopped") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  FdSource rd(fds[0], true);
  rd.set_timeout_ms(50);
  uint8_t buf[8];
  CHECK(rd.failure() == 0);
  CHECK(rd.read(buf, 8) == kErrorTimeout);
  CHECK(rd.failure() == kErrorTimeout);
  CHECK(av_error_text(kErrorTimeout) == "read timed out");
  // It stays timed out (a demuxer retrying would otherwise wait the timeout again on every read), even when
  // the pipe has data or ends later.
  REQUIRE(::write(fds[1], "x", 1) == 1);
  CHECK(rd.read(buf, 8) == kErrorTimeout);
  ::close(fds[1]);
  CHECK(rd.read(buf, 8) == kErrorTimeout);
  // The end of a pipe is no failure.
  REQUIRE(pipe(fds) == 0);
  FdSource eof(fds[0], true);
  eof.set_timeout_ms(50);
  ::close(fds[1]);
  CHECK(eof.read(buf, 8) == AVERROR_EOF);
  CHECK(eof.failure() == 0);
}

TEST_CASE("fd source: a cancel from another thread ends a read waiting on a silent pipe, data still comes through") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  FdSource rd(fds[0], true);
  std::atomic<bool> cancel{false};
  rd.set_cancel(&cancel);
  uint8_t buf[8];
  REQUIRE(::write(fds[1], "abc", 3) == 3);
  CHECK(rd.read(buf, 8) == 3);  // polled in slices, but data is read at once
  auto start = std::chrono::steady_clock::now();
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    cancel = true;
  });
  CHECK(rd.read(buf, 8) == AVERROR_EXIT);
  canceller.join();
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(140));
  CHECK(waited < std::chrono::milliseconds(1000));
  CHECK(rd.failure() == 0);  // a cancel is no failure of the input
  ::close(fds[1]);
}

TEST_CASE("open_source: a named FIFO opens before its writer comes; its reads wait for the writer, or a cancel") {
  char dir[] = "/tmp/mt_fifo.XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  const std::string path = std::string(dir) + "/fifo";
  REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  auto src = open_source(path);  // no writer yet: returns at once instead of waiting inside open()
  auto* fd = dynamic_cast<FdSource*>(src.get());
  REQUIRE(fd != nullptr);
  CHECK_FALSE(fd->seekable());
  std::atomic<bool> cancel{false};
  fd->set_cancel(&cancel);
  uint8_t buf[8];
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    cancel = true;
  });
  CHECK(src->read(buf, 8) == AVERROR_EXIT);  // no writer ever came: no EOF, the wait ends by the cancel
  canceller.join();
  cancel = false;
  int w = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);  // the writer comes
  REQUIRE(w >= 0);
  REQUIRE(::write(w, "abc", 3) == 3);
  CHECK(src->read(buf, 8) == 3);
  ::close(w);
  CHECK(src->read(buf, 8) == AVERROR_EOF);  // and its close is the end
  src.reset();
  ::unlink(path.c_str());
  ::rmdir(dir);
}

TEST_CASE("drain reads a source to its end, or stops at its failure") {
  MemorySource mem(ramp(300000), false, 1000);
  uint8_t head[100];
  REQUIRE(mem.read(head, 100) == 100);
  CHECK(drain(mem) == 300000 - 100);
  CHECK(drain(mem) == 0);  // already at the end
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  FdSource rd(fds[0], true);
  rd.set_timeout_ms(100);
  REQUIRE(::write(fds[1], "abc", 3) == 3);
  CHECK(drain(rd) == kErrorTimeout);  // the writer never closes: the timeout ends it
  ::close(fds[1]);
}
