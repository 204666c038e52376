// Metadata options with ffmpeg 5.1's meanings on in-memory contexts: the command-line forms and their errors,
// which automatic copies -map_metadata turns off, maps from streams/chapters/global, -metadata setting and
// deleting (and "rotate" as a display matrix), and -disposition replacing, adding and removing flags.
#include <doctest/doctest.h>

#include <functional>
#include <memory>

#include "common/errors.hpp"
#include "common/metadata.hpp"

using namespace common;

namespace {

struct ContextDeleter {
  void operator()(AVFormatContext* c) const { avformat_free_context(c); }
};
using Context = std::unique_ptr<AVFormatContext, ContextDeleter>;

// A context with a video, two audio and a subtitle stream, tags on each, a title and two titled chapters.
Context sample() {
  Context c(avformat_alloc_context());
  REQUIRE(c);
  for (AVMediaType t : {AVMEDIA_TYPE_VIDEO, AVMEDIA_TYPE_AUDIO, AVMEDIA_TYPE_AUDIO, AVMEDIA_TYPE_SUBTITLE}) {
    AVStream* st = avformat_new_stream(c.get(), nullptr);
    REQUIRE(st);
    st->codecpar->codec_type = t;
    av_dict_set(&st->metadata, "language", st->index == 2 ? "fra" : "eng", 0);
  }
  c->streams[1]->disposition = AV_DISPOSITION_DEFAULT;
  av_dict_set(&c->metadata, "title", "Film", 0);
  int id = 0;
  for (const char* title : {"One", "Two"}) {
    auto* ch = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
    REQUIRE(ch);
    ch->id = ++id;
    ch->time_base = {1, 1000};
    ch->start = (id - 1) * 1000;
    ch->end = id * 1000;
    av_dict_set(&ch->metadata, "title", title, 0);
    REQUIRE(av_dynarray_add_nofree(&c->chapters, reinterpret_cast<int*>(&c->nb_chapters), ch) >= 0);
  }
  return c;
}

// An output like sample()'s streams, with no tags and no chapters (what memremux has before set_metadata).
Context bare_output() {
  Context c = sample();
  av_dict_free(&c->metadata);
  for (unsigned i = 0; i < c->nb_streams; ++i) av_dict_free(&c->streams[i]->metadata);
  for (unsigned i = 0; i < c->nb_chapters; ++i) {
    av_dict_free(&c->chapters[i]->metadata);
    av_freep(&c->chapters[i]);
  }
  av_freep(&c->chapters);
  c->nb_chapters = 0;
  return c;
}

std::string tag(AVDictionary* d, const char* key) {
  const AVDictionaryEntry* e = av_dict_get(d, key, nullptr, 0);
  return e ? e->value : "(none)";
}

bool is_usage_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind() == ErrorKind::kUsage;
  }
  return false;
}

}  // namespace

TEST_CASE("the command-line forms, and what is malformed") {
  MetadataOptions::Set set = parse_metadata_set("s:a:0", "language=deu");
  CHECK(set.spec == "s:a:0");
  CHECK(set.key == "language");
  CHECK(set.value == "deu");
  CHECK(parse_metadata_set("", "title=").value.empty());  // deletes
  CHECK(parse_metadata_set("", "comment=a=b").value == "a=b");
  CHECK(is_usage_error([] { parse_metadata_set("", "noequals"); }));
  CHECK(is_usage_error([] { parse_metadata_set("", "=x"); }));
  CHECK(is_usage_error([] { parse_metadata_set("x", "a=b"); }));
  CHECK(is_usage_error([] { parse_metadata_set("sa", "a=b"); }));
  CHECK(is_usage_error([] { parse_metadata_set("c:one", "a=b"); }));

  MetadataOptions::Map map = parse_metadata_map("s:a", "0:s:a:1");
  CHECK(map.out_spec == "s:a");
  CHECK(map.input == 0);
  CHECK(map.in_spec == "s:a:1");
  CHECK(parse_metadata_map("", "-1").input == -1);
  CHECK(is_usage_error([] { parse_metadata_map("", "zero"); }));
  CHECK(is_usage_error([] { parse_metadata_map("", "0x"); }));
  CHECK(is_usage_error([] { parse_metadata_map("", "0:q"); }));

  CHECK(parse_chapters_input("-1") == -1);
  CHECK(is_usage_error([] { parse_chapters_input("first"); }));

  CHECK(disposition_flags("", "default+forced", 0) == (AV_DISPOSITION_DEFAULT | AV_DISPOSITION_FORCED));
  CHECK(disposition_flags("", "+comment", AV_DISPOSITION_DEFAULT) == (AV_DISPOSITION_DEFAULT | AV_DISPOSITION_COMMENT));
  CHECK(disposition_flags("", "-default", AV_DISPOSITION_DEFAULT | AV_DISPOSITION_DUB) == AV_DISPOSITION_DUB);
  CHECK(disposition_flags("", "forced", AV_DISPOSITION_DEFAULT) == AV_DISPOSITION_FORCED);
  CHECK(disposition_flags("", "0", AV_DISPOSITION_DEFAULT) == 0);
  CHECK(is_usage_error([] { parse_disposition("a", "bogus"); }));
  CHECK(is_usage_error([] { parse_disposition("a", "default+"); }));
  CHECK(is_usage_error([] { parse_disposition("a", ""); }));
}

TEST_CASE("which automatic copies -map_metadata turns off, as ffmpeg 5.1 does") {
  auto automatic = [](std::vector<std::pair<std::string, std::string>> maps) {
    MetadataOptions o;
    for (auto& [out, in] : maps) o.maps.push_back(parse_metadata_map(out, in));
    AutomaticMetadata a = automatic_metadata(o);
    return std::string(a.global ? "g" : "") + (a.streams ? "s" : "") + (a.chapters ? "c" : "");
  };
  CHECK(automatic({}) == "gsc");
  CHECK(automatic({{"", "-1"}}) == "");  // no output specifier: every copy off
  CHECK(automatic({{"g", "-1"}}) == "sc");
  CHECK(automatic({{"s", "-1"}}) == "gc");
  CHECK(automatic({{"c", "-1"}}) == "gs");
  CHECK(automatic({{"", "0"}}) == "sc");         // 0 is 0:g onto g
  CHECK(automatic({{"", "0:s:a"}}) == "c");      // an input stream onto g
  CHECK(automatic({{"s:v", "0:g"}}) == "c");
  CHECK(automatic({{"", "0:c:1"}}) == "s");
}

TEST_CASE("maps, sets and deletions land where ffmpeg puts them") {
  Context in = sample();
  Context out = bare_output();
  MetadataOptions o;
  o.maps.push_back(parse_metadata_map("s:a", "0:s:a:1"));  // the second audio's tags onto every audio stream
  o.maps.push_back(parse_metadata_map("", "0:c:1"));       // chapter 1's tags onto the global ones
  apply_metadata_maps(out.get(), {in.get()}, o);
  CHECK(tag(out->streams[1]->metadata, "language") == "fra");
  CHECK(tag(out->streams[2]->metadata, "language") == "fra");
  CHECK(tag(out->streams[0]->metadata, "language") == "(none)");
  CHECK(tag(out->metadata, "title") == "Two");

  // Maps copy without overwriting.
  av_dict_set(&out->streams[3]->metadata, "language", "kept", 0);
  MetadataOptions keep;
  keep.maps.push_back(parse_metadata_map("s:s", "0:s:0"));
  apply_metadata_maps(out.get(), {in.get()}, keep);
  CHECK(tag(out->streams[3]->metadata, "language") == "kept");

  MetadataOptions sets;
  sets.sets.push_back(parse_metadata_set("", "title="));
  sets.sets.push_back(parse_metadata_set("s:a:1", "language=deu"));
  sets.sets.push_back(parse_metadata_set("s:v", "rotate=90"));
  apply_metadata_sets(out.get(), sets);
  CHECK(tag(out->metadata, "title") == "(none)");
  CHECK(tag(out->streams[2]->metadata, "language") == "deu");
  CHECK(tag(out->streams[1]->metadata, "language") == "fra");
  CHECK(tag(out->streams[0]->metadata, "rotate") == "(none)");  // a display matrix, not a tag
  size_t size = 0;
  const uint8_t* matrix = av_stream_get_side_data(out->streams[0], AV_PKT_DATA_DISPLAYMATRIX, &size);
  REQUIRE(matrix);
  CHECK(av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix)) == doctest::Approx(90));  // as ffprobe shows it
}

TEST_CASE("what is not there is a usage error naming the option") {
  Context in = sample();
  Context out = bare_output();
  auto map = [&](const char* out_spec, const char* value) {
    MetadataOptions o;
    o.maps.push_back(parse_metadata_map(out_spec, value));
    return is_usage_error([&] { apply_metadata_maps(out.get(), {in.get()}, o); });
  };
  CHECK(map("", "1"));        // no input 1
  CHECK(map("", "0:c:2"));    // no chapter 2
  CHECK(map("c:0", "0"));     // the output has no chapters yet, as in ffmpeg
  CHECK(map("", "0:s:d"));    // no data stream
  CHECK(map("s:x", "0"));     // a malformed stream specifier
  CHECK_FALSE(map("", "-1"));
  MetadataOptions chapter;
  chapter.sets.push_back(parse_metadata_set("c:5", "title=X"));
  CHECK(is_usage_error([&] { apply_metadata_sets(out.get(), chapter); }));
  MetadataOptions rotate;
  rotate.sets.push_back(parse_metadata_set("s:v", "rotate=left"));
  CHECK(is_usage_error([&] { apply_metadata_sets(out.get(), rotate); }));
  MetadataOptions chapters;
  chapters.chapters_input = 3;
  CHECK(is_usage_error([&] { chapters_source({in.get()}, chapters); }));
  chapters.chapters_input = -1;
  CHECK(chapters_source({in.get()}, chapters) == -1);
  CHECK(chapters_source({in.get()}, MetadataOptions{}) == 0);
}

TEST_CASE("dispositions: the last matching option sets a stream, relative to what it holds") {
  Context out = sample();  // audio 0 (stream 1) is default
  MetadataOptions none;
  CHECK_FALSE(apply_dispositions(out.get(), none));
  MetadataOptions o;
  o.dispositions.push_back(parse_disposition("a", "forced"));
  o.dispositions.push_back(parse_disposition("a:1", "+comment"));
  o.dispositions.push_back(parse_disposition("s", "default+forced"));
  CHECK(apply_dispositions(out.get(), o));
  CHECK(out->streams[0]->disposition == 0);
  CHECK(out->streams[1]->disposition == AV_DISPOSITION_FORCED);
  CHECK(out->streams[2]->disposition == AV_DISPOSITION_COMMENT);  // "+comment" won over "forced" for a:1
  CHECK(out->streams[3]->disposition == (AV_DISPOSITION_DEFAULT | AV_DISPOSITION_FORCED));
  MetadataOptions bad;
  bad.dispositions.push_back({"x:", "0"});
  CHECK(is_usage_error([&] { apply_dispositions(out.get(), bad); }));
}
