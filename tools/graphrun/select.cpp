#include "select.hpp"

#include <algorithm>

#include "common/errors.hpp"

namespace graphrun {

using common::Error;

namespace {

constexpr const char* kContext = "choosing output streams";

Error usage(const std::string& why) { return Error(kContext, why, AVERROR(EINVAL), common::ErrorKind::kUsage); }

std::string stream_name(const common::StreamRef& s) { return std::to_string(s.input) + ":" + std::to_string(s.stream); }

// Whether the muxer has a default codec for the type (ffmpeg chooses a type automatically only then; image2 knows
// its codec by the output's name, and must be given one).
bool muxer_takes(const AVOutputFormat* ofmt, AVMediaType type, const std::string& name) {
  return !ofmt || av_guess_codec(ofmt, nullptr, name.c_str(), nullptr, type) != AV_CODEC_ID_NONE;
}

}  // namespace

std::vector<OutputStream> choose_outputs(const std::vector<common::GraphPad>* graph_outputs,
                                         const std::vector<AVFormatContext*>& inputs, const StreamChoice& choice,
                                         const AVOutputFormat* ofmt) {
  std::vector<OutputStream> out;
  const size_t n_graph = graph_outputs ? graph_outputs->size() : 0;
  std::vector<bool> graph_used(n_graph, false);
  bool any_labeled = false;
  for (size_t g = 0; g < n_graph; ++g) {
    const common::GraphPad& pad = (*graph_outputs)[g];
    if (!pad.label.empty()) {
      any_labeled = true;
      continue;
    }
    out.push_back(OutputStream{pad.type, true, g, {}});
    graph_used[g] = true;
  }
  auto input_stream = [&](const common::StreamRef& s) {
    return OutputStream{inputs[s.input]->streams[s.stream]->codecpar->codec_type, false, 0, s};
  };
  if (choice.maps.empty()) {
    if (any_labeled) {
      // ffmpeg wants a -map for each labeled output; graphrun writes them all, in graph order, and chooses nothing
      // from the inputs.
      out.clear();
      for (size_t g = 0; g < n_graph; ++g) out.push_back(OutputStream{(*graph_outputs)[g].type, true, g, {}});
      return out;
    }
    if (choice.automatic) {
      for (AVMediaType type : {AVMEDIA_TYPE_VIDEO, AVMEDIA_TYPE_AUDIO}) {
        if ((type == AVMEDIA_TYPE_VIDEO ? choice.no_video : choice.no_audio) || !muxer_takes(ofmt, type, choice.output_name)) continue;
        if (std::any_of(out.begin(), out.end(), [&](const OutputStream& o) { return o.type == type; })) continue;
        if (auto best = common::best_stream(inputs, type, ofmt)) out.push_back(input_stream(*best));
      }
    }
  } else {
    for (const std::string& map : choice.maps) {
      if (!map.empty() && map[0] == '[') {
        const std::string label = map.size() > 2 && map.back() == ']' ? map.substr(1, map.size() - 2) : "";
        size_t g = 0;
        while (g < n_graph && (label.empty() || (*graph_outputs)[g].label != label || graph_used[g])) ++g;
        if (g == n_graph)
          throw usage("-map " + map + ": no " + (graph_outputs ? "unused " : "") + "filter graph output has that label" +
                      (graph_outputs ? "" : " (there is no -filter_complex)"));
        graph_used[g] = true;
        out.push_back(OutputStream{(*graph_outputs)[g].type, true, g, {}});
        continue;
      }
      const bool negative = !map.empty() && map[0] == '-';
      std::string body = negative ? map.substr(1) : map;
      const bool optional = !body.empty() && body.back() == '?';
      if (optional) body.pop_back();
      const std::vector<common::StreamRef> named = common::streams_named(inputs, body);
      if (negative) {  // takes back what earlier maps chose
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](const OutputStream& o) {
                                   return !o.from_graph && std::find(named.begin(), named.end(), o.stream) != named.end();
                                 }),
                  out.end());
        continue;
      }
      if (named.empty() && !optional)
        throw usage("-map " + map + " matches no stream (a trailing '?' allows that)");
      for (const auto& s : named) {
        const AVMediaType type = inputs[s.input]->streams[s.stream]->codecpar->codec_type;
        if ((type == AVMEDIA_TYPE_VIDEO && choice.no_video) || (type == AVMEDIA_TYPE_AUDIO && choice.no_audio) ||
            (type == AVMEDIA_TYPE_SUBTITLE && choice.no_subtitles) || (type == AVMEDIA_TYPE_DATA && choice.no_data))
          continue;
        if (type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO) {
          const char* t = av_get_media_type_string(type);
          throw usage("-map " + map + ": stream " + stream_name(s) + " is " + (t ? t : "of unknown type") +
                      "; graphrun writes video and audio only (leave it out with -map -" + stream_name(s) +
                      (type == AVMEDIA_TYPE_SUBTITLE ? " or -sn" : type == AVMEDIA_TYPE_DATA ? " or -dn" : "") +
                      "; memremux copies it)");
        }
        out.push_back(input_stream(s));
      }
    }
    for (size_t g = 0; g < n_graph; ++g)
      if (!graph_used[g])
        throw usage("filter graph output [" + (*graph_outputs)[g].label + "] is not mapped: with -map, each labeled "
                    "output needs its own -map '[" + (*graph_outputs)[g].label + "]', as in ffmpeg");
  }
  if (out.empty())
    throw usage(choice.maps.empty() && !choice.automatic
                    ? "the graph has no output (and no input is named to choose streams from)"
                    : "no output stream: nothing chosen from the graph or the inputs");
  return out;
}

int output_spec_matches(const std::string& spec, const std::vector<OutputStream>& outputs, size_t index) {
  if (spec.empty()) return 1;
  const OutputStream& o = outputs.at(index);
  auto all_digits = [](const std::string& s) {
    return !s.empty() && s.size() < 7 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (all_digits(spec)) return std::stoul(spec) == index ? 1 : 0;
  if (spec[0] != 'v' && spec[0] != 'a') return -1;
  const AVMediaType type = spec[0] == 'v' ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO;
  if (spec.size() == 1) return o.type == type ? 1 : 0;
  if (spec[1] != ':' || !all_digits(spec.substr(2))) return -1;
  if (o.type != type) return 0;
  size_t nth = 0;
  for (size_t i = 0; i < index; ++i) nth += outputs[i].type == type;
  return nth == std::stoul(spec.substr(2)) ? 1 : 0;
}

}  // namespace graphrun
