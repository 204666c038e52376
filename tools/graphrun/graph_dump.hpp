// --dump-graph: the configured filter graph as text (one line per link), Graphviz dot, or JSON, from what
// common::FilterGraph tells of its filters and links.
#pragma once

#include <string>

#include "common/filter_graph.hpp"

namespace graphrun {

// "video yuv420p 160x120 sar 1/1 fps 60/1 tb 1/61440", "audio s16 48000 Hz mono tb 1/48000".
std::string link_details(const common::LinkInfo& l);
std::string dump_text(const common::FilterGraph& g);
std::string dump_dot(const common::FilterGraph& g);
std::string dump_json(const common::FilterGraph& g);

}  // namespace graphrun
