// Subtitles: ffplay's (-sst, -sn, the t key, bitmap subtitles drawn as ffplay draws them) and, beyond ffplay, text
// subtitles (SRT, ASS/SSA, mov_text, WebVTT) rendered with libass, from the input or from a --sub-file.
// The display loop decodes the input's subtitle packets as the demuxer queues them (a --sub-file is read whole at the
// start), asks for the picture at a media time (the master clock's), and hands the result to the video output as one
// ARGB canvas laid over the picture. No SDL here.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/decode.hpp"
#include "common/ffmpeg.hpp"
#include "output.hpp"

namespace syncplay {

// A subtitle that went up or came down, for the sync report.
struct SubtitleChange {
  bool shown = false;   // shown, else hidden
  int track = 0;        // mpv's sid (1, 2, ...)
  double start = 0.0;   // the event's own times, media seconds (end: +inf while it lasts until the next one)
  double end = 0.0;
  double at = 0.0;      // the media time the picture changed at (the master clock's)
  std::string text;     // plain text (empty for a bitmap)
};

struct SubtitleTuning {
  // Until-the-next-one events (no duration given) are handed to libass with this duration, in milliseconds.
  static constexpr long long kOpenEndMs = 1000LL * 3600 * 24;
  // The master clock may step back a little without a seek: an audio callback late on a busy machine, after which
  // the audio clock is set back to where the device really is (twice as far at --speed 2). Within this much of the
  // latest time the overlay stays at that time, so that an event just over is not shown again (ffplay drops an event
  // once it is over); a step back further is a jump of the clock, and followed.
  static constexpr double kClockStepBackSeconds = 0.5;
};

class Subtitles {
 public:
  Subtitles();
  ~Subtitles();
  Subtitles(const Subtitles&) = delete;
  Subtitles& operator=(const Subtitles&) = delete;

  // The input's subtitle streams and font attachments (fonts go to libass, as mpv does). Tracks are numbered in
  // stream order from 1 (mpv's sid); a stream no decoder opens is a track that shows nothing (a warning says why).
  // The decoder by name for the input's subtitle streams (ffplay's -scodec); "" for each codec's own. With the
  // decoder options by name the user gave (those a stream's decoder takes reach it, as ffplay's).
  void set_decoder(const std::string& name, std::vector<common::CodecOption> options = {}) {
    decoder_name_ = name;
    codec_options_ = std::move(options);
  }
  void add_input(AVFormatContext* ctx);
  // A subtitle file read whole now (its best subtitle stream), its times counted from `offset` (the input's start).
  // Throws common::Error("--sub-file", ...) when it cannot be opened, holds no subtitle stream, or nothing in it
  // decodes; FFmpeg's messages while it tries the file are folded into that one line. Returns the track's number.
  int add_file(const std::string& path, double offset);

  // A packet of one of the input's streams (others are ignored). A damaged one is counted and skipped.
  void add_packet(const AVPacket* pkt);
  // A seek: the input's subtitles start again with the packets that follow (a file's stay), and the overlay follows
  // the clock wherever it now is.
  void flush_input();

  int count() const { return static_cast<int>(tracks_.size()); }
  int selected() const { return selected_; }  // 0: none
  // Which input stream (ff index) or file a track is: -1 for a file.
  int stream_index(int track) const;
  void select(int track);  // 0: none; a number out of range selects none
  // ffplay's t: the next track, none after the last, then the first again. Returns the new selection.
  int cycle();

  // Brings the overlay to media time t for a picture of frame_w x frame_h (new_frame: a new picture came up, so an
  // animated text may have moved). Returns true when the overlay changed (the picture must be drawn again). A t a
  // little before the last one (SubtitleTuning::kClockStepBackSeconds) counts as the last one.
  bool update(double t, int frame_w, int frame_h, bool new_frame);
  const SubtitleOverlay& overlay() const { return overlay_; }
  void on_change(std::function<void(const SubtitleChange&)> f) { on_change_ = std::move(f); }

  int errors() const { return errors_; }        // packets of the input that could not be decoded
  int last_error() const { return last_error_; }

 private:
  std::string decoder_name_;  // set_decoder
  std::vector<common::CodecOption> codec_options_;
  struct Track;
  struct Event;
  struct Libass;
  void add_stream(AVFormatContext* ctx, const AVStream* st);
  int read_file(const std::string& path, double offset);  // add_file's work, FFmpeg's messages held by the caller
  Track& make_track(std::unique_ptr<common::Decoder> decoder, int stream_index, double offset);
  int decode(Track& t, const AVPacket* pkt);
  std::vector<const Event*> active(Track& t, double t_now, bool prune) const;
  void compose_text(Track& t, const std::vector<const Event*>& events, double now, bool reload, bool& changed);
  void compose_bitmap(const std::vector<const Event*>& events, int w, int h);
  void report(const std::vector<const Event*>& now_active, double now);
  void clear_overlay(int w, int h);

  std::unique_ptr<Libass> ass_;
  std::vector<std::unique_ptr<Track>> tracks_;
  std::vector<int> track_of_stream_;  // input stream index -> track number (0: none)
  int selected_ = 0;
  bool reselected_ = false;
  struct Shown {
    uint64_t id = 0;
    int track = 0;  // its track's number (a track switched away from reports its events hidden under its own)
    double start = 0.0, end = 0.0;
    std::string text;
  };
  std::vector<Shown> shown_;  // the events on the overlay now (copies: a flush may free the events themselves)
  double latest_ = -INFINITY;  // the latest media time the overlay was brought to since the last seek
  uint64_t next_id_ = 1;
  SubtitleOverlay overlay_;
  std::function<void(const SubtitleChange&)> on_change_;
  int errors_ = 0;
  int last_error_ = 0;
};

}  // namespace syncplay
