// ffprobe's xml writer: <ffprobe> with a tag per section, fields as attributes, tags as <tag key= value=/>;
// fully_qualified (q) adds ffprobe's namespace and schema, xsd_strict (x) implies it and refuses private data.
#include <algorithm>
#include <string>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"
#include "writers/writer_internal.hpp"

namespace avprobe_json::writers {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

namespace {

// av_bprint_escape's XML mode with double quotes escaped, as ffprobe calls it.
void xml_escape(std::string& dst, const std::string& src) {
  for (char c : src) {
    switch (c) {
      case '&': dst += "&amp;"; break;
      case '<': dst += "&lt;"; break;
      case '>': dst += "&gt;"; break;
      case '"': dst += "&quot;"; break;
      default: dst += c;
    }
  }
}

class XmlWriter : public Writer {
 public:
  XmlWriter(OutBuffer& out, Args& a, const WriterOptions& options) : Writer(out) {
    fully_qualified_ = a.flag("fully_qualified", "q", false);
    const bool xsd_strict = a.flag("xsd_strict", "x", false);
    a.done();
    if (xsd_strict) {
      fully_qualified_ = true;
      auto refuse = [](const std::string& why) {
        throw common::Error("choosing the output format", "xsd_strict: " + why, AVERROR(EINVAL), common::ErrorKind::kUsage);
      };
      if (options.show_private_data) refuse("the decoders' private data is not in ffprobe's schema; add -noprivate");
      if (options.show_unit) refuse("values with units are not in ffprobe's schema; leave out -unit");
      if (options.use_prefix) refuse("values with prefixes are not in ffprobe's schema; leave out -prefix");
    }
  }

 protected:
  static constexpr unsigned kUtf8Flags = AV_UTF8_FLAG_EXCLUDE_XML_INVALID_CONTROL_CODES;
  void indent() { line_.append(static_cast<size_t>(std::max(1, indent_level_ * 4)), ' '); }
  void emit() {
    out_.put(line_);
    line_.clear();
  }
  void header() override {
    const SectionInfo& s = section();
    const SectionInfo* p = parent();
    if (level_ == 0) {
      line_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
      if (fully_qualified_)
        line_ +=
            "<ffprobe:ffprobe xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            "xmlns:ffprobe=\"http://www.ffmpeg.org/schema/ffprobe\" "
            "xsi:schemaLocation=\"http://www.ffmpeg.org/schema/ffprobe ffprobe.xsd\">\n";
      else
        line_ += "<ffprobe>\n";
      emit();
      return;
    }
    if (within_tag_) {
      within_tag_ = false;
      line_ += ">\n";
    }
    if (has(s, common::kSectionVariableFields)) {
      indent_level_++;
    } else {
      if (p && has(*p, common::kSectionWrapper) && nb_item(level_ - 1)) line_ += '\n';
      indent_level_++;
      indent();
      line_ += '<';
      line_ += s.name;
      if (has(s, common::kSectionArray)) {
        line_ += ">\n";
      } else {
        line_ += ' ';
        within_tag_ = true;
      }
    }
    emit();
  }
  void footer() override {
    const SectionInfo& s = section();
    if (level_ == 0) {
      line_ += fully_qualified_ ? "</ffprobe:ffprobe>\n" : "</ffprobe>\n";
    } else if (within_tag_) {
      within_tag_ = false;
      line_ += "/>\n";
      indent_level_--;
    } else if (has(s, common::kSectionVariableFields)) {
      indent_level_--;
    } else {
      indent();
      line_ += "</";
      line_ += s.name;
      line_ += ">\n";
      indent_level_--;
    }
    emit();
  }
  void item(std::string_view key, const ProbeValue& v) override {
    const SectionInfo& s = section();
    const std::string value = v.kind == Kind::kInt ? std::to_string(v.i) : valid_utf8(v.s, kUtf8Flags);
    if (v.kind != Kind::kInt && has(s, common::kSectionVariableFields)) {
      indent();
      line_ += '<';
      line_ += s.element_name;
      line_ += " key=\"";
      xml_escape(line_, valid_utf8(key, kUtf8Flags));
      line_ += "\" value=\"";
      xml_escape(line_, value);
      line_ += "\"/>\n";
    } else {
      if (nb_item(level_)) line_ += ' ';
      line_ += v.kind == Kind::kInt ? std::string(key) : valid_utf8(key, kUtf8Flags);
      line_ += "=\"";
      if (v.kind == Kind::kInt)
        line_ += value;
      else
        xml_escape(line_, value);
      line_ += '"';
    }
    emit();
  }
  bool shows_optional() const override { return false; }

 private:
  bool fully_qualified_ = false;
  bool within_tag_ = false;
  int indent_level_ = 0;
  std::string line_;
};

}  // namespace

std::unique_ptr<Writer> make_xml(const WriterOptions& options, Args& a, OutBuffer& out) {
  return std::make_unique<XmlWriter>(out, a, options);
}

}  // namespace avprobe_json::writers
