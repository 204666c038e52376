// What the writers share and the name-to-writer table's entries (tools/avprobe-json/writers/writer_<name>.cpp),
// after FFmpeg's own fftools writers: each file holds one writer and a factory, writers.cpp the table.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/probe.hpp"
#include "writers.hpp"

namespace avprobe_json::writers {

inline bool has(const common::SectionInfo& s, unsigned flags) { return (s.flags & flags) != 0; }

// The name the section prints as upper case ("[STREAM]", "TAG:").
std::string upcase(const char* s);

// JSON's string escaping, as ffprobe's json writer does it.
void json_escape(std::string& dst, std::string_view src);

// ffprobe's "key=value:key=value" writer options: each factory takes those it knows; done() refuses the rest.
class Args {
 public:
  Args(std::string writer, const std::string& args);
  bool flag(const char* name, const char* alias, bool def);
  std::string str(const char* name, const char* alias, const std::string& def);
  char single(const char* name, const char* alias, char def);
  void done() const;

 private:
  std::optional<std::string> take(const char* name, const char* alias);
  std::string writer_;
  std::map<std::string, std::string> map_;
};

// One factory per writer (writer_<name>.cpp).
using WriterFactory = std::unique_ptr<Writer> (*)(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_default(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_compact(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_csv(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_flat(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_ini(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_json(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_xml(const WriterOptions& options, Args& args, OutBuffer& out);
std::unique_ptr<Writer> make_ndjson(const WriterOptions& options, Args& args, OutBuffer& out);

}  // namespace avprobe_json::writers
