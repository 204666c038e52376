// CLI support: log levels by ffmpeg's names and numbers, the exit-status table, the interrupt flag, the av_log router.
#include <doctest/doctest.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/cli_support.hpp"

using namespace common;

TEST_CASE("log levels parse ffmpeg's names and numbers") {
  LogLevel l{};
  CHECK(parse_log_level("quiet", l));
  CHECK(l == LogLevel::kQuiet);
  CHECK(parse_log_level("warning", l));
  CHECK(l == LogLevel::kWarning);
  CHECK(parse_log_level("debug", l));
  CHECK(l == LogLevel::kDebug);
  CHECK(parse_log_level("24", l));
  CHECK(l == LogLevel::kWarning);
  CHECK(parse_log_level("-8", l));
  CHECK(l == LogLevel::kQuiet);
  CHECK_FALSE(parse_log_level("loud", l));
  CHECK_FALSE(parse_log_level("", l));
}

TEST_CASE("log levels in ffmpeg's flag forms: flags accepted, the level counts, one level at most") {
  LogLevel l = LogLevel::kError;
  CHECK(parse_log_level("repeat+level+info", l));
  CHECK(l == LogLevel::kInfo);
  CHECK(parse_log_level("+repeat", l));  // flags alone keep the level
  CHECK(l == LogLevel::kInfo);
  CHECK(parse_log_level("-repeat+debug", l));
  CHECK(l == LogLevel::kDebug);
  CHECK(parse_log_level("level+32", l));
  CHECK(l == LogLevel::kInfo);
  CHECK_FALSE(parse_log_level("warning+info", l));
  CHECK_FALSE(parse_log_level("repeat+loud", l));
  CHECK_FALSE(parse_log_level("colour+info", l));
}

TEST_CASE("the exit status follows the error's kind alone") {
  CHECK(exit_status(ErrorKind::kUsage) == kExitUsage);
  CHECK(exit_status(ErrorKind::kInput) == kExitFailure);
  CHECK(exit_status(ErrorKind::kOutput) == kExitFailure);
  CHECK(exit_status(ErrorKind::kInternal) == kExitFailure);
  reset_interrupted();
  CHECK(exit_status(ErrorKind::kInterrupted) == kExitInterrupted);
  CHECK(usage_error("--ss", "past the end").kind() == ErrorKind::kUsage);
  CHECK(Error("opening input", AVERROR(EIO)).kind() == ErrorKind::kInput);
  CHECK(av_error_text(kErrorTimeout) == "read timed out");
}

TEST_CASE("library versions: one line per FFmpeg library, built against / running with") {
  const std::string v = library_versions();
  CHECK(v.find("libavformat") != std::string::npos);
  CHECK(v.find("libswresample") != std::string::npos);
  CHECK(std::count(v.begin(), v.end(), '\n') == 5);
  CHECK(v.find(" / ") != std::string::npos);
}

TEST_CASE("exit statuses are the documented table") {
  CHECK(kExitOk == 0);
  CHECK(kExitFailure == 1);
  CHECK(kExitUsage == 2);
  CHECK(kExitInterrupted == 130);
}

TEST_CASE("SIGINT sets the interrupt flag that FFmpeg's interrupt callback reads") {
  install_signal_handlers();
  reset_interrupted();
  AVIOInterruptCB cb = interrupt_callback();
  CHECK(cb.callback(cb.opaque) == 0);
  std::raise(SIGINT);
  CHECK(interrupted());
  CHECK(interrupt_signal() == SIGINT);
  CHECK(cb.callback(cb.opaque) == 1);
  CHECK(interrupted_exit_status() == 130);
  reset_interrupted();
  CHECK_FALSE(interrupted());
  CHECK(interrupted_exit_status() == kExitInterrupted);  // no signal recorded
}

TEST_CASE("SIGTERM stops the same way and exits 143, the shell's 128 + signal") {
  install_signal_handlers();
  reset_interrupted();
  std::raise(SIGTERM);
  CHECK(interrupted());
  CHECK(interrupt_signal() == SIGTERM);
  CHECK(interrupted_exit_status() == 143);
  reset_interrupted();
}

TEST_CASE("AvLogCapture keeps FFmpeg's error messages, a message split over calls joined, instead of printing them") {
  std::string text;
  {
    common::AvLogCapture capture;
    av_log(nullptr, AV_LOG_ERROR, "No such filter: '%s'\n", "nosuch");
    av_log(nullptr, AV_LOG_ERROR, "Error initializing filter 'scale'");
    av_log(nullptr, AV_LOG_ERROR, " with args '%s'\n", "8:zz");
    text = capture.text();
  }
  CHECK(text == "No such filter: 'nosuch'; Error initializing filter 'scale' with args '8:zz'");
  common::AvLogCapture again;  // a new capture starts empty
  CHECK(again.text().empty());
}

TEST_CASE("byte counts: plain, k/M/G/T in powers of 1024, nothing else") {
  int64_t b = -7;
  CHECK(parse_size("1000", b));
  CHECK(b == 1000);
  CHECK(parse_size("64k", b));
  CHECK(b == 65536);
  CHECK(parse_size("64KiB", b));
  CHECK(b == 65536);
  CHECK(parse_size("2M", b));
  CHECK(b == 2 << 20);
  CHECK(parse_size("4G", b));
  CHECK(b == int64_t{4} << 30);
  b = -7;
  CHECK_FALSE(parse_size("0", b));
  CHECK_FALSE(parse_size("-5", b));
  CHECK_FALSE(parse_size("12x", b));
  CHECK_FALSE(parse_size("k", b));
  CHECK_FALSE(parse_size("", b));
  CHECK_FALSE(parse_size("99999999999T", b));
  CHECK_FALSE(parse_size("0.5", b));  // below one byte
  CHECK_FALSE(parse_size("1.5X", b));
  CHECK(b == -7);  // untouched on failure
}

TEST_CASE("byte counts: ffmpeg's suffix forms and fractions") {
  int64_t b = 0;
  CHECK(parse_size("1.5G", b));
  CHECK(b == (int64_t{3} << 30) / 2);
  CHECK(parse_size("64Ki", b));
  CHECK(b == 65536);
  CHECK(parse_size("2MB", b));
  CHECK(b == 2 << 20);
  CHECK(parse_size("0.5k", b));
  CHECK(b == 512);
  CHECK(parse_size("100B", b));
  CHECK(b == 100);
  CHECK_FALSE(parse_size("1GiBx", b));
  CHECK_FALSE(parse_size(".5G", b));
}

namespace {
// What /proc/cpuinfo says of the first CPU's vendor_id ("AuthenticAMD"), and whether its flags list avx2.
std::pair<std::string, bool> cpuinfo_vendor_and_avx2() {
  std::FILE* f = std::fopen("/proc/cpuinfo", "r");
  if (!f) return {"", false};
  std::string vendor;
  bool avx2 = false;
  char line[8192];
  while (std::fgets(line, sizeof line, f)) {
    const std::string l(line);
    if (vendor.empty() && l.rfind("vendor_id", 0) == 0) vendor = l.substr(l.find(':') + 2, 12);
    if (l.rfind("flags", 0) == 0) {
      avx2 = l.find(" avx2") != std::string::npos;
      break;
    }
  }
  std::fclose(f);
  return {vendor, avx2};
}
}  // namespace

TEST_CASE("CPU flags: FFmpeg's detection, slow gathers on AMD with AVX2, and ffmpeg's -cpuflags forms over them") {
  const unsigned detected = static_cast<unsigned>(av_get_cpu_flags());
  const unsigned tuned = default_cpu_flags();
  CHECK((tuned & detected) == detected);  // only adds
  const auto [vendor, avx2] = cpuinfo_vendor_and_avx2();
  if (vendor == "AuthenticAMD" && avx2) CHECK((tuned & AV_CPU_FLAG_SLOW_GATHER) != 0);
  if (vendor == "GenuineIntel") CHECK((tuned & AV_CPU_FLAG_SLOW_GATHER) == (detected & AV_CPU_FLAG_SLOW_GATHER));
  CHECK((tuned & ~detected & ~unsigned{AV_CPU_FLAG_SLOW_GATHER}) == 0);

  unsigned f = 0;
  REQUIRE(parse_cpu_flags("+slowgather", f));
  CHECK(f == (tuned | AV_CPU_FLAG_SLOW_GATHER));
  REQUIRE(parse_cpu_flags("-slowgather", f));
  CHECK(f == (tuned & ~unsigned{AV_CPU_FLAG_SLOW_GATHER}));
  REQUIRE(parse_cpu_flags("0", f));
  CHECK(f == 0);
  REQUIRE(parse_cpu_flags("-avx2-slowgather", f));  // ffmpeg's form: each name added or removed in turn
  CHECK(f == (tuned & ~unsigned{AV_CPU_FLAG_AVX2 | AV_CPU_FLAG_SLOW_GATHER}));
  REQUIRE(parse_cpu_flags("-avx2+slowgather", f));
  CHECK(f == ((tuned & ~unsigned{AV_CPU_FLAG_AVX2}) | AV_CPU_FLAG_SLOW_GATHER));
  f = 7;
  CHECK_FALSE(parse_cpu_flags("bogus", f));
  CHECK_FALSE(parse_cpu_flags("+avx2+", f));
  CHECK_FALSE(parse_cpu_flags("", f));
  CHECK(f == 7);  // untouched on failure
}

namespace {
// What `body` writes to stderr (as program "t", at `level`); the program name and level are restored after.
template <typename F>
std::string stderr_of(LogLevel level, F body) {
  const std::string saved_name = program_name();
  const LogLevel saved_level = log_level();
  set_program_name("t");
  set_log_level(level);
  std::fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp);
  dup2(fileno(tmp), STDERR_FILENO);
  body();
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::string text;
  std::rewind(tmp);
  for (int c; (c = std::fgetc(tmp)) != EOF;) text += static_cast<char>(c);
  std::fclose(tmp);
  set_program_name(saved_name);
  set_log_level(saved_level);
  return text;
}
}  // namespace

TEST_CASE("a message FFmpeg writes in pieces is printed as one line, with one prefix") {
  const std::string text = stderr_of(LogLevel::kWarning, [] {
    av_log(nullptr, AV_LOG_WARNING, "Packet corrupt (stream = %d, dts = %d)", 0, 212400);
    av_log(nullptr, AV_LOG_WARNING, ".\n");
    av_log(nullptr, AV_LOG_WARNING, "two\nlines\n");
  });
  CHECK(text == "t: Packet corrupt (stream = 0, dts = 212400).\nt: two\nt: lines\n");
}

TEST_CASE("LogHold holds FFmpeg's warnings and errors, once each with a count, and passes info through") {
  std::string last, last_error;
  const std::string text = stderr_of(LogLevel::kInfo, [&] {
    {
      LogHold hold;
      av_log(nullptr, AV_LOG_ERROR, "moov atom not found\n");
      av_log(nullptr, AV_LOG_WARNING, "Packet corrupt (stream = %d)", 1);  // in two calls: one message
      av_log(nullptr, AV_LOG_WARNING, ".\n");
      av_log(nullptr, AV_LOG_WARNING, "Packet corrupt (stream = 1).\n");
      av_log(nullptr, AV_LOG_INFO, "passes\n");
      last = LogHold::last();
      last_error = LogHold::last_error();
      LogHold::mute(true);
      av_log(nullptr, AV_LOG_ERROR, "dropped while muted\n");
      LogHold::mute(false);
    }  // flushed: each held message once, as a warning
    av_log(nullptr, AV_LOG_WARNING, "printed again\n");
  });
  CHECK(last == "Packet corrupt (stream = 1).");
  CHECK(last_error == "moov atom not found");
  CHECK(text == "t: passes\nt: warning: moov atom not found\nt: warning: Packet corrupt (stream = 1). (2 times)\n"
                "t: printed again\n");
}

TEST_CASE("AvLogRecorder keeps every av_log call, at any level, with its context, and take() empties it") {
  const int level = av_log_get_level();
  av_log_set_level(AV_LOG_QUIET);  // nothing printed, everything recorded
  const AVClass* cls = avformat_get_class();
  AVFormatContext* ctx = avformat_alloc_context();
  {
    common::AvLogRecorder recorder;
    av_log(ctx, AV_LOG_DEBUG, "debug %d\n", 1);
    av_log(nullptr, AV_LOG_ERROR, "no context\n");
    std::vector<common::LogRecord> records = common::AvLogRecorder::take();
    REQUIRE(records.size() == 2);
    CHECK(records[0].level == AV_LOG_DEBUG);
    CHECK(records[0].context == cls->item_name(ctx));
    CHECK(records[0].message.find("debug 1") != std::string::npos);
    CHECK(records[0].message.back() != '\n');
    CHECK_FALSE(records[0].has_parent);
    CHECK(records[1].context.empty());
    CHECK(records[1].message == "no context");
    CHECK(common::AvLogRecorder::take().empty());
    av_log(ctx, AV_LOG_INFO, "cleared\n");
    common::AvLogRecorder::clear();
    CHECK(common::AvLogRecorder::take().empty());
  }
  av_log(ctx, AV_LOG_ERROR, "after\n");  // no recorder: nothing kept for the next one
  common::AvLogRecorder again;
  CHECK(common::AvLogRecorder::take().empty());
  avformat_free_context(ctx);
  av_log_set_level(level);
}

TEST_CASE("completion values: the installed FFmpeg's names, sorted and unique, and the log level names") {
  auto has = [](const std::vector<std::string>& v, const char* name) {
    return std::find(v.begin(), v.end(), name) != v.end();
  };
  auto muxers = completion_values("muxers");
  REQUIRE(muxers);
  CHECK(has(*muxers, "matroska"));
  CHECK(has(*muxers, "nut"));
  CHECK(std::is_sorted(muxers->begin(), muxers->end()));
  CHECK(std::adjacent_find(muxers->begin(), muxers->end()) == muxers->end());
  auto demuxers = completion_values("demuxers");
  REQUIRE(demuxers);
  CHECK(has(*demuxers, "matroska"));  // "matroska,webm" is split: -f takes each name
  CHECK(has(*demuxers, "webm"));
  CHECK(has(*demuxers, "mov"));
  auto video = completion_values("filters:video");
  auto audio = completion_values("filters:audio");
  auto all = completion_values("filters");
  REQUIRE(video);
  REQUIRE(audio);
  REQUIRE(all);
  CHECK(has(*video, "scale"));
  CHECK(!has(*video, "volume"));
  CHECK(has(*audio, "volume"));
  CHECK(!has(*audio, "overlay"));  // two inputs: not a chain's
  CHECK(has(*all, "overlay"));
  CHECK(has(*completion_values("encoders"), "rawvideo"));
  CHECK(has(*completion_values("bsfs"), "h264_mp4toannexb"));
  CHECK(has(*completion_values("pix_fmts"), "yuv420p"));
  auto levels = completion_values("loglevels");
  REQUIRE(levels);
  for (const std::string& name : *levels) {
    LogLevel l{};
    CHECK(parse_log_level(name, l));
  }
  CHECK(has(*levels, "warning"));
  CHECK(!completion_values("nothing"));
}

TEST_CASE("AvLogWarnings keeps one input's warnings: its thread's, and its watched contexts' from any thread") {
  AVFormatContext* watched = avformat_alloc_context();
  REQUIRE(watched);
  std::vector<LogWarning> mine_kept, theirs_kept;
  const std::string printed = stderr_of(LogLevel::kQuiet, [&] {
    AvLogWarnings mine;
    mine.watch(watched);
    std::thread other([&] {
      AvLogWarnings theirs;
      av_log(nullptr, AV_LOG_WARNING, "theirs %d\n", 1);
      av_log(watched, AV_LOG_WARNING, "from the watched context ");  // one message in two calls
      av_log(watched, AV_LOG_WARNING, "on another thread\n");
      av_log(nullptr, AV_LOG_INFO, "info is not kept\n");
      theirs_kept = theirs.take();
    });
    other.join();
    av_log(nullptr, AV_LOG_ERROR, "mine\n");
    mine_kept = mine.take();
    CHECK(mine.dropped() == 0);
  });
  avformat_free_context(watched);
  CHECK(printed.empty());  // kept whatever the level: -v quiet prints nothing
  REQUIRE(theirs_kept.size() == 1);
  CHECK(theirs_kept[0].message == "theirs 1");
  CHECK(theirs_kept[0].level == AV_LOG_WARNING);
  REQUIRE(mine_kept.size() == 2);
  CHECK(mine_kept[0].message == "from the watched context on another thread");
  CHECK(mine_kept[1].message == "mine");
  CHECK(mine_kept[1].level == AV_LOG_ERROR);
  CHECK(mine_kept[1].component.empty());
}

TEST_CASE("AvLogMuteOnCancel drops this thread's FFmpeg messages once the flag is raised, and only this thread's") {
  std::atomic<bool> cancel{false};
  const std::string printed = stderr_of(LogLevel::kWarning, [&] {
    AvLogWarnings kept;
    {
      AvLogMuteOnCancel mute(&cancel);
      av_log(nullptr, AV_LOG_WARNING, "before the cancel\n");
      cancel = true;
      av_log(nullptr, AV_LOG_WARNING, "the echo of the stop\n");
      std::thread other([] { av_log(nullptr, AV_LOG_WARNING, "another thread\n"); });
      other.join();
    }
    av_log(nullptr, AV_LOG_WARNING, "after the mute\n");
    CHECK(kept.take().size() == 2);  // neither printed nor kept while muted
  });
  CHECK(printed == "t: before the cancel\nt: another thread\nt: after the mute\n");
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define MT_OWN_ALLOCATOR 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MT_OWN_ALLOCATOR 1
#endif

TEST_CASE("reuse_freed_buffers: a frame-sized buffer comes from the heap, not from a mapping of its own") {
#if defined(__GLIBC__) && !defined(MT_OWN_ALLOCATOR)  // a sanitizer's allocator is its own
  common::reuse_freed_buffers();
  constexpr size_t kFrame = 24 << 20;  // about a 4K frame in 4:2:0 at 10 bits; glibc maps above 128 KiB at first
  const size_t mapped_before = mallinfo2().hblks;
  void* frame = std::malloc(kFrame);
  REQUIRE(frame != nullptr);
  static_cast<volatile char*>(frame)[kFrame - 1] = 1;
  const size_t mapped_during = mallinfo2().hblks;
  std::free(frame);
  CHECK(mapped_during == mapped_before);
  // Given back to the heap, not unmapped: the next frame of that size is not a mapping either.
  void* next = std::malloc(kFrame);
  REQUIRE(next != nullptr);
  CHECK(mallinfo2().hblks == mapped_before);
  std::free(next);
#endif
}
