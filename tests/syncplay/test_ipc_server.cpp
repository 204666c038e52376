// syncplay's IPC socket: line framing over real Unix sockets, several clients, events to all, a client that leaves
// mid-line or sends too long a line, a half-closed client still answered, the socket file replaced when stale,
// refused over a regular file, removed at stop.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/errors.hpp"
#include "ipc_server.hpp"

using namespace syncplay;

namespace {

std::string temp_path(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  std::string base = dir && *dir ? dir : "/tmp";
  return base + "/syncplay_ipc_" + std::to_string(::getpid()) + "_" + name;
}

int connect_to(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size());
  REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

void send_all(int fd, const std::string& s) {
  REQUIRE(::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size()));
}

// Reads until `lines` newlines arrived or 5 s passed (a bound against a hang, not a measure).
std::string read_lines(int fd, int lines) {
  std::string got;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::count(got.begin(), got.end(), '\n') < lines && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

// Waits (5 s at most) until the server handed over `n` lines in all.
std::vector<IpcLine> take_lines(IpcServer& server, size_t n) {
  std::vector<IpcLine> all;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (all.size() < n && std::chrono::steady_clock::now() < until) {
    for (auto& l : server.take()) all.push_back(std::move(l));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return all;
}

bool wait_clients(IpcServer& server, size_t n) {
  for (int i = 0; i < 2500 && server.clients() != n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return server.clients() == n;
}

bool exists(const std::string& path) {
  struct stat st{};
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

TEST_CASE("lines in pieces are framed, answered to their client; events go to every client") {
  std::string path = temp_path("frame");
  IpcServer server(path);
  int a = connect_to(path), b = connect_to(path);
  REQUIRE(wait_clients(server, 2));
  send_all(a, "{\"command\":");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  send_all(a, " [\"quit\"]}\nsecond\n");
  send_all(b, "from b\n");
  auto lines = take_lines(server, 3);
  REQUIRE(lines.size() == 3);
  uint64_t id_a = 0, id_b = 0;
  std::vector<std::string> of_a;
  for (const auto& l : lines) {
    if (l.text == "from b") id_b = l.client;
    else {
      id_a = l.client;
      of_a.push_back(l.text);
    }
  }
  CHECK(of_a == std::vector<std::string>{"{\"command\": [\"quit\"]}", "second"});
  CHECK(id_a != id_b);
  server.reply(id_a, "reply 1");
  server.reply(id_a, "reply 2");
  server.reply(id_b, "reply b");
  server.broadcast("{\"event\":\"seek\"}");
  CHECK(read_lines(a, 3) == "reply 1\nreply 2\n{\"event\":\"seek\"}\n");
  CHECK(read_lines(b, 2) == "reply b\n{\"event\":\"seek\"}\n");
  ::close(a);
  ::close(b);
  server.stop();
  CHECK_FALSE(exists(path));
}

TEST_CASE("a client that leaves mid-line or sends too long a line does not disturb the others") {
  std::string path = temp_path("rude");
  IpcServerTuning tuning;
  tuning.max_line_bytes = 1000;
  IpcServer server(path, tuning);
  int rude = connect_to(path), longer = connect_to(path), calm = connect_to(path);
  REQUIRE(wait_clients(server, 3));
  send_all(rude, "{\"command\": [\"get_pro");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::close(rude);  // gone mid-line: the half line counts (as the last line of a closed side) but nobody reads it
  send_all(longer, std::string(5000, 'x') + "\nafter\n");
  auto lines = take_lines(server, 3);
  REQUIRE(lines.size() == 3);
  bool saw_too_long = false, saw_after = false;
  for (const auto& l : lines) {
    if (l.too_long) {
      saw_too_long = true;
      CHECK(l.text.empty());
      server.reply(l.client, "too long");
    } else if (l.text == "after") {
      saw_after = true;
      server.reply(l.client, "ok");
    } else {
      server.reply(l.client, "to nobody");  // the rude one's partial line: its answer goes nowhere
    }
  }
  CHECK(saw_too_long);
  CHECK(saw_after);
  CHECK(read_lines(longer, 2) == "too long\nok\n");
  REQUIRE(wait_clients(server, 2));
  send_all(calm, "still here\n");
  lines = take_lines(server, 1);
  REQUIRE(lines.size() == 1);
  server.reply(lines[0].client, "yes");
  CHECK(read_lines(calm, 1) == "yes\n");
  ::close(longer);
  ::close(calm);
}

TEST_CASE("a client that closed its side still gets the answers to what it sent, then is let go") {
  std::string path = temp_path("half");
  IpcServer server(path);
  int fd = connect_to(path);
  send_all(fd, "one\ntwo without newline");
  ::shutdown(fd, SHUT_WR);
  auto lines = take_lines(server, 2);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].text == "two without newline");
  server.reply(lines[0].client, "1");
  server.reply(lines[1].client, "2");
  CHECK(read_lines(fd, 3) == "1\n2\n");  // and then the end: the server closed it
  CHECK(wait_clients(server, 0));
  ::close(fd);
}

TEST_CASE("the socket path: a stale socket is replaced, a regular file refused, the file removed at stop") {
  std::string path = temp_path("path");
  {
    // A socket file nobody listens on (a player killed without cleanup).
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size());
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    ::close(fd);
    REQUIRE(exists(path));
  }
  {
    IpcServer server(path);
    int fd = connect_to(path);
    CHECK(wait_clients(server, 1));
    ::close(fd);
  }
  CHECK_FALSE(exists(path));
  std::ofstream(path) << "precious\n";
  bool refused = false;
  try {
    IpcServer server(path);
  } catch (const common::Error& e) {
    refused = true;
    CHECK(e.kind() == common::ErrorKind::kUsage);
    CHECK(e.reason().find("not a socket") != std::string::npos);
  }
  CHECK(refused);
  std::ifstream in(path);
  std::string content;
  std::getline(in, content);
  CHECK(content == "precious");  // left alone
  std::remove(path.c_str());
  bool too_long = false;
  try {
    IpcServer server("/tmp/" + std::string(200, 'p'));
  } catch (const common::Error& e) {
    too_long = e.kind() == common::ErrorKind::kUsage;
  }
  CHECK(too_long);
}
