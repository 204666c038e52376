// The bytes of a generated fixture (tests/fixtures, built by the `fixtures` test into MT_FIXTURES_DIR), for the
// doctest files that open media from memory.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace test_support {

inline std::vector<uint8_t> fixture(const char* name) {
  std::ifstream in(std::string(MT_FIXTURES_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace test_support
