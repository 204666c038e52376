// The output side of the threaded pipeline: the graph's thread hands each frame a sink gives (and each sink's end)
// to a thread of the output's own through a bounded queue, and that thread encodes and muxes them in the order
// they came, so the output is the one the serial run writes. An error of the output thread is returned to the
// graph's thread at its next frame, which stops the run as a serial error would. The output thread takes frames in
// batches (half the queue, or whatever came within kMaxDelay), so that small frames do not cost a wake-up each.
// A sink the output has ended (consume answered AVERROR_EOF: -t, -frames) takes nothing more: submit answers
// AVERROR_EOF for it, as the serial output would, and what was already queued for it is dropped by the output.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/ffmpeg.hpp"

namespace graphrun {

class AsyncOutput {
 public:
  // consume(sink, frame) runs on the output thread: frame nullptr is the sink's end. 0 or an AVERROR.
  using Consume = std::function<int(size_t sink, AVFrame* frame)>;
  AsyncOutput(Consume consume, size_t max_frames);
  ~AsyncOutput();
  AsyncOutput(const AsyncOutput&) = delete;
  AsyncOutput& operator=(const AsyncOutput&) = delete;

  // On the graph's thread: queues the frame (its reference is taken), waiting while the queue is full (max_frames
  // queued; the output thread takes them all at once, so as many more may be in its hands). 0, or the output
  // thread's error, or AVERROR_EOF for a sink the output has ended.
  int submit(size_t sink, AVFrame* frame);
  // Waits until every queued frame was consumed and stops the thread. The first error of the output thread, or 0.
  int close();

  double busy_seconds() const { return busy_.load(); }
  double waiting_seconds() const { return waiting_.load(); }  // for frames to come
  double blocked_seconds() const { return blocked_; }         // the graph's thread, for room in the queue

 private:
  struct Message {
    size_t sink = 0;
    common::FramePtr frame;  // null: the sink's end
  };
  void run();
  size_t batch() const { return std::max<size_t>(max_frames_ / 2, 1); }
  static constexpr std::chrono::milliseconds kMaxDelay{10};  // the most a frame waits for its batch

  Consume consume_;
  size_t max_frames_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Message> queue_;
  std::vector<bool> ended_;  // per sink (mutex_)
  bool closing_ = false;
  std::atomic<int> error_{0};
  std::atomic<double> busy_{0}, waiting_{0};
  double blocked_ = 0;
  std::thread thread_;
};

}  // namespace graphrun
