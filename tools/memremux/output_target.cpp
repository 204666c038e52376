#include "output_target.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "common/errors.hpp"

namespace memremux {
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
    t.sink_ = std::make_unique<common::FdSink>(STDOUT_FILENO, false);
    return t;
  }
  if (is_special(path)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw common::Error("opening output " + path, AVERROR(errno));
    t.sink_ = std::make_unique<common::FdSink>(fd, true);
    return t;
  }
  auto atomic = std::make_unique<common::AtomicFileSink>(resolve(path));
  t.atomic_ = atomic.get();
  t.sink_ = std::move(atomic);
  return t;
}

void OutputTarget::commit() {
  if (atomic_) atomic_->commit();
}

}  // namespace memremux
