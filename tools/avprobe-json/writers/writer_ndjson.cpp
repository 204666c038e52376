// JSON Lines (ours): one object per input, and one line per packet or frame, in constant memory.
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "writers/writer_internal.hpp"

namespace avprobe_json::writers {

using common::ProbeValue;
using common::SectionId;
using common::SectionInfo;
using Kind = ProbeValue::Kind;

namespace {

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

std::unique_ptr<Writer> make_ndjson(const WriterOptions& options, Args& a, OutBuffer& out) {
  a.done();
  return std::make_unique<NdjsonWriter>(out, options.typed);
}

}  // namespace avprobe_json::writers
