// A thread-safe bounded queue of messages with explicit kinds (data, flush, EOF) and serials, for the
// demux -> decode -> display pipeline of a player. No sentinel packets: a flush or an EOF is a message kind.
// A flush (after a seek) drops the queued data, bumps the serial and is delivered to the consumer, so that
// everything downstream can tell data of the old serial from data of the new one. Waits end on abort().
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace common {

enum class MessageKind { kData, kFlush, kEof };

template <class T>
struct Message {
  MessageKind kind = MessageKind::kData;
  int serial = 0;
  T data{};
  size_t bytes = 0;  // what the item counts against the queue's byte bound
};

struct QueueLimits {
  static constexpr size_t kDefaultMaxItems = 64;
  size_t max_items = kDefaultMaxItems;  // push waits while this many data items are queued
  size_t max_bytes = 0;                 // push waits while this many bytes are queued (0: no byte bound)
};

template <class T>
class MessageQueue {
 public:
  explicit MessageQueue(QueueLimits limits = {}) : limits_(limits) {}

  // Queues a data item of the current serial; waits while the queue is full. False when aborted (item dropped).
  bool push(T item, size_t bytes = 0) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return aborted_ || !full_locked(); });
    if (aborted_) return false;
    bytes_ += bytes;
    ++data_items_;
    items_.push_back(Message<T>{MessageKind::kData, serial_.load(), std::move(item), bytes});
    not_empty_.notify_one();
    return true;
  }
  // Queues an EOF marker of the current serial (never waits).
  void push_eof() {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back(Message<T>{MessageKind::kEof, serial_.load(), T{}, 0});
    not_empty_.notify_one();
  }
  // Drops every queued message, starts a new serial (the next one, or new_serial when given: a downstream queue
  // takes the serial of the flush it passes on) and queues a flush message of it. Returns the new serial.
  int flush(int new_serial = -1) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.clear();
    bytes_ = 0;
    data_items_ = 0;
    int serial = new_serial >= 0 ? new_serial : serial_.load() + 1;
    serial_.store(serial);
    items_.push_back(Message<T>{MessageKind::kFlush, serial, T{}, 0});
    not_empty_.notify_all();
    not_full_.notify_all();
    return serial;
  }

  // Takes the oldest message, waiting for one. nullopt when aborted.
  std::optional<Message<T>> pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return aborted_ || !items_.empty(); });
    if (aborted_) return std::nullopt;
    return take_locked();
  }
  // Takes the oldest message without waiting: nullopt when empty or aborted.
  std::optional<Message<T>> try_pop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (aborted_ || items_.empty()) return std::nullopt;
    return take_locked();
  }
  // Calls f(const Message<T>&) on the i-th queued message (0 = oldest) under the lock; false when there is none.
  template <class F>
  bool peek(size_t i, F&& f) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (i >= items_.size()) return false;
    f(items_[i]);
    return true;
  }

  // Wakes every waiter; push and pop fail from now on until restart().
  void abort() {
    std::lock_guard<std::mutex> lock(mutex_);
    aborted_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }
  void restart() {
    std::lock_guard<std::mutex> lock(mutex_);
    aborted_ = false;
  }
  bool aborted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return aborted_;
  }

  size_t size() const {  // data items queued
    std::lock_guard<std::mutex> lock(mutex_);
    return data_items_;
  }
  size_t messages() const {  // every message queued (data, flush, EOF)
    std::lock_guard<std::mutex> lock(mutex_);
    return items_.size();
  }
  size_t bytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
  }
  bool full() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return full_locked();
  }
  int serial() const { return serial_.load(); }
  // The serial as an atomic, for clocks that follow this queue (Clock reads as invalid when it differs).
  const std::atomic<int>& serial_ref() const { return serial_; }
  const QueueLimits& limits() const { return limits_; }

 private:
  bool full_locked() const {
    return data_items_ >= limits_.max_items || (limits_.max_bytes > 0 && bytes_ >= limits_.max_bytes);
  }
  Message<T> take_locked() {
    Message<T> m = std::move(items_.front());
    items_.pop_front();
    if (m.kind == MessageKind::kData) {
      bytes_ -= m.bytes;
      --data_items_;
    }
    not_full_.notify_one();
    return m;
  }

  QueueLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Message<T>> items_;
  size_t bytes_ = 0;
  size_t data_items_ = 0;
  std::atomic<int> serial_{0};
  bool aborted_ = false;
};

}  // namespace common
