// --trace FILE: the scheduler's events as JSON Lines, one object per event, with the graph's labels.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/filter_graph.hpp"
#include "common/scheduler.hpp"

namespace graphrun {

class TraceWriter {
 public:
  // Opens path for writing ("-" is stderr). Throws common::Error.
  TraceWriter(const std::string& path, std::vector<std::string> source_names, std::vector<std::string> sink_names,
              std::vector<std::string> input_names);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;
  void write(const common::SchedEvent& ev);
  // One "filter" event per filter at the end: frames in and out.
  void write(const common::FilterStats& stats);
  // One "thread" event per thread at the end: seconds busy and waiting (and what it waited for).
  void write_thread(const std::string& name, double busy, double waiting, const std::string& waiting_for);

 private:
  void put(const nlohmann::json& j);
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  std::vector<std::string> sources_, sinks_, inputs_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace graphrun
