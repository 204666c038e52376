// --sync-report: one JSON object per video frame (shown, dropped or repeated) and a summary, as JSON Lines.
// Thread-safe: the display loop writes most lines, the video decoder's thread those of early drops.
#pragma once

#include <cstdio>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

namespace syncplay {

// kUndrawn: the frame came up at its time but was not drawn (the window showed the audio display).
// kDroppedEarly: dropped by the decoder thread, already behind the master when decoded (ffplay's early drop); its
// line is a "dropped" one with "early": true, and the summary counts it among the dropped.
enum class FrameAction { kShown, kUndrawn, kDropped, kRepeated, kDroppedEarly };

struct SyncSummary {
  int shown = 0;
  int undrawn = 0;
  int dropped = 0;        // late (by the display) and early (by the decoder), as ffplay's fd
  int dropped_early = 0;  // of which early
  int repeated = 0;
  int underruns = 0;
  std::string sync;  // the master actually used: audio, video or ext
  // Audio the device received, on the player's clock (NaN without audio): seconds of sound, and the seconds from
  // the first to the last callback that received any. Their ratio is the audio's real pace, start-up excluded.
  double audio_seconds = std::numeric_limits<double>::quiet_NaN();
  double audio_span = std::numeric_limits<double>::quiet_NaN();
  // When playback ended (its threads stopped, just before this summary), on the clock of the frames' shown_at (NaN
  // when it never started): how long the player took to end after its last frame, start-up excluded.
  double ended_at = std::numeric_limits<double>::quiet_NaN();
};

class SyncReport {
 public:
  // An empty path makes a report that only counts (for the summary on the log).
  explicit SyncReport(const std::string& path);
  ~SyncReport();
  SyncReport(const SyncReport&) = delete;
  SyncReport& operator=(const SyncReport&) = delete;

  // pts and master in media seconds, at: seconds since playback started; diff = pts - master. due: when the display
  // loop planned the frame (its frame timer, on the clock of at; NaN for a line without a plan: repeated, early).
  // at - due is how late the player itself was to its own plan: what a starved host shows.
  void frame(double pts, double at, double master, FrameAction action,
             double due = std::numeric_limits<double>::quiet_NaN());
  // A switch of the audio or video stream played (ffplay's a, v and c keys, IPC aid and vid) from stream `from` to
  // `to` (input stream indexes), at: seconds since playback started; master: the master clock then.
  void stream_switch(const char* type, int from, int to, double at, double master);
  // A subtitle that went up (shown) or came down: its track (mpv's sid), its own start and end (media seconds; end
  // null while it lasts until the next one), the master clock's time when the picture changed, and its text.
  void subtitle(bool shown, int track, double start, double end, double at, double master, const std::string& text);
  // Writes the summary line and closes the file. Returns false when writing failed.
  bool finish(SyncSummary summary);
  double av_diff_percentile(double pct);
  // Why writing failed (after finish returned false).
  std::string error() const;

 private:
  void fail();
  void write(const std::string& line);  // with mutex_ held
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  std::string path_;
  std::vector<double> shown_diffs_;
  bool failed_ = false;
  int errno_ = 0;  // the first write error
};

}  // namespace syncplay
