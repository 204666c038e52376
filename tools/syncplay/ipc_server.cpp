#include "ipc_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace syncplay {

namespace {
constexpr const char* kOption = "--input-ipc-server";
constexpr size_t kReadChunk = 16 * 1024;
}  // namespace

struct IpcServer::Client {
  int fd = -1;
  uint64_t id = 0;
  std::string in;         // bytes of a line not complete yet (IO thread only)
  bool skipping = false;  // inside a line that was too long: drop up to its newline (IO thread only)
  bool read_closed = false;
  bool dead = false;
  size_t pending = 0;  // lines taken or waiting to be, not answered yet (under the mutex)
  std::string out;     // under the mutex
};

IpcServer::IpcServer(std::string path, IpcServerTuning tuning) : path_(std::move(path)), tuning_(tuning) {
  sockaddr_un addr{};
  if (path_.empty()) throw common::usage_error(kOption, "an empty path");
  if (path_.size() >= sizeof addr.sun_path)
    throw common::usage_error(kOption, path_ + ": longer than a socket path may be (" +
                                           std::to_string(sizeof addr.sun_path - 1) + " bytes)");
  struct stat st{};
  if (lstat(path_.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) throw common::usage_error(kOption, path_ + ": exists and is not a socket");
    ::unlink(path_.c_str());  // a socket left behind (or another player's): replaced, as mpv does
  }
  // The socket is bound and listening under a name of its own first, then renamed to PATH: a client that waits for
  // PATH to exist (a script polling `test -S`) never finds a socket that refuses connections. Only a PATH too long
  // for the extra suffix is bound in place.
  std::string staged = path_ + "." + std::to_string(::getpid()) + ".tmp";
  if (staged.size() >= sizeof addr.sun_path) staged = path_;
  std::memcpy(addr.sun_path, staged.c_str(), staged.size());
  addr.sun_family = AF_UNIX;
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw common::Error("creating " + std::string(kOption), AVERROR(errno), common::ErrorKind::kInternal);
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0 ||
      (staged != path_ && ::rename(staged.c_str(), path_.c_str()) != 0)) {
    int e = errno;
    ::close(listen_fd_);
    if (staged != path_) ::unlink(staged.c_str());
    throw common::usage_error(kOption, path_ + ": " + std::strerror(e));
  }
  if (::stat(path_.c_str(), &st) == 0) {
    dev_ = st.st_dev;
    ino_ = st.st_ino;
  }
  if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) {
    int e = errno;
    ::close(listen_fd_);
    ::unlink(path_.c_str());
    throw common::Error("creating " + std::string(kOption), AVERROR(e), common::ErrorKind::kInternal);
  }
  thread_ = std::thread([this] { run(); });
}

IpcServer::~IpcServer() { stop(); }

void IpcServer::wake() {
  char b = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_[1], &b, 1);  // a full pipe already wakes the thread
}

std::vector<IpcLine> IpcServer::take() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<IpcLine> out;
  out.swap(lines_);
  return out;
}

void IpcServer::queue_locked(Client& c, const std::string& line) {
  if (c.dead) return;
  if (c.out.size() + line.size() + 1 > tuning_.max_output_bytes) {
    // It reads nothing of what it is sent: dropped rather than holding ever more.
    common::log_info(std::string(kOption) + ": a client that reads nothing was disconnected");
    c.dead = true;
    c.out.clear();
    return;
  }
  c.out += line;
  c.out += '\n';
}

void IpcServer::reply(uint64_t client, const std::string& line) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& c : clients_) {
      if (c->id != client) continue;
      if (c->pending > 0) --c->pending;
      queue_locked(*c, line);
    }
  }
  wake();
}

void IpcServer::skip(uint64_t client) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& c : clients_)
      if (c->id == client && c->pending > 0) --c->pending;
  }
  wake();
}

void IpcServer::broadcast(const std::string& line) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& c : clients_) queue_locked(*c, line);
  }
  wake();
}

size_t IpcServer::clients() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return clients_.size();
}

// Reads what the client sent and cuts it into lines (the IO thread; the mutex is held).
void IpcServer::read_from(Client& c) {
  char buf[kReadChunk];
  for (;;) {
    ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0) {
      c.dead = true;
      return;
    }
    if (n == 0) {
      // The client closed its side: a last line without its newline still counts (echo -n ... | socat).
      c.read_closed = true;
      if (!c.in.empty() && !c.skipping) {
        lines_.push_back(IpcLine{c.id, std::move(c.in), false});
        ++c.pending;
      }
      c.in.clear();
      return;
    }
    const char* p = buf;
    const char* end = buf + n;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* stop = nl ? nl : end;
      if (!c.skipping) c.in.append(p, static_cast<size_t>(stop - p));
      if (!c.skipping && c.in.size() > tuning_.max_line_bytes) {
        lines_.push_back(IpcLine{c.id, std::string(), true});
        ++c.pending;
        c.in.clear();
        c.skipping = true;
      }
      if (nl) {
        if (!c.skipping) {
          lines_.push_back(IpcLine{c.id, std::move(c.in), false});
          ++c.pending;
        }
        c.in.clear();
        c.skipping = false;
      }
      p = nl ? nl + 1 : end;
    }
    if (c.pending >= tuning_.max_pending_lines) return;  // the rest waits in the socket until these are answered
  }
}

void IpcServer::run() {
  using Clock = std::chrono::steady_clock;
  Clock::time_point deadline{};
  std::vector<pollfd> fds;
  std::vector<Client*> polled;  // polled[i] is the client of fds[2 + i]
  for (;;) {
    int timeout = -1;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        if (deadline == Clock::time_point{}) deadline = Clock::now() + std::chrono::milliseconds(tuning_.flush_ms);
        bool flushed = std::all_of(clients_.begin(), clients_.end(), [](const auto& c) { return c->dead || c->out.empty(); });
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (flushed || left <= 0) break;
        timeout = static_cast<int>(left);
      }
      fds.clear();
      fds.push_back(pollfd{wake_[0], POLLIN, 0});
      fds.push_back(pollfd{listen_fd_, static_cast<short>(!stopping_ && clients_.size() < tuning_.max_clients ? POLLIN : 0), 0});
      polled.clear();
      for (auto& c : clients_) {
        short ev = 0;
        if (!c->read_closed && !stopping_ && c->pending < tuning_.max_pending_lines) ev |= POLLIN;
        if (!c->out.empty()) ev |= POLLOUT;
        // Nothing to read (its side closed, or enough lines waiting) and nothing to send yet: a hang-up would wake
        // the poll again and again; it waits unpolled for its answers.
        if (ev == 0) continue;
        fds.push_back(pollfd{c->fd, ev, 0});
        polled.push_back(c.get());
      }
    }
    int r = ::poll(fds.data(), fds.size(), timeout);
    if (r < 0 && errno != EINTR) break;
    std::lock_guard<std::mutex> lock(mutex_);
    if (fds[0].revents & POLLIN) {
      char drain[256];
      while (::read(wake_[0], drain, sizeof drain) > 0) {}
    }
    if (fds[1].revents & POLLIN) {
      for (;;) {
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        auto c = std::make_unique<Client>();
        c->fd = fd;
        c->id = next_id_++;
        clients_.push_back(std::move(c));
        if (clients_.size() >= tuning_.max_clients) break;
      }
    }
    for (size_t i = 0; i < polled.size(); ++i) {
      Client& c = *polled[i];
      short rev = fds[i + 2].revents;
      if (c.dead) continue;
      if (rev & POLLNVAL) {
        c.dead = true;
        continue;
      }
      if ((rev & (POLLIN | POLLHUP | POLLERR)) && !c.read_closed && !stopping_) read_from(c);
      if ((rev & (POLLOUT | POLLERR | POLLHUP)) && !c.out.empty() && !c.dead) {
        ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) c.out.erase(0, static_cast<size_t>(n));
        else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) c.dead = true;
      }
      // Gone both ways, with nothing left to read: nobody to answer.
      if ((rev & POLLHUP) && c.read_closed && !(rev & POLLIN) && c.out.empty() && c.pending == 0) c.dead = true;
    }
    // A client leaves once dead, or once it closed its side and everything it asked was answered and sent.
    clients_.erase(std::remove_if(clients_.begin(), clients_.end(),
                                  [](const std::unique_ptr<Client>& c) {
                                    bool done = c->dead || (c->read_closed && c->pending == 0 && c->out.empty());
                                    if (done) ::close(c->fd);
                                    return done;
                                  }),
                   clients_.end());
  }
}

void IpcServer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;
  }
  wake();
  if (thread_.joinable()) thread_.join();
  for (auto& c : clients_) ::close(c->fd);
  clients_.clear();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  for (int& fd : wake_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  // Removed only while it is still the socket we made (another player may have replaced it since).
  struct stat st{};
  if (::lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) && st.st_dev == dev_ && st.st_ino == ino_)
    ::unlink(path_.c_str());
}

}  // namespace syncplay
