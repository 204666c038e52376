#include "sync_report.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"
#include "common/sync.hpp"

namespace syncplay {

namespace {
// Microsecond precision, so that numbers print short ("1.04", not "1.0400000000000000355").
nlohmann::ordered_json seconds(double s) {
  if (std::isnan(s) || std::isinf(s)) return nullptr;
  return std::round(s * 1e6) / 1e6;
}
const char* action_name(FrameAction a) {
  switch (a) {
    case FrameAction::kShown: return "shown";
    case FrameAction::kUndrawn: return "undrawn";
    case FrameAction::kDropped:
    case FrameAction::kDroppedEarly: return "dropped";
    case FrameAction::kRepeated: return "repeated";
  }
  return "";
}
}  // namespace

SyncReport::SyncReport(const std::string& path) : path_(path) {
  if (path.empty()) return;
  if (path == "-") {  // stdout (syncplay writes no media there)
    file_ = stdout;
    return;
  }
  file_ = std::fopen(path.c_str(), "w");
  // A line at a time, so that a reader following the report (tail -f, a test driving keys) sees each frame as it
  // goes up; 25 to 60 small writes a second cost nothing beside the decoding.
  if (file_) std::setvbuf(file_, nullptr, _IOLBF, 0);
  if (!file_) throw common::Error("opening sync report", path + ": " + common::av_error_text(AVERROR(errno)), AVERROR(errno));
}

SyncReport::~SyncReport() {
  if (file_ && file_ != stdout) std::fclose(file_);
}

void SyncReport::write(const std::string& line) {
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) fail();
}

void SyncReport::frame(double pts, double at, double master, FrameAction action, double due) {
  std::lock_guard<std::mutex> lock(mutex_);
  double diff = pts - master;
  if (action == FrameAction::kShown && !std::isnan(diff)) shown_diffs_.push_back(std::fabs(diff));
  if (!file_) return;
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["pts"] = seconds(pts);
  j["shown_at"] = seconds(at);
  j["master"] = seconds(master);
  j["diff"] = seconds(diff);
  j["action"] = action_name(action);
  if (!std::isnan(due)) j["due"] = seconds(due);
  if (action == FrameAction::kDroppedEarly) j["early"] = true;
  write(j.dump() + "\n");
}

void SyncReport::stream_switch(const char* type, int from, int to, double at, double master) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_) return;
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["switch"] = type;
  j["from"] = from;
  j["to"] = to;
  j["at"] = seconds(at);
  j["master"] = seconds(master);
  write(j.dump() + "\n");
}

void SyncReport::subtitle(bool shown, int track, double start, double end, double at, double master,
                          const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_) return;
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["subtitle"] = shown ? "shown" : "hidden";
  j["track"] = track;
  j["start"] = seconds(start);
  j["end"] = seconds(end);
  j["shown_at"] = seconds(at);
  j["master"] = seconds(master);
  j["text"] = text;
  write(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
}

void SyncReport::fail() {
  if (!failed_) errno_ = errno;
  failed_ = true;
}

std::string SyncReport::error() const {
  return errno_ ? common::av_error_text(AVERROR(errno_)) : std::string("write failed");
}

double SyncReport::av_diff_percentile(double pct) {
  std::lock_guard<std::mutex> lock(mutex_);
  return common::percentile(shown_diffs_.data(), static_cast<int>(shown_diffs_.size()), pct);
}

bool SyncReport::finish(SyncSummary s) {
  const double p50 = av_diff_percentile(50), p95 = av_diff_percentile(95), p100 = av_diff_percentile(100);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_) return true;
  nlohmann::ordered_json summary = {{"shown", s.shown},
                            {"undrawn", s.undrawn},
                            {"dropped", s.dropped},
                            {"dropped_early", s.dropped_early},
                            {"repeated", s.repeated},
                            {"av_diff_p50", seconds(p50)},
                            {"av_diff_p95", seconds(p95)},
                            {"av_diff_max", seconds(p100)},
                            {"underruns", s.underruns},
                            {"sync", s.sync},
                            {"audio_seconds", seconds(s.audio_seconds)},
                            {"audio_span", seconds(s.audio_span)},
                            {"ended_at", seconds(s.ended_at)}};
  nlohmann::ordered_json j = {{"summary", summary}};
  write(j.dump() + "\n");
  if ((file_ == stdout ? std::fflush(file_) : std::fclose(file_)) != 0) fail();
  file_ = nullptr;
  return !failed_;
}

}  // namespace syncplay
