#include "ipc_protocol.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace syncplay::ipc {
namespace {

// mpv writes its replies in this order: data, request_id, error.
using Json = nlohmann::ordered_json;

struct Outcome {
  const char* error = Errors::kSuccess;
  Json data;  // null: no data field
  bool has_data = false;
};

Outcome fail(const char* error) { return Outcome{error, Json(), false}; }
Outcome ok() { return Outcome{}; }
Outcome ok(Json data) { return Outcome{Errors::kSuccess, std::move(data), true}; }

// A number argument, as mpv takes it: a JSON number, or a string that is one.
std::optional<double> number_of(const Json& v) {
  if (v.is_number()) {
    double d = v.get<double>();  // 1e400 parses as infinity
    if (std::isfinite(d)) return d;
    return std::nullopt;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end && *end == 0 && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

// A flag value: true/false, or mpv's "yes"/"no".
std::optional<bool> flag_of(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s == "yes") return true;
    if (s == "no") return false;
  }
  return std::nullopt;
}

Json track_json(const TrackInfo& t) {
  Json j;
  j["id"] = t.id;
  j["type"] = t.type;
  j["src-id"] = t.ff_index;
  if (!t.title.empty()) j["title"] = t.title;
  if (!t.lang.empty()) j["lang"] = t.lang;
  j["image"] = t.albumart;
  j["albumart"] = t.albumart;
  j["default"] = t.is_default;
  j["forced"] = t.forced;
  j["external"] = t.external;
  if (t.external) j["external-filename"] = t.external_filename;
  j["selected"] = t.selected;
  if (t.selected) j["main-selection"] = 0;
  if (!t.external) j["ff-index"] = t.ff_index;
  if (!t.codec.empty()) j["codec"] = t.codec;
  if (t.selected && !t.decoder_desc.empty()) j["decoder-desc"] = t.decoder_desc;
  if (t.type == "video") {
    if (t.width > 0) j["demux-w"] = t.width;
    if (t.height > 0) j["demux-h"] = t.height;
    if (t.fps > 0) j["demux-fps"] = t.fps;
  } else if (t.type == "audio") {
    if (t.channels > 0) j["demux-channel-count"] = t.channels;
    if (t.samplerate > 0) j["demux-samplerate"] = t.samplerate;
  }
  if (t.bitrate > 0) j["demux-bitrate"] = t.bitrate;
  return j;
}

// mpv's names for a track type: vid, aid and sid, or video, audio and sub themselves.
std::string track_type(const std::string& name) {
  return name == "aid" ? "audio" : name == "vid" ? "video" : name == "sid" ? "sub" : name;
}

Outcome get_property(const std::string& name, const PlayerControl& p) {
  auto seconds = [](double v) { return std::isnan(v) ? fail(Errors::kPropertyUnavailable) : ok(Json(v)); };
  if (name == "time-pos" || name == "playback-time") return seconds(p.time_pos());
  if (name == "duration") return seconds(p.duration());
  if (name == "demuxer-cache-duration") return seconds(p.cache_duration());
  if (name == "time-remaining") return seconds(p.duration() - p.time_pos());
  if (name == "percent-pos") {
    double d = p.duration(), t = p.time_pos();
    if (std::isnan(d) || std::isnan(t) || d <= 0) return fail(Errors::kPropertyUnavailable);
    return ok(Json(std::clamp(t / d * 100.0, 0.0, 100.0)));
  }
  if (name == "pause") return ok(Json(p.paused()));
  if (name == "fullscreen") return p.has_window() ? ok(Json(p.fullscreen())) : fail(Errors::kPropertyUnavailable);
  if (name == "mute") return ok(Json(p.muted()));
  if (name == "volume") return ok(Json(p.volume()));
  if (name == "speed") return ok(Json(p.speed()));
  if (name == "eof-reached") return ok(Json(p.eof_reached()));
  if (name == "seekable") return ok(Json(p.seekable()));
  if (name == "track-list") {
    Json list = Json::array();
    for (const TrackInfo& t : p.tracks()) list.push_back(track_json(t));
    return ok(std::move(list));
  }
  if (name == "track-list/count") return ok(Json(p.tracks().size()));
  if (name == "vid" || name == "aid" || name == "sid") {
    // mpv: the selected track's id, or false for none.
    const std::string type = track_type(name);
    for (const TrackInfo& t : p.tracks())
      if (t.type == type && t.selected) return ok(Json(t.id));
    return ok(Json(false));
  }
  return fail(Errors::kPropertyNotFound);
}

// The one way to the player's seek: a target that overflowed the arithmetic (1e308 percent of the duration) is not a
// time, and one before the start is the start. FORWARD is the direction the client asked for; unknown, it is
// judged from the position.
Outcome seek_to(PlayerControl& p, double target, bool exact, std::optional<bool> forward = std::nullopt) {
  if (!p.seekable()) return fail(Errors::kCommand);
  if (!std::isfinite(target)) return fail(Errors::kInvalidParameter);
  double pos = p.time_pos();
  if (target < 0) target = 0;
  bool fwd = forward ? *forward : (std::isnan(pos) || target >= pos);
  return p.seek(target, fwd, exact) ? ok() : fail(Errors::kCommand);
}

Outcome set_property(const std::string& name, const Json& value, PlayerControl& p) {
  const ControlLimits limits = p.limits();
  if (name == "fullscreen") {
    auto f = flag_of(value);
    if (!f) return fail(Errors::kPropertyFormat);
    if (!p.has_window()) return fail(Errors::kPropertyUnavailable);
    p.set_fullscreen(*f);
    return ok();
  }
  if (name == "pause" || name == "mute") {
    auto f = flag_of(value);
    if (!f) return fail(Errors::kPropertyFormat);
    if (name == "pause") p.set_pause(*f);
    else p.set_mute(*f);
    return ok();
  }
  if (name == "volume" || name == "speed") {
    auto v = number_of(value);
    if (!v) return fail(Errors::kPropertyFormat);
    if (name == "volume") {
      if (*v < 0 || *v > limits.max_volume) return fail(Errors::kPropertyError);
      p.set_volume(*v);
    } else {
      if (*v < limits.min_speed || *v > limits.max_speed) return fail(Errors::kPropertyError);
      p.set_speed(*v);
    }
    return ok();
  }
  if (name == "time-pos" || name == "playback-time") {
    auto v = number_of(value);
    if (!v) return fail(Errors::kPropertyFormat);
    if (!p.seekable()) return fail(Errors::kPropertyUnavailable);
    Outcome o = seek_to(p, *v, true);  // an absolute seek: exact, as mpv's
    return o.error == Errors::kSuccess ? o : fail(Errors::kPropertyError);
  }
  if (name == "vid" || name == "aid" || name == "sid") {
    // A track id, or false / "no" for none.
    int id = -1;
    if (auto f = flag_of(value); f && !*f) id = 0;
    else if (value.is_number_integer() && value.get<int64_t>() >= 0 && value.get<int64_t>() <= 1 << 20) id = value.get<int>();
    else return fail(Errors::kPropertyFormat);
    return p.select_track(track_type(name), id) ? ok() : fail(Errors::kPropertyError);
  }
  // Known, but only to read.
  for (const char* ro : {"duration", "demuxer-cache-duration", "time-remaining", "percent-pos", "eof-reached", "seekable", "track-list",
                         "track-list/count"})
    if (name == ro) return fail(Errors::kPropertyError);
  return fail(Errors::kPropertyNotFound);
}

// seek TARGET [FLAGS]: FLAGS joins with '+' one of relative (the default), absolute, relative-percent and
// absolute-percent, and optionally keyframes or exact (mpv's third argument of old may say the latter too). As
// mpv's default (--hr-seek=default), absolute seeks are exact and relative ones land on a keyframe.
Outcome seek(const Json& args, PlayerControl& p) {
  if (args.size() < 2 || args.size() > 4) return fail(Errors::kInvalidParameter);
  auto amount = number_of(args[1]);
  if (!amount) return fail(Errors::kInvalidParameter);
  std::string mode = "relative";
  bool mode_given = false;
  int precision = 0;  // 1 exact, -1 keyframes, 0 by the mode
  for (size_t i = 2; i < args.size(); ++i) {
    if (!args[i].is_string()) return fail(Errors::kInvalidParameter);
    const std::string& flags = args[i].get_ref<const std::string&>();
    size_t start = 0;
    while (start <= flags.size()) {
      size_t plus = flags.find('+', start);
      std::string f = flags.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
      start = plus == std::string::npos ? flags.size() + 1 : plus + 1;
      if (f == "relative" || f == "absolute" || f == "relative-percent" || f == "absolute-percent") {
        if (mode_given && f != mode) return fail(Errors::kInvalidParameter);
        mode = f;
        mode_given = true;
      } else if (f == "keyframes" || f == "exact") {
        precision = f == "exact" ? 1 : -1;
      } else if (f == "default-precise" || (f.empty() && flags.empty())) {
        // the default
      } else {
        return fail(Errors::kInvalidParameter);
      }
    }
  }
  if (!p.seekable()) return fail(Errors::kCommand);
  const bool exact = precision > 0 || (precision == 0 && mode.rfind("absolute", 0) == 0);
  const double pos = p.time_pos(), duration = p.duration();
  double target = 0.0;
  if (mode == "relative") {
    if (std::isnan(pos)) return fail(Errors::kCommand);
    return seek_to(p, pos + *amount, exact, *amount > 0);
  }
  if (mode == "absolute") {
    if (*amount >= 0) target = *amount;
    else if (!std::isnan(duration)) target = duration + *amount;  // from the end, as mpv
    else return fail(Errors::kCommand);
  } else {
    if (std::isnan(duration)) return fail(Errors::kCommand);
    double delta = duration * *amount / 100.0;
    if (mode == "absolute-percent") {
      target = delta;
    } else {
      if (std::isnan(pos)) return fail(Errors::kCommand);
      return seek_to(p, pos + delta, exact, delta > 0);
    }
  }
  return seek_to(p, target, exact);
}

// cycle NAME [up|down]: pause and mute toggle; video, audio and sub switch tracks when the player can.
Outcome cycle(const Json& args, PlayerControl& p) {
  if (args.size() < 2 || args.size() > 3 || !args[1].is_string()) return fail(Errors::kInvalidParameter);
  if (args.size() == 3 && !(args[2].is_string() && (args[2] == "up" || args[2] == "down")))
    return fail(Errors::kInvalidParameter);
  const std::string& name = args[1].get_ref<const std::string&>();
  if (name == "pause") {
    p.set_pause(!p.paused());
    return ok();
  }
  if (name == "mute") {
    p.set_mute(!p.muted());
    return ok();
  }
  if (name == "fullscreen") {
    if (!p.has_window()) return fail(Errors::kPropertyUnavailable);
    p.set_fullscreen(!p.fullscreen());
    return ok();
  }
  std::string type = track_type(name);
  if (type == "video" || type == "audio" || type == "sub") return p.cycle_track(type) ? ok() : fail(Errors::kCommand);
  return fail(Errors::kCommand);  // mpv: a property it cannot cycle fails the command
}

Outcome run(const Json& command, PlayerControl& p) {
  if (!command.is_array() || command.empty() || !command[0].is_string()) return fail(Errors::kInvalidParameter);
  const std::string& name = command[0].get_ref<const std::string&>();
  if (name == "get_property") {
    if (command.size() != 2 || !command[1].is_string()) return fail(Errors::kInvalidParameter);
    return get_property(command[1].get<std::string>(), p);
  }
  if (name == "set_property") {
    if (command.size() != 3 || !command[1].is_string()) return fail(Errors::kInvalidParameter);
    return set_property(command[1].get<std::string>(), command[2], p);
  }
  if (name == "seek") return seek(command, p);
  if (name == "cycle") return cycle(command, p);
  if (name == "quit") {
    if (command.size() != 1) return fail(Errors::kInvalidParameter);
    p.quit();
    return ok();
  }
  return fail(Errors::kInvalidParameter);  // mpv: an unknown command is an invalid parameter
}

}  // namespace

std::optional<std::string> handle_line(std::string_view line, PlayerControl& player) {
  size_t first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || line[first] == '#') return std::nullopt;
  Json reply;
  Json request_id = 0;
  Outcome outcome;
  Json msg = Json::parse(line.begin(), line.end(), nullptr, false);
  if (msg.is_discarded() || !msg.is_object()) {
    outcome = fail(Errors::kInvalidParameter);
  } else {
    const bool has_id = msg.contains("request_id");
    if (has_id) request_id = msg.at("request_id");
    // mpv takes integers only as request ids.
    if (has_id && !request_id.is_number_integer()) outcome = fail(Errors::kInvalidParameter);
    else if (!msg.contains("command")) outcome = fail(Errors::kInvalidParameter);
    else outcome = run(msg.at("command"), player);
  }
  if (outcome.has_data) reply["data"] = std::move(outcome.data);
  reply["request_id"] = request_id.is_number_integer() ? request_id : Json(0);
  reply["error"] = outcome.error;
  return reply.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string error_reply(const char* error) {
  Json reply;
  reply["request_id"] = 0;
  reply["error"] = error;
  return reply.dump();
}

std::string event_line(std::string_view name) {
  Json j;
  j["event"] = std::string(name);
  return j.dump();
}

std::string end_file_line(std::string_view reason, std::string_view file_error) {
  Json j;
  j["event"] = "end-file";
  j["reason"] = std::string(reason);
  j["playlist_entry_id"] = 1;
  if (!file_error.empty()) j["file_error"] = std::string(file_error);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace syncplay::ipc
