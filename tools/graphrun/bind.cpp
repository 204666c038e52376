#include "bind.hpp"

#include <cstdint>
#include <string>

#include "common/demux.hpp"
#include "common/errors.hpp"

namespace graphrun {

using common::Error;

namespace {

constexpr const char* kBindContext = "binding graph labels";

std::string list_streams(AVFormatContext* ctx, size_t input) {
  std::string s;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    if (!s.empty()) s += ", ";
    const char* type = av_get_media_type_string(ctx->streams[i]->codecpar->codec_type);
    s += std::to_string(input) + ":" + std::to_string(i) + " " + (type ? type : "unknown") + " " +
         avcodec_get_name(ctx->streams[i]->codecpar->codec_id);
  }
  return s.empty() ? "none" : s;
}

bool label_names_stream(const std::string& label) { return !label.empty() && label[0] >= '0' && label[0] <= '9'; }

// The input a label names, or SIZE_MAX when its index is too large to be any input.
size_t label_input(const std::string& label, std::string& spec) {
  size_t digits = label.find_first_not_of("0123456789");
  if ((digits == std::string::npos ? label.size() : digits) > 6) {
    spec.clear();
    return SIZE_MAX;
  }
  return static_cast<size_t>(common::split_input_index(label, spec));
}

std::string type_text(AVMediaType type) {
  const char* s = av_get_media_type_string(type);
  return s ? s : "unknown";
}

}  // namespace

bool needs_input(const common::FilterGraph& g, size_t index) {
  for (const auto& pad : g.inputs()) {
    if (!label_names_stream(pad.label)) return true;  // unlabeled: bound to the first free stream
    std::string spec;
    if (label_input(pad.label, spec) == index) return true;
  }
  return false;
}

std::vector<Binding> bind_labels(const common::FilterGraph& g, const std::vector<AVFormatContext*>& inputs,
                                 size_t user_pads) {
  std::vector<Binding> out(g.inputs().size(), Binding{0, -1});
  std::vector<std::string> unknown;
  std::vector<std::vector<bool>> used(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i]) used[i].assign(inputs[i]->nb_streams, false);
  // Labeled pads first, so that unlabeled ones take the streams nobody named.
  for (size_t p = 0; p < g.inputs().size(); ++p) {
    const auto& pad = g.inputs()[p];
    if (pad.label.empty()) continue;
    if (!label_names_stream(pad.label)) {
      unknown.push_back("[" + pad.label + "]");
      continue;
    }
    std::string spec;
    size_t index = label_input(pad.label, spec);
    if (index >= inputs.size() || !inputs[index])
      throw Error(kBindContext, "[" + pad.label + "] names input " +
                                    pad.label.substr(0, pad.label.find_first_not_of("0123456789")) +
                                    ", but there are only " + std::to_string(inputs.size()) + " inputs (add it with -i)",
                  AVERROR(EINVAL), common::ErrorKind::kUsage);
    AVFormatContext* ctx = inputs[index];
    int found = -1;
    for (unsigned s = 0; s < ctx->nb_streams && found < 0; ++s) {
      if (ctx->streams[s]->codecpar->codec_type != pad.type) continue;
      int r = spec.empty() ? 1 : avformat_match_stream_specifier(ctx, ctx->streams[s], spec.c_str());
      if (r < 0)
        throw Error(kBindContext, "[" + pad.label + "]: '" + spec + "' is not a stream specifier", AVERROR(EINVAL), common::ErrorKind::kUsage);
      if (r > 0) found = static_cast<int>(s);
    }
    if (found < 0)
      throw Error(kBindContext, "[" + pad.label + "] (a " + type_text(pad.type) + " input of " + pad.filter_kind +
                                    ") names no stream of input " + std::to_string(index) + " (it has " +
                                    list_streams(ctx, index) + ")", AVERROR_STREAM_NOT_FOUND, common::ErrorKind::kUsage);
    out[p] = Binding{index, found};
    if (p < user_pads) used[index][static_cast<size_t>(found)] = true;
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    throw Error(kBindContext, "unconnected or unknown labels: " + list +
                                  " (graph inputs name input streams, as [0:v] or [1:a:0], or outputs of the graph)",
                AVERROR(EINVAL), common::ErrorKind::kUsage);
  }
  for (size_t p = 0; p < g.inputs().size(); ++p) {
    const auto& pad = g.inputs()[p];
    if (!pad.label.empty()) continue;
    bool bound = false;
    for (size_t i = 0; i < inputs.size() && !bound; ++i) {
      if (!inputs[i]) continue;
      for (unsigned s = 0; s < inputs[i]->nb_streams && !bound; ++s) {
        if (used[i][s] || inputs[i]->streams[s]->codecpar->codec_type != pad.type) continue;
        out[p] = Binding{i, static_cast<int>(s)};
        used[i][s] = true;
        bound = true;
      }
    }
    if (!bound)
      throw Error(kBindContext, "unlabeled input " + pad.describe() + ": no unused " + type_text(pad.type) +
                                    " stream left in the inputs", AVERROR_STREAM_NOT_FOUND, common::ErrorKind::kUsage);
  }
  return out;
}

}  // namespace graphrun
