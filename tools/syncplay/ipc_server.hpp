// The socket of --input-ipc-server: a Unix stream socket that any number of clients connect to, each sending lines
// and receiving lines (mpv's JSON IPC framing). One thread polls the listening socket and the clients; lines go to
// the player's loop through take(), replies and events come back through reply() and broadcast(). What a line
// means is ipc_protocol's business: this file only carries bytes, with bounded buffers for every client.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace syncplay {

struct IpcServerTuning {
  static constexpr size_t kMaxLineBytes = 64 * 1024;          // a longer line is answered as invalid and skipped
  static constexpr size_t kMaxOutputBytes = size_t{4} << 20;  // a client that reads nothing is dropped past this
  static constexpr size_t kMaxPendingLines = 64;              // per client: reading waits while this many are queued
  static constexpr size_t kMaxClients = 64;                   // more connections wait in the listen backlog
  static constexpr int kFlushMs = 500;                        // at stop: time left for the last replies and events
  size_t max_line_bytes = kMaxLineBytes;
  size_t max_output_bytes = kMaxOutputBytes;
  size_t max_pending_lines = kMaxPendingLines;
  size_t max_clients = kMaxClients;
  int flush_ms = kFlushMs;
};

struct IpcLine {
  uint64_t client = 0;
  std::string text;       // without its newline
  bool too_long = false;  // the line passed max_line_bytes: text is empty, the rest of the line is skipped
};

class IpcServer {
 public:
  // Listens on `path`. A socket already there (left by a player that died) is replaced, as mpv does; anything else
  // there is a usage error (common::Error), as is a path that cannot be bound.
  explicit IpcServer(std::string path, IpcServerTuning tuning = {});
  ~IpcServer();
  IpcServer(const IpcServer&) = delete;
  IpcServer& operator=(const IpcServer&) = delete;

  // The complete lines received since the last call, in order per client. Every line taken must get one reply().
  std::vector<IpcLine> take();
  // Sends a line (a newline is added) to one client; nothing if it has gone.
  void reply(uint64_t client, const std::string& line);
  // Takes a line that gets no reply (mpv skips blank lines and comments).
  void skip(uint64_t client);
  // Sends a line to every connected client.
  void broadcast(const std::string& line);
  // Sends what is still buffered (flush_ms at most), closes every connection and removes the socket file. Idempotent.
  void stop();
  size_t clients() const;

 private:
  struct Client;
  void run();
  void queue_locked(Client& c, const std::string& line);
  void read_from(Client& c);
  void wake();

  std::string path_;
  IpcServerTuning tuning_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  uint64_t dev_ = 0, ino_ = 0;  // the socket file we made (removed at stop only if it is still ours)
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::vector<IpcLine> lines_;
  uint64_t next_id_ = 1;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace syncplay
