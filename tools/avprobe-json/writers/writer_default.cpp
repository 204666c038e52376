// ffprobe's default writer: [SECTION] ... key=value ... [/SECTION], nested sections as PREFIX:key=value.
#include <array>
#include <string>

#include "writers/writer_internal.hpp"

namespace avprobe_json::writers {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

namespace {

// ffprobe's default writer: [SECTION] ... key=value ... [/SECTION], nested sections as PREFIX:key=value.
class DefaultWriter : public Writer {
 public:
  DefaultWriter(OutBuffer& out, Args& a) : Writer(out) {
    noprint_wrappers_ = a.flag("noprint_wrappers", "nw", false);
    nokey_ = a.flag("nokey", "nk", false);
    a.done();
  }

 protected:
  void header() override {
    const SectionInfo& s = section();
    const SectionInfo* p = parent();
    prefix_[static_cast<size_t>(level_)].clear();
    if (p && !has(*p, common::kSectionWrapper | common::kSectionArray)) {
      nested_[static_cast<size_t>(level_)] = true;
      prefix_[static_cast<size_t>(level_)] =
          prefix_[static_cast<size_t>(level_ - 1)] + upcase(s.element_name ? s.element_name : s.name) + ":";
    }
    if (noprint_wrappers_ || nested_[static_cast<size_t>(level_)]) return;
    if (!has(s, common::kSectionWrapper | common::kSectionArray)) {
      out_.put("[" + upcase(s.name) + "]\n");
    }
  }
  void footer() override {
    const SectionInfo& s = section();
    if (noprint_wrappers_ || nested_[static_cast<size_t>(level_)]) return;
    if (!has(s, common::kSectionWrapper | common::kSectionArray)) out_.put("[/" + upcase(s.name) + "]\n");
  }
  void item(std::string_view key, const ProbeValue& v) override {
    std::string line;
    if (!nokey_) {
      line += prefix_[static_cast<size_t>(level_)];
      line += valid_utf8(key);
      line += '=';
    }
    line += v.kind == Kind::kInt ? std::to_string(v.i) : valid_utf8(v.s);
    line += '\n';
    out_.put(line);
  }

 private:
  bool noprint_wrappers_ = false, nokey_ = false;
  std::array<bool, kMaxLevels> nested_{};  // like ffprobe, once set for a level it stays set
};

}  // namespace

std::unique_ptr<Writer> make_default(const WriterOptions&, Args& a, OutBuffer& out) {
  return std::make_unique<DefaultWriter>(out, a);
}

}  // namespace avprobe_json::writers
