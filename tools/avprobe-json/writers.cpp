#include "writers.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "common/errors.hpp"

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

std::string valid_utf8(std::string_view text) {
  bool ascii = true;
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) {
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
    if (av_utf8_decode(&code, &p, end, 0) < 0)
      out += "\xEF\xBF\xBD";
    else
      out.append(reinterpret_cast<const char*>(p0), static_cast<size_t>(p - p0));
    if (p == p0) ++p;  // never stall
  }
  return out;
}

namespace {

bool has(const SectionInfo& s, unsigned flags) { return (s.flags & flags) != 0; }

std::string upcase(const char* s) {
  std::string r(s);
  for (auto& c : r)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return r;
}

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

class Args {
 public:
  Args(const std::string& writer, const std::string& args) : writer_(writer), map_(parse_args(args)) {}
  bool flag(const char* name, const char* alias, bool def) {
    auto v = take(name, alias);
    if (!v) return def;
    if (*v == "1" || *v == "true" || *v == "y") return true;
    if (*v == "0" || *v == "false" || *v == "n") return false;
    throw common::Error("parsing writer options", "bad value '" + *v + "' for " + name, AVERROR(EINVAL), common::ErrorKind::kUsage);
  }
  std::string str(const char* name, const char* alias, const std::string& def) {
    auto v = take(name, alias);
    return v ? *v : def;
  }
  char single(const char* name, const char* alias, char def) {
    std::string v = str(name, alias, std::string(1, def));
    if (v.size() != 1)
      throw common::Error("parsing writer options", std::string(name) + " must be a single character", AVERROR(EINVAL), common::ErrorKind::kUsage);
    return v[0];
  }
  void done() const {
    if (!map_.empty())
      throw common::Error("parsing writer options", "unknown option '" + map_.begin()->first + "' for writer " + writer_,
                          AVERROR_OPTION_NOT_FOUND, common::ErrorKind::kUsage);
  }

 private:
  std::optional<std::string> take(const char* name, const char* alias) {
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
  std::string writer_;
  std::map<std::string, std::string> map_;
};

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

// JSON Lines: one object per input ({"input": NAME, "streams": [...], "format": {...}}), and with packets or
// frames one line per packet/frame ({"input": NAME, "packet": {...}}) written as it comes, in constant memory.
class NdjsonWriter : public Writer {
 public:
  NdjsonWriter(OutBuffer& out, bool typed) : Writer(out), typed_(typed) {}
  void begin_document(const std::string& input_name) override {
    input_ = input_name;
    Writer::begin_document(input_name);
  }

 protected:
  using Json = nlohmann::ordered_json;
  bool shows_optional() const override { return false; }
  static bool streamed(SectionId id) {
    return id == SectionId::kPackets || id == SectionId::kFrames || id == SectionId::kPacketsAndFrames;
  }
  void header() override {
    const SectionInfo& s = section();
    if (level_ == 0) {
      doc_ = Json::object();
      doc_["input"] = valid_utf8(input_);
      stack_.assign(1, &doc_);
      return;
    }
    Json* parent_json = stack_.back();
    const SectionInfo* p = parent();
    if (p && streamed(p->id)) {
      item_ = Json::object();
      stack_.push_back(&item_);
      return;
    }
    if (streamed(s.id)) {
      stack_.push_back(nullptr);
      return;
    }
    Json fresh = has(s, common::kSectionArray) ? Json::array() : Json::object();
    if (parent_json->is_array()) {
      parent_json->push_back(std::move(fresh));
      stack_.push_back(&parent_json->back());
    } else {
      (*parent_json)[s.name] = std::move(fresh);
      stack_.push_back(&(*parent_json)[s.name]);
    }
  }
  void footer() override {
    const SectionInfo* p = parent();
    if (level_ == 0) {
      out_.put(doc_.dump(-1, ' ', false, Json::error_handler_t::replace));
      out_.put('\n');
      doc_ = Json();
      stack_.clear();
      return;
    }
    if (p && streamed(p->id)) {
      Json line = Json::object();
      line["input"] = valid_utf8(input_);
      line[section().name] = std::move(item_);
      out_.put(line.dump(-1, ' ', false, Json::error_handler_t::replace));
      out_.put('\n');
      item_ = Json();
    }
    stack_.pop_back();
  }
  void item(std::string_view key, const ProbeValue& v) override {
    Json* target = stack_.back();
    if (!target) return;
    std::string k = valid_utf8(key);
    Json value;
    if (v.kind == Kind::kInt) {
      value = v.i;
    } else if (typed_ && v.kind == Kind::kIntString) {
      value = v.i;
    } else if (typed_ && v.kind == Kind::kTime && v.s.find(':') == std::string::npos) {
      value = std::strtod(v.s.c_str(), nullptr);
    } else if (typed_ && v.kind == Kind::kRational) {
      value = Json{{"num", v.q.num}, {"den", v.q.den}};
    } else {
      value = valid_utf8(v.s);
    }
    (*target)[k] = std::move(value);
  }

 private:
  bool typed_;
  std::string input_;
  Json doc_, item_;
  std::vector<Json*> stack_;
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
  if (value.kind == Kind::kOptional && !shows_optional()) return;
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
  const std::string& n = options.name;
  Args a(n, options.args);
  if (n == "json") {
    bool compact = a.flag("compact", "c", false);
    a.done();
    return std::make_unique<JsonWriter>(out, compact, options.typed);
  }
  if (n == "ndjson" || n == "jsonl") {
    a.done();
    return std::make_unique<NdjsonWriter>(out, options.typed);
  }
  if (n == "default") return std::make_unique<DefaultWriter>(out, a);
  if (n == "compact") return std::make_unique<CompactWriter>(out, a, false);
  if (n == "csv") return std::make_unique<CompactWriter>(out, a, true);
  if (n == "flat") return std::make_unique<FlatWriter>(out, a);
  if (n == "ini" || n == "xml")
    throw common::Error("choosing the output format", "the " + n + " writer is not supported", AVERROR(ENOSYS), common::ErrorKind::kUsage);
  throw common::Error("choosing the output format", "unknown output format '" + n + "'", AVERROR(EINVAL), common::ErrorKind::kUsage);
}

}  // namespace avprobe_json
