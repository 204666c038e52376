// ffmpeg's options that edit what an output says about its content: -metadata, -map_metadata, -map_chapters and
// -disposition, with ffmpeg 5.1's meanings (fftools/ffmpeg_opt.c), applied to an output whose streams are set up.
// The order is ffmpeg's: metadata maps, chapters, the automatic copies that the maps left on, then -metadata, and
// the dispositions.
#pragma once

#include <climits>
#include <string>
#include <vector>

#include "common/cut.hpp"
#include "common/ffmpeg.hpp"

namespace common {

struct MetadataOptions {
  // -metadata[:SPEC] KEY=VALUE: SPEC g (global, the default), s[:STREAM_SPEC], c:INDEX, p:INDEX; an empty VALUE
  // deletes KEY. On a stream, "rotate" sets the display matrix instead of a tag, as ffmpeg does.
  struct Set {
    std::string spec;
    std::string key;
    std::string value;
  };
  // -map_metadata[:OUT_SPEC] INPUT[:IN_SPEC]: copies (without overwriting) one dictionary of input INPUT; -1
  // copies nothing and turns off the automatic copy that OUT_SPEC names (all of them when it names none).
  struct Map {
    std::string out_spec;
    int input = 0;
    std::string in_spec;
  };
  // -disposition[:STREAM_SPEC] VALUE: flags by name (default+forced, +comment, -default, 0); the last one that
  // matches a stream sets it.
  struct Disposition {
    std::string stream_spec;
    std::string value;
  };
  static constexpr int kChaptersAuto = INT_MAX;  // the first input that has chapters

  std::vector<Map> maps;
  std::vector<Set> sets;
  std::vector<Disposition> dispositions;
  int chapters_input = kChaptersAuto;  // -map_chapters INPUT; -1: none

  bool empty() const { return maps.empty() && sets.empty() && dispositions.empty() && chapters_input == kChaptersAuto; }
};

// The command-line forms. Each throws a usage Error naming the option when the text is malformed.
MetadataOptions::Set parse_metadata_set(const std::string& spec, const std::string& key_value);
MetadataOptions::Map parse_metadata_map(const std::string& out_spec, const std::string& value);
int parse_chapters_input(const std::string& value);
MetadataOptions::Disposition parse_disposition(const std::string& stream_spec, const std::string& value);
// The flags a -disposition VALUE gives a stream that holds `current` (usage Error when VALUE is malformed).
int disposition_flags(const std::string& stream_spec, const std::string& value, int current);

// Which automatic copies ffmpeg still makes once the maps are given: the input's global tags (but a few that
// describe the input file), each stream's tags, each chapter's tags.
struct AutomaticMetadata {
  bool global = true;
  bool streams = true;
  bool chapters = true;
};
AutomaticMetadata automatic_metadata(const MetadataOptions& options);

// -map_metadata onto `oc` from `inputs` (by index), before its chapters exist. Usage errors for an input, chapter,
// program or stream that is not there.
void apply_metadata_maps(AVFormatContext* oc, const std::vector<AVFormatContext*>& inputs,
                         const MetadataOptions& options);
// The input whose chapters the output gets (-map_chapters, or the first with chapters), or -1.
int chapters_source(const std::vector<AVFormatContext*>& inputs, const MetadataOptions& options);
// -metadata onto `oc`, after every automatic copy. Usage errors for a chapter or program that is not there and
// for a malformed stream specifier.
void apply_metadata_sets(AVFormatContext* oc, const MetadataOptions& options);
// -disposition onto `oc`'s streams (which hold their inputs' dispositions). Returns whether any stream got one:
// then ffmpeg marks no stream default by itself.
bool apply_dispositions(AVFormatContext* oc, const MetadataOptions& options);
// ffmpeg's default: when a media type has several streams and none is marked default, the first one becomes it.
void set_default_dispositions(AVFormatContext* oc);
// An output's tags, chapters and dispositions in ffmpeg's order (open_output_file): -map_metadata, the chapters
// (those of the first input that has some, or -map_chapters; shifted by that input's ts_offsets[k] and the output's
// -ss, cut to its -t; AV_TIME_BASE units), the automatic copies the maps left on (the first input's global tags but
// a few that describe the file; each output stream's source's tags), -metadata; then -disposition, and when none was
// given, a default stream per type. sources[i]: the input stream output stream i comes from, or nullptr for a
// stream a filter graph makes (no tags). encoded: the streams are encoded, so a copied "encoder" tag is dropped
// (the encoder's own comes later, as in ffmpeg). An input that is not open is nullptr. Usage Errors as the
// functions above.
void set_output_metadata(AVFormatContext* oc, const std::vector<AVFormatContext*>& inputs,
                         const std::vector<const AVStream*>& sources, const std::vector<int64_t>& ts_offsets,
                         const CutRange& cut, const MetadataOptions& options, bool encoded);

}  // namespace common
