// ffprobe's json writer, byte for byte (json=compact=1 too); with --typed, values keep their JSON types.
#include <algorithm>
#include <cmath>
#include <string>

#include "writers/writer_internal.hpp"

namespace avprobe_json::writers {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

namespace {

// ffprobe's json writer, byte for byte; with typed, values keep their types.
class JsonWriter : public Writer {
 public:
  JsonWriter(OutBuffer& out, bool compact, bool typed) : Writer(out), compact_(compact), typed_(typed) {
    item_sep_ = compact ? ", " : ",\n";
    item_start_end_ = compact ? " " : "\n";
  }

 protected:
  bool shows_optional() const override { return false; }
  void indent() { line_.append(static_cast<size_t>(std::max(1, indent_level_ * 4)), ' '); }
  void emit() {
    out_.put(line_);
    line_.clear();
  }
  void header() override {
    const SectionInfo& s = section();
    const SectionInfo* p = parent();
    if (level_ && nb_item(level_ - 1)) line_ += ",\n";
    if (has(s, common::kSectionWrapper)) {
      line_ += "{\n";
      indent_level_++;
    } else {
      indent();
      indent_level_++;
      if (has(s, common::kSectionArray)) {
        line_ += '"';
        line_ += s.name;
        line_ += "\": [\n";
      } else if (p && !has(*p, common::kSectionArray)) {
        line_ += '"';
        line_ += s.name;
        line_ += "\": {";
        line_ += item_start_end_;
      } else {
        line_ += '{';
        line_ += item_start_end_;
        if (p && p->id == SectionId::kPacketsAndFrames) {
          if (!compact_) indent();
          line_ += "\"type\": \"";
          line_ += s.name;
          line_ += '"';
          nb_item(level_)++;
        }
      }
    }
    emit();
  }
  void footer() override {
    const SectionInfo& s = section();
    if (level_ == 0) {
      indent_level_--;
      line_ += "\n}\n";
    } else if (has(s, common::kSectionArray)) {
      line_ += '\n';
      indent_level_--;
      indent();
      line_ += ']';
    } else {
      line_ += item_start_end_;
      indent_level_--;
      if (!compact_) indent();
      line_ += '}';
    }
    emit();
  }
  void item(std::string_view key, const ProbeValue& v) override {
    const SectionInfo* p = parent();
    if (nb_item(level_) || (p && p->id == SectionId::kPacketsAndFrames)) line_ += item_sep_;
    if (!compact_) indent();
    line_ += '"';
    json_escape(line_, valid_utf8(key));
    line_ += "\": ";
    value(v);
    emit();
  }
  void value(const ProbeValue& v) {
    if (v.kind == Kind::kInt) {
      line_ += std::to_string(v.i);
      return;
    }
    if (typed_) {
      switch (v.kind) {
        case Kind::kIntString: line_ += std::to_string(v.i); return;
        case Kind::kTime:
          if (!std::isfinite(v.d)) {  // "nan"/"inf" are not JSON numbers (a time base with a zero denominator)
            line_ += "null";
            return;
          }
          if (!v.s.empty() && v.s.find(':') == std::string::npos) {
            line_ += v.s;
            return;
          }
          break;
        case Kind::kRational:
          line_ += "{\"num\": " + std::to_string(v.q.num) + ", \"den\": " + std::to_string(v.q.den) + "}";
          return;
        default: break;
      }
    }
    line_ += '"';
    json_escape(line_, valid_utf8(v.s));
    line_ += '"';
  }

 private:
  bool compact_, typed_;
  std::string item_sep_, item_start_end_;
  int indent_level_ = 0;
  std::string line_;
};

}  // namespace

std::unique_ptr<Writer> make_json(const WriterOptions& options, Args& a, OutBuffer& out) {
  bool compact = a.flag("compact", "c", false);
  a.done();
  return std::make_unique<JsonWriter>(out, compact, options.typed);
}

}  // namespace avprobe_json::writers
