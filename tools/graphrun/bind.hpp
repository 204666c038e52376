// graphrun's label binding: which input stream feeds each open input of the graph ([0:v], [1:a:2], unlabeled).
// Kept apart from the inputs themselves (it only looks at the streams of each input's AVFormatContext) so that
// the fuzz target (tests/fuzz/fuzz_graph.cpp) binds labels with the same code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/filter_graph.hpp"

namespace graphrun {

struct Binding {
  size_t input;
  int stream;
};

// True when the graph's open inputs need input `index` (a label names it, or an unlabeled pad may take it).
bool needs_input(const common::FilterGraph& graph, size_t index);

// Binds every open input of the graph to a stream: labeled pads to the stream they name, then unlabeled pads to
// the first unused stream of their type, in input order. inputs[i] is input i's context, or nullptr when that
// input is not open. Throws Error("binding graph labels", ...) naming every unknown label, or the label that names
// no stream. Pads from index `user_pads` on are graphrun's own (the chains of input streams passed through): they
// take no stream away from the unlabeled pads of the user's graph.
std::vector<Binding> bind_labels(const common::FilterGraph& graph, const std::vector<AVFormatContext*>& inputs,
                                 size_t user_pads = SIZE_MAX);

}  // namespace graphrun
