#include "common/metadata.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/errors.hpp"

namespace common {

namespace {

// One side of a metadata specifier, as ffmpeg's parse_meta_type reads it.
struct MetaSpec {
  char type = 'g';          // g, s, c or p
  int index = 0;            // c and p
  std::string stream_spec;  // s
};

MetaSpec parse_meta_spec(const std::string& option, const std::string& text) {
  MetaSpec m;
  if (text.empty()) return m;
  m.type = text[0];
  switch (m.type) {
    case 'g':
      break;
    case 's':
      if (text.size() > 1 && text[1] != ':') throw usage_error(option, "'" + text + "' is no metadata specifier (s or s:STREAM_SPEC)");
      m.stream_spec = text.size() > 2 ? text.substr(2) : "";
      break;
    case 'c':
    case 'p':
      if (text.size() > 1) {
        char* end = nullptr;
        errno = 0;
        long v = std::strtol(text.c_str() + 2, &end, 0);
        if (text[1] != ':' || text.size() == 2 || *end != '\0' || errno != 0 || v < 0 || v > INT_MAX)
          throw usage_error(option, "'" + text + "' is no metadata specifier (" + std::string(1, m.type) + ":INDEX)");
        m.index = static_cast<int>(v);
      }
      break;
    default:
      throw usage_error(option, "invalid metadata type '" + std::string(1, m.type) + "' (g, s, c or p)");
  }
  return m;
}

std::string with_spec(const char* name, const std::string& spec) { return spec.empty() ? name : std::string(name) + ":" + spec; }

// Whether output or input stream `st` matches `spec`; a malformed specifier is a usage error.
bool matches(AVFormatContext* ctx, AVStream* st, const std::string& spec, const std::string& option) {
  int ret = avformat_match_stream_specifier(ctx, st, spec.c_str());
  if (ret < 0) throw usage_error(option, "invalid stream specifier '" + spec + "'");
  return ret > 0;
}

// The dictionary a g, c or p specifier names in `ctx`; a chapter or program that is not there is a usage error.
AVDictionary** dictionary(AVFormatContext* ctx, const MetaSpec& m, const std::string& option, const char* side) {
  switch (m.type) {
    case 'c':
      if (m.index >= static_cast<int>(ctx->nb_chapters))
        throw usage_error(option, std::string("no chapter ") + std::to_string(m.index) + " in the " + side + " (it has " +
                                      std::to_string(ctx->nb_chapters) + ")");
      return &ctx->chapters[m.index]->metadata;
    case 'p':
      if (m.index >= static_cast<int>(ctx->nb_programs))
        throw usage_error(option, std::string("no program ") + std::to_string(m.index) + " in the " + side + " (it has " +
                                      std::to_string(ctx->nb_programs) + ")");
      return &ctx->programs[m.index]->metadata;
    default:
      return &ctx->metadata;
  }
}

void set_rotation(AVStream* st, const std::string& option, const std::string& value) {
  char* end = nullptr;
  double degrees = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0') throw usage_error(option, "rotate=" + value + ": a rotation in degrees");
  auto* matrix = reinterpret_cast<int32_t*>(av_stream_new_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, sizeof(int32_t) * 9));
  if (!matrix) throw Error(option, AVERROR(ENOMEM), ErrorKind::kInternal);
  av_display_rotation_set(matrix, -degrees);
}

}  // namespace

// The flags `text` gives a stream that holds `current`, as AVOption flags are read (and ffmpeg reads
// -disposition): names or numbers joined by + and -; a first one without a sign replaces, "+x" adds, "-x" removes.
int disposition_flags(const std::string& stream_spec, const std::string& text, int current) {
  const std::string option = with_spec("-disposition", stream_spec);
  auto bad = [&] {
    return usage_error(option, "'" + text + "' is no disposition (names such as default, forced, comment, dub, "
                               "original, hearing_impaired, visual_impaired, captions, descriptions, joined with + "
                               "or -; or 0)");
  };
  if (text.empty()) throw bad();
  int value = current;
  size_t pos = 0;
  while (pos < text.size()) {
    char sign = 0;
    if (text[pos] == '+' || text[pos] == '-') sign = text[pos++];
    size_t end = text.find_first_of("+-", pos);
    if (end == std::string::npos) end = text.size();
    const std::string name = text.substr(pos, end - pos);
    if (name.empty()) throw bad();
    int flag = av_disposition_from_string(name.c_str());
    if (flag < 0) {
      char* tail = nullptr;
      long n = std::strtol(name.c_str(), &tail, 0);
      if (*tail != '\0' || n < 0 || n > INT_MAX) throw bad();
      flag = static_cast<int>(n);
    }
    if (sign == '+') value |= flag;
    else if (sign == '-') value &= ~flag;
    else value = flag;
    pos = end;
  }
  return value;
}

MetadataOptions::Set parse_metadata_set(const std::string& spec, const std::string& key_value) {
  const std::string option = with_spec("-metadata", spec);
  parse_meta_spec(option, spec);
  auto eq = key_value.find('=');
  if (eq == std::string::npos) throw usage_error(option, "'" + key_value + "' has no '=' (KEY=VALUE; KEY= deletes KEY)");
  if (eq == 0) throw usage_error(option, "'" + key_value + "' has no key before '='");
  return {spec, key_value.substr(0, eq), key_value.substr(eq + 1)};
}

MetadataOptions::Map parse_metadata_map(const std::string& out_spec, const std::string& value) {
  const std::string option = with_spec("-map_metadata", out_spec);
  parse_meta_spec(option, out_spec);
  char* end = nullptr;
  errno = 0;
  long input = std::strtol(value.c_str(), &end, 10);
  if (end == value.c_str() || (*end != '\0' && *end != ':') || errno != 0 || input < INT_MIN || input > INT_MAX)
    throw usage_error(option, "'" + value + "' is no INPUT[:SPEC] (0, 0:s:a, 0:c:1, -1)");
  MetadataOptions::Map m{out_spec, static_cast<int>(input), *end == ':' ? std::string(end + 1) : std::string()};
  parse_meta_spec(option, m.in_spec);
  return m;
}

int parse_chapters_input(const std::string& value) {
  char* end = nullptr;
  errno = 0;
  long input = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno != 0 || input < INT_MIN || input > INT_MAX)
    throw usage_error("-map_chapters", "'" + value + "' is no input index (0, or -1 for none)");
  return static_cast<int>(input);
}

AutomaticMetadata automatic_metadata(const MetadataOptions& options) {
  AutomaticMetadata a;
  for (const auto& m : options.maps) {
    const char out = parse_meta_spec("-map_metadata", m.out_spec).type;
    if (m.input < 0) {  // only turns copies off: the one its output specifier names, or all of them
      const bool all = m.out_spec.empty();
      if (all || out == 'g') a.global = false;
      if (all || out == 's') a.streams = false;
      if (all || out == 'c') a.chapters = false;
      continue;
    }
    const char in = parse_meta_spec("-map_metadata", m.in_spec).type;
    if (in == 'g' || out == 'g') a.global = false;
    if (in == 's' || out == 's') a.streams = false;
    if (in == 'c' || out == 'c') a.chapters = false;
  }
  return a;
}

void apply_metadata_maps(AVFormatContext* oc, const std::vector<AVFormatContext*>& inputs,
                         const MetadataOptions& options) {
  for (const auto& m : options.maps) {
    const std::string option = with_spec("-map_metadata", m.out_spec);
    if (m.input < 0) continue;
    if (m.input >= static_cast<int>(inputs.size()))
      throw usage_error(option, "no input " + std::to_string(m.input) + " (" + std::to_string(inputs.size()) + " input(s), numbered from 0)");
    AVFormatContext* ic = inputs[static_cast<size_t>(m.input)];
    if (!ic) throw usage_error(option, "input " + std::to_string(m.input) + " is not read (nothing uses it)");
    const MetaSpec in = parse_meta_spec(option, m.in_spec);
    const MetaSpec out = parse_meta_spec(option, m.out_spec);
    AVDictionary** from = nullptr;
    if (in.type == 's') {
      for (unsigned i = 0; i < ic->nb_streams && !from; ++i)
        if (matches(ic, ic->streams[i], in.stream_spec, option)) from = &ic->streams[i]->metadata;
      if (!from) throw usage_error(option, "the stream specifier '" + in.stream_spec + "' matches no stream of input " +
                                               std::to_string(m.input));
    } else {
      from = dictionary(ic, in, option, "input");
    }
    if (out.type == 's') {
      for (unsigned i = 0; i < oc->nb_streams; ++i)
        if (matches(oc, oc->streams[i], out.stream_spec, option))
          check(av_dict_copy(&oc->streams[i]->metadata, *from, AV_DICT_DONT_OVERWRITE), option.c_str(), ErrorKind::kInternal);
    } else {
      check(av_dict_copy(dictionary(oc, out, option, "output"), *from, AV_DICT_DONT_OVERWRITE), option.c_str(),
            ErrorKind::kInternal);
    }
  }
}

int chapters_source(const std::vector<AVFormatContext*>& inputs, const MetadataOptions& options) {
  if (options.chapters_input == MetadataOptions::kChaptersAuto) {
    for (size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i] && inputs[i]->nb_chapters > 0) return static_cast<int>(i);
    return -1;
  }
  if (options.chapters_input >= static_cast<int>(inputs.size()))
    throw usage_error("-map_chapters", "no input " + std::to_string(options.chapters_input) + " (" +
                                          std::to_string(inputs.size()) + " input(s), numbered from 0)");
  return options.chapters_input < 0 || !inputs[static_cast<size_t>(options.chapters_input)] ? -1 : options.chapters_input;
}

void apply_metadata_sets(AVFormatContext* oc, const MetadataOptions& options) {
  for (const auto& s : options.sets) {
    const std::string option = with_spec("-metadata", s.spec);
    const MetaSpec m = parse_meta_spec(option, s.spec);
    const char* value = s.value.empty() ? nullptr : s.value.c_str();
    if (m.type != 's') {
      check(av_dict_set(dictionary(oc, m, option, "output"), s.key.c_str(), value, 0), option.c_str(), ErrorKind::kInternal);
      continue;
    }
    for (unsigned i = 0; i < oc->nb_streams; ++i) {
      AVStream* st = oc->streams[i];
      if (!matches(oc, st, m.stream_spec, option)) continue;
      if (s.key == "rotate")
        set_rotation(st, option, s.value);
      else
        check(av_dict_set(&st->metadata, s.key.c_str(), value, 0), option.c_str(), ErrorKind::kInternal);
    }
  }
}

bool apply_dispositions(AVFormatContext* oc, const MetadataOptions& options) {
  bool any = false;
  for (unsigned i = 0; i < oc->nb_streams; ++i) {
    AVStream* st = oc->streams[i];
    const MetadataOptions::Disposition* last = nullptr;
    for (const auto& d : options.dispositions)
      if (matches(oc, st, d.stream_spec, with_spec("-disposition", d.stream_spec))) last = &d;
    if (!last) continue;
    any = true;
    st->disposition = disposition_flags(last->stream_spec, last->value, st->disposition);
  }
  return any;
}

MetadataOptions::Disposition parse_disposition(const std::string& stream_spec, const std::string& value) {
  disposition_flags(stream_spec, value, 0);
  return {stream_spec, value};
}

void set_default_dispositions(AVFormatContext* oc) {
  for (AVMediaType type : {AVMEDIA_TYPE_VIDEO, AVMEDIA_TYPE_AUDIO, AVMEDIA_TYPE_SUBTITLE}) {
    AVStream* first = nullptr;
    int count = 0;
    bool have_default = false;
    for (unsigned i = 0; i < oc->nb_streams; ++i) {
      AVStream* st = oc->streams[i];
      if (st->codecpar->codec_type != type || (st->disposition & AV_DISPOSITION_ATTACHED_PIC)) continue;
      ++count;
      if (!first) first = st;
      if (st->disposition & AV_DISPOSITION_DEFAULT) have_default = true;
    }
    if (count > 1 && !have_default) first->disposition |= AV_DISPOSITION_DEFAULT;
  }
}

namespace {
// The input's chapters, shifted by ts_offset (AV_TIME_BASE units) and the output's -ss, and cut to its -t, like
// ffmpeg's copy_chapters; their tags too unless `with_tags` is off (-map_metadata took them over).
void copy_chapters(AVFormatContext* oc, const AVFormatContext* ic, int64_t ts_offset, const CutRange& cut,
                   bool with_tags) {
  for (unsigned i = 0; i < ic->nb_chapters; ++i) {
    const AVChapter* in = ic->chapters[i];
    int64_t off = av_rescale_q(cut.start_or_zero() - ts_offset, av_get_time_base_q(), in->time_base);
    int64_t length = cut.has_length() ? av_rescale_q(cut.length, av_get_time_base_q(), in->time_base) : INT64_MAX;
    if (in->end < off) continue;
    if (length != INT64_MAX && in->start > length + off) break;
    auto* ch = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
    if (!ch) throw Error("copying chapters", AVERROR(ENOMEM));
    ch->id = in->id;
    ch->time_base = in->time_base;
    ch->start = std::max<int64_t>(0, in->start - off);
    ch->end = std::min(length, in->end - off);
    if (with_tags) av_dict_copy(&ch->metadata, in->metadata, 0);
    if (av_dynarray_add_nofree(&oc->chapters, reinterpret_cast<int*>(&oc->nb_chapters), ch) < 0) {
      av_dict_free(&ch->metadata);
      av_free(ch);
      throw Error("copying chapters", AVERROR(ENOMEM));
    }
  }
}

}  // namespace

void set_output_metadata(AVFormatContext* oc, const std::vector<AVFormatContext*>& inputs,
                         const std::vector<const AVStream*>& sources, const std::vector<int64_t>& ts_offsets,
                         const CutRange& cut, const MetadataOptions& metadata, bool encoded) {
  apply_metadata_maps(oc, inputs, metadata);
  const AutomaticMetadata automatic = automatic_metadata(metadata);
  const int chapters = chapters_source(inputs, metadata);
  if (chapters >= 0 && static_cast<size_t>(chapters) < inputs.size())
    copy_chapters(oc, inputs[chapters], ts_offsets[chapters], cut, automatic.chapters);
  if (automatic.global && !inputs.empty() && inputs[0]) {
    av_dict_copy(&oc->metadata, inputs[0]->metadata, AV_DICT_DONT_OVERWRITE);
    for (const char* key : {"creation_time", "company_name", "product_name", "product_version"})
      av_dict_set(&oc->metadata, key, nullptr, 0);
  }
  if (automatic.streams)
    for (size_t i = 0; i < sources.size() && i < oc->nb_streams; ++i) {
      if (!sources[i]) continue;
      av_dict_copy(&oc->streams[i]->metadata, sources[i]->metadata, AV_DICT_DONT_OVERWRITE);
      if (encoded) av_dict_set(&oc->streams[i]->metadata, "encoder", nullptr, 0);
    }
  apply_metadata_sets(oc, metadata);
  // ffmpeg's set_dispositions: a stream made from an input stream (copied, or encoded through a graph of its own)
  // starts with that stream's disposition, which -disposition then changes.
  for (size_t i = 0; i < sources.size() && i < oc->nb_streams; ++i)
    if (sources[i]) oc->streams[i]->disposition = sources[i]->disposition;
  if (!apply_dispositions(oc, metadata)) set_default_dispositions(oc);
}

}  // namespace common
