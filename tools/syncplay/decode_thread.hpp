// A decoder thread: packets in, frames out, with the serial of the packets passed on (a flush message after a
// seek flushes the decoder and the frame queue). Video frames in a format the display does not take are converted
// here, off the display loop, to the one it takes that loses least. Raw streams without timestamps get them from a frame rate. With --vf/--af the frames go through a
// filter chain first (filter_chain.hpp); the chain is reset on every flush, so nothing from before a seek survives.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "common/decode.hpp"
#include "filter_chain.hpp"
#include "picture_convert.hpp"
#include "pipeline.hpp"

namespace syncplay {

struct DecodeConfig {
  // Video: the pixel formats the display takes (VideoOutput::display_formats); others are converted to the closest.
  // Empty: any (no display).
  std::vector<int> display_formats;
  double frame_rate = 0.0;    // video: nominal rate (frame duration); 0 unknown
  bool synthesize_pts = false;  // video: timestamps from frame_rate (input without timestamps)
  double fallback_fps = 25.0;   // video: the rate for frames that come without timestamps (--fps, else a guess)
  bool fps_given = false;       // fallback_fps was set by the user (no "guess" in the warning)
  double drop_before = -1e300;  // frames before this media time are dropped (--ss on a pipe)
  std::string filters;          // --vf / --af chain; empty: none
  int filter_threads = 0;       // its slice threads (-filter_threads; 0: one per core)
  // Video: asked for each picture about to be queued for the display, after the filters (pts in media seconds, the
  // serial of its packets); true drops it (ffplay's early drop, which the caller decides and reports). Empty: none.
  // ffplay asks before its filters, with the decoded time: a --vf that moves timestamps (setpts=2*PTS) would then
  // have every slowed picture judged late.
  std::function<bool(double pts, int serial)> drop_early;
};

class DecodeThread {
 public:
  DecodeThread(std::unique_ptr<common::Decoder> decoder, PacketQueue& packets, FrameQueue& frames, DecodeConfig config);
  ~DecodeThread();
  void start();
  void stop();  // the queues must be aborted first

  // An exact seek: frames of `serial` that end before `target` (media seconds) are dropped, so playback starts at
  // the target rather than at the keyframe before it. From any thread, before the serial's packets are queued.
  void drop_before(int serial, double target) {
    drop_until_ = target;
    drop_serial_ = serial;
  }
  int frames_decoded() const { return frames_.load(); }
  int errors() const { return errors_.load(); }  // packets the decoder rejected, or frames marked corrupt
  int last_error() const { return last_error_.load(); }
  // The decoder's timestamp corrections so far (AVCodecContext's pts_correction_num_faulty_dts and _pts).
  int64_t faulty_dts() const { return faulty_dts_.load(); }
  int64_t faulty_pts() const { return faulty_pts_.load(); }
  const common::Decoder& decoder() const { return *decoder_; }
  // Why the filter chain stopped mid-stream ("" when it did not): it could not be rebuilt for frames that changed.
  // Read after stop().
  const std::string& filter_error() const { return filter_error_; }

 private:
  void run();
  // Receives every frame the decoder has; false when the frame queue was aborted.
  bool drain();
  bool deliver(AVFrame* frame);
  // Queues a frame (converted for the display when asked); false when the frame queue was aborted.
  bool emit(AVFrame* frame, double pts, double duration);
  bool filter(AVFrame* frame, AVRational time_base);

  std::unique_ptr<common::Decoder> decoder_;
  PacketQueue& packets_;
  FrameQueue& out_;
  DecodeConfig config_;
  std::thread thread_;
  PictureConverter converter_;  // video frames the display does not take, to the closest format it does
  AVPixelFormat convert_from_ = AV_PIX_FMT_NONE, convert_to_ = AV_PIX_FMT_NONE;
  std::atomic<int> frames_{0};
  std::atomic<int> errors_{0};
  std::atomic<int> last_error_{0};
  std::atomic<int64_t> faulty_dts_{0};
  std::atomic<int64_t> faulty_pts_{0};
  int64_t synthesized_ = 0;
  int serial_ = 0;  // of the packets being decoded
  std::atomic<int> drop_serial_{-1};
  std::atomic<double> drop_until_{-1e300};
  bool warned_ = false;
  std::unique_ptr<FilterChain> chain_;
  bool chain_ended_ = false;  // the chain's output ended (or failed) in this serial: EOF already queued
  std::string filter_error_;
};

}  // namespace syncplay
