#include "async_output.hpp"

#include <algorithm>
#include <chrono>

#include "thread_time.hpp"

namespace graphrun {

AsyncOutput::AsyncOutput(Consume consume, size_t max_frames)
    : consume_(std::move(consume)), max_frames_(std::max<size_t>(max_frames, 1)), thread_([this] { run(); }) {}

AsyncOutput::~AsyncOutput() { close(); }

int AsyncOutput::submit(size_t sink, AVFrame* frame) {
  if (int e = error_.load()) return e;
  Message m;
  m.sink = sink;
  if (frame) {
    m.frame = common::make_frame();
    av_frame_move_ref(m.frame.get(), frame);
  }
  const auto wait = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  if (sink < ended_.size() && ended_[sink]) return AVERROR_EOF;
  changed_.wait(lock, [&] { return queue_.size() < max_frames_ || error_.load() != 0; });
  blocked_ += seconds_since(wait);
  if (int e = error_.load()) return e;
  queue_.push_back(std::move(m));
  const bool wake = queue_.size() == batch();  // the output thread waits for a batch (or its timer)
  lock.unlock();
  if (wake) changed_.notify_all();
  return 0;
}

int AsyncOutput::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  return error_.load();
}

void AsyncOutput::run() {
  for (;;) {
    const auto wait = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    // Woken by the graph's thread once a batch is queued, or by the timer with fewer: one wake-up (a context switch
    // of each thread) per batch rather than per frame, for at most kMaxDelay more latency.
    while (!closing_ && queue_.size() < batch())
      if (changed_.wait_for(lock, kMaxDelay) == std::cv_status::timeout && !queue_.empty()) break;
    add_to(waiting_, seconds_since(wait));
    if (queue_.empty()) return;  // closing, and everything consumed
    // Everything queued is taken at once: one wake-up of this thread for many frames (small audio frames come
    // faster than a wake-up costs), and the graph's thread may queue up to max_frames_ more meanwhile.
    std::deque<Message> batch;
    batch.swap(queue_);
    lock.unlock();
    changed_.notify_all();
    for (Message& m : batch) {
      if (error_.load() != 0) break;  // after an error the rest is dropped; the graph's thread stops soon
      const auto start = std::chrono::steady_clock::now();
      const int ret = consume_(m.sink, m.frame.get());
      add_to(busy_, seconds_since(start));
      if (ret == AVERROR_EOF) {  // the output ended this sink
        std::lock_guard<std::mutex> guard(mutex_);
        if (ended_.size() <= m.sink) ended_.resize(m.sink + 1, false);
        ended_[m.sink] = true;
      } else if (ret < 0) {
        error_ = ret;
        changed_.notify_all();
      }
    }
  }
}

}  // namespace graphrun
