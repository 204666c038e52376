// Filter graph: a libavfilter graph built from an ffmpeg -filter_complex description, whose open inputs get
// buffer sources and whose open outputs get buffer sinks. Three phases, in this order:
//   1. FilterGraph::parse(description): the filters are created; inputs() and outputs() list the open pads with
//      their labels and media types, so that the caller can bind labels to streams.
//   2. set_source(i, params) for every input and set_sink(i, params) for every output.
//   3. configure(): formats are negotiated; links() then describes every link as negotiated.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/cut.hpp"
#include "common/ffmpeg.hpp"

namespace common {

// One open pad of the parsed description: a graph input (fed by a buffer source) or output (a buffer sink).
struct GraphPad {
  std::string label;       // "" when the description left the pad unlabeled
  AVMediaType type = AVMEDIA_TYPE_UNKNOWN;
  std::string filter;      // the filter instance the pad belongs to ("Parsed_overlay_2")
  std::string filter_kind; // its filter ("overlay")
  int pad = 0;             // pad index on that filter
  // "[1:v] (overlay input 1)": how messages name the pad.
  std::string describe() const;
};

// A filter put between a buffer source and the graph: its name and options ("transpose", "clock").
struct FilterStep {
  std::string name;
  std::string args;
};

// ffmpeg 5.1's -autorotate (on by default): the filters that turn pictures stored with a display matrix (a phone's
// portrait video) upright, in order: transpose=clock (90 degrees), hflip + vflip (180), transpose=cclock (270),
// rotate (any other angle); none for no matrix or no rotation. The angle is the matrix's rotation, clockwise,
// rounded to a degree (fftools' get_rotation).
std::vector<FilterStep> autorotate_filters(const int32_t* display_matrix);
// The same for a stream's display matrix (its side data), if it has one.
std::vector<FilterStep> autorotate_filters(const AVStream* st);

// What a buffer source is told about the frames it will receive.
struct SourceParams {
  AVMediaType type = AVMEDIA_TYPE_UNKNOWN;
  AVRational time_base{0, 1};
  // video
  int width = 0;
  int height = 0;
  int pix_fmt = -1;
  AVRational sample_aspect_ratio{0, 1};
  AVRational frame_rate{0, 1};  // {0,1} when unknown or variable
  // audio
  int sample_rate = 0;
  int sample_fmt = -1;
  std::string ch_layout;  // av_channel_layout_describe text ("stereo", "5.1(side)", "3 channels")
  // Filters between the source and the graph, in order (video: autorotate_filters); kept when the graph is
  // rebuilt for a change of format.
  std::vector<FilterStep> orient;

  // Parameters for frames decoded by ctx. Video keeps the stream time base; audio uses 1/sample_rate (as ffmpeg
  // does, so that sample-exact timestamps survive).
  static SourceParams from_decoder(const AVCodecContext* ctx, AVRational stream_time_base, AVRational frame_rate);
  // Parameters for frames like `frame` (a player builds its graph from the first frame, as ffplay does), with
  // timestamps in time_base.
  static SourceParams from_frame(const AVFrame* frame, AVMediaType type, AVRational time_base, AVRational frame_rate);
  // True when `frame` has the size, pixel format and aspect ratio (video) or the sample format, rate and channel
  // layout (audio) these parameters describe: a source made from them takes it without reconfiguring.
  bool accepts(const AVFrame* frame) const;
  // ffmpeg's rule for rebuilding a running graph: true when `frame` has the pixel format and size (video) or the
  // sample format, rate and channel layout (audio) described here. Unlike accepts(), the aspect ratio may differ
  // (the buffer source passes a frame's own aspect ratio on).
  bool same_format(const AVFrame* frame) const;
};

// What the consumer of a buffer sink accepts; an empty list accepts anything.
struct SinkParams {
  std::vector<int> formats;       // pixel or sample formats
  std::vector<int> sample_rates;  // audio
  std::vector<std::string> ch_layouts;
  bool packed_pcm = false;  // the formats are the default PCM's: its encoder is picked by the format the graph gives
  // Video: a scale to this size goes right after the graph's output (ffmpeg's "scaler_out"); 0: none. rebuild()
  // sets it to the size the output had, unless autoscale is off (ffmpeg's -autoscale 0).
  int width = 0, height = 0;
  bool autoscale = true;
  std::string sws_flags;  // that scale's swscale flags (ffmpeg's -sws_flags); "": bicubic
  // Audio: every frame the sink gives but the last has this many samples (a fixed-frame-size encoder's); 0: as made.
  int frame_size = 0;
};

struct GraphOptions {
  static constexpr int kAutoThreads = 0;
  int threads = kAutoThreads;  // AVFilterGraph::nb_threads (0: one per core, as ffmpeg)
  // AVFilterGraph::scale_sws_opts: the scaler options of the graph's scale filters that set no flags, and of those
  // libavfilter inserts (ffmpeg gives it to its simple graphs, -vf: "flags=bicubic:sws_flags=lanczos").
  std::string scale_sws_opts;
};

// A negotiated link, for --dump-graph.
struct LinkInfo {
  std::string src, src_pad, dst, dst_pad;  // filter instance names and pad names
  AVMediaType type = AVMEDIA_TYPE_UNKNOWN;
  std::string format;  // pixel or sample format name
  int width = 0, height = 0;
  AVRational sample_aspect_ratio{0, 1};
  int sample_rate = 0;
  std::string ch_layout;
  AVRational time_base{0, 1};
  AVRational frame_rate{0, 1};
};

// Per-filter counts of frames that went in and out (for --stats).
struct FilterStats {
  std::string name, kind;
  int64_t frames_in = 0, frames_out = 0;
};

class FilterGraph {
 public:
  // Parses the description; throws Error("parsing the filter graph", <libavfilter's message>) when it does not, and
  // when a filter's output leads back to its own input (a cycle, on which libavfilter would loop for ever).
  static std::unique_ptr<FilterGraph> parse(const std::string& description, const GraphOptions& options = {});

  const std::vector<GraphPad>& inputs() const { return inputs_; }
  const std::vector<GraphPad>& outputs() const { return outputs_; }

  // Creates the buffer source for input i and links it. Throws Error("configuring the filter graph", ...).
  // An active `trim` puts ffmpeg's trim (atrim) between the source and the graph, as ffmpeg does for an input's -ss,
  // -t and -to (fftools' insert_trim, "trim_in_<label>"): frames before trim.start are dropped, and the stream ends
  // trim.length after its first frame kept (both in AV_TIME_BASE units, on the frames' own timestamps).
  void set_source(size_t i, const SourceParams& params, const CutRange& trim = {});
  // Creates the buffer sink for output i and links it; an active `trim` goes between the graph and the sink, as
  // ffmpeg's for an output's -ss, -t and -to ("trim_out_<label>").
  void set_sink(size_t i, const SinkParams& params = {}, const CutRange& trim = {});
  // Negotiates formats; every source and sink must be set. Throws Error("configuring the filter graph", ...).
  void configure();
  bool configured() const { return configured_; }
  // Audio sink i gives frames of exactly `samples` samples from now on, and after every rebuild (an encoder with a
  // fixed frame size, opened after configure()). 0: frames as the graph makes them.
  void set_frame_size(size_t i, int samples);
  // A configured graph's source i now gets frames described by params (a stream changed size or format mid-way):
  // builds a new graph from the same description, with the same parameters for every other source, and puts it in
  // place of this one. Its outputs stay what they were, as ffmpeg 5.1 keeps them (configure_filtergraph limits
  // each output to what it negotiated): the same pixel or sample format, sample rate and channel layout, and the
  // same frame size through a scale unless the sink's autoscale is off; the encoders see no change. Frames still
  // inside the old graph are dropped with it (as ffmpeg does; take what the sinks have first). Throws
  // Error("reconfiguring the filter graph", ...) and then keeps the old graph.
  void rebuild(size_t source, const SourceParams& params);
  const SourceParams& source_params(size_t i) const { return source_params_.at(i); }
  int rebuilds() const { return rebuilds_; }

  AVFilterGraph* graph() const { return graph_.get(); }
  AVFilterContext* source(size_t i) const { return sources_.at(i); }
  AVFilterContext* sink(size_t i) const { return sinks_.at(i); }
  size_t source_count() const { return sources_.size(); }
  size_t sink_count() const { return sinks_.size(); }
  // The sinks that frames from source i can reach.
  std::vector<size_t> sinks_reached_from(size_t source) const;

  // After configure():
  std::vector<LinkInfo> links() const;
  // Frames in and out per filter, summed over the graphs rebuild() replaced.
  std::vector<FilterStats> filter_stats() const;
  // Frames waiting in the graph's links right now (pushed by a filter, not yet taken by the next one).
  int64_t queued_frames() const;
  // The links where frames wait right now, as ("src:pad -> dst:pad", frames), in graph order.
  std::vector<std::pair<std::string, int64_t>> queued_by_link() const;
  // The filters of the graph now, in graph order: (instance name, filter name), as "Parsed_scale_0", "scale".
  std::vector<std::pair<std::string, std::string>> filters() const;
  // The slice threads the graph runs its filters with, as libavfilter resolved them (1: none).
  int threads() const;
  // The link where most frames wait, as "src:pad -> dst:pad (N frames)"; "" when none waits.
  std::string busiest_link() const;

  // Warnings for graphs that would never end: an endless source (testsrc, color, anullsrc, sine, ... without a
  // duration) feeding a multi-input filter that waits for all of its inputs (no shortest, eof_action or
  // duration that ends it). One message per such filter, naming it and the fix. Works before configure().
  std::vector<std::string> endless_source_warnings() const;

 private:
  FilterGraph() = default;
  // A filter on a cycle of links (a filter whose output leads back to its input), or nullptr.
  const AVFilterContext* filter_in_cycle() const;
  std::string description_;
  GraphOptions options_;
  FilterGraphPtr graph_;
  std::vector<GraphPad> inputs_;
  std::vector<GraphPad> outputs_;
  std::vector<AVFilterContext*> input_filters_;   // the filter each open input belongs to
  std::vector<AVFilterContext*> output_filters_;
  std::vector<AVFilterContext*> sources_;  // borrowed: owned by graph_
  std::vector<AVFilterContext*> sinks_;
  std::vector<SourceParams> source_params_;
  std::vector<SinkParams> sink_params_;
  std::vector<CutRange> source_trims_, sink_trims_;  // kept for rebuild()
  std::vector<FilterStats> earlier_stats_;  // the graphs rebuild() replaced
  int rebuilds_ = 0;
  bool configured_ = false;
};

// Filters named in a description that reach outside the graph's own inputs and outputs, found before parsing
// (libavfilter opens a filter's files and sockets when it creates it, inside avfilter_graph_parse2). Always listed:
// filters that open media or network endpoints by name (movie, amovie, zmq, azmq). With files_too, also those
// that read or write a named file, load a plugin or model, or open a device (drawtext's fontfile, psnr's
// stats_file, lut3d, ladspa, hwupload, ...). Conservative: a word of the text that equals such a filter's name
// (after removing the quotes and backslashes libavfilter's tokenizer would remove) counts, wherever it stands.
std::vector<std::string> filters_reaching_outside(const std::string& description, bool files_too);

// The words of a graph description (runs of [A-Za-z0-9_]) after removing the quotes and backslashes that
// libavfilter's tokenizer removes: every filter name the description can create is among them.
std::vector<std::string> description_words(const std::string& description);

// "1/25" and similar helpers shared by the dumps.
std::string rational_text(AVRational r);

}  // namespace common
