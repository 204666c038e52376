// Probing many inputs in one process: N worker threads each probe one input at a time into a buffer of its own, and
// the calling thread writes the finished documents, in input order (or as they finish) and watches each input's
// time. Memory is bounded by the reorder window, not by the number of inputs.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "input_list.hpp"
#include "writers.hpp"

namespace avprobe_json {

struct BatchOptions {
  // Finished documents held at most, per worker, while an earlier input is still being probed (ordered output).
  static constexpr int kWindowPerJob = 4;
  // How often the writing thread looks at the running inputs' clocks when nothing finishes.
  static constexpr std::chrono::milliseconds kWatchPeriod{20};
  int jobs = 1;               // worker threads
  bool unordered = false;     // print each document as it finishes
  int input_timeout_ms = 0;   // an input running longer is cancelled and reported as timed out (0: no limit)
};

// Writes one input's whole document into out: the probe's sections, or for an entry with an error (and after a
// timeout) its error object; logs the input's error line. Returns 0 or the AVERROR it failed with. cancel, when not
// null, is raised by the batch to end the probe (the input's time ran out); the function must then return promptly.
using ProbeDocument = std::function<int(const InputEntry& entry, OutBuffer& out, const std::atomic<bool>* cancel)>;

struct BatchCounts {
  int64_t inputs = 0;
  int64_t failed = 0;
};

// Probes every input of the list. Throws OutputClosed when out fails (after stopping and joining the workers);
// returns early, with what was written, when interrupted().
BatchCounts run_batch(InputList& list, const BatchOptions& options, const ProbeDocument& probe, OutBuffer& out);

}  // namespace avprobe_json
