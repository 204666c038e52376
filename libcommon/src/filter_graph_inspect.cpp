// The filter graph inspected: cycles, which sinks a source reaches, links and their formats, frame counts and queues,
// and sources that never end. (Building and rebuilding it: filter_graph.cpp.)
#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "common/filter_graph.hpp"
#include "filter_graph_util.hpp"

namespace common {

using namespace graph_util;

const AVFilterContext* FilterGraph::filter_in_cycle() const {
  // Depth-first search over the links; a filter met again while still on the path closes a cycle.
  enum State { kNew, kOnPath, kDone };
  std::vector<State> state(graph_->nb_filters, kNew);
  auto index_of = [&](const AVFilterContext* f) {
    for (unsigned k = 0; k < graph_->nb_filters; ++k)
      if (graph_->filters[k] == f) return static_cast<int>(k);
    return -1;
  };
  for (unsigned start = 0; start < graph_->nb_filters; ++start) {
    if (state[start] != kNew) continue;
    // (filter, next output to follow)
    std::vector<std::pair<unsigned, unsigned>> stack{{start, 0}};
    state[start] = kOnPath;
    while (!stack.empty()) {
      auto& [fi, out] = stack.back();
      const AVFilterContext* f = graph_->filters[fi];
      if (out >= f->nb_outputs) {
        state[fi] = kDone;
        stack.pop_back();
        continue;
      }
      const AVFilterLink* l = f->outputs[out++];
      if (!l || !l->dst) continue;
      int next = index_of(l->dst);
      if (next < 0) continue;
      if (state[static_cast<unsigned>(next)] == kOnPath) return l->dst;
      if (state[static_cast<unsigned>(next)] == kNew) {
        state[static_cast<unsigned>(next)] = kOnPath;
        stack.emplace_back(static_cast<unsigned>(next), 0);
      }
    }
  }
  return nullptr;
}

namespace {
// Marks f as visited: false when it was already. A list, not a std::set of pointers: a set's work depends on
// where the filters happen to be allocated, which made fuzzing coverage differ between identical runs.
bool first_visit(std::vector<const AVFilterContext*>& seen, const AVFilterContext* f) {
  if (std::find(seen.begin(), seen.end(), f) != seen.end()) return false;
  seen.push_back(f);
  return true;
}
}  // namespace

std::vector<size_t> FilterGraph::sinks_reached_from(size_t source) const {
  std::vector<size_t> reached;
  std::vector<const AVFilterContext*> seen;
  std::deque<const AVFilterContext*> todo{sources_.at(source)};
  while (!todo.empty()) {
    const AVFilterContext* f = todo.front();
    todo.pop_front();
    if (!f || !first_visit(seen, f)) continue;
    auto it = std::find(sinks_.begin(), sinks_.end(), f);
    if (it != sinks_.end()) reached.push_back(static_cast<size_t>(it - sinks_.begin()));
    for (unsigned k = 0; k < f->nb_outputs; ++k)
      if (f->outputs[k]) todo.push_back(f->outputs[k]->dst);
  }
  std::sort(reached.begin(), reached.end());
  return reached;
}

std::vector<LinkInfo> FilterGraph::links() const {
  std::vector<LinkInfo> out;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    for (unsigned k = 0; k < f->nb_outputs; ++k) {
      const AVFilterLink* l = f->outputs[k];
      if (!l) continue;
      LinkInfo li;
      li.src = filter_name(l->src);
      li.src_pad = pad_name(l->src->output_pads, static_cast<int>(k));
      li.dst = filter_name(l->dst);
      unsigned dst_index = 0;
      for (unsigned d = 0; d < l->dst->nb_inputs; ++d)
        if (l->dst->inputs[d] == l) dst_index = d;
      li.dst_pad = pad_name(l->dst->input_pads, static_cast<int>(dst_index));
      li.type = l->type;
      li.format = format_text(l->type, l->format);
      li.time_base = l->time_base;
      if (l->type == AVMEDIA_TYPE_VIDEO) {
        li.width = l->w;
        li.height = l->h;
        li.sample_aspect_ratio = l->sample_aspect_ratio;
        li.frame_rate = l->frame_rate;  // declared below the public line of AVFilterLink in 5.1; read only
      } else if (l->type == AVMEDIA_TYPE_AUDIO) {
        li.sample_rate = l->sample_rate;
        li.ch_layout = layout_text(l->ch_layout);
      }
      out.push_back(li);
    }
  }
  return out;
}

// frame_count_in/out are declared (below the public line) in libavfilter 8's AVFilterLink; we only read them, for
// statistics and queue depths, which the public API does not offer.
std::vector<std::pair<std::string, std::string>> FilterGraph::filters() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (unsigned i = 0; i < graph_->nb_filters; ++i)
    out.emplace_back(filter_name(graph_->filters[i]), graph_->filters[i]->filter->name);
  return out;
}

int FilterGraph::threads() const {
  return graph_->thread_type & AVFILTER_THREAD_SLICE ? std::max(graph_->nb_threads, 1) : 1;
}

std::vector<FilterStats> FilterGraph::filter_stats() const {
  std::vector<FilterStats> out;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    FilterStats s;
    s.name = filter_name(f);
    s.kind = f->filter->name;
    for (unsigned k = 0; k < f->nb_inputs; ++k)
      if (f->inputs[k]) s.frames_in += f->inputs[k]->frame_count_out;
    for (unsigned k = 0; k < f->nb_outputs; ++k)
      if (f->outputs[k]) s.frames_out += f->outputs[k]->frame_count_in;
    out.push_back(s);
  }
  // The same description makes the same filter names: earlier graphs' counts are added to theirs.
  for (const FilterStats& e : earlier_stats_) {
    auto it = std::find_if(out.begin(), out.end(), [&](const FilterStats& s) { return s.name == e.name; });
    if (it == out.end()) {
      out.push_back(e);
    } else {
      it->frames_in += e.frames_in;
      it->frames_out += e.frames_out;
    }
  }
  return out;
}

int64_t FilterGraph::queued_frames() const {
  int64_t total = 0;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    for (unsigned k = 0; k < f->nb_outputs; ++k) {
      const AVFilterLink* l = f->outputs[k];
      if (l) total += std::max<int64_t>(0, l->frame_count_in - l->frame_count_out);
    }
  }
  return total;
}

std::vector<std::pair<std::string, int64_t>> FilterGraph::queued_by_link() const {
  std::vector<std::pair<std::string, int64_t>> out;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    const AVFilterContext* f = graph_->filters[i];
    for (unsigned k = 0; k < f->nb_outputs; ++k) {
      const AVFilterLink* l = f->outputs[k];
      if (!l) continue;
      int64_t n = l->frame_count_in - l->frame_count_out;
      if (n <= 0) continue;
      unsigned d = 0;
      for (unsigned j = 0; j < l->dst->nb_inputs; ++j)
        if (l->dst->inputs[j] == l) d = j;
      out.emplace_back(filter_name(f) + ":" + pad_name(f->output_pads, static_cast<int>(k)) + " -> " +
                           filter_name(l->dst) + ":" + pad_name(l->dst->input_pads, static_cast<int>(d)),
                       n);
    }
  }
  return out;
}

std::string FilterGraph::busiest_link() const {
  std::string best;
  int64_t most = 0;
  for (const auto& [name, n] : queued_by_link()) {
    if (n <= most) continue;
    most = n;
    best = name + " (" + std::to_string(n) + " frames)";
  }
  return best;
}

std::vector<std::string> FilterGraph::endless_source_warnings() const {
  std::vector<std::string> warnings;
  std::vector<const AVFilterContext*> warned;
  for (unsigned i = 0; i < graph_->nb_filters; ++i) {
    AVFilterContext* src = graph_->filters[i];
    if (src->nb_inputs != 0) continue;
    const std::string kind = src->filter->name;
    if (kind == "buffer" || kind == "abuffer") continue;
    int64_t duration = 0;
    if (!has_int_option(src, "duration", duration)) continue;
    // sine's duration 0 means forever; the other sources use a negative duration for that.
    bool endless = duration < 0 || (duration == 0 && kind == "sine");
    if (!endless) continue;
    std::vector<const AVFilterContext*> seen;
    std::deque<AVFilterContext*> todo{src};
    while (!todo.empty()) {
      AVFilterContext* f = todo.front();
      todo.pop_front();
      if (!first_visit(seen, f)) continue;
      if (f != src && f->nb_inputs >= 2) {
        int64_t shortest = 0, eof_action = 0, dur = 0;
        bool has_shortest = has_int_option(f, "shortest", shortest);
        bool has_eof_action = has_int_option(f, "eof_action", eof_action);
        bool has_duration = has_int_option(f, "duration", dur);
        if (!has_shortest && !has_eof_action && !has_duration) {
          // not a filter whose end we know how to judge; look further down
        } else if (shortest || eof_action || dur) {
          continue;  // this filter ends when a finite input ends
        } else {
          if (first_visit(warned, f)) {
            std::string fix = has_duration ? "duration=shortest (or first)" : "shortest=1 (or eof_action=endall)";
            warnings.push_back("endless source '" + filter_name(src) + "' (" + kind + " without a duration) feeds '" +
                               filter_name(f) + "' (" + f->filter->name +
                               "), which waits for all its inputs, so the graph would never end: add " + fix + " to " +
                               f->filter->name + ", or a duration to " + kind);
          }
          continue;
        }
      }
      for (unsigned k = 0; k < f->nb_outputs; ++k)
        if (f->outputs[k]) todo.push_back(f->outputs[k]->dst);
    }
  }
  return warnings;
}

}  // namespace common
