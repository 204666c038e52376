#include "batch.hpp"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "common/memory_io.hpp"

namespace avprobe_json {

namespace {

using Clock = std::chrono::steady_clock;

// A finished input's document, waiting for its turn.
struct Done {
  std::string text;
  bool failed = false;
};

// What the writing thread knows of the input a worker is probing.
struct Running {
  std::atomic<bool> cancel{false};
  bool active = false;
  bool timed_out = false;
  Clock::time_point start;
};

class Batch {
 public:
  Batch(InputList& list, const BatchOptions& options, const ProbeDocument& probe)
      : list_(list),
        options_(options),
        probe_(probe),
        window_(int64_t{options.jobs} * BatchOptions::kWindowPerJob),
        running_(static_cast<size_t>(options.jobs)) {
    for (auto& r : running_) r = std::make_unique<Running>();
  }

  BatchCounts run(OutBuffer& out) {
    std::vector<std::thread> workers;
    workers_left_ = options_.jobs;
    for (size_t slot = 0; slot < static_cast<size_t>(options_.jobs); ++slot)
      workers.emplace_back([this, slot] { work(slot); });
    BatchCounts counts;
    try {
      write_all(out, counts);
    } catch (...) {
      stop();
      for (auto& t : workers) t.join();
      throw;
    }
    for (auto& t : workers) t.join();
    return counts;
  }

 private:
  // The writing thread: documents out as they are ready, each input's clock watched, until every worker is done.
  void write_all(OutBuffer& out, BatchCounts& counts) {
    for (;;) {
      std::vector<Done> ready;
      bool finished = false;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait_for(lock, BatchOptions::kWatchPeriod, [&] { return has_ready() || workers_left_ == 0; });
        if (common::interrupted()) {
          stop_locked();
          return;
        }
        watch_clocks();
        while (has_ready()) {
          auto it = options_.unordered ? done_.begin() : done_.find(written_);
          ready.push_back(std::move(it->second));
          done_.erase(it);
          ++written_;
        }
        finished = workers_left_ == 0 && done_.empty();
        if (!ready.empty()) changed_.notify_all();  // room in the window
      }
      for (const Done& d : ready) {
        out.put(d.text);
        out.flush();  // a reader sees each input's document when it is there
        ++counts.inputs;
        if (d.failed) ++counts.failed;
      }
      if (finished) return;
    }
  }

  bool has_ready() const {
    return options_.unordered ? !done_.empty() : done_.count(written_) != 0;
  }

  // Raises the cancel flag of each input that has run past its time.
  void watch_clocks() {
    if (options_.input_timeout_ms <= 0) return;
    const auto limit = std::chrono::milliseconds(options_.input_timeout_ms);
    const auto now = Clock::now();
    for (auto& r : running_) {
      if (r->active && !r->timed_out && now - r->start >= limit) {
        r->timed_out = true;
        r->cancel = true;
      }
    }
  }

  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_locked();
  }
  void stop_locked() {
    stop_ = true;
    for (auto& r : running_) r->cancel = true;
    changed_.notify_all();
  }

  // The next input for a worker, in list order, once the window has room; nullopt when there is none or we stop.
  std::optional<std::pair<int64_t, InputEntry>> take(size_t slot) {
    std::lock_guard<std::mutex> list_lock(list_mutex_);  // one reader of the list at a time (it may wait on a pipe)
    int64_t index = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || list_done_ || next_index_ < written_ + window_; });
      if (stop_ || list_done_) return std::nullopt;
      index = next_index_;
    }
    std::optional<InputEntry> entry = list_.next();
    std::lock_guard<std::mutex> lock(mutex_);
    if (!entry || stop_) {
      list_done_ = true;
      changed_.notify_all();
      return std::nullopt;
    }
    next_index_ = index + 1;
    Running& r = *running_[slot];
    r.cancel = false;
    r.active = true;
    r.timed_out = false;
    r.start = Clock::now();
    return std::make_pair(index, std::move(*entry));
  }

  // One input's document, in memory.
  std::string document(const InputEntry& entry, const std::atomic<bool>* cancel, int& code) {
    common::MemorySink sink(false);
    {
      OutBuffer buffer(sink);
      code = probe_(entry, buffer, cancel);
      buffer.flush();
    }
    return std::string(sink.data().begin(), sink.data().end());
  }

  void work(size_t slot) {
    while (auto job = take(slot)) {
      Running& r = *running_[slot];
      Done d;
      int code = 0;
      try {
        d.text = document(job->second, &r.cancel, code);
      } catch (const std::exception& e) {  // out of memory, a writer's broken invariant: this input only
        common::log_error(job->second.name, e.what());
        code = AVERROR_BUG;
      }
      bool timed_out = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        r.active = false;
        timed_out = r.timed_out && !stop_;
      }
      if (timed_out) {  // what the cut-off probe wrote is dropped: the input is its error object
        InputEntry late{job->second.name, common::kErrorInputTimeout,
                        "input timed out after " + std::to_string(options_.input_timeout_ms) + " ms (--input-timeout)"};
        try {
          d.text = document(late, nullptr, code);
        } catch (const std::exception& e) {
          common::log_error(late.name, e.what());
          code = late.error;
        }
      }
      d.failed = code < 0;
      std::lock_guard<std::mutex> lock(mutex_);
      done_[job->first] = std::move(d);
      changed_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    --workers_left_;
    changed_.notify_all();
  }

  InputList& list_;
  const BatchOptions& options_;
  const ProbeDocument& probe_;
  const int64_t window_;
  std::mutex list_mutex_;
  std::mutex mutex_;  // everything below
  std::condition_variable changed_;
  std::vector<std::unique_ptr<Running>> running_;  // one per worker
  std::map<int64_t, Done> done_;                   // finished, not yet written (at most window_)
  int64_t next_index_ = 0;                         // the index the next input taken gets
  int64_t written_ = 0;                            // documents written (ordered: the next index to write)
  bool list_done_ = false;
  bool stop_ = false;
  int workers_left_ = 0;
};

}  // namespace

BatchCounts run_batch(InputList& list, const BatchOptions& options, const ProbeDocument& probe, OutBuffer& out) {
  Batch batch(list, options, probe);
  return batch.run(out);
}

}  // namespace avprobe_json
