// Linked into the tools of the sanitizer build only (MT_SANITIZE, top-level CMakeLists.txt): samples
// LeakSanitizer's check at exit over the runs of a test that repeat one set of options.
//
// Why: the check scans the writable data of every library loaded, 32 MiB for FFmpeg's 136, and on a virtual
// machine where each page fault is expensive that costs 90 ms of CPU per process, about as much as the rest of the
// run. The sanitizer pass starts some 2350 tool processes (process accounting over it): the checks were 220 CPU
// seconds of its 1320, two minutes of the test command. Most of those processes repeat one set of options on other
// bytes (the damage loops cut or corrupt a file under one name; the pipe parity loops run `memremux -f FMT` on
// stdin), and a repeat mostly walks the paths its first run walked.
//
// So, with MT_LEAK_CHECK_EVERY=N and MT_LEAK_CHECK_DIR=DIR in the environment (scripts/test.sh sets the first for
// the sanitizer pass, tests/cli/lib.sh the second to a directory of the test's own), a process is leak-checked
// when the options of its command line are new to the test, and on every Nth repeat of them. What counts is the
// program's name and the arguments that start with '-' (options, and "-" for stdin), in order: which code runs, and
// so what may leak, follows from the options a run uses far more than from their values or the files named (a
// parity loop runs one option set over every fixture; a cut loop, one over ten cut points). Repeats are counted in
// DIR, one file per option set, under a lock (the loops run several processes at once). Without both variables,
// and when anything here fails, every process is checked.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// FNV-1a over the program's name and the arguments that start with '-' (each followed by a NUL byte).
uint64_t command_line_key() {
  uint64_t h = 14695981039346656037ull;
  const int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::string all;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) all.append(buf, static_cast<size_t>(n));
  close(fd);
  const auto add = [&h](const std::string& s, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 1099511628211ull;
    h = (h ^ 0xffu) * 1099511628211ull;  // the separator
  };
  for (size_t start = 0, arg = 0; start < all.size(); ++arg) {
    size_t end = all.find('\0', start);
    if (end == std::string::npos) end = all.size();
    if (arg == 0) {  // the program, by its name (a build's directory is no part of it)
      const size_t slash = end > start ? all.rfind('/', end - 1) : std::string::npos;
      add(all, slash != std::string::npos && slash >= start ? slash + 1 : start, end);
    } else if (all[start] == '-') {
      add(all, start, end);
    }
    start = end + 1;
  }
  return h;
}

// The number of this run of the option set within the test: 1 for its first run.
long next_run_number(const char* dir, uint64_t key) {
  char path[4096];
  if (std::snprintf(path, sizeof path, "%s/%016" PRIx64, dir, key) >= static_cast<int>(sizeof path)) return 0;
  const int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return 0;
  long run = 0;
  if (flock(fd, LOCK_EX) == 0) {
    char text[32] = {};
    const ssize_t n = pread(fd, text, sizeof text - 1, 0);
    run = (n > 0 ? std::strtol(text, nullptr, 10) : 0) + 1;
    const int len = std::snprintf(text, sizeof text, "%ld\n", run);
    if (pwrite(fd, text, static_cast<size_t>(len), 0) != len) run = 0;
    flock(fd, LOCK_UN);
  }
  close(fd);
  return run;
}

}  // namespace

// LeakSanitizer asks this before its check at exit: non-zero skips the check.
extern "C" int __lsan_is_turned_off() {
  const int saved_errno = errno;
  const char* every_text = std::getenv("MT_LEAK_CHECK_EVERY");
  const char* dir = std::getenv("MT_LEAK_CHECK_DIR");
  int off = 0;
  if (every_text && dir && *dir) {
    const long every = std::strtol(every_text, nullptr, 10);
    const long run = every > 1 ? next_run_number(dir, command_line_key()) : 0;
    off = run > 1 && (run - 1) % every != 0;
  }
  errno = saved_errno;
  return off;
}
