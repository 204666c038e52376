// The demuxer thread: reads packets and hands them to the decoders' queues, holding back once every queue has
// enough; seeks (flushing the queues by serial), loops, honours --ss and --t, and marks the end of input.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/demux.hpp"
#include "common/timestamps.hpp"
#include "pipeline.hpp"

namespace syncplay {

struct DemuxTuning {
  static constexpr size_t kEnoughPackets = 25;             // per stream (ffplay's MIN_FRAMES)
  static constexpr size_t kMaxBytes = size_t{15} << 20;    // all queues together (ffplay's MAX_QUEUE_SIZE)
  static constexpr int kIdleWaitMs = 5;
  size_t enough_packets = kEnoughPackets;
  size_t max_bytes = kMaxBytes;
};

struct DemuxConfig {
  int video_index = -1;
  int audio_index = -1;
  double start = 0.0;      // --ss, seconds from the start of the input
  double duration = -1.0;  // --t; negative: to the end
  int loop = 1;            // plays; 0 forever
  bool seekable = false;
  bool live = false;       // no holding back: a real-time source must be read as it comes
  bool unbounded = false;  // -infbuf: no holding back either, however much is queued (ffplay's infinite_buffer)
  DemuxTuning tuning;
};

class DemuxThread {
 public:
  // drained: true when everything queued has been played (the decoders' and outputs' queues are empty).
  // on_seek: called with the target (media seconds) after a seek, before new packets are queued, and whether the
  // seek asked to be exact (request_seek).
  DemuxThread(common::Input& input, DemuxConfig config, PacketQueue* video, PacketQueue* audio,
              std::function<bool()> drained, std::function<void(double, bool)> on_seek);
  ~DemuxThread();
  // Plays stream `index` of `type` (video or audio; -1: none) from the next packet read (ffplay's a and v keys): the
  // caller has stopped that queue's decoder and flushed the queue; a packet of the old stream read meanwhile may
  // still be queued (decoders pass over packets of other streams). Past the end of the input, the queue gets its EOF.
  void switch_stream(AVMediaType type, int index);
  // The queue for the packets of every subtitle stream (before start; none: they are dropped). It never holds the
  // reading back (subtitles are sparse: the display loop takes them as they come), and is flushed with the others.
  void set_subtitle_queue(PacketQueue* subtitles) { subtitles_ = subtitles; }
  void start();
  void stop();

  // Seeks to `target` media seconds (a named file only); forward tells which side of the target to land on.
  // Returns the request's number (1, 2, ...; 0 when the input cannot seek): seeks_done() reaches it once the seek
  // was made (or failed, leaving playback where it was) and the queues hold what follows it.
  // exact: the decoders are to drop what comes before the target (on_seek tells them; the demuxer only lands on
  // the keyframe).
  uint64_t request_seek(double target, bool forward, bool exact = false);
  // ffplay's seek by bytes (-bytes): to byte `pos` of the input, `rel` bytes from where playback was (its sign says
  // which side to land on; 0: either). on_seek is then told NaN: where that is in time shows when packets come.
  uint64_t request_seek_bytes(int64_t pos, int64_t rel);
  // The input position of the last packet read (-1: none yet, or the demuxer does not say).
  int64_t read_pos() const { return read_pos_.load(); }
  uint64_t seeks_done() const { return seeks_done_.load(); }
  bool at_eof() const { return eof_.load(); }
  // At the end and no loop to start: nothing more will come.
  // The loop count is read first: a loop clears eof_ before it is counted, so a count of one read here means the
  // last pass's eof_ is the one read next.
  bool finished() const {
    const bool last_pass = loops_left_.load() == 1 || !config_.seekable;
    return last_pass && eof_.load();
  }
  // The read error that ended the input early (0: none), and whether packets were marked corrupt.
  int read_error() const { return read_error_.load(); }
  bool corrupt() const { return corrupt_.load(); }
  // Whether the input ended before its own index did: an index at the front (MP4, MOV, Matroska's cues) named
  // packets of a played stream later than any that could be read (a cut file).
  bool ended_early() const { return ended_early_.load(); }
  double start_time() const { return start_time_; }  // the input's first timestamp, seconds
  // How far the demuxer has read the played streams: the end of the last packet queued, in media seconds, of the
  // stream that is least far (NaN before each has a packet, and after a seek until it has one again).
  double read_until() const;

 private:
  void run();
  bool has_enough() const;
  bool seek_to(double target, bool forward, bool exact = false);  // false: the seek failed (a warning said why)
  bool seek_bytes(int64_t pos, int64_t rel);
  void after_seek(double target, bool exact);  // the queues flushed, the decoders told
  void mark_eof();
  void reset_timestamps();
  void check_index_end();

  common::Input& input_;
  DemuxConfig config_;
  PacketQueue* video_;
  PacketQueue* audio_;
  PacketQueue* subtitles_ = nullptr;
  std::function<bool()> drained_;
  std::function<void(double, bool)> on_seek_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> eof_{false};
  std::atomic<int> read_error_{0};
  std::atomic<bool> corrupt_{false};
  std::atomic<bool> ended_early_{false};
  // The streams played (config_'s at the start; switch_stream changes them).
  std::atomic<int> video_index_;
  std::atomic<int> audio_index_;
  std::mutex eof_mutex_;  // the end marked and a stream switched, one at a time (the new queue gets its EOF once)
  std::vector<int64_t> latest_;  // per stream: the latest pts or dts read (AV_NOPTS_VALUE: none yet)
  // The end of the last packet queued for video and for audio, media seconds (NaN: none since the start or a seek).
  std::atomic<double> video_until_{std::numeric_limits<double>::quiet_NaN()};
  std::atomic<double> audio_until_{std::numeric_limits<double>::quiet_NaN()};
  std::mutex seek_mutex_;
  bool seek_pending_ = false;
  double seek_target_ = 0.0;
  bool seek_forward_ = true;
  bool seek_exact_ = false;
  bool seek_by_bytes_ = false;
  int64_t seek_pos_ = 0, seek_rel_ = 0;
  std::atomic<int64_t> read_pos_{-1};
  uint64_t seeks_requested_ = 0;  // under seek_mutex_
  std::atomic<uint64_t> seeks_done_{0};
  double start_time_ = 0.0;
  std::atomic<int> loops_left_;
  std::unique_ptr<common::InputTimestamps> timestamps_;  // MPEG-TS jumps joined up (demux thread only)
};

}  // namespace syncplay
