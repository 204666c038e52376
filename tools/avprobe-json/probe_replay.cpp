#include "probe_replay.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <vector>

#include "common/errors.hpp"

namespace avprobe_json {

// A view of the input from its start. On a seekable input: the input itself, rewound. On a pipe: the kept bytes,
// then the pipe.
class ProbeReplay::View : public common::Source {
 public:
  explicit View(ProbeReplay& owner) : owner_(owner) {
    if (owner_.seekable_) owner_.upstream_->seek(0, SEEK_SET);
  }
  int read(uint8_t* buf, int size) override {
    int n = owner_.seekable_ ? owner_.upstream_->read(buf, size) : owner_.read_at(pos_, buf, size);
    if (n > 0) pos_ += n;
    return n;
  }
  int64_t seek(int64_t offset, int whence) override {
    if (!owner_.seekable_) return AVERROR(ESPIPE);
    const int64_t r = owner_.upstream_->seek(offset, whence);
    if (r >= 0) pos_ = r;
    return r;
  }
  int64_t size() override { return owner_.seekable_ ? owner_.upstream_->size() : AVERROR(ENOSYS); }
  bool seekable() const override { return owner_.seekable_; }
  int64_t position() const override { return pos_; }
  int failure() const override { return owner_.upstream_->failure(); }

 private:
  ProbeReplay& owner_;
  int64_t pos_ = 0;
};

ProbeReplay::ProbeReplay(std::unique_ptr<common::Source> upstream, const common::SpoolOptions& keep)
    : upstream_(std::move(upstream)), seekable_(upstream_->seekable()), limit_(keep.limit) {
  if (seekable_) return;
  std::string dir = keep.dir;
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    dir = (tmp && *tmp) ? tmp : "/tmp";
  }
  std::string templ = dir + "/mediatoolkit-replay-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0) throw common::Error("creating the probe's replay file in " + dir, AVERROR(errno));
  ::unlink(name.data());  // nothing is left behind, whatever happens to the process
}

ProbeReplay::~ProbeReplay() {
  if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<common::Source> ProbeReplay::view() { return std::make_unique<View>(*this); }

int ProbeReplay::read_at(int64_t pos, uint8_t* buf, int size) {
  if (pos < kept_) {  // replayed from the file
    const size_t n = static_cast<size_t>(std::min<int64_t>(size, kept_ - pos));
    for (;;) {
      const ssize_t r = pread(fd_, buf, n, static_cast<off_t>(pos));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return AVERROR(errno);
      if (r == 0) return AVERROR_EOF;
      return static_cast<int>(r);
    }
  }
  // Only the view at the pipe's position reads on (an older view, or one past bytes that were not kept, cannot).
  if (pos != read_) return AVERROR(ESPIPE);
  const int n = upstream_->read(buf, size);
  if (n <= 0) return n;
  read_ += n;
  if (keeping_ && !overflowed_ && kept_ + n <= limit_) {
    const uint8_t* p = buf;
    size_t left = static_cast<size_t>(n);
    int64_t at = kept_;
    while (left > 0) {
      const ssize_t w = pwrite(fd_, p, left, static_cast<off_t>(at));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;  // the disk is full: these bytes go by once, and no retry reads them again
      p += w;
      at += w;
      left -= static_cast<size_t>(w);
    }
    if (left == 0)
      kept_ = at;
    else
      overflowed_ = true;
  } else {
    overflowed_ = true;
  }
  return n;
}

}  // namespace avprobe_json
