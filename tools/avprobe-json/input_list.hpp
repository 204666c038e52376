// The inputs of one avprobe-json run, streamed one at a time: the names on the command line, then those of
// --files-from (lines, or NUL-separated with -0), each directory walked with -r (sorted, symlinks followed only with
// --follow-symlinks). Only the list's current position is held, never the whole list, so a hundred thousand names
// cost no more memory than ten.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace avprobe_json {

struct InputListOptions {
  std::vector<std::string> names;  // from the command line, in order ("-" is stdin)
  std::string files_from;          // --files-from FILE ("-": stdin); empty: none
  bool null_separated = false;     // -0: the list's names end with NUL, not newline
  bool recursive = false;          // -r: a directory stands for the regular files under it
  bool follow_symlinks = false;    // --follow-symlinks: with -r, symlinks to files and directories are followed
};

// One input, or an entry of the list that cannot be one (an unreadable directory, a second stdin): then error is
// its AVERROR and reason says why.
struct InputEntry {
  std::string name;
  int error = 0;
  std::string reason;
};

class InputList {
 public:
  // Opens --files-from; throws common::Error ("reading --files-from FILE") when it cannot be opened.
  explicit InputList(InputListOptions options);
  ~InputList();
  InputList(const InputList&) = delete;
  InputList& operator=(const InputList&) = delete;

  // The next input, in order; nullopt after the last. Not thread-safe: one caller at a time.
  std::optional<InputEntry> next();
  // Whether the run may have several inputs (a list, a walk, or more than one name): each gets its own document.
  bool several() const;
  // Whether stdin was handed out as an input, or read as the list (--files-from -).
  bool read_stdin() const { return stdin_used_; }

 private:
  // A directory being walked: its entries (full paths) sorted, and how far we are.
  struct Level {
    std::vector<std::string> entries;
    size_t next = 0;
    dev_t dev = 0;
    ino_t ino = 0;
  };
  std::optional<InputEntry> next_named();            // the command line's names, then the list's
  std::optional<InputEntry> expand(std::string name);  // a name as it is, or nothing once its directory is entered
  std::optional<InputEntry> walk();                   // the next file of the directories being walked
  std::optional<InputEntry> enter(const std::string& dir);  // pushes a directory level; an error entry if unreadable
  bool on_path(dev_t dev, ino_t ino) const;           // a directory already being walked (a symlink loop)

  InputListOptions options_;
  size_t named_ = 0;
  std::FILE* list_ = nullptr;
  bool own_list_ = false;
  bool list_done_ = false;
  bool stdin_used_ = false;
  std::vector<Level> levels_;
};

}  // namespace avprobe_json
