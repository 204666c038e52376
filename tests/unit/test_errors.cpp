// Errors: one type carrying the AVERROR code and its context, with av_strerror's text.
#include <doctest/doctest.h>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"

using namespace common;

TEST_CASE("Error carries code, context and text") {
  Error e("opening input", AVERROR(ENOENT));
  CHECK(e.code() == AVERROR(ENOENT));
  CHECK(e.context() == "opening input");
  CHECK(std::string(e.what()) == "opening input: No such file or directory");
  CHECK(av_error_text(AVERROR_INVALIDDATA).find("Invalid data") != std::string::npos);
  CHECK(check(3, "x") == 3);
  CHECK_THROWS_AS(check(AVERROR_EOF, "reading"), Error);
  Error custom("selecting streams", "map '0:x' matches no stream", AVERROR_STREAM_NOT_FOUND);
  CHECK(custom.reason() == "map '0:x' matches no stream");
}

TEST_CASE("the project's own codes have their own text") {
  CHECK(av_error_text(kErrorTimeout) == "read timed out");
  CHECK(av_error_text(kErrorInputTimeout) == "input timed out");
  CHECK(kErrorInputTimeout != kErrorTimeout);
}
