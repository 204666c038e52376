// graphrun's inputs: a demuxer, a decoder for every stream the graph uses, and the read step the scheduler calls.
// Timestamps follow ffmpeg: each input starts at 0 (unless copyts), MPEG-TS discontinuities are joined up
// (common::InputTimestamps), audio is timed in 1/sample_rate with sample-exact rounding, and a stream's end is
// the end of its last frame.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/cut.hpp"
#include "common/decode.hpp"
#include "common/demux.hpp"
#include "common/filter_graph.hpp"
#include "common/read_rate.hpp"
#include "common/scheduler.hpp"
#include "common/timestamps.hpp"

namespace graphrun {

class MediaInput {
 public:
  // Opens path ("-" is stdin). A pipe that delivers nothing for timeout_ms (0: never) fails the input with "read
  // timed out"; an MP4/MOV on a pipe is spooled up to spool_limit bytes; timestamps go through ffmpeg's input rules
  // with these options (-copyts, -start_at_zero). Throws common::Error.
  // format and demuxer_options are what came before its -i (-f, -probesize 1M, -video_size 320x240), and so are
  // decoders (-c:v libvpx-vp9: ffmpeg's choice of decoder) and decoder_options (-threads 1, -skip_frame:v nokey),
  // which also apply to the decoders that find the streams' parameters, as in ffmpeg.
  // stream_loop is ffmpeg's -stream_loop: read the input that many more times (negative: forever), each pass's
  // timestamps after the last's (common::InputTimestamps::loop). A pipe is then spooled (up to spool_limit), so that
  // it can be read again, where ffmpeg reads it once ("Seek to start failed").
  MediaInput(size_t index, const std::string& path, const common::TimestampOptions& timestamps, int timeout_ms = 0,
             int64_t spool_limit = common::SpoolOptions::kDefaultLimit, const std::string& format = "",
             const std::vector<std::pair<std::string, std::string>>& demuxer_options = {},
             const std::vector<common::CodecOption>& decoders = {},
             const std::vector<common::CodecOption>& decoder_options = {}, int stream_loop = 0);

  // ffmpeg's input -ss (AV_TIME_BASE units, from the input's start): an input that seeks is seeked by its demuxer
  // to the key frame at or before it (the time ffmpeg aims at, common::seek_target); a pipe, which ffmpeg cannot
  // seek, is read from its start but only the packets from that key frame on are decoded (common::PipeSeek). The
  // frames before the start are then dropped by the input's trim in the graph. Before the first read.
  void seek(int64_t start);
  // ffmpeg's -sseof (AV_TIME_BASE, below 0): the start it makes, the input's length plus it (AV_NOPTS_VALUE when
  // ignored: a start before the input's beginning, as ffmpeg, or an input without timestamps). The length is the
  // header's; where it gives none (a pipe), the input is read to its end keeping only its tail (common::TailBuffer),
  // which the reads then take, and seek() goes through the tail as on a pipe. Then set_timestamps() with the start.
  // Before the first read; throws common::Error.
  int64_t resolve_sseof(int64_t sseof);
  // Replaces the timestamp rules (an -sseof's start makes the input's offset). Before the first read.
  void set_timestamps(const common::TimestampOptions& timestamps);
  // ffmpeg's -re (1) and -readrate SPEED: packets are read no faster than the input's timestamps go by, times SPEED
  // (common::ReadRate). Before the first read.
  void set_read_rate(double speed);

  size_t index() const { return index_; }
  const std::string& path() const { return path_; }
  AVFormatContext* ctx() const { return input_->ctx(); }

  // Threaded runs decode beside the graph and the output, each input in a thread of its own: then a picture below
  // 1280x720 is decoded by one thread rather than FFmpeg's frame threads, whose hand-offs cost more than such a
  // small picture's decoding and only crowd the cores the pipeline already uses (Chromium picks decoder threads by
  // resolution for the same reason). Larger pictures keep FFmpeg's choice: a heavy 720p H.264 stream decodes at
  // half the speed on one thread (BENCHMARKS.md, stops 30 and 37), unless a decoder can change at a key frame
  // (switches_at_key_frames()): that one starts on one thread too, and takes FFmpeg's frame threads from the first
  // key frame at which the graph has been waiting on this input (kStarvedShare of the time since the last check).
  // (Not a small picture's: with the graph waiting on a 640x360 MPEG-4 stream at 60 fps, an overlay took 0.84 of
  // ffmpeg's time after the switch and 0.55 without it.)
  // The pictures still reach the graph when FFmpeg's frame threads would give them (frame_delay()): the graph sees
  // the frames of the serial run, in the same order and at the same reads. Before feed().
  void set_pipelined(bool pipelined) { pipelined_ = pipelined; }
  static constexpr int kOneThreadBelowPixels = 1280 * 720;  // unless -threads before the -i says otherwise
  static constexpr double kStarvedShare = 0.3;
  static constexpr double kCheckSeconds = 0.25;  // the shortest time between two checks

  // Stream `stream` feeds graph source `source` (its decoder is opened on first use). Throws common::Error.
  void feed(int stream, size_t source);
  // What the buffer source fed by `stream` must be told; with autorotate (ffmpeg's default), a video stream's
  // display matrix turns its pictures upright before the graph.
  common::SourceParams source_params(int stream) const;
  void set_autorotate(bool on) { autorotate_ = on; }
  bool used() const;
  // One line per decoder for --stats: "stream 0 (mpeg4): 1 decoder thread" (FFmpeg's resolved count and kind).
  std::vector<std::string> decoder_threads() const;

  // The scheduler's read step: one packet read, decoded and pushed. 0, AVERROR_EOF, or an error. Threaded, the
  // packet was read and decoded ahead by the input's own thread: this takes its frames from the queue.
  int read_once(common::Scheduler& sched);
  // Flushes the decoders into the graph and closes this input's sources (stopping early). AVERROR_EOF or an error.
  int drain(common::Scheduler& sched);
  // What the input was doing when read_once() returned an error.
  const std::string& error_context() const { return error_context_; }

  // Threaded: from now on a thread of the input's own reads and decodes ahead, at most `max_units` packets' worth
  // of frames, each packet's frames one message of a bounded queue (frames, end of input, or an error), so that
  // read_once() hands the graph exactly what the serial read would: the output does not depend on the threads.
  void start_thread(size_t max_units);
  // Stops the thread (what it decoded ahead is dropped) and joins it. Idempotent.
  void stop_thread();
  // The thread's time: busy reading and decoding, and waiting for room in the queue (seconds).
  double busy_seconds() const { return busy_.load(); }
  double waiting_seconds() const { return waiting_.load(); }
  // The graph thread's time waiting for this input's frames (seconds).
  double starved_seconds() const { return starved_.load(); }
  ~MediaInput();

 private:
  bool pipelined_ = false;
  struct StreamState {
    std::unique_ptr<common::Decoder> decoder;
    // The frame threads FFmpeg would have given this decoder and a pipelined run does not: each packet's pictures
    // are held back for `hold` more packets, as those threads would (the oldest packets' first, all at the end).
    int hold = 0;
    std::deque<std::vector<common::FramePtr>> held;
    // A one-thread decoder that may take FFmpeg's frame threads at a key frame (opened with `options` then), and
    // the packet at which it did (-1: not yet).
    bool may_switch = false;
    common::DecoderOptions options;
    int64_t packets = 0;
    int64_t switched_at = -1;
    std::vector<size_t> sources;
    AVRational source_tb{0, 1};      // the time base of the frames we push
    int64_t end_pts = AV_NOPTS_VALUE;  // end of the last frame pushed, in source_tb
    int64_t rescale_last = AV_NOPTS_VALUE;  // av_rescale_delta state (audio)
    int64_t prev_pkt_pts = AV_NOPTS_VALUE;
    int last_samples = 0;  // audio: the last decoded frame's (ffmpeg's ist->nb_samples, which -stream_loop reads)
    // Someone still wants its frames: written by the graph's thread, read by the input's (copyable, for the vector).
    struct Flag {
      std::atomic<bool> value{false};
      Flag() = default;
      Flag(const Flag& other) : value(other.value.load()) {}
      Flag& operator=(bool v) {
        value = v;
        return *this;
      }
      operator bool() const { return value.load(); }
    } active;
  };
  // One message from the input's thread: the frames of one or more reads (a read is a packet's: it may give none),
  // and last, for kEnd, the reads at the input's end (from end_first_read on: end_step()'s, one decoder's last frame
  // each, then none), or for kError the one that failed. The graph's thread takes one read per read_once(), as the
  // serial run reads.
  struct Unit {
    enum Kind { kFrames, kEnd, kError } kind = kFrames;
    std::vector<std::pair<int, common::FramePtr>> frames;  // stream, frame (timestamps already the graph's)
    std::vector<size_t> read_ends;                          // where each read's frames end in `frames`
    size_t end_first_read = 0;                              // kEnd: the read that met the end
    std::vector<int64_t> end_pts;                           // kEnd: per stream
    int error = 0;
    std::string context;
  };
  using Emit = std::function<int(int stream, AVFrame* frame)>;

  // Sends a packet (nullptr: flush) to the stream's decoder and gives each frame, timed, to emit (held back as the
  // stream's `hold` says). 0 or an error, `context` saying what failed.
  int decode(int stream, const AVPacket* pkt, const Emit& emit, std::string& context);
  // decode()'s frames (at most max_frames of them).
  int receive(int stream, const AVPacket* pkt, const Emit& emit, std::string& context, size_t max_frames = SIZE_MAX);
  // Gives emit the held frames of the stream's oldest packets until at most `keep` packets' are held.
  int release(int stream, size_t keep, const Emit& emit);
  // The graph's timestamps for a decoded frame (audio in 1/sample_rate, sample-exact), and the stream's end.
  void time_frame(int stream, AVFrame* f, const AVPacket* pkt);
  // Pushes a frame into the stream's sources; a stream no source takes any more is no longer decoded.
  int push(common::Scheduler& sched, int stream, const AVFrame* f);
  // Reads one packet: 0 (its frames emitted, or nothing to do), AVERROR_EOF at the end (the decoders flushed into
  // emit), or an error with `context`.
  int read_packet(const Emit& emit, std::string& context);
  // One read at the input's end, as ffmpeg 5.1's process_input once av_read_frame has met it: stream by stream, the
  // decoder's next last frame (one a read: "decode only 1 frame per call on EOF"), and where a stream has none left,
  // its end (ended(stream)), before the next stream's. 1 when a frame was emitted (the read ends with it),
  // AVERROR_EOF when every stream has ended, or an error with `context`. end_stream_ is where it goes on.
  int end_step(const Emit& emit, const std::function<void(size_t)>& ended, std::string& context);
  int end_read(common::Scheduler& sched);  // serial: one end_step() into the sources: 0, AVERROR_EOF or an error
  int finish(common::Scheduler& sched);    // the end_read()s left, at once (stopping early)
  void end_sources(common::Scheduler& sched, size_t stream, int64_t end_pts);
  int fail(std::string context, int code);
  void run_thread();
  bool pop(Unit& unit);  // false: interrupted while waiting
  // Whether u's reads may join the last queued unit (mutex_ held): both audio frames only, within the bound.
  bool mergeable(const Unit& u) const;
  size_t low_water() const { return max_units_ / 2; }  // a full queue's reader waits until it is down to this
  static constexpr size_t kMaxMergedFrames = 32;
  // Hands the graph the next read of `current_`, as the serial read_once() would: 0, AVERROR_EOF or an error.
  int take(common::Scheduler& sched);
  bool taken() const { return current_read_ >= current_.read_ends.size(); }  // current_ has no read left
  void warn_unused_decoder_options() const;

  size_t index_;
  std::string path_;
  std::vector<common::CodecOption> decoders_, decoder_options_;  // from before its -i
  std::atomic<bool> cancel_{false};  // ends a read the input's thread waits in (a stalled pipe) when it is stopped
  std::unique_ptr<common::Input> input_;
  std::vector<StreamState> streams_;
  std::unique_ptr<common::InputTimestamps> timestamps_;  // ffmpeg's input offset and discontinuity rules
  bool discards_set_ = false;  // the streams no graph input reads are marked AVDISCARD_ALL (at the first read)
  int64_t pipe_seek_target_ = AV_NOPTS_VALUE;  // seek() on a pipe: where PipeSeek aims, once discards are set
  std::unique_ptr<common::PipeSeek> pipe_seek_;
  std::unique_ptr<common::ReadRate> read_rate_;  // -re, -readrate
  bool pipe_seek_finished_ = false;
  // resolve_sseof() read the input to its end: what it kept, read first, then the read that ended it.
  std::deque<common::PacketPtr> tail_;
  bool read_to_end_ = false;
  int tail_end_ = AVERROR_EOF;
  int read_input(AVPacket* pkt);  // the next packet: the tail's, else the demuxer's
  // -stream_loop at the input's end: the decoders' last frames to emit (no end: the stream goes on), the decoders
  // reset, the input seeked back to its start. 0, or AVERROR_EOF when the seek failed (then the input ends).
  int loop_back(const Emit& emit, std::string& context);
  int loops_left_ = 0;  // -stream_loop: passes still to read (negative: forever)
  bool autorotate_ = true;  // -autorotate (default) / -noautorotate
  int64_t pass_packets_ = 0;  // packets read in this pass
  // A packet read (or released by pipe_seek_) of an active stream: timed and decoded.
  int process_packet(const Emit& emit, std::string& context);
  common::PacketPtr pkt_;
  common::FramePtr frame_;
  std::string error_context_;
  // The thread (threaded mode only) and its queue.
  std::thread thread_;
  bool threaded_ = false;
  size_t max_units_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Unit> queue_;
  Unit current_;             // the graph's thread's: the unit it takes reads from
  size_t current_read_ = 0;  // the next read of current_ to take
  bool ending_ = false;      // serial: the demuxer has met the end; reads are end_read()s
  size_t end_stream_ = 0;    // end_step(): the stream whose last frames it takes (the thread's, when threaded)
  size_t ended_streams_ = 0;  // take(): the streams whose end the graph has had
  bool abort_ = false;
  std::atomic<double> busy_{0}, waiting_{0};
  std::atomic<double> starved_{0};  // written by the graph's thread, read by the input's (switch_wanted())
  // The input's thread: when it last looked at starved_, and what it saw (switch_wanted()).
  std::chrono::steady_clock::time_point checked_at_{};
  double starved_then_ = 0;
  bool switch_wanted();
  // The stream's decoder to FFmpeg's frame threads, before a key frame; the pictures held go out one a packet
  // while the new threads fill (as the frame threads would have given them).
  void switch_decoder(int stream);
};

}  // namespace graphrun
