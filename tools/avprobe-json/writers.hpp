// Writers: turn the probe model's sections and fields into ffprobe's output syntaxes (json, default, compact,
// csv, flat, ini, xml) and our JSON Lines. Each mirrors the layout rules of ffprobe 5.1's writer of the same name,
// so the output can be compared with ffprobe's byte for byte. One file per writer (writers/writer_<name>.cpp),
// chosen by name through the table in writers.cpp.
#pragma once

#include <array>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/memory_io.hpp"
#include "common/probe.hpp"

namespace avprobe_json {

// The reader of our output went away (EPIPE) or the output failed: stop probing.
class OutputClosed : public std::runtime_error {
 public:
  explicit OutputClosed(int code) : std::runtime_error("output closed"), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// A buffered file descriptor; throws OutputClosed when a write fails.
class OutBuffer {
 public:
  static constexpr size_t kBufferSize = 64 * 1024;
  explicit OutBuffer(int fd) : fd_(fd) { buf_.reserve(kBufferSize + 4096); }
  // Writes into a sink instead (the --json-out file).
  explicit OutBuffer(common::Sink& sink) : fd_(-1), sink_(&sink) { buf_.reserve(kBufferSize + 4096); }
  ~OutBuffer();
  OutBuffer(const OutBuffer&) = delete;
  OutBuffer& operator=(const OutBuffer&) = delete;
  void put(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kBufferSize) flush();
  }
  void put(char c) { buf_.push_back(c); }
  void flush();

 private:
  int fd_;
  common::Sink* sink_ = nullptr;
  std::string buf_;
};

// The text with every invalid UTF-8 sequence replaced by U+FFFD (as ffprobe's default string validation does);
// flags are av_utf8_decode's (the xml writer also refuses the control codes XML forbids).
std::string valid_utf8(std::string_view text, unsigned flags = 0);

// ffprobe's -show_optional_fields: auto (each writer's own rule), never (no string field at all, as ffprobe 5.1
// does), always (the "N/A" fields in JSON too).
enum class OptionalFields { kAuto, kNever, kAlways };

// Shared state of every writer: the section stack and per-level item counts (ffprobe's WriterContext).
class Writer : public common::ProbeSink {
 public:
  explicit Writer(OutBuffer& out) : out_(out) {}
  void set_optional_fields(OptionalFields mode) { optional_fields_ = mode; }
  void begin_section(common::SectionId id) final;
  void field(std::string_view key, const common::ProbeValue& value) final;
  void end_section() final;
  // One input's document: root section (JSON Lines also tag it with the input's name).
  virtual void begin_document(const std::string& input_name);
  virtual void end_document();

 protected:
  static constexpr int kMaxLevels = 12;
  virtual void header() = 0;
  virtual void footer() = 0;
  virtual void item(std::string_view key, const common::ProbeValue& value) = 0;
  virtual bool shows_optional() const { return true; }

  const common::SectionInfo& section() const { return *section_[static_cast<size_t>(level_)]; }
  const common::SectionInfo* parent() const {
    return level_ > 0 ? section_[static_cast<size_t>(level_ - 1)] : nullptr;
  }
  unsigned& nb_item(int level) { return nb_item_[static_cast<size_t>(level)]; }

  OutBuffer& out_;
  OptionalFields optional_fields_ = OptionalFields::kAuto;
  int level_ = -1;
  std::array<const common::SectionInfo*, kMaxLevels> section_{};
  std::array<unsigned, kMaxLevels> nb_item_{};
  std::array<std::string, kMaxLevels> prefix_{};  // per-level key prefix (default/compact/flat)
  unsigned nb_section_packet_ = 0, nb_section_frame_ = 0, nb_section_packet_frame_ = 0;
};

struct WriterOptions {
  std::string name = "json";  // json, default, compact, csv, flat, ini, xml, ndjson
  std::string args;           // ffprobe's writer options: "compact=1", "nokey=1:noprint_wrappers=1", ...
  bool typed = false;         // JSON numbers and {num,den} rationals instead of ffprobe's strings
  OptionalFields optional_fields = OptionalFields::kAuto;
  bool show_private_data = true;  // xml's xsd_strict refuses it, as ffprobe does
  bool show_unit = false, use_prefix = false;  // and these (-unit, -prefix)
};

// Makes the writer named in options (a fresh one per input: each input's output is a whole ffprobe document).
// Throws common::Error for an unknown writer or a bad option.
std::unique_ptr<Writer> make_writer(const WriterOptions& options, OutBuffer& out);

}  // namespace avprobe_json
