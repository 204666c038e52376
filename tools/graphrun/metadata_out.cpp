#include "metadata_out.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "common/errors.hpp"

namespace graphrun {

namespace {

// A value as the filter wrote it: a number when the whole text is one (filters print them with %f, %g or as
// integers; "nan" and "inf" stay text, JSON has no such numbers).
nlohmann::ordered_json value_of(const char* text) {
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(text, &end);
  if (end != text && *end == '\0' && errno == 0 && std::isfinite(d)) {
    const long long i = std::strtoll(text, &end, 10);
    if (*end == '\0') return i;
    return d;
  }
  return text;
}

}  // namespace

MetadataWriter::MetadataWriter(const std::string& path) {
  if (path == "-") {
    file_ = stdout;
    return;
  }
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) throw common::Error("opening --metadata-out " + path, AVERROR(errno), common::ErrorKind::kOutput);
  owned_ = true;
}

MetadataWriter::~MetadataWriter() {
  if (owned_) std::fclose(file_);
  else std::fflush(file_);
}

int MetadataWriter::write(size_t stream, const std::string& label, const AVFrame* frame, AVRational time_base) {
  if (!frame || !frame->metadata || av_dict_count(frame->metadata) == 0) return 0;
  nlohmann::ordered_json line;
  line["output"] = label;
  line["stream_index"] = stream;
  line["media_type"] = frame->sample_rate > 0 ? "audio" : "video";
  if (frame->pts == AV_NOPTS_VALUE) {
    line["pts"] = nullptr;
    line["pts_time"] = nullptr;
  } else {
    line["pts"] = frame->pts;
    line["pts_time"] = static_cast<double>(frame->pts) * av_q2d(time_base);
  }
  nlohmann::ordered_json tags = nlohmann::ordered_json::object();
  const AVDictionaryEntry* e = nullptr;
  while ((e = av_dict_get(frame->metadata, "", e, AV_DICT_IGNORE_SUFFIX))) tags[e->key] = value_of(e->value);
  line["tags"] = std::move(tags);
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0)
    return AVERROR(errno ? errno : EIO);  // EPIPE: the reader went away, a quiet stop as for the media
  ++lines_;
  return 0;
}

}  // namespace graphrun
