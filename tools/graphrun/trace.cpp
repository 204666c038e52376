#include "trace.hpp"

#include <cerrno>

#include <nlohmann/json.hpp>

#include "common/errors.hpp"

namespace graphrun {

TraceWriter::TraceWriter(const std::string& path, std::vector<std::string> source_names,
                         std::vector<std::string> sink_names, std::vector<std::string> input_names)
    : sources_(std::move(source_names)), sinks_(std::move(sink_names)), inputs_(std::move(input_names)),
      start_(std::chrono::steady_clock::now()) {
  if (path == "-") {
    file_ = stdout;  // "-" is stdout for every output option (the media then goes to a file)
  } else {
    file_ = std::fopen(path.c_str(), "w");
    if (!file_) throw common::Error("opening the trace file '" + path + "'", AVERROR(errno));
    owned_ = true;
  }
}

TraceWriter::~TraceWriter() {
  if (owned_) std::fclose(file_);
}

void TraceWriter::write(const common::SchedEvent& ev) {
  nlohmann::json j;
  j["t"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  j["event"] = common::sched_event_name(ev.kind);
  auto name = [](const std::vector<std::string>& names, int i) {
    return i >= 0 && static_cast<size_t>(i) < names.size() ? names[static_cast<size_t>(i)] : std::to_string(i);
  };
  if (ev.input >= 0) j["input"] = name(inputs_, ev.input);
  if (ev.source >= 0) j["source"] = name(sources_, ev.source);
  if (ev.sink >= 0) j["sink"] = name(sinks_, ev.sink);
  if (ev.pts != AV_NOPTS_VALUE) {
    j["pts"] = ev.pts;
    if (ev.time_base.den > 0) {
      j["time_base"] = std::to_string(ev.time_base.num) + "/" + std::to_string(ev.time_base.den);
      j["time"] = static_cast<double>(ev.pts) * av_q2d(ev.time_base);
    }
  }
  if (ev.queued >= 0) j["queued"] = ev.queued;
  if (ev.failed_requests >= 0) j["failed_requests"] = ev.failed_requests;
  if (!ev.reason.empty()) j["reason"] = ev.reason;
  if (!ev.links.empty()) {
    nlohmann::json links = nlohmann::json::object();
    for (const auto& [link, n] : ev.links) links[link] = n;
    j["links"] = links;
  }
  put(j);
}

void TraceWriter::write(const common::FilterStats& stats) {
  nlohmann::json j;
  j["t"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  j["event"] = "filter";
  j["filter"] = stats.name;
  j["kind"] = stats.kind;
  j["frames_in"] = stats.frames_in;
  j["frames_out"] = stats.frames_out;
  put(j);
}

void TraceWriter::write_thread(const std::string& name, double busy, double waiting, const std::string& waiting_for) {
  nlohmann::json j;
  j["t"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  j["event"] = "thread";
  j["thread"] = name;
  j["busy"] = busy;
  j["waiting"] = waiting;
  j["waiting_for"] = waiting_for;
  put(j);
}

// One JSON line; bytes that are not UTF-8 (a file name, a filter label) are written as U+FFFD, not thrown on.
void TraceWriter::put(const nlohmann::json& j) {
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), file_);
}

}  // namespace graphrun
