// ffprobe's flat writer: section.path.N.key="value", shell-friendly.
#include <string>

#include "writers/writer_internal.hpp"

namespace avprobe_json::writers {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

namespace {

// ffprobe's flat writer: section.path.key="value".
class FlatWriter : public Writer {
 public:
  FlatWriter(OutBuffer& out, Args& a) : Writer(out) {
    sep_ = a.single("sep_char", "s", '.');
    hierarchical_ = a.flag("hierarchical", "h", true);
    a.done();
  }

 protected:
  void header() override {
    const auto l = static_cast<size_t>(level_);
    prefix_[l].clear();
    const SectionInfo* p = parent();
    if (!p) return;
    prefix_[l] = prefix_[l - 1];
    const SectionInfo& s = section();
    if (hierarchical_ || !has(s, common::kSectionArray | common::kSectionWrapper)) {
      prefix_[l] += s.name;
      prefix_[l] += sep_;
      if (has(*p, common::kSectionArray)) {
        unsigned n = p->id == SectionId::kPacketsAndFrames ? nb_section_packet_frame_ : nb_item(level_ - 1);
        prefix_[l] += std::to_string(n);
        prefix_[l] += sep_;
      }
    }
  }
  void footer() override {}
  void item(std::string_view key, const ProbeValue& v) override {
    std::string line = prefix_[static_cast<size_t>(level_)];
    if (v.kind == Kind::kInt) {
      line += key;
      line += '=';
      line += std::to_string(v.i);
    } else {
      for (char c : valid_utf8(key))
        line += ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ? c : '_';
      line += "=\"";
      for (char c : valid_utf8(v.s)) {
        switch (c) {
          case '\n': line += "\\n"; break;
          case '\r': line += "\\r"; break;
          case '\\': line += "\\\\"; break;
          case '"': line += "\\\""; break;
          case '`': line += "\\`"; break;
          case '$': line += "\\$"; break;
          default: line += c;
        }
      }
      line += '"';
    }
    line += '\n';
    out_.put(line);
  }

 private:
  char sep_;
  bool hierarchical_;
};

}  // namespace

std::unique_ptr<Writer> make_flat(const WriterOptions&, Args& a, OutBuffer& out) {
  return std::make_unique<FlatWriter>(out, a);
}

}  // namespace avprobe_json::writers
