// syncplay's IPC protocol: mpv's request and reply shapes, its error strings, seek arithmetic and property checks,
// against a fake player (no socket, no SDL).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ipc_protocol.hpp"

using nlohmann::json;
using namespace syncplay;

namespace {

struct FakePlayer : ipc::PlayerControl {
  double pos = 1.5;
  double length = 10.0;
  bool is_paused = false, is_muted = false, can_seek = true, at_eof = false, quitted = false;
  double vol = 100.0, spd = 1.0;
  double seek_target = -1.0;
  bool seek_forward = false;
  bool seek_exact = false;
  int seeks = 0;
  std::vector<std::string> cycled;
  int sid = 0;            // the subtitle track shown (0: none)
  bool with_subs = false;  // tracks() lists an input subtitle stream and a --sub-file
  bool window = false, full = false;
  bool has_window() const override { return window; }
  bool fullscreen() const override { return full; }
  void set_fullscreen(bool on) override { full = on; }

  double time_pos() const override { return pos; }
  double duration() const override { return length; }
  double cache = 2.5;  // demuxer-cache-duration
  double cache_duration() const override { return cache; }
  bool paused() const override { return is_paused; }
  bool muted() const override { return is_muted; }
  double volume() const override { return vol; }
  double speed() const override { return spd; }
  bool eof_reached() const override { return at_eof; }
  bool seekable() const override { return can_seek; }
  std::vector<ipc::TrackInfo> tracks() const override {
    ipc::TrackInfo v;
    v.type = "video";
    v.id = 1;
    v.ff_index = 0;
    v.codec = "h264";
    v.selected = true;
    v.width = 320;
    v.height = 240;
    v.fps = 25;
    ipc::TrackInfo a;
    a.type = "audio";
    a.id = 1;
    a.ff_index = 1;
    a.codec = "aac";
    a.lang = "eng";
    a.samplerate = 48000;
    a.channels = 2;
    if (!with_subs) return {v, a};
    ipc::TrackInfo s1;
    s1.type = "sub";
    s1.id = 1;
    s1.ff_index = 2;
    s1.codec = "subrip";
    s1.selected = sid == 1;
    ipc::TrackInfo s2;
    s2.type = "sub";
    s2.id = 2;
    s2.ff_index = -1;
    s2.external = true;
    s2.external_filename = "x.srt";
    s2.selected = sid == 2;
    return {v, a, s1, s2};
  }
  bool select_track(const std::string& type, int id) override {
    if (type != "sub" || !with_subs || id > 2) return false;
    sid = id;
    return true;
  }
  void set_pause(bool p) override { is_paused = p; }
  void set_mute(bool m) override { is_muted = m; }
  void set_volume(double v) override { vol = v; }
  void set_speed(double s) override { spd = s; }
  bool seek(double target, bool forward, bool exact) override {
    if (!can_seek) return false;
    seek_target = target;
    seek_forward = forward;
    seek_exact = exact;
    ++seeks;
    return true;
  }
  bool cycle_track(const std::string& type) override {
    cycled.push_back(type);
    return false;
  }
  void quit() override { quitted = true; }
};

json ask(FakePlayer& p, const std::string& line) {
  auto reply = ipc::handle_line(line, p);
  REQUIRE(reply.has_value());
  CHECK(reply->find('\n') == std::string::npos);  // one line
  return json::parse(*reply);
}

json command(FakePlayer& p, json cmd, int request_id = 7) {
  return ask(p, json{{"command", std::move(cmd)}, {"request_id", request_id}}.dump());
}

}  // namespace

TEST_CASE("replies carry the request id, the error string and the data, as mpv's") {
  FakePlayer p;
  json r = command(p, {"get_property", "time-pos"}, 42);
  CHECK(r["request_id"] == 42);
  CHECK(r["error"] == "success");
  CHECK(r["data"].get<double>() == doctest::Approx(1.5));
  // Without a request id: 0. A command without data: no data field.
  r = ask(p, R"({"command": ["set_property", "pause", true]})");
  CHECK(r["request_id"] == 0);
  CHECK(r["error"] == "success");
  CHECK_FALSE(r.contains("data"));
  CHECK(p.is_paused);
}

TEST_CASE("blank lines and comments get no reply; anything else gets exactly one") {
  FakePlayer p;
  CHECK_FALSE(ipc::handle_line("", p).has_value());
  CHECK_FALSE(ipc::handle_line("   \t", p).has_value());
  CHECK_FALSE(ipc::handle_line("# a comment", p).has_value());
  for (const char* garbage : {"garbage", "{", "{\"command\": [\"get_property\"", "[1, 2]", "42", "\"x\"", "{}",
                              "{\"command\": \"quit\"}", "{\"command\": []}", "{\"command\": [1]}",
                              "{\"command\": [\"get_property\", \"pause\"], \"request_id\": \"x\"}", "\xff\xfe{"}) {
    CAPTURE(garbage);
    json r = ask(p, garbage);
    CHECK(r["error"] == "invalid parameter");
    CHECK(r["request_id"].is_number_integer());
  }
  CHECK_FALSE(p.quitted);
}

TEST_CASE("properties: values, and mpv's errors for unknown and unavailable ones") {
  FakePlayer p;
  p.vol = 40;
  p.spd = 1.25;
  p.at_eof = true;
  CHECK(command(p, {"get_property", "duration"})["data"].get<double>() == doctest::Approx(10.0));
  CHECK(command(p, {"get_property", "pause"})["data"] == false);
  CHECK(command(p, {"get_property", "volume"})["data"].get<double>() == doctest::Approx(40));
  CHECK(command(p, {"get_property", "speed"})["data"].get<double>() == doctest::Approx(1.25));
  CHECK(command(p, {"get_property", "eof-reached"})["data"] == true);
  CHECK(command(p, {"get_property", "percent-pos"})["data"].get<double>() == doctest::Approx(15.0));
  CHECK(command(p, {"get_property", "demuxer-cache-duration"})["data"].get<double>() == doctest::Approx(2.5));
  CHECK(command(p, {"get_property", "no-such-thing"})["error"] == "property not found");
  p.cache = std::numeric_limits<double>::quiet_NaN();
  CHECK(command(p, {"get_property", "demuxer-cache-duration"})["error"] == "property unavailable");
  p.pos = std::numeric_limits<double>::quiet_NaN();
  p.length = std::numeric_limits<double>::quiet_NaN();
  CHECK(command(p, {"get_property", "time-pos"})["error"] == "property unavailable");
  CHECK(command(p, {"get_property", "duration"})["error"] == "property unavailable");
  CHECK(command(p, {"get_property"})["error"] == "invalid parameter");
  CHECK(command(p, {"get_property", 3})["error"] == "invalid parameter");
}

TEST_CASE("track-list has mpv's shape") {
  FakePlayer p;
  json r = command(p, {"get_property", "track-list"});
  REQUIRE(r["data"].is_array());
  REQUIRE(r["data"].size() == 2);
  const json& v = r["data"][0];
  CHECK(v["id"] == 1);
  CHECK(v["type"] == "video");
  CHECK(v["selected"] == true);
  CHECK(v["codec"] == "h264");
  CHECK(v["demux-w"] == 320);
  CHECK(v["demux-h"] == 240);
  CHECK(v["ff-index"] == 0);
  CHECK(v["external"] == false);
  const json& a = r["data"][1];
  CHECK(a["type"] == "audio");
  CHECK(a["selected"] == false);
  CHECK(a["lang"] == "eng");
  CHECK(a["demux-samplerate"] == 48000);
  CHECK(a["demux-channel-count"] == 2);
  CHECK(command(p, {"get_property", "track-list/count"})["data"] == 2);
}

TEST_CASE("set_property checks types and ranges") {
  FakePlayer p;
  CHECK(command(p, {"set_property", "pause", "yes"})["error"] == "success");
  CHECK(p.is_paused);
  CHECK(command(p, {"set_property", "pause", "no"})["error"] == "success");
  CHECK_FALSE(p.is_paused);
  CHECK(command(p, {"set_property", "pause", 3})["error"] == "unsupported format for accessing property");
  CHECK(command(p, {"set_property", "volume", 55})["error"] == "success");
  CHECK(p.vol == doctest::Approx(55));
  CHECK(command(p, {"set_property", "volume", "33.5"})["error"] == "success");
  CHECK(p.vol == doctest::Approx(33.5));
  CHECK(command(p, {"set_property", "volume", 150})["error"] == "error accessing property");
  CHECK(command(p, {"set_property", "volume", -1})["error"] == "error accessing property");
  CHECK(command(p, {"set_property", "volume", true})["error"] == "unsupported format for accessing property");
  CHECK(command(p, {"set_property", "speed", 1.5})["error"] == "success");
  CHECK(p.spd == doctest::Approx(1.5));
  CHECK(command(p, {"set_property", "speed", 4})["error"] == "error accessing property");
  CHECK(command(p, {"set_property", "speed", 0.25})["error"] == "error accessing property");
  CHECK(p.spd == doctest::Approx(1.5));
  CHECK(command(p, {"set_property", "duration", 3})["error"] == "error accessing property");
  CHECK(command(p, {"set_property", "demuxer-cache-duration", 3})["error"] == "error accessing property");
  CHECK(command(p, {"set_property", "nope", 3})["error"] == "property not found");
  CHECK(command(p, {"set_property", "pause"})["error"] == "invalid parameter");
  // time-pos is a seek.
  CHECK(command(p, {"set_property", "time-pos", 4})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(4));
  CHECK(p.seek_forward);
  CHECK(p.seek_exact);
}

TEST_CASE("seek: relative by default, absolute, percent, as mpv's flags") {
  FakePlayer p;  // at 1.5 of 10 s
  CHECK(command(p, {"seek", 2})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(3.5));
  CHECK(p.seek_forward);
  CHECK_FALSE(p.seek_exact);  // relative: to a keyframe (mpv's default)
  CHECK(command(p, {"seek", 2, "relative+exact"})["error"] == "success");
  CHECK(p.seek_exact);
  CHECK(command(p, {"seek", -1, "relative"})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(0.5));
  CHECK_FALSE(p.seek_forward);
  CHECK(command(p, {"seek", -5})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(0.0));  // not before the start
  CHECK(command(p, {"seek", 6, "absolute"})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(6));
  CHECK(p.seek_forward);
  CHECK(p.seek_exact);  // absolute: exact (mpv's default)
  CHECK(command(p, {"seek", 6, "absolute+keyframes"})["error"] == "success");
  CHECK_FALSE(p.seek_exact);
  CHECK(command(p, {"seek", 1, "absolute+exact"})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(1));
  CHECK_FALSE(p.seek_forward);
  CHECK(command(p, {"seek", -2, "absolute"})["error"] == "success");  // from the end
  CHECK(p.seek_target == doctest::Approx(8));
  CHECK(command(p, {"seek", 50, "absolute-percent"})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(5));
  CHECK(command(p, {"seek", 10, "relative-percent"})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(2.5));
  CHECK(command(p, {"seek", "3", "absolute", "keyframes"})["error"] == "success");
  CHECK(p.seek_target == doctest::Approx(3));
  CHECK_FALSE(p.seek_exact);
  const int seeks = p.seeks;
  CHECK(command(p, {"seek"})["error"] == "invalid parameter");
  CHECK(command(p, {"seek", "soon"})["error"] == "invalid parameter");
  CHECK(command(p, {"seek", 1, "sideways"})["error"] == "invalid parameter");
  CHECK(command(p, {"seek", 1, "absolute+relative"})["error"] == "invalid parameter");
  // Targets that overflow to infinity are no time to seek to (found by fuzz_ipc: 1e308 % of 10 s).
  CHECK(command(p, {"seek", 1e308, "absolute-percent"})["error"] == "invalid parameter");
  CHECK(command(p, {"seek", 1e308, "relative-percent"})["error"] == "invalid parameter");
  CHECK(command(p, {"seek", -1e308, "relative-percent"})["error"] == "invalid parameter");
  CHECK(ask(p, R"({"command": ["seek", 1e400, "absolute"]})")["error"] == "invalid parameter");
  CHECK(command(p, {"set_property", "time-pos", 1e308})["error"] == "success");  // finite: the player clamps
  CHECK(p.seeks == seeks + 1);
  p.seeks = seeks;
  p.length = std::numeric_limits<double>::quiet_NaN();
  CHECK(command(p, {"seek", 50, "absolute-percent"})["error"] == "error running command");
  p.can_seek = false;
  CHECK(command(p, {"seek", 1})["error"] == "error running command");
  CHECK(p.seeks == seeks);
}

TEST_CASE("cycle toggles pause and mute; tracks fail as a command mpv cannot run") {
  FakePlayer p;
  CHECK(command(p, {"cycle", "pause"})["error"] == "success");
  CHECK(p.is_paused);
  CHECK(command(p, {"cycle", "pause"})["error"] == "success");
  CHECK_FALSE(p.is_paused);
  CHECK(command(p, {"cycle", "mute"})["error"] == "success");
  CHECK(p.is_muted);
  CHECK(command(p, {"cycle", "audio"})["error"] == "error running command");
  CHECK(command(p, {"cycle", "video", "down"})["error"] == "error running command");
  CHECK(p.cycled == std::vector<std::string>{"audio", "video"});
  CHECK(command(p, {"cycle", "volume"})["error"] == "error running command");
  CHECK(command(p, {"cycle"})["error"] == "invalid parameter");
  CHECK(command(p, {"cycle", "pause", "sideways"})["error"] == "invalid parameter");
}

TEST_CASE("sid: the subtitle track shown, read and set as mpv's (a number, or false/no for none)") {
  FakePlayer p;
  CHECK(command(p, {"get_property", "sid"})["data"] == false);
  CHECK(command(p, {"set_property", "sid", 1})["error"] == "error accessing property");  // no subtitles at all
  p.with_subs = true;
  CHECK(command(p, {"set_property", "sid", 2})["error"] == "success");
  CHECK(command(p, {"get_property", "sid"})["data"] == 2);
  CHECK(command(p, {"get_property", "vid"})["data"] == 1);
  CHECK(command(p, {"get_property", "aid"})["data"] == false);
  CHECK(command(p, {"set_property", "sid", "no"})["error"] == "success");
  CHECK(p.sid == 0);
  CHECK(command(p, {"set_property", "sid", 1})["error"] == "success");
  CHECK(command(p, {"set_property", "sid", false})["error"] == "success");
  CHECK(p.sid == 0);
  CHECK(command(p, {"set_property", "sid", 3})["error"] == "error accessing property");
  CHECK(command(p, {"set_property", "sid", -1})["error"] == "unsupported format for accessing property");
  CHECK(command(p, {"set_property", "sid", "two"})["error"] == "unsupported format for accessing property");
  CHECK(command(p, {"set_property", "sid", 1.5})["error"] == "unsupported format for accessing property");
}

TEST_CASE("track-list: a --sub-file is an external track with its file name") {
  FakePlayer p;
  p.with_subs = true;
  p.sid = 2;
  json list = command(p, {"get_property", "track-list"})["data"];
  REQUIRE(list.size() == 4);
  CHECK(list[2]["type"] == "sub");
  CHECK(list[2]["external"] == false);
  CHECK(list[2]["selected"] == false);
  CHECK(list[3]["external"] == true);
  CHECK(list[3]["external-filename"] == "x.srt");
  CHECK(list[3]["selected"] == true);
  CHECK_FALSE(list[3].contains("ff-index"));
}

TEST_CASE("quit, unknown commands") {
  FakePlayer p;
  CHECK(command(p, {"frobnicate"})["error"] == "invalid parameter");
  CHECK(command(p, {"quit", 1, 2})["error"] == "invalid parameter");
  CHECK_FALSE(p.quitted);
  CHECK(command(p, {"quit"})["error"] == "success");
  CHECK(p.quitted);
}

TEST_CASE("events and error replies are single JSON lines") {
  CHECK(json::parse(ipc::event_line("seek")) == json{{"event", "seek"}});
  json e = json::parse(ipc::end_file_line("eof"));
  CHECK(e["event"] == "end-file");
  CHECK(e["reason"] == "eof");
  CHECK_FALSE(e.contains("file_error"));
  e = json::parse(ipc::end_file_line("error", "no audio or video stream"));
  CHECK(e["file_error"] == "no audio or video stream");
  json r = json::parse(ipc::error_reply(ipc::Errors::kInvalidParameter));
  CHECK(r["error"] == "invalid parameter");
  CHECK(r["request_id"] == 0);
}

TEST_CASE("fullscreen: mpv's property, read, set and cycled; unavailable without a window") {
  FakePlayer p;
  CHECK(command(p, {"get_property", "fullscreen"})["error"] == "property unavailable");
  CHECK(command(p, {"set_property", "fullscreen", true})["error"] == "property unavailable");
  CHECK(command(p, {"cycle", "fullscreen"})["error"] == "property unavailable");
  CHECK_FALSE(p.full);
  p.window = true;
  CHECK(command(p, {"get_property", "fullscreen"})["data"] == false);
  CHECK(command(p, {"set_property", "fullscreen", "yes"})["error"] == "success");
  CHECK(p.full);
  CHECK(command(p, {"get_property", "fullscreen"})["data"] == true);
  CHECK(command(p, {"cycle", "fullscreen"})["error"] == "success");
  CHECK_FALSE(p.full);
  CHECK(command(p, {"set_property", "fullscreen", 3})["error"] == "unsupported format for accessing property");
}
