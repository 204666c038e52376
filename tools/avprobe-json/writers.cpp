#include "writers.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <map>
#include <optional>

#include "common/errors.hpp"
#include "writers/writer_internal.hpp"

namespace avprobe_json {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

OutBuffer::~OutBuffer() {
  try {
    flush();
  } catch (const OutputClosed&) {
  }
}

void OutBuffer::flush() {
  if (sink_) {
    int ret = buf_.empty() ? 0 : sink_->write(reinterpret_cast<const uint8_t*>(buf_.data()), static_cast<int>(buf_.size()));
    buf_.clear();
    if (ret < 0) throw OutputClosed(ret);
    return;
  }
  size_t done = 0;
  while (done < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int code = AVERROR(errno);
      buf_.clear();
      throw OutputClosed(code);
    }
    done += static_cast<size_t>(n);
  }
  buf_.clear();
}

std::string valid_utf8(std::string_view text, unsigned flags) {
  bool ascii = true;
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80 || (flags && static_cast<unsigned char>(c) < 0x20)) {
      ascii = false;
      break;
    }
  if (ascii) return std::string(text);
  std::string out;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* end = p + text.size();
  while (p < end) {
    const uint8_t* p0 = p;
    int32_t code = 0;
    if (av_utf8_decode(&code, &p, end, flags) < 0)
      out += "\xEF\xBF\xBD";
    else
      out.append(reinterpret_cast<const char*>(p0), static_cast<size_t>(p - p0));
    if (p == p0) ++p;  // never stall
  }
  return out;
}

namespace writers {

std::string upcase(const char* s) {
  std::string r(s);
  for (auto& c : r)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return r;
}

namespace {

// ffprobe's "key=value:key=value" writer options.
std::map<std::string, std::string> parse_args(const std::string& args) {
  std::map<std::string, std::string> out;
  size_t p = 0;
  while (p < args.size()) {
    size_t colon = args.find(':', p);
    std::string kv = args.substr(p, colon == std::string::npos ? std::string::npos : colon - p);
    size_t eq = kv.find('=');
    if (eq == std::string::npos)
      throw common::Error("parsing writer options", "'" + kv + "' is not key=value", AVERROR(EINVAL), common::ErrorKind::kUsage);
    out[kv.substr(0, eq)] = kv.substr(eq + 1);
    if (colon == std::string::npos) break;
    p = colon + 1;
  }
  return out;
}

}  // namespace

Args::Args(std::string writer, const std::string& args) : writer_(std::move(writer)), map_(parse_args(args)) {}

bool Args::flag(const char* name, const char* alias, bool def) {
  auto v = take(name, alias);
  if (!v) return def;
  if (*v == "1" || *v == "true" || *v == "y") return true;
  if (*v == "0" || *v == "false" || *v == "n") return false;
  throw common::Error("parsing writer options", "bad value '" + *v + "' for " + name, AVERROR(EINVAL), common::ErrorKind::kUsage);
}

std::string Args::str(const char* name, const char* alias, const std::string& def) {
  auto v = take(name, alias);
  return v ? *v : def;
}

char Args::single(const char* name, const char* alias, char def) {
  std::string v = str(name, alias, std::string(1, def));
  if (v.size() != 1)
    throw common::Error("parsing writer options", std::string(name) + " must be a single character", AVERROR(EINVAL), common::ErrorKind::kUsage);
  return v[0];
}

void Args::done() const {
  if (!map_.empty())
    throw common::Error("parsing writer options", "unknown option '" + map_.begin()->first + "' for writer " + writer_,
                        AVERROR_OPTION_NOT_FOUND, common::ErrorKind::kUsage);
}

std::optional<std::string> Args::take(const char* name, const char* alias) {
  std::optional<std::string> v;
  for (const char* n : {name, alias}) {
    auto it = map_.find(n);
    if (it != map_.end()) {
      v = it->second;
      map_.erase(it);
    }
  }
  return v;
}

void json_escape(std::string& dst, std::string_view src) {
  for (char c : src) {
    switch (c) {
      case '"': dst += "\\\""; break;
      case '\\': dst += "\\\\"; break;
      case '\b': dst += "\\b"; break;
      case '\f': dst += "\\f"; break;
      case '\n': dst += "\\n"; break;
      case '\r': dst += "\\r"; break;
      case '\t': dst += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 32) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u00%02x", c & 0xff);
          dst += buf;
        } else {
          dst += c;
        }
    }
  }
}

}  // namespace writers

namespace {

// The name-to-writer table (ffprobe's registered writers, plus our JSON Lines).
struct WriterEntry {
  const char* name;
  writers::WriterFactory make;
};
constexpr WriterEntry kWriters[] = {
    {"default", writers::make_default}, {"compact", writers::make_compact}, {"csv", writers::make_csv},
    {"flat", writers::make_flat},       {"ini", writers::make_ini},         {"json", writers::make_json},
    {"xml", writers::make_xml},         {"ndjson", writers::make_ndjson},   {"jsonl", writers::make_ndjson},
};

}  // namespace

void Writer::begin_document(const std::string&) { begin_section(SectionId::kRoot); }
void Writer::end_document() {
  end_section();
  out_.flush();
}

void Writer::begin_section(SectionId id) {
  ++level_;
  if (level_ >= kMaxLevels) throw common::Error("writing output", "sections nested too deeply", AVERROR_BUG);
  const SectionInfo& info = common::section_info(id);
  const SectionInfo* par = parent();
  nb_item(level_) = 0;
  section_[static_cast<size_t>(level_)] = &info;
  if (id == SectionId::kPacketsAndFrames) {
    nb_section_packet_ = nb_section_frame_ = nb_section_packet_frame_ = 0;
  } else if (par && par->id == SectionId::kPacketsAndFrames) {
    nb_section_packet_frame_ = id == SectionId::kPacket ? nb_section_packet_ : nb_section_frame_;
  }
  header();
}

void Writer::field(std::string_view key, const ProbeValue& value) {
  // As ffprobe's writer_print_string: integers always print; "never" drops every string, "auto" the optional ones
  // of the writers that hide them.
  if (value.kind != Kind::kInt) {
    if (optional_fields_ == OptionalFields::kNever) return;
    if (optional_fields_ == OptionalFields::kAuto && value.kind == Kind::kOptional && !shows_optional()) return;
  }
  item(key, value);
  nb_item(level_)++;
}

void Writer::end_section() {
  const SectionInfo* par = parent();
  if (par) {
    nb_item(level_ - 1)++;
    if (par->id == SectionId::kPacketsAndFrames) {
      if (section().id == SectionId::kPacket)
        nb_section_packet_++;
      else
        nb_section_frame_++;
    }
  }
  footer();
  --level_;
}

std::unique_ptr<Writer> make_writer(const WriterOptions& options, OutBuffer& out) {
  for (const WriterEntry& entry : kWriters) {
    if (options.name != entry.name) continue;
    writers::Args args(options.name, options.args);
    auto writer = entry.make(options, args, out);
    writer->set_optional_fields(options.optional_fields);
    return writer;
  }
  throw common::Error("choosing the output format", "unknown output format '" + options.name + "'", AVERROR(EINVAL),
                      common::ErrorKind::kUsage);
}

}  // namespace avprobe_json
