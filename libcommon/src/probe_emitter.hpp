// Internal to libcommon's probe unit, shared by its three parts: probe_sections.cpp (the section model, entry
// selection and value texts), probe_side_data.cpp (side data, as ffprobe formats it) and probe.cpp (the walk of an
// input). The Emitter turns fields into ProbeSink calls through the -show_entries filter, as ffprobe's writer_print_*.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "common/probe.hpp"

namespace common::probe_detail {

// Section stack plus the -show_entries filter: ffprobe's writer_print_* front half.
class Emitter {
 public:
  Emitter(ProbeSink& sink, const EntrySelection& sel, bool sexagesimal)
      : sink_(sink), sel_(sel), sexagesimal_(sexagesimal) {
    format_.sexagesimal = sexagesimal;
  }
  void set_value_format(const ValueFormat& f) { format_ = f; }
  void begin(SectionId id) {
    stack_.push_back(id);
    sink_.begin_section(id);
  }
  void end() {
    sink_.end_section();
    stack_.pop_back();
  }
  bool on(const char* key) const { return sel_.shows(stack_.back(), key); }
  void integer(const char* key, int64_t v) {
    if (on(key)) sink_.field(key, ProbeValue::integer(v));
  }
  void str(const char* key, std::string v) {
    if (on(key)) sink_.field(key, ProbeValue::string(std::move(v)));
  }
  void opt(const char* key, const char* text) {
    if (on(key)) sink_.field(key, ProbeValue::optional(text));
  }
  void int_string(const char* key, int64_t v) {
    if (on(key)) sink_.field(key, ProbeValue::int_string(v));
  }
  void q(const char* key, AVRational v, char sep) {
    if (on(key)) sink_.field(key, ProbeValue::rational(v, sep));
  }
  // The fields ffprobe prints only when they are known, else as their optional text ("N/A"; "unknown" for names):
  // ffprobe's "if (known) print_x(...); else print_str_opt(key, "N/A")", each value printed the field's own way.
  void integer_or(const char* key, bool known, int64_t v, const char* missing = "N/A") {
    or_missing(key, known, missing, [&] { integer(key, v); });
  }
  void int_string_or(const char* key, bool known, int64_t v, const char* missing = "N/A") {
    or_missing(key, known, missing, [&] { int_string(key, v); });
  }
  void val_or(const char* key, bool known, int64_t v, const char* unit, const char* missing = "N/A") {
    or_missing(key, known, missing, [&] { val(key, v, unit); });
  }
  void q_or(const char* key, bool known, AVRational v, char sep, const char* missing = "N/A") {
    or_missing(key, known, missing, [&] { q(key, v, sep); });
  }
  // A name (a null one is not known).
  void str_or(const char* key, const char* name, const char* missing = "unknown") {
    or_missing(key, name != nullptr, missing, [&] { str(key, name); });
  }
  void time(const char* key, int64_t ts, AVRational tb, bool is_duration = false) {
    if (!on(key)) return;
    if ((!is_duration && ts == AV_NOPTS_VALUE) || (is_duration && ts == 0)) {
      sink_.field(key, ProbeValue::optional("N/A"));
      return;
    }
    ProbeValue v = ProbeValue::time(static_cast<double>(ts) * av_q2d(tb));
    if (sexagesimal_ || format_.unit || format_.prefix) v.s = format_value(v.d, true, "s", format_);
    sink_.field(key, v);
  }
  // ffprobe's print_val: an integer with a unit, a string (what -unit and -prefix change).
  void val(const char* key, int64_t v, const char* unit) {
    if (!on(key)) return;
    ProbeValue pv = ProbeValue::int_string(v);
    if (format_.unit || format_.prefix) pv.s = format_value(static_cast<double>(v), false, unit, format_);
    sink_.field(key, pv);
  }
  void ts(const char* key, int64_t ts, bool is_duration = false) {
    if (!on(key)) return;
    if ((!is_duration && ts == AV_NOPTS_VALUE) || (is_duration && ts == 0))
      sink_.field(key, ProbeValue::optional("N/A"));
    else
      sink_.field(key, ProbeValue::integer(ts));
  }
  void tags(const AVDictionary* dict, SectionId id) {
    if (!dict) return;
    begin(id);
    const AVDictionaryEntry* t = nullptr;
    while ((t = av_dict_get(dict, "", t, AV_DICT_IGNORE_SUFFIX))) str(t->key, t->value);
    end();
  }
  const EntrySelection& selection() const { return sel_; }
  // -show_data and -show_data_hash: what the payload fields print (hash may be null).
  void set_data(bool show, AVHashContext* hash) {
    show_data_ = show;
    hash_ = hash;
  }
  bool shows_data() const { return show_data_; }
  // ffprobe's writer_print_data: a hex dump, 16 bytes a line, with the printable characters beside it.
  void data(const char* key, const uint8_t* data, int size) {
    if (!on(key)) return;
    std::string out = "\n";
    char buf[16];
    for (int offset = 0; size > 0;) {
      std::snprintf(buf, sizeof(buf), "%08x: ", static_cast<unsigned>(offset));
      out += buf;
      const int l = std::min(size, 16);
      int i = 0;
      for (; i < l; ++i) {
        std::snprintf(buf, sizeof(buf), "%02x", data[i]);
        out += buf;
        if (i & 1) out += ' ';
      }
      out.append(static_cast<size_t>(41 - 2 * i - i / 2), ' ');
      for (i = 0; i < l; ++i) out += data[i] - 32U < 95 ? static_cast<char>(data[i]) : '.';
      out += '\n';
      offset += l;
      data += l;
      size -= l;
    }
    str(key, std::move(out));
  }
  // ffprobe's writer_print_data_hash: "ALGO:hex", only when an algorithm was asked for.
  void data_hash(const char* key, const uint8_t* data, int size) {
    if (!hash_ || !on(key)) return;
    av_hash_init(hash_);
    av_hash_update(hash_, data, static_cast<size_t>(size));
    char hex[AV_HASH_MAX_SIZE * 2 + 1] = {0};
    av_hash_final_hex(hash_, reinterpret_cast<uint8_t*>(hex), sizeof(hex));
    str(key, std::string(av_hash_get_name(hash_)) + ":" + hex);
  }

 private:
  template <typename Put>
  void or_missing(const char* key, bool known, const char* missing, Put put) {
    if (known)
      put();
    else
      opt(key, missing);
  }

  ProbeSink& sink_;
  const EntrySelection& sel_;
  bool sexagesimal_;
  ValueFormat format_;
  bool show_data_ = false;
  AVHashContext* hash_ = nullptr;
  std::vector<SectionId> stack_;
};

// Side data (probe_side_data.cpp): a packet's or a stream's list (list_id and item_id name the sections), a frame's.
void put_packet_side_data(Emitter& e, const AVCodecParameters* par, const AVPacketSideData* list, int n,
                          SectionId list_id, SectionId item_id);
void put_frame_side_data(Emitter& e, const AVFrame* frame);

}  // namespace common::probe_detail
