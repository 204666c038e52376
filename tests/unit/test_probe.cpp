// Probe: the ffprobe-compatible model -- -show_entries selection, value kinds, section order, counts, stream
// selection and the error section -- on real fixtures read through MemorySource.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "common/demux.hpp"
#include "common/errors.hpp"
#include "common/probe.hpp"
#include "fixture.hpp"

using namespace common;

namespace {
using test_support::fixture;
// Records what the prober emits: "+name" / "-name" for sections, "key" for fields, with the values by path.
struct Recorder : ProbeSink {
  std::vector<std::string> events;
  std::vector<std::string> path;
  std::map<std::string, ProbeValue> values;  // "format.duration", "streams.stream.codec_name" (last one wins)
  void begin_section(SectionId id) override {
    path.push_back(section_info(id).name);
    events.push_back("+" + path.back());
  }
  void field(std::string_view key, const ProbeValue& v) override {
    std::string p;
    for (const auto& s : path) p += s + ".";
    values[p + std::string(key)] = v;
    events.emplace_back(key);
  }
  void end_section() override {
    events.push_back("-" + path.back());
    path.pop_back();
  }
  int count(const std::string& e) const { return static_cast<int>(std::count(events.begin(), events.end(), e)); }
};

std::unique_ptr<Input> open_fixture(const char* name) {
  InputOptions io;
  io.name = name;
  return Input::open(std::make_unique<MemorySource>(fixture(name)), io);
}
}  // namespace

TEST_CASE("-show_entries selects sections and entries as ffprobe does") {
  EntrySelection sel;
  sel.parse("format=duration:stream=codec_name,width");
  CHECK(sel.wants(SectionId::kFormat));
  CHECK(sel.shows(SectionId::kFormat, "duration"));
  CHECK_FALSE(sel.shows(SectionId::kFormat, "size"));
  CHECK(sel.wants(SectionId::kStreams));
  CHECK(sel.wants(SectionId::kPrograms));  // "stream" also names the program streams, as in ffprobe
  CHECK_FALSE(sel.wants(SectionId::kChapters));
  CHECK_FALSE(sel.wants(SectionId::kStreamTags));
  CHECK(sel.shows(SectionId::kStream, "width"));

  EntrySelection tags;
  tags.parse("stream_tags");
  CHECK(tags.wants(SectionId::kStreamTags));
  CHECK(tags.shows(SectionId::kStreamTags, "anything"));
  CHECK_FALSE(tags.wants(SectionId::kProgramStreamTags));

  EntrySelection all;
  all.show_all(SectionId::kStreams);
  CHECK(all.shows(SectionId::kStreamDisposition, "default"));
  CHECK(all.shows(SectionId::kStreamSideData, "rotation"));
  CHECK_FALSE(all.wants(SectionId::kFormat));

  EntrySelection bad;
  CHECK_THROWS_AS(bad.parse("nosuchsection=x"), Error);
  CHECK(bad.empty());
}

TEST_CASE("format and streams come out in ffprobe's order with ffprobe's value kinds") {
  auto in = open_fixture("mp4_front.mp4");
  ProbeOptions o;
  o.entries.show_all(SectionId::kFormat);
  o.entries.show_all(SectionId::kStreams);
  Recorder r;
  Prober p(*in, o, r);
  REQUIRE(p.run() == 0);
  // streams before format, one stream section per stream
  auto streams = std::find(r.events.begin(), r.events.end(), "+streams");
  auto format = std::find(r.events.begin(), r.events.end(), "+format");
  REQUIRE(streams != r.events.end());
  REQUIRE(format != r.events.end());
  CHECK(streams < format);
  CHECK(r.count("+stream") == 2);
  // first fields of the format section, in order
  std::vector<std::string> first(format + 1, format + 5);
  CHECK(first == std::vector<std::string>{"filename", "nb_streams", "nb_programs", "format_name"});
  const auto& dur = r.values.at("format.duration");
  CHECK(dur.kind == ProbeValue::Kind::kTime);
  CHECK(dur.s == "2.000000");
  CHECK(r.values.at("format.bit_rate").kind == ProbeValue::Kind::kIntString);
  CHECK(r.values.at("format.nb_streams").kind == ProbeValue::Kind::kInt);
  const auto& tb = r.values.at("streams.stream.time_base");
  CHECK(tb.kind == ProbeValue::Kind::kRational);
  CHECK(tb.s == "1/48000");
  CHECK(r.values.at("streams.stream.sample_rate").s == "48000");
  CHECK(r.values.at("format.tags.title").s == "Front index");
  CHECK(p.duration_source() == DurationSource::kHeader);
}

TEST_CASE("packets are counted per stream and stream selection discards the others") {
  ProbeOptions o;
  o.entries.show_all(SectionId::kStreams);
  o.count_packets = true;
  o.select_streams = "a";
  auto in = open_fixture("mkv_multi.mkv");
  Recorder r;
  Prober p(*in, o, r);
  REQUIRE(p.run() == 0);
  CHECK(r.count("+stream") == 2);  // the two audio streams only
  // count the audio packets independently
  auto in2 = open_fixture("mkv_multi.mkv");
  auto pkt = make_packet();
  int audio1 = 0;
  while (in2->read(pkt.get()) >= 0) {
    if (pkt->stream_index == 2) ++audio1;  // the last audio stream is the last one shown
    av_packet_unref(pkt.get());
  }
  CHECK(r.values.at("streams.stream.nb_read_packets").i == audio1);
}

TEST_CASE("frames are decoded and shown; packets and frames share one section when both are asked for") {
  ProbeOptions o;
  o.entries.show_all(SectionId::kFrames);
  o.entries.show_all(SectionId::kPackets);
  o.select_streams = "a:0";
  auto in = open_fixture("mkv_multi.mkv");
  Recorder r;
  Prober p(*in, o, r);
  REQUIRE(p.run() == 0);
  CHECK(r.count("+packets_and_frames") == 1);
  CHECK(r.count("+packet") > 0);
  CHECK(r.count("+frame") > 0);
  CHECK(r.values.at("packets_and_frames.frame.sample_fmt").s == "fltp");
}

TEST_CASE("the error section carries the AVERROR code and its text; seconds print as ffprobe prints them") {
  Recorder r;
  EntrySelection sel;
  sel.show_all(SectionId::kError);
  emit_error(r, sel, AVERROR(ENOENT));
  CHECK(r.values.at("error.code").i == AVERROR(ENOENT));
  CHECK(r.values.at("error.string").s == "No such file or directory");
  CHECK(format_seconds(2.0, false) == "2.000000");
  CHECK(format_seconds(3723.5, true) == "1:02:03.500000");
  // Past 2^31 seconds ffprobe's int conversion is undefined; ours stays exact, and non-finite falls back to %f.
  CHECK(format_seconds(3e9, true) == "833333:20:00.000000");
  CHECK(format_seconds(-61.5, true) == "0:-1:-1.500000");  // ffprobe's text for negative times
  CHECK(format_seconds(1e300 * 1e300, true) == "inf");
}

TEST_CASE("max_packets bounds the packets read; a source cut short is reported after the sections it allows") {
  ProbeOptions o;
  o.entries.show_all(SectionId::kPackets);
  o.entries.show_all(SectionId::kStreams);
  o.max_packets = 7;
  {
    auto in = open_fixture("ts_single.ts");
    Recorder r;
    Prober p(*in, o, r);
    CHECK(p.run() == 0);
    CHECK(r.count("+packet") == 7);
  }
  // A source that fails with EIO half-way: packets up to there, the streams, then the failure.
  struct Failing : Source {
    MemorySource inner;
    int64_t limit;
    int fail = 0;
    Failing(std::vector<uint8_t> d, int64_t l) : inner(std::move(d), false), limit(l) {}
    int read(uint8_t* buf, int size) override {
      int64_t left = limit - inner.position();
      if (left <= 0) return fail = AVERROR(EIO);
      return inner.read(buf, static_cast<int>(std::min<int64_t>(left, size)));
    }
    int64_t position() const override { return inner.position(); }
    int failure() const override { return fail; }
  };
  auto bytes = fixture("ts_single.ts");
  InputOptions io;
  io.io.buffer_size = 4096;
  auto in = Input::open(std::make_unique<Failing>(bytes, static_cast<int64_t>(bytes.size() / 2)), io);
  o.max_packets = 0;
  Recorder r;
  Prober p(*in, o, r);
  CHECK(p.run() == AVERROR(EIO));
  CHECK(r.count("+packet") > 0);
  CHECK(r.count("-packets") == 1);  // the section is closed
  CHECK(r.count("+stream") == 2);    // and the streams known from the header follow
}

TEST_CASE("values with units and prefixes print as ffprobe's value_string prints them") {
  common::ValueFormat unit;
  unit.unit = true;
  CHECK(common::format_value(2.04, true, "s", unit) == "2.040000 s");
  CHECK(common::format_value(44100, false, "Hz", unit) == "44100 Hz");
  common::ValueFormat prefix;
  prefix.prefix = true;
  CHECK(common::format_value(44100, false, "Hz", prefix) == "44.100000 K");
  CHECK(common::format_value(1000, false, "byte", prefix) == "1 K");  // a whole number stays an integer
  CHECK(common::format_value(0.5, true, "s", prefix) == "0.500000");  // not above 1: no prefix
  common::ValueFormat pretty{true, true, true, true};
  CHECK(common::format_value(213032, false, "byte", pretty) == "208.039062 Kibyte");
  CHECK(common::format_value(842856, false, "bit/s", pretty) == "842.856000 Kbit/s");  // binary is for bytes only
  CHECK(common::format_value(3725.5, true, "s", pretty) == "1:02:05.500000");
}

TEST_CASE("streams lacking codec parameters are those libavformat's has_codec_parameters refuses") {
  struct FreeCtx {
    void operator()(AVFormatContext* c) const { avformat_free_context(c); }
  };
  std::unique_ptr<AVFormatContext, FreeCtx> ctx(avformat_alloc_context());
  REQUIRE(ctx);
  auto add = [&](AVMediaType type, AVCodecID id) {
    AVStream* st = avformat_new_stream(ctx.get(), nullptr);
    REQUIRE(st);
    st->codecpar->codec_type = type;
    st->codecpar->codec_id = id;
    return st->codecpar;
  };
  AVCodecParameters* video = add(AVMEDIA_TYPE_VIDEO, AV_CODEC_ID_H264);  // 0: complete
  video->width = 64;
  video->height = 48;
  video->format = AV_PIX_FMT_YUV420P;
  AVCodecParameters* audio = add(AVMEDIA_TYPE_AUDIO, AV_CODEC_ID_AAC);  // 1: no sample rate, channels, format yet
  audio->format = AV_SAMPLE_FMT_NONE;
  AVCodecParameters* mp2 = add(AVMEDIA_TYPE_AUDIO, AV_CODEC_ID_MP2);  // 2: all but its frame size
  mp2->format = AV_SAMPLE_FMT_S16P;
  mp2->sample_rate = 48000;
  av_channel_layout_default(&mp2->ch_layout, 2);
  add(AVMEDIA_TYPE_SUBTITLE, AV_CODEC_ID_DVB_SUBTITLE);  // 3: nothing needed
  add(AVMEDIA_TYPE_SUBTITLE, AV_CODEC_ID_HDMV_PGS_SUBTITLE);  // 4: PGS needs its size
  add(AVMEDIA_TYPE_DATA, AV_CODEC_ID_NONE);  // 5: a data stream may have no codec
  add(AVMEDIA_TYPE_UNKNOWN, AV_CODEC_ID_NONE);  // 6: an unknown codec
  CHECK(streams_lacking_codec_parameters(ctx.get()) == std::vector<int>{1, 2, 4, 6});
  mp2->frame_size = 1152;
  audio->sample_rate = 44100;
  av_channel_layout_default(&audio->ch_layout, 1);
  audio->format = AV_SAMPLE_FMT_FLTP;
  CHECK(streams_lacking_codec_parameters(ctx.get()) == std::vector<int>{4, 6});
}
