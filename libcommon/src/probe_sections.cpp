// The probe unit's model (common/probe.hpp): ffprobe's sections with their names, flags and nesting; the
// -show_entries selection over them; field values and their texts (seconds, units, prefixes).
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/errors.hpp"
#include "common/probe.hpp"

namespace common {

namespace {

using S = SectionId;

const std::array<SectionInfo, kSectionCount>& section_table() {
  static const std::array<SectionInfo, kSectionCount> table = {{
      {S::kRoot, "root", kSectionWrapper,
       {S::kChapters, S::kFormat, S::kFrames, S::kPrograms, S::kStreams, S::kPackets, S::kError, S::kProgramVersion,
        S::kLibraryVersions, S::kPixelFormats, S::kWarnings},
       nullptr, nullptr},
      {S::kChapters, "chapters", kSectionArray, {S::kChapter}, nullptr, nullptr},
      {S::kChapter, "chapter", 0, {S::kChapterTags}, nullptr, nullptr},
      {S::kChapterTags, "tags", kSectionVariableFields, {}, "tag", "chapter_tags"},
      {S::kError, "error", 0, {}, nullptr, nullptr},
      {S::kFormat, "format", 0, {S::kFormatTags}, nullptr, nullptr},
      {S::kFormatTags, "tags", kSectionVariableFields, {}, "tag", "format_tags"},
      {S::kFrames, "frames", kSectionArray, {S::kFrame, S::kSubtitle}, nullptr, nullptr},
      {S::kFrame, "frame", 0, {S::kFrameTags, S::kFrameSideDataList, S::kFrameLogs}, nullptr, nullptr},
      {S::kFrameTags, "tags", kSectionVariableFields, {}, "tag", "frame_tags"},
      {S::kFrameSideDataList, "side_data_list", kSectionArray, {S::kFrameSideData}, "side_data",
       "frame_side_data_list"},
      {S::kFrameSideData, "side_data", 0, {}, nullptr, "frame_side_data"},
      {S::kSubtitle, "subtitle", 0, {}, nullptr, nullptr},
      {S::kPackets, "packets", kSectionArray, {S::kPacket}, nullptr, nullptr},
      {S::kPacketsAndFrames, "packets_and_frames", kSectionArray, {S::kPacket}, nullptr, nullptr},
      {S::kPacket, "packet", 0, {S::kPacketTags, S::kPacketSideDataList}, nullptr, nullptr},
      {S::kPacketTags, "tags", kSectionVariableFields, {}, "tag", "packet_tags"},
      {S::kPacketSideDataList, "side_data_list", kSectionArray, {S::kPacketSideData}, "side_data",
       "packet_side_data_list"},
      {S::kPacketSideData, "side_data", 0, {}, nullptr, "packet_side_data"},
      {S::kPrograms, "programs", kSectionArray, {S::kProgram}, nullptr, nullptr},
      {S::kProgram, "program", 0, {S::kProgramTags, S::kProgramStreams}, nullptr, nullptr},
      {S::kProgramTags, "tags", kSectionVariableFields, {}, "tag", "program_tags"},
      {S::kProgramStreams, "streams", kSectionArray, {S::kProgramStream}, nullptr, "program_streams"},
      {S::kProgramStream, "stream", 0, {S::kProgramStreamDisposition, S::kProgramStreamTags}, nullptr,
       "program_stream"},
      {S::kProgramStreamDisposition, "disposition", 0, {}, nullptr, "program_stream_disposition"},
      {S::kProgramStreamTags, "tags", kSectionVariableFields, {}, "tag", "program_stream_tags"},
      {S::kStreams, "streams", kSectionArray, {S::kStream}, nullptr, nullptr},
      {S::kStream, "stream", 0, {S::kStreamDisposition, S::kStreamTags, S::kStreamSideDataList}, nullptr, nullptr},
      {S::kStreamDisposition, "disposition", 0, {}, nullptr, "stream_disposition"},
      {S::kStreamTags, "tags", kSectionVariableFields, {}, "tag", "stream_tags"},
      {S::kStreamSideDataList, "side_data_list", kSectionArray, {S::kStreamSideData}, "side_data",
       "stream_side_data_list"},
      {S::kStreamSideData, "side_data", 0, {}, nullptr, "stream_side_data"},
      {S::kProgramVersion, "program_version", 0, {}, nullptr, nullptr},
      {S::kLibraryVersions, "library_versions", kSectionArray, {S::kLibraryVersion}, nullptr, nullptr},
      {S::kLibraryVersion, "library_version", 0, {}, nullptr, nullptr},
      {S::kPixelFormats, "pixel_formats", kSectionArray, {S::kPixelFormat}, nullptr, nullptr},
      {S::kPixelFormat, "pixel_format", 0, {S::kPixelFormatFlags, S::kPixelFormatComponents}, nullptr, nullptr},
      {S::kPixelFormatFlags, "flags", 0, {}, nullptr, "pixel_format_flags"},
      {S::kPixelFormatComponents, "components", kSectionArray, {S::kPixelFormatComponent}, nullptr,
       "pixel_format_components"},
      {S::kPixelFormatComponent, "component", 0, {}, nullptr, nullptr},
      {S::kFrameLogs, "logs", kSectionArray, {S::kFrameLog}, nullptr, nullptr},
      {S::kFrameLog, "log", 0, {}, nullptr, nullptr},
      {S::kWarnings, "warnings", kSectionArray, {S::kWarning}, nullptr, nullptr},
      {S::kWarning, "warning", 0, {}, nullptr, nullptr},
  }};
  return table;
}

int idx(SectionId id) { return static_cast<int>(id); }

// ffprobe's av_get_token for the -show_entries grammar: stops at any of `term`, honours '\' escapes and quotes.
std::string get_token(const std::string& s, size_t& p, const char* term) {
  std::string out;
  while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')) ++p;
  size_t end_trim = 0;
  while (p < s.size() && !std::strchr(term, s[p])) {
    char c = s[p++];
    if (c == '\\' && p < s.size()) {
      out += s[p++];
      end_trim = out.size();
    } else if (c == '\'') {
      while (p < s.size() && s[p] != '\'') out += s[p++];
      if (p < s.size()) ++p;
      end_trim = out.size();
    } else {
      out += c;
    }
  }
  while (out.size() > end_trim && (out.back() == ' ' || out.back() == '\t' || out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

}  // namespace

const SectionInfo& section_info(SectionId id) { return section_table()[static_cast<size_t>(idx(id))]; }

void EntrySelection::show_all(SectionId id) {
  entries_[static_cast<size_t>(idx(id))].all = true;
  for (SectionId child : section_info(id).children) show_all(child);
}

void EntrySelection::parse(const std::string& spec) {
  size_t p = 0;
  while (p < spec.size()) {
    std::string name = get_token(spec, p, "=:");
    std::set<std::string, std::less<>> keys;
    bool all = true;
    if (p < spec.size() && spec[p] == '=') {
      all = false;
      ++p;
      while (p < spec.size() && spec[p] != ':') {
        std::string entry = get_token(spec, p, ",:");
        keys.insert(entry);
        if (p < spec.size() && spec[p] == ',') ++p;
      }
    }
    int matched = 0;
    for (const auto& info : section_table()) {
      if (name == info.name || (info.unique_name && name == info.unique_name)) {
        ++matched;
        if (all) {
          show_all(info.id);
        } else {
          auto& e = entries_[static_cast<size_t>(idx(info.id))];
          e.keys.insert(keys.begin(), keys.end());
        }
      }
    }
    if (name.empty() || matched == 0)
      throw Error("parsing -show_entries", "no match for section '" + name + "'", AVERROR(EINVAL), ErrorKind::kUsage);
    if (p < spec.size()) ++p;
  }
}

bool EntrySelection::wants(SectionId id) const {
  const auto& e = entries_[static_cast<size_t>(idx(id))];
  if (e.all || !e.keys.empty()) return true;
  for (SectionId child : section_info(id).children)
    if (wants(child)) return true;
  return false;
}

bool EntrySelection::shows(SectionId id, std::string_view key) const {
  const auto& e = entries_[static_cast<size_t>(idx(id))];
  return e.all || e.keys.find(key) != e.keys.end();
}

bool EntrySelection::empty() const {
  for (const auto& e : entries_)
    if (e.all || !e.keys.empty()) return false;
  return true;
}

ProbeValue ProbeValue::integer(int64_t v) {
  ProbeValue r;
  r.kind = Kind::kInt;
  r.i = v;
  return r;
}
ProbeValue ProbeValue::string(std::string v) {
  ProbeValue r;
  r.kind = Kind::kString;
  r.s = std::move(v);
  return r;
}
ProbeValue ProbeValue::int_string(int64_t v) {
  ProbeValue r;
  r.kind = Kind::kIntString;
  r.i = v;
  r.s = std::to_string(v);
  return r;
}
ProbeValue ProbeValue::time(double seconds) {
  ProbeValue r;
  r.kind = Kind::kTime;
  r.d = seconds;
  r.s = format_seconds(seconds, false);
  return r;
}
ProbeValue ProbeValue::rational(AVRational q, char sep) {
  ProbeValue r;
  r.kind = Kind::kRational;
  r.q = q;
  r.sep = sep;
  r.s = std::to_string(q.num) + sep + std::to_string(q.den);
  return r;
}
ProbeValue ProbeValue::optional(std::string text) {
  ProbeValue r;
  r.kind = Kind::kOptional;
  r.s = std::move(text);
  return r;
}

const char* duration_source_name(DurationSource source) {
  switch (source) {
    case DurationSource::kHeader: return "header";
    case DurationSource::kTimestamps: return "timestamps";
    case DurationSource::kBitrate: return "bitrate";
    case DurationSource::kScan: return "scan";
    case DurationSource::kNone: break;
  }
  return "none";
}

std::string format_seconds(double seconds, bool sexagesimal) {
  char buf[128];  // ffprobe's value buffer: huge times are cut where ffprobe cuts them
  // ffprobe converts to int (undefined past 2^31 s, found by fuzz_probe); whole minutes in 64 bits give the same
  // text wherever ffprobe's is defined, and a time too large (or not finite) falls back to plain seconds.
  if (sexagesimal && std::isfinite(seconds) && std::fabs(seconds) < 9e15) {
    int64_t mins = static_cast<int64_t>(seconds) / 60;
    double secs = seconds - static_cast<double>(mins * 60);
    int64_t hours = mins / 60;
    mins %= 60;
    std::snprintf(buf, sizeof(buf), "%" PRId64 ":%02" PRId64 ":%09.6f", hours, mins, secs);
  } else {
    std::snprintf(buf, sizeof(buf), "%f", seconds);
  }
  return buf;
}

std::string format_value(double value, bool seconds, const char* unit, const ValueFormat& f) {
  char buf[128];
  if (seconds && f.sexagesimal) return format_seconds(value, true);
  double vald = value;
  long long vali = seconds ? 0 : static_cast<long long>(value);
  const char* prefix = "";
  if (f.prefix && vald > 1) {
    static const struct {
      double bin_val, dec_val;
      const char *bin_str, *dec_str;
    } kPrefixes[] = {{1.0, 1.0, "", ""},
                     {1.024e3, 1e3, "Ki", "K"},
                     {1.048576e6, 1e6, "Mi", "M"},
                     {1.073741824e9, 1e9, "Gi", "G"},
                     {1.099511627776e12, 1e12, "Ti", "T"},
                     {1.125899906842624e15, 1e15, "Pi", "P"}};
    const bool binary = f.byte_binary_prefix && std::strcmp(unit, "byte") == 0;
    long long index = binary ? static_cast<long long>(std::log2(vald)) / 10 : static_cast<long long>(std::log10(vald)) / 3;
    index = std::clamp<long long>(index, 0, 5);
    const auto& p = kPrefixes[index];
    vald /= binary ? p.bin_val : p.dec_val;
    prefix = binary ? p.bin_str : p.dec_str;
    vali = static_cast<long long>(vald);
  }
  if (seconds || (f.prefix && vald != static_cast<double>(static_cast<long long>(vald))))
    std::snprintf(buf, sizeof(buf), "%f", vald);
  else
    std::snprintf(buf, sizeof(buf), "%lld", vali);
  std::string out = buf;
  if (*prefix || f.unit) out += ' ';
  out += prefix;
  if (f.unit) out += unit;
  return out;
}
}  // namespace common
