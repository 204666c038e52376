// json_diff: compares two JSON documents field by field -- same keys in the same order, same value types, same
// values -- and names the path of every difference. Used by the avprobe-json parity tests against ffprobe.
// Usage: json_diff [--ignore PATH]... [--lines] EXPECTED ACTUAL
//   PATH is a dotted field path (format.filename, streams.0.tags); --lines compares JSON Lines line by line.
// Exit status: 0 equal, 1 different (paths on stdout), 2 usage or unreadable/invalid JSON.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using Json = nlohmann::ordered_json;

namespace {

std::set<std::string> g_ignore;
int g_diffs = 0;

const char* type_name(const Json& j) { return j.type_name(); }

void report(const std::string& path, const std::string& what) {
  ++g_diffs;
  if (g_diffs <= 50) std::cout << (path.empty() ? "(root)" : path) << ": " << what << "\n";
}

void compare(const Json& a, const Json& b, const std::string& path) {
  if (g_ignore.count(path)) return;
  // Integers of either signedness are one JSON type; everything else must match exactly.
  if (a.type() != b.type() && !(a.is_number_integer() && b.is_number_integer())) {
    report(path, std::string("type ") + type_name(a) + " expected, got " + type_name(b) + " (" + b.dump() + ")");
    return;
  }
  if (a.is_object()) {
    std::vector<std::string> ka, kb;
    for (auto it = a.begin(); it != a.end(); ++it) ka.push_back(it.key());
    for (auto it = b.begin(); it != b.end(); ++it) kb.push_back(it.key());
    for (const auto& k : ka)
      if (!b.contains(k) && !g_ignore.count(path.empty() ? k : path + "." + k))
        report(path.empty() ? k : path + "." + k, "missing");
    for (const auto& k : kb)
      if (!a.contains(k) && !g_ignore.count(path.empty() ? k : path + "." + k))
        report(path.empty() ? k : path + "." + k, "unexpected (" + b[k].dump() + ")");
    std::vector<std::string> common_a, common_b;
    for (const auto& k : ka)
      if (b.contains(k)) common_a.push_back(k);
    for (const auto& k : kb)
      if (a.contains(k)) common_b.push_back(k);
    if (common_a != common_b) report(path, "keys in a different order");
    for (const auto& k : common_a) compare(a[k], b[k], path.empty() ? k : path + "." + k);
  } else if (a.is_array()) {
    if (a.size() != b.size())
      report(path, "array of " + std::to_string(a.size()) + " expected, got " + std::to_string(b.size()));
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      compare(a[i], b[i], path.empty() ? std::to_string(i) : path + "." + std::to_string(i));
  } else if (a != b) {
    report(path, a.dump() + " expected, got " + b.dump());
  }
}

bool read_all(const std::string& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  bool lines = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--ignore" && i + 1 < argc) {
      g_ignore.insert(argv[++i]);
    } else if (a == "--lines") {
      lines = true;
    } else {
      files.push_back(a);
    }
  }
  if (files.size() != 2) {
    std::cerr << "usage: json_diff [--ignore PATH]... [--lines] EXPECTED ACTUAL\n";
    return 2;
  }
  std::string ta, tb;
  if (!read_all(files[0], ta) || !read_all(files[1], tb)) {
    std::cerr << "json_diff: cannot read the inputs\n";
    return 2;
  }
  try {
    if (lines) {
      std::istringstream sa(ta), sb(tb);
      std::string la, lb;
      size_t n = 0;
      while (true) {
        bool ga = static_cast<bool>(std::getline(sa, la)), gb = static_cast<bool>(std::getline(sb, lb));
        if (!ga && !gb) break;
        if (ga != gb) {
          report("line " + std::to_string(n), ga ? "missing" : "unexpected");
          break;
        }
        compare(Json::parse(la), Json::parse(lb), "line" + std::to_string(n));
        ++n;
      }
    } else {
      compare(Json::parse(ta), Json::parse(tb), "");
    }
  } catch (const Json::exception& e) {
    std::cerr << "json_diff: invalid JSON: " << e.what() << "\n";
    return 2;
  }
  if (g_diffs > 50) std::cout << "... " << g_diffs - 50 << " more differences\n";
  return g_diffs ? 1 : 0;
}
