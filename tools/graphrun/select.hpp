// graphrun's output streams, chosen as ffmpeg 5.1 chooses them for one output file (open_output_file): the graph's
// unlabeled outputs first; then, with no -map, the best video and audio stream of the inputs for each type the
// graph does not make (-vn/-an say none); with -map, the graph outputs ('[v]') and input streams ('0:a', '-0:s',
// '1:v?') it names, in its order. An input stream on its own is decoded and encoded unfiltered (ffmpeg's simple
// graph: null/anull, or the -vf/-af chain). Kept apart so that its rules are tested on their own.
#pragma once

#include <string>
#include <vector>

#include "common/demux.hpp"
#include "common/filter_graph.hpp"

namespace graphrun {

struct StreamChoice {
  std::vector<std::string> maps;
  bool no_video = false, no_audio = false, no_subtitles = false, no_data = false;
  // ffmpeg's automatic choice among the inputs applies (with stdin only implied, no input is chosen from).
  bool automatic = true;
  // The output's name, which some muxers choose their codec by (image2: .png, .jpg); "" for stdout.
  std::string output_name;
};

struct OutputStream {
  AVMediaType type = AVMEDIA_TYPE_UNKNOWN;
  bool from_graph = false;
  size_t graph_output = 0;   // from_graph: the index in the graph's outputs
  common::StreamRef stream;  // otherwise: the input stream passed through
};

// graph_outputs: the user graph's open outputs, or nullptr for -vf/-af (ffmpeg's simple graphs: every output
// stream is an input stream). inputs: the open inputs' contexts (nullptr: not open). ofmt: the output's muxer, which
// decides whether a type is chosen automatically (as av_guess_codec does). Throws usage Errors: a label no graph
// output has or one used twice, a map that matches nothing (without '?'), a subtitle/data/attachment stream mapped
// (graphrun encodes video and audio only), a labeled graph output left out when -map is given, no stream at all.
std::vector<OutputStream> choose_outputs(const std::vector<common::GraphPad>* graph_outputs,
                                         const std::vector<AVFormatContext*>& inputs, const StreamChoice& choice,
                                         const AVOutputFormat* ofmt);

// ffmpeg's output stream specifier as -pix_fmt:SPEC, -ar:SPEC, -ac:SPEC take it: "" (every stream), "v"/"a"
// (a type), "v:1"/"a:0" (the n-th of a type), "2" (the output stream index). -1: not such a specifier.
int output_spec_matches(const std::string& spec, const std::vector<OutputStream>& outputs, size_t index);

}  // namespace graphrun
