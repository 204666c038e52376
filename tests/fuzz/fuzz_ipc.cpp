// Fuzz target: syncplay's IPC protocol (ipc_protocol.hpp) fed arbitrary bytes as client lines, against a player
// that checks what it is asked to do. The invariants a client cannot break:
//   - every line that is not blank or a comment gets exactly one reply, one line of JSON: an object with an integer
//     request_id and one of mpv's error strings, data only on success;
//   - the player is only ever asked for values within its limits: a finite, non-negative seek target, a volume and a
//     speed within range;
//   - no exception escapes, no undefined behaviour (the fuzz build has UBSan and halts on it).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ipc_protocol.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

struct CheckingPlayer : syncplay::ipc::PlayerControl {
  double pos = 1.0, length = 4.0;
  bool is_paused = false, is_muted = false, can_seek = true;
  double vol = 100, spd = 1;
  double time_pos() const override { return pos; }
  double duration() const override { return length; }
  bool paused() const override { return is_paused; }
  bool muted() const override { return is_muted; }
  double volume() const override { return vol; }
  double speed() const override { return spd; }
  bool eof_reached() const override { return false; }
  bool seekable() const override { return can_seek; }
  std::vector<syncplay::ipc::TrackInfo> tracks() const override {
    syncplay::ipc::TrackInfo t;
    t.type = "video";
    t.id = 1;
    t.codec = "h264";
    t.title = "\xff\xfe not utf-8";  // written as JSON all the same
    return {t};
  }
  void set_pause(bool p) override { is_paused = p; }
  void set_mute(bool m) override { is_muted = m; }
  void set_volume(double v) override {
    check(v >= 0 && v <= limits().max_volume);
    vol = v;
  }
  void set_speed(double s) override {
    check(s >= limits().min_speed && s <= limits().max_speed);
    spd = s;
  }
  bool seek(double target, bool, bool) override {
    check(std::isfinite(target) && target >= 0);
    pos = target;
    return true;
  }
  bool cycle_track(const std::string&) override { return false; }
  void quit() override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // the server cuts lines at 64 KiB
  CheckingPlayer player;
  // The first byte sets the player's state: an unknown position or duration, a pipe.
  if (size > 0) {
    if (data[0] & 1) player.pos = std::numeric_limits<double>::quiet_NaN();
    if (data[0] & 2) player.length = std::numeric_limits<double>::quiet_NaN();
    if (data[0] & 4) player.can_seek = false;
    ++data;
    --size;
  }
  std::string_view all(reinterpret_cast<const char*>(data), size);
  while (!all.empty()) {
    size_t nl = all.find('\n');
    std::string_view line = all.substr(0, nl);
    all = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
    auto reply = syncplay::ipc::handle_line(line, player);
    size_t first = line.find_first_not_of(" \t\r\n");
    bool skipped = first == std::string_view::npos || line[first] == '#';
    check(reply.has_value() != skipped);
    if (!reply) continue;
    check(reply->find('\n') == std::string::npos);
    auto j = nlohmann::json::parse(*reply, nullptr, false);
    check(j.is_object() && j.contains("error") && j["error"].is_string());
    check(j.contains("request_id") && j["request_id"].is_number_integer());
    const std::string error = j["error"];
    using E = syncplay::ipc::Errors;
    check(error == E::kSuccess || error == E::kInvalidParameter || error == E::kPropertyNotFound ||
          error == E::kPropertyUnavailable || error == E::kPropertyFormat || error == E::kPropertyError ||
          error == E::kCommand);
    check(!j.contains("data") || error == E::kSuccess);
  }
  return 0;
}
