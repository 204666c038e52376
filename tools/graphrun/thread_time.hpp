// Time kept by graphrun's threads (--stats, --trace): how long a thread worked or waited, added up.
#pragma once

#include <atomic>
#include <chrono>

namespace graphrun {

inline double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Adds to a total that another thread reads.
inline void add_to(std::atomic<double>& total, double seconds) {
  double old = total.load();
  while (!total.compare_exchange_weak(old, old + seconds)) {
  }
}

}  // namespace graphrun
