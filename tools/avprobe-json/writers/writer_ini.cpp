// ffprobe's ini writer: "# ffprobe output", then [section.path.N] headers and escaped key=value lines.
#include <cstdio>
#include <string>

#include "writers/writer_internal.hpp"

namespace avprobe_json::writers {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

namespace {

// ffprobe's ini_escape_str: C escapes, a backslash before the characters ini gives a meaning, \x00NN for the other
// control codes.
std::string ini_escape(const std::string& src) {
  std::string dst;
  for (char c : src) {
    switch (c) {
      case '\b': dst += "\\b"; break;
      case '\f': dst += "\\f"; break;
      case '\n': dst += "\\n"; break;
      case '\r': dst += "\\r"; break;
      case '\t': dst += "\\t"; break;
      case '\\':
      case '#':
      case '=':
      case ':':
        dst += '\\';
        dst += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 32) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x00%02x", c & 0xff);
          dst += buf;
        } else {
          dst += c;
        }
    }
  }
  return dst;
}

class IniWriter : public Writer {
 public:
  IniWriter(OutBuffer& out, Args& a) : Writer(out) {
    hierarchical_ = a.flag("hierarchical", "h", true);
    a.done();
  }

 protected:
  void header() override {
    const auto l = static_cast<size_t>(level_);
    prefix_[l].clear();
    const SectionInfo* p = parent();
    if (!p) {
      out_.put("# ffprobe output\n\n");
      return;
    }
    if (nb_item(level_ - 1)) out_.put('\n');
    const SectionInfo& s = section();
    std::string& prefix = prefix_[l];
    prefix = prefix_[l - 1];
    if (hierarchical_ || !has(s, common::kSectionArray | common::kSectionWrapper)) {
      if (!prefix.empty()) prefix += '.';
      prefix += s.name;
      if (has(*p, common::kSectionArray)) {
        unsigned n = p->id == SectionId::kPacketsAndFrames ? nb_section_packet_frame_ : nb_item(level_ - 1);
        prefix += '.';
        prefix += std::to_string(n);
      }
    }
    if (!has(s, common::kSectionArray | common::kSectionWrapper)) out_.put("[" + prefix + "]\n");
  }
  void footer() override {}
  void item(std::string_view key, const ProbeValue& v) override {
    std::string line;
    if (v.kind == Kind::kInt) {
      line.append(key);
      line += '=';
      line += std::to_string(v.i);
    } else {
      line = ini_escape(valid_utf8(key));
      line += '=';
      line += ini_escape(valid_utf8(v.s));
    }
    line += '\n';
    out_.put(line);
  }

 private:
  bool hierarchical_;
};

}  // namespace

std::unique_ptr<Writer> make_ini(const WriterOptions&, Args& a, OutBuffer& out) {
  return std::make_unique<IniWriter>(out, a);
}

}  // namespace avprobe_json::writers
