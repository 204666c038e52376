// ffprobe's compact and csv writers: one line per section, nested sections prefixed, c/csv/none escaping.
#include <array>
#include <string>

#include "common/errors.hpp"
#include "writers/writer_internal.hpp"

namespace avprobe_json::writers {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

namespace {

// ffprobe's compact and csv writers: one line per section, nested sections prefixed.
class CompactWriter : public Writer {
 public:
  CompactWriter(OutBuffer& out, Args& a, bool csv) : Writer(out) {
    sep_ = a.single("item_sep", "s", csv ? ',' : '|');
    nokey_ = a.flag("nokey", "nk", csv);
    escape_ = a.str("escape", "e", csv ? "csv" : "c");
    print_section_ = a.flag("print_section", "p", true);
    a.done();
    if (escape_ != "c" && escape_ != "csv" && escape_ != "none")
      throw common::Error("parsing writer options", "unknown escape mode '" + escape_ + "'", AVERROR(EINVAL), common::ErrorKind::kUsage);
  }

 protected:
  std::string escape(const std::string& src) const {
    std::string dst;
    if (escape_ == "none") return src;
    if (escape_ == "c") {
      for (char c : src) {
        switch (c) {
          case '\b': dst += "\\b"; break;
          case '\f': dst += "\\f"; break;
          case '\n': dst += "\\n"; break;
          case '\r': dst += "\\r"; break;
          case '\\': dst += "\\\\"; break;
          default:
            if (c == sep_) dst += '\\';
            dst += c;
        }
      }
      return dst;
    }
    bool quote = src.find_first_of(std::string{sep_, '"', '\n', '\r'}) != std::string::npos;
    if (quote) dst += '"';
    for (char c : src) {
      if (c == '"') dst += '"';
      dst += c;
    }
    if (quote) dst += '"';
    return dst;
  }
  void header() override {
    const SectionInfo& s = section();
    const SectionInfo* p = parent();
    const auto l = static_cast<size_t>(level_);
    terminate_line_[l] = true;
    has_nested_[l] = false;
    prefix_[l].clear();
    if (!has(s, common::kSectionArray) && p && !has(*p, common::kSectionWrapper | common::kSectionArray)) {
      nested_[l] = true;
      has_nested_[l - 1] = true;
      prefix_[l] = prefix_[l - 1] + (s.element_name ? s.element_name : s.name) + ":";
      nb_item(level_) = nb_item(level_ - 1);
    } else {
      if (p && has_nested_[l - 1] && has(s, common::kSectionArray)) terminate_line_[l - 1] = false;
      if (p && !has(*p, common::kSectionWrapper | common::kSectionArray) && level_ && nb_item(level_ - 1)) out_.put(sep_);
      if (print_section_ && !has(s, common::kSectionWrapper | common::kSectionArray)) {
        out_.put(s.name);
        out_.put(sep_);
      }
    }
  }
  void footer() override {
    const auto l = static_cast<size_t>(level_);
    if (!nested_[l] && terminate_line_[l] && !has(section(), common::kSectionWrapper | common::kSectionArray))
      out_.put('\n');
  }
  void item(std::string_view key, const ProbeValue& v) override {
    std::string line;
    if (nb_item(level_)) line += sep_;
    if (!nokey_) {
      line += prefix_[static_cast<size_t>(level_)];
      line += valid_utf8(key);
      line += '=';
    }
    line += v.kind == Kind::kInt ? std::to_string(v.i) : escape(valid_utf8(v.s));
    out_.put(line);
  }

 private:
  char sep_;
  bool nokey_;
  std::string escape_;
  bool print_section_;
  std::array<bool, kMaxLevels> nested_{}, has_nested_{}, terminate_line_{};
};

}  // namespace

std::unique_ptr<Writer> make_compact(const WriterOptions&, Args& a, OutBuffer& out) {
  return std::make_unique<CompactWriter>(out, a, false);
}

std::unique_ptr<Writer> make_csv(const WriterOptions&, Args& a, OutBuffer& out) {
  return std::make_unique<CompactWriter>(out, a, true);
}

}  // namespace avprobe_json::writers
