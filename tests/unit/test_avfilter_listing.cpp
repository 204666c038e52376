// avfilter_listing: libavfilter's version and filters, looked up at run time, are those of the library linked here.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "common/avfilter_listing.hpp"
#include "common/cli_support.hpp"
#include "common/ffmpeg.hpp"

using namespace common;

TEST_CASE("avfilter_listing loads the libavfilter the build was compiled against") {
  CHECK(avfilter_soname() == "libavfilter.so." + std::to_string(LIBAVFILTER_VERSION_MAJOR));
  const AvfilterListing* lavfi = avfilter_listing();
  REQUIRE(lavfi != nullptr);
  CHECK(avfilter_listing() == lavfi);  // loaded once
  // This test binary is linked to libavfilter: the library looked up is the same one, not a second copy.
  CHECK(lavfi->version() == avfilter_version());
  CHECK((lavfi->version() >> 16) == LIBAVFILTER_VERSION_MAJOR);
  void* a = nullptr;
  void* b = nullptr;
  size_t count = 0;
  for (const AVFilter* f = lavfi->iterate(&a); f; f = lavfi->iterate(&a), ++count) {
    CHECK(f == av_filter_iterate(&b));
    CHECK(lavfi->pad_count(f, 0) == avfilter_filter_pad_count(f, 0));
    CHECK(lavfi->pad_count(f, 1) == avfilter_filter_pad_count(f, 1));
  }
  CHECK(count > 100);
  const AVFilter* hflip = avfilter_get_by_name("hflip");
  REQUIRE(hflip != nullptr);
  CHECK(lavfi->pad_type(hflip->inputs, 0) == AVMEDIA_TYPE_VIDEO);
}

TEST_CASE("the listings that need libavfilter still list it") {
  CHECK(library_versions().find("libavfilter") != std::string::npos);
  auto video = completion_values("filters:video");
  auto audio = completion_values("filters:audio");
  REQUIRE(video);
  REQUIRE(audio);
  const std::set<std::string> v(video->begin(), video->end()), a(audio->begin(), audio->end());
  CHECK(v.count("hflip") == 1);
  CHECK(v.count("volume") == 0);
  CHECK(a.count("volume") == 1);
  CHECK(a.count("overlay") == 0);  // two inputs: not a -vf chain filter
  CHECK(v.count("overlay") == 0);
}
