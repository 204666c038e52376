// The player's view of its outputs: small interfaces that the SDL backends (vo_sdl, ao_sdl) and the null video
// output implement. Nothing here knows SDL.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/ffmpeg.hpp"

namespace syncplay {

// What the user asked for, from the keyboard or the window.
enum class Command {
  kQuit,
  kTogglePause,
  kStep,
  kToggleFullscreen,
  kToggleMute,
  kVolumeDown,
  kVolumeUp,
  kSeekBack,      // Left: -seek_interval seconds back (10 by default)
  kSeekForward,   // Right: as far forward
  kSeekBack60,
  kSeekForward60,
  kRedraw,  // exposed or resized: show the last frame again
  kCycleSubtitle,  // ffplay's t: the next subtitle track (none after the last)
  kCycleAudio,     // ffplay's a: the next audio stream (in the video's program)
  kCycleVideo,     // ffplay's v: the next video stream
  kCycleProgram,   // ffplay's c: the next video stream, then audio and subtitles as a and t
  kCycleShowMode,  // ffplay's w: video, waves, spectrum (those the streams allow)
  kSeekToFraction,  // ffplay's right click (or drag): to that fraction of the duration, as across the window
};

// A command and, for kSeekToFraction, where: 0 at the window's left edge to 1 at its right.
struct UserCommand {
  Command what;
  double fraction = 0.0;
};

// Subtitles as one picture laid over the video, scaled with it (ffplay draws its subtitle texture the same way).
struct SubtitleOverlay {
  int width = 0, height = 0;   // the canvas's size (the picture's, or a bitmap subtitle's own video size)
  std::vector<uint32_t> argb;  // width * height pixels, 0xAARRGGBB, straight (not premultiplied) alpha
  bool empty = true;           // nothing to draw
};

class VideoOutput {
 public:
  virtual ~VideoOutput() = default;
  // The pixel formats show() takes (YUV420P always); empty: any, as nothing is drawn.
  virtual std::vector<int> display_formats() const { return {}; }
  // Shows a frame in one of display_formats() (its sample aspect ratio honoured) and keeps it for redraws.
  virtual void show(const AVFrame* frame) = 0;
  virtual void redraw() = 0;
  // The subtitles to lay over the picture from the next show or redraw on (copied now).
  virtual void set_overlay(const SubtitleOverlay& overlay) = 0;
  // Shows a picture of the window's size (0xAARRGGBB, row by row) instead of the video: the audio display.
  virtual void show_visual(int width, int height, const std::vector<uint32_t>& argb) = 0;
  // The window's size in pixels; false without a window.
  virtual bool window_size(int& width, int& height) const = 0;
  virtual void toggle_fullscreen() = 0;
  virtual bool fullscreen() const { return false; }
  // Waits up to `timeout` seconds for user input, appending what it asks for to `out`.
  virtual void wait_events(double timeout, std::vector<UserCommand>& out) = 0;
};

// No window: waits by sleeping, shows nothing.
std::unique_ptr<VideoOutput> make_null_video_output();

// Signed 16-bit interleaved samples at the device's rate and channel count.
struct AudioDeviceSpec {
  int rate = 0;
  int channels = 0;
  int buffer_bytes = 0;  // the device's buffer (one callback's worth)
  // Buffers between a callback and the speaker: SDL's and the hardware's for a real device, one for SDL's dummy
  // and disk drivers (they sleep one buffer's time after each callback).
  int latency_buffers = 2;
  int bytes_per_second() const { return rate * channels * 2; }
};

// Pulled by the audio device's thread: fills buf with len bytes (silence when there is nothing to play).
class AudioSource {
 public:
  virtual ~AudioSource() = default;
  virtual void fill(uint8_t* buf, int len, double now) = 0;
};

class AudioOutput {
 public:
  virtual ~AudioOutput() = default;
  virtual const AudioDeviceSpec& spec() const = 0;
  // Starts pulling from `source` (which must outlive the output), or pauses.
  virtual void start(AudioSource& source) = 0;
  virtual void set_paused(bool paused) = 0;
  virtual void set_volume(int volume) = 0;  // 0..100
  virtual void set_muted(bool muted) = 0;
};

}  // namespace syncplay
