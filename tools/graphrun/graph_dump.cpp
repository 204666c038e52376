#include "graph_dump.hpp"

#include <nlohmann/json.hpp>

namespace graphrun {

namespace {

std::string media_text(AVMediaType type) {
  const char* s = av_get_media_type_string(type);
  return s ? s : "unknown";
}

// Bytes that are not UTF-8 (a label the user typed) are written as U+FFFD, not thrown on.
constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// A quoted string for dot: its escapes (\" \\ \n) are JSON's.
std::string quoted(const std::string& s) { return nlohmann::json(s).dump(-1, ' ', false, kReplace); }

}  // namespace

std::string link_details(const common::LinkInfo& l) {
  std::string s = media_text(l.type) + " " + l.format;
  if (l.type == AVMEDIA_TYPE_VIDEO) {
    s += " " + std::to_string(l.width) + "x" + std::to_string(l.height);
    s += " sar " + common::rational_text(l.sample_aspect_ratio);
    if (l.frame_rate.num > 0 && l.frame_rate.den > 0) s += " fps " + common::rational_text(l.frame_rate);
  } else if (l.type == AVMEDIA_TYPE_AUDIO) {
    s += " " + std::to_string(l.sample_rate) + " Hz " + l.ch_layout;
  }
  return s + " tb " + common::rational_text(l.time_base);
}

std::string dump_text(const common::FilterGraph& g) {
  std::string out;
  for (const auto& l : g.links())
    out += l.src + ":" + l.src_pad + " -> " + l.dst + ":" + l.dst_pad + "  " + link_details(l) + "\n";
  return out;
}

std::string dump_dot(const common::FilterGraph& g) {
  std::string out = "digraph filtergraph {\n  rankdir=LR;\n  node [shape=box];\n";
  for (const auto& [name, kind] : g.filters())
    out += "  " + quoted(name) + " [label=" + quoted(name + "\n(" + kind + ")") + "];\n";
  for (const auto& l : g.links())
    out += "  " + quoted(l.src) + " -> " + quoted(l.dst) + " [label=" + quoted(link_details(l)) + "];\n";
  return out + "}\n";
}

std::string dump_json(const common::FilterGraph& g) {
  nlohmann::ordered_json filters = nlohmann::ordered_json::array();
  for (const auto& [name, kind] : g.filters()) filters.push_back({{"name", name}, {"filter", kind}});
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  for (const auto& l : g.links()) {
    nlohmann::ordered_json j = {{"src", l.src},       {"src_pad", l.src_pad},         {"dst", l.dst},
                                {"dst_pad", l.dst_pad}, {"type", media_text(l.type)}, {"format", l.format},
                                {"time_base", common::rational_text(l.time_base)}};
    if (l.type == AVMEDIA_TYPE_VIDEO) {
      j["width"] = l.width;
      j["height"] = l.height;
      j["sample_aspect_ratio"] = common::rational_text(l.sample_aspect_ratio);
      j["frame_rate"] = common::rational_text(l.frame_rate);
    } else if (l.type == AVMEDIA_TYPE_AUDIO) {
      j["sample_rate"] = l.sample_rate;
      j["channel_layout"] = l.ch_layout;
    }
    links.push_back(std::move(j));
  }
  nlohmann::ordered_json doc = {{"filters", std::move(filters)}, {"links", std::move(links)}};
  return doc.dump(-1, ' ', false, kReplace) + "\n";
}

}  // namespace graphrun
