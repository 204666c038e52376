#include "input_list.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "cli/command_line.hpp"
#include "common/errors.hpp"
#include "common/ffmpeg.hpp"

namespace avprobe_json {

InputList::InputList(InputListOptions options) : options_(std::move(options)) {
  if (options_.files_from.empty()) return;
  if (cli::names_stdin(options_.files_from)) {
    list_ = stdin;
    stdin_used_ = true;
    return;
  }
  list_ = std::fopen(options_.files_from.c_str(), "re");
  if (!list_) throw common::Error("reading --files-from " + options_.files_from, AVERROR(errno));
  own_list_ = true;
}

InputList::~InputList() {
  if (own_list_) std::fclose(list_);
}

bool InputList::several() const { return options_.names.size() > 1 || list_ || options_.recursive; }

std::optional<InputEntry> InputList::next() {
  for (;;) {
    if (!levels_.empty()) {
      if (auto e = walk()) return e;
      continue;  // the walk is over: back to the names
    }
    auto named = next_named();
    if (!named) return std::nullopt;
    if (named->error < 0 || !options_.recursive) return named;
    if (auto e = expand(named->name)) return e;
  }
}

std::optional<InputEntry> InputList::next_named() {
  std::string name;
  if (named_ < options_.names.size()) {
    name = options_.names[named_++];
    if (cli::names_stdin(name)) stdin_used_ = true;  // the command line names it once at most (parse_options)
  } else {
    if (!list_ || list_done_) return std::nullopt;
    const int delim = options_.null_separated ? '\0' : '\n';
    char* line = nullptr;
    size_t cap = 0;
    for (;;) {
      errno = 0;
      ssize_t n = getdelim(&line, &cap, delim, list_);
      if (n < 0) {
        const int err = errno;
        std::free(line);
        list_done_ = true;
        if (err != 0 && !std::feof(list_))
          return InputEntry{options_.files_from, AVERROR(err), "reading --files-from: " + common::av_error_text(AVERROR(err))};
        return std::nullopt;
      }
      if (n > 0 && line[n - 1] == delim) --n;
      if (n == 0) continue;  // empty lines (and a trailing delimiter) name nothing
      name.assign(line, static_cast<size_t>(n));
      break;
    }
    std::free(line);
    if (cli::names_stdin(name)) {
      // The list read from stdin cannot name stdin; a list from a file may, once.
      if (cli::names_stdin(options_.files_from))
        return InputEntry{name, AVERROR(EINVAL), "stdin is the list of inputs (--files-from -), not an input"};
      if (stdin_used_) return InputEntry{name, AVERROR(EINVAL), "stdin can be read only once"};
      stdin_used_ = true;
    }
  }
  return InputEntry{name, 0, {}};
}

// A named input: a directory (named ones are followed even through a symlink, as grep -r does) is walked; anything
// else is an input as it is, and the probe says what is wrong with it.
std::optional<InputEntry> InputList::expand(std::string name) {
  struct stat st {};
  if (cli::names_stdin(name) || stat(name.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return InputEntry{std::move(name), 0, {}};
  return enter(name);
}

std::optional<InputEntry> InputList::enter(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (!d) return InputEntry{dir, AVERROR(errno), "reading directory: " + common::av_error_text(AVERROR(errno))};
  Level level;
  struct stat st {};
  if (fstat(dirfd(d), &st) == 0) {
    level.dev = st.st_dev;
    level.ino = st.st_ino;
  }
  const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  errno = 0;
  while (const dirent* e = readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) level.entries.push_back(prefix + e->d_name);
    errno = 0;
  }
  const int err = errno;
  closedir(d);
  if (err != 0) return InputEntry{dir, AVERROR(err), "reading directory: " + common::av_error_text(AVERROR(err))};
  std::sort(level.entries.begin(), level.entries.end());
  levels_.push_back(std::move(level));
  return std::nullopt;
}

bool InputList::on_path(dev_t dev, ino_t ino) const {
  return std::any_of(levels_.begin(), levels_.end(), [&](const Level& l) { return l.dev == dev && l.ino == ino; });
}

std::optional<InputEntry> InputList::walk() {
  while (!levels_.empty()) {
    Level& top = levels_.back();
    if (top.next == top.entries.size()) {
      levels_.pop_back();
      continue;
    }
    std::string path = std::move(top.entries[top.next++]);
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) continue;  // gone since the directory was read
    if (S_ISLNK(st.st_mode)) {
      if (!options_.follow_symlinks || stat(path.c_str(), &st) != 0) continue;  // not followed, or dangling
    }
    if (S_ISREG(st.st_mode)) return InputEntry{std::move(path), 0, {}};
    if (S_ISDIR(st.st_mode) && !on_path(st.st_dev, st.st_ino)) {
      if (auto error = enter(path)) return error;
    }
    // FIFOs, sockets and devices under a tree are not media files: a FIFO would wait for a writer for ever.
  }
  return std::nullopt;
}

}  // namespace avprobe_json
