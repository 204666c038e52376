// mpv's JSON IPC protocol (--input-ipc-server), apart from the socket: one request line in, the reply line out,
// answered from the player's own state through PlayerControl (the session implements it; the tests use a fake).
// Events are lines too. No sockets, no SDL here: ipc_server.hpp carries the lines.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncplay::ipc {

// mpv's error strings (mpv_error_string) for the cases this protocol answers.
struct Errors {
  static constexpr const char* kSuccess = "success";
  static constexpr const char* kInvalidParameter = "invalid parameter";          // bad JSON, unknown command, bad args
  static constexpr const char* kPropertyNotFound = "property not found";         // a property syncplay does not have
  static constexpr const char* kPropertyUnavailable = "property unavailable";    // known, but no value now
  static constexpr const char* kPropertyFormat = "unsupported format for accessing property";  // wrong value type
  static constexpr const char* kPropertyError = "error accessing property";      // read-only, or out of range
  static constexpr const char* kCommand = "error running command";               // a valid command that failed
};

// One stream of the input as mpv's track-list shows it.
struct TrackInfo {
  std::string type;  // "video", "audio" or "sub"
  int id = 0;        // 1, 2, ... within its type (mpv's vid/aid/sid)
  int ff_index = 0;  // the stream's index in the input
  std::string codec;  // FFmpeg's codec name (h264, aac, ...)
  std::string decoder_desc;  // the decoder that opened it, "h264 (H.264 / AVC / ...)" (mpv's decoder-desc); "": none
  std::string title;  // the stream's title tag ("" : none)
  std::string lang;   // its language tag ("" : none)
  bool selected = false;
  bool is_default = false;
  bool forced = false;
  bool albumart = false;  // an attached picture
  bool external = false;  // a file of its own (--sub-file), not a stream of the input
  std::string external_filename;
  int width = 0, height = 0;  // video
  double fps = 0.0;           // video (0: unknown)
  int samplerate = 0, channels = 0;  // audio
  int64_t bitrate = 0;               // 0: unknown
};

struct ControlLimits {
  double min_speed = 0.5;
  double max_speed = 2.0;
  double max_volume = 100.0;
};

// What a client may read and change. Every call comes from the player's own loop (never from the socket's thread),
// so the answers are the player's state at that moment.
class PlayerControl {
 public:
  virtual ~PlayerControl() = default;
  // The position in seconds from the start of the input (mpv's time-pos): the master clock, the target of a seek
  // under way; NaN before anything played.
  virtual double time_pos() const = 0;
  virtual double duration() const = 0;  // NaN: unknown (a pipe, a live stream)
  // mpv's demuxer-cache-duration: seconds read ahead of time_pos (NaN: unknown).
  virtual double cache_duration() const { return std::numeric_limits<double>::quiet_NaN(); }
  virtual bool paused() const = 0;
  virtual bool muted() const = 0;
  virtual double volume() const = 0;  // 0..100
  virtual double speed() const = 0;
  virtual bool eof_reached() const = 0;
  virtual bool seekable() const = 0;
  virtual std::vector<TrackInfo> tracks() const = 0;
  virtual ControlLimits limits() const { return {}; }

  virtual void set_pause(bool paused) = 0;
  virtual void set_mute(bool muted) = 0;
  virtual void set_volume(double volume) = 0;  // within limits (checked before)
  virtual void set_speed(double speed) = 0;    // within limits (checked before)
  // mpv's fullscreen: the window's state; false to set when there is no window (the property is then unavailable).
  virtual bool has_window() const { return false; }
  virtual bool fullscreen() const { return false; }
  virtual void set_fullscreen(bool) {}
  // Seeks to `target` seconds on time_pos's scale: to the keyframe at or after it (forward) or at or before it,
  // and when exact, on to the target itself (what comes before it is decoded and dropped). False when the input
  // cannot seek.
  virtual bool seek(double target, bool forward, bool exact) = 0;
  // Switches to the next track of a type ("video", "audio", "sub"). False when it cannot.
  virtual bool cycle_track(const std::string& type) = 0;
  // Selects track `id` of a type (mpv's vid/aid/sid; 0: none). False when it cannot.
  virtual bool select_track(const std::string&, int) { return false; }
  virtual void quit() = 0;
};

// Answers one line from a client (without its newline): the reply line (without a newline), or nothing for a line
// mpv skips (empty or blank, or a comment starting with '#'). Anything else gets exactly one reply, an error one when
// the line is not a JSON object with a command array.
std::optional<std::string> handle_line(std::string_view line, PlayerControl& player);

// A reply with nothing but an error (and request_id 0): for a line the server could not even hand over (too long).
std::string error_reply(const char* error);

// An event line (without a newline): {"event":NAME}.
std::string event_line(std::string_view name);
// mpv's end-file event: reason "eof", "quit" or "error" (with file_error, the reason in words).
std::string end_file_line(std::string_view reason, std::string_view file_error = {});

}  // namespace syncplay::ipc
