// Filter graph: labels and types of the open pads, parse errors that name the part, negotiated links, the filter list,
// reachability, queue counting and the endless-source warning.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>

#include "common/errors.hpp"
#include "common/filter_graph.hpp"
#include "graph_test_support.hpp"

using namespace common;
using namespace test_support;

TEST_CASE("parse lists the open inputs and outputs with their labels and media types, outputs in description order") {
  auto g = FilterGraph::parse("[0:v]split[b][a];[1:a]anull[o3];[b]scale=8:8[o2];[a]null[o1];overlay[o4]");
  REQUIRE(g->inputs().size() == 4);
  REQUIRE(g->outputs().size() == 4);
  CHECK(g->inputs()[0].label == "0:v");
  CHECK(g->inputs()[0].type == AVMEDIA_TYPE_VIDEO);
  CHECK(g->inputs()[0].filter_kind == "split");
  bool saw_audio = false;
  int unlabeled_count = 0;
  for (const auto& p : g->inputs()) {
    if (p.label == "1:a") saw_audio = p.type == AVMEDIA_TYPE_AUDIO;
    if (p.label.empty()) ++unlabeled_count;
  }
  CHECK(saw_audio);
  CHECK(unlabeled_count == 2);  // overlay's two inputs
  std::vector<std::string> out;
  for (const auto& p : g->outputs()) out.push_back(p.label);
  CHECK(out == std::vector<std::string>{"o3", "o2", "o1", "o4"});
}

TEST_CASE("a graph that does not parse names the offending part") {
  try {
    FilterGraph::parse("[0:v]scale=8:8,nosuchfilter=3[v]");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.context() == "parsing the filter graph");
    CHECK(e.reason().find("nosuchfilter") != std::string::npos);
  }
  try {
    FilterGraph::parse("[0:v]scale=8:zz[v]");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.reason().find("'zz'") != std::string::npos);
  }
}

TEST_CASE("configure negotiates every link; links and dumps show format, size, rate and time base") {
  auto g = configured("[v]scale=8:6,format=gray[vo];[a]aresample=22050[ao]",
                      {gray_video({1, 25}), s16_audio(48000)});
  // the sources follow the inputs' order
  CHECK(std::string(g->source(0)->filter->name) == "buffer");
  CHECK(std::string(g->source(1)->filter->name) == "abuffer");
  bool video = false, audio = false;
  for (const auto& l : g->links()) {
    if (l.dst == "out:vo") {
      video = true;
      CHECK(l.format == "gray");
      CHECK(l.width == 8);
      CHECK(l.height == 6);
      CHECK(l.time_base.den == 25);
    }
    if (l.dst == "out:ao") {
      audio = true;
      CHECK(l.sample_rate == 22050);
      CHECK(l.ch_layout == "mono");
    }
  }
  CHECK(video);
  CHECK(audio);
  const auto filters = g->filters();
  CHECK(std::find(filters.begin(), filters.end(), std::make_pair(std::string("Parsed_format_1"), std::string("format"))) !=
        filters.end());
  CHECK(std::find(filters.begin(), filters.end(), std::make_pair(std::string("out:ao"), std::string("abuffersink"))) !=
        filters.end());
}

TEST_CASE("a source of the wrong media type and a graph with a pad left open are refused") {
  auto g = FilterGraph::parse("[v]null[o]");
  CHECK_THROWS_AS(g->set_source(0, s16_audio(48000)), Error);
  auto h = FilterGraph::parse("[v]null[o]");
  h->set_sink(0);
  CHECK_THROWS_AS(h->configure(), Error);  // input without a source
}

TEST_CASE("sinks_reached_from follows the links from a source to the sinks") {
  auto g = configured("[x]split[a][b];[a]null[o1];[b]null[o2];[y]null[o3]", {gray_video({1, 25}), gray_video({1, 25})});
  CHECK(g->sinks_reached_from(0) == std::vector<size_t>{0, 1});
  CHECK(g->sinks_reached_from(1) == std::vector<size_t>{2});
}

TEST_CASE("queued_frames counts frames waiting in links") {
  auto g = configured("[a][b]overlay[o]", {gray_video({1, 60}), gray_video({1, 60})});
  CHECK(g->queued_frames() == 0);
  for (int i = 0; i < 20; ++i) {
    auto f = gray_frame(i);
    REQUIRE(av_buffersrc_add_frame_flags(g->source(0), f.get(), AV_BUFFERSRC_FLAG_PUSH) >= 0);
  }
  // overlay waits for its second input: the main frames wait in the link
  CHECK(g->queued_frames() >= 19);
  INFO(g->busiest_link());
  CHECK(g->busiest_link().find(":default -> Parsed_overlay_0:main (") != std::string::npos);  // via a converter
  auto stats = g->filter_stats();
  bool found = false;
  for (const auto& s : stats)
    if (s.kind == "buffer" && s.name == "in:a") found = s.frames_out == 20;
  CHECK(found);
}

TEST_CASE("an endless source feeding a multi-input filter that waits for all inputs is warned about") {
  auto warn = [](const std::string& desc) { return FilterGraph::parse(desc)->endless_source_warnings(); };
  auto w = warn("testsrc[t];[m][t]overlay[o]");
  REQUIRE(w.size() == 1);
  CHECK(w[0].find("'Parsed_testsrc_0' (testsrc without a duration)") != std::string::npos);
  CHECK(w[0].find("(overlay)") != std::string::npos);
  CHECK(w[0].find("shortest=1") != std::string::npos);
  CHECK(warn("testsrc[t];[m][t]overlay=shortest=1[o]").empty());
  CHECK(warn("testsrc[t];[m][t]overlay=eof_action=endall[o]").empty());
  CHECK(warn("testsrc=d=2[t];[m][t]overlay[o]").empty());
  auto a = warn("anullsrc[n];[m][n]amix[o]");
  REQUIRE(a.size() == 1);
  CHECK(a[0].find("duration=shortest") != std::string::npos);
  CHECK(warn("anullsrc[n];[m][n]amix=duration=first[o]").empty());
  CHECK(warn("sine[n];[m][n]amix[o]").size() == 1);  // sine's duration 0 is forever
  CHECK(warn("testsrc[t];[t]scale=8:8[o]").empty());   // no multi-input filter
}

TEST_CASE("a graph whose output leads back to its own input (a cycle) is refused at parse time, naming the filter") {
  // libavfilter configures these and then loops for ever on the first request (found by fuzz_graph).
  for (const char* desc : {"[a]asplit=3[a][b][c]", "[x]null[y];[y]null[x];[0:v]null[o]", "[a]asplit[a][o]"}) {
    CAPTURE(desc);
    try {
      FilterGraph::parse(desc);
      FAIL("a cyclic graph was accepted");
    } catch (const Error& e) {
      CHECK(e.context() == "parsing the filter graph");
      CHECK(e.reason().find("cycle through 'Parsed_") != std::string::npos);
    }
  }
  // A graph with two paths that meet again (split, then overlay) is not a cycle.
  CHECK_NOTHROW(FilterGraph::parse("[0:v]split[a][b];[a][b]overlay[v]"));
}

TEST_CASE("filters_reaching_outside finds filters that open files, sockets or devices, however they are quoted") {
  CHECK(filters_reaching_outside("movie=in.mp4[m];[0:v][m]overlay", false) == std::vector<std::string>{"movie"});
  CHECK(filters_reaching_outside("[0:a]a\\movie=x,azmq", false) == std::vector<std::string>{"amovie", "azmq"});
  CHECK(filters_reaching_outside("[0:v]'zmq'", false) == std::vector<std::string>{"zmq"});
  CHECK(filters_reaching_outside("[0:v]drawtext=fontfile=/f:text=a[v]", false).empty());
  CHECK(filters_reaching_outside("[0:v]drawtext=fontfile=/f:text=a[v]", true) == std::vector<std::string>{"drawtext"});
  CHECK(filters_reaching_outside("[0:v][1:v]psnr=stats_file=x,scale_vaapi", true) ==
        std::vector<std::string>{"psnr", "scale_vaapi"});
  CHECK(filters_reaching_outside("[0:v]scale=80:60,overlay,amix,concat", true).empty());
}

TEST_CASE("description_words lists the names a description can create, with libavfilter's quoting removed") {
  CHECK(description_words("[0:a]a\\bit'scope'=s=64x48[o]") ==
        std::vector<std::string>{"0", "a", "abitscope", "s", "64x48", "o"});
  CHECK(description_words(" ;,[]").empty());
}

TEST_CASE("from_frame describes a frame, accepts tells whether another frame fits the same source") {
  auto f = gray_frame(0, 128, 16, 16);
  SourceParams p = SourceParams::from_frame(f.get(), AVMEDIA_TYPE_VIDEO, {1, 25}, {25, 1});
  CHECK(p.width == 16);
  CHECK(p.height == 16);
  CHECK(p.pix_fmt == AV_PIX_FMT_GRAY8);
  CHECK(p.time_base.den == 25);
  CHECK(p.frame_rate.num == 25);
  CHECK(p.accepts(gray_frame(40, 0, 16, 16).get()));
  CHECK_FALSE(p.accepts(gray_frame(40, 0, 8, 16).get()));  // size changed
  auto other_sar = gray_frame(40, 0, 16, 16);
  other_sar->sample_aspect_ratio = {2, 1};
  CHECK_FALSE(p.accepts(other_sar.get()));
  auto other_fmt = gray_frame(40, 0, 16, 16);
  other_fmt->format = AV_PIX_FMT_YUV420P;
  CHECK_FALSE(p.accepts(other_fmt.get()));
  // A graph built from the params takes the frame.
  auto g = configured("[in]hflip[out]", {p});
  CHECK(av_buffersrc_add_frame_flags(g->source(0), f.get(), AV_BUFFERSRC_FLAG_KEEP_REF) == 0);

  auto a = s16_frame(0, 1024, 48000);
  SourceParams ap = SourceParams::from_frame(a.get(), AVMEDIA_TYPE_AUDIO, {1, 48000}, {0, 1});
  CHECK(ap.sample_rate == 48000);
  CHECK(ap.ch_layout == "mono");
  CHECK(ap.accepts(s16_frame(1024, 512, 48000).get()));
  CHECK_FALSE(ap.accepts(s16_frame(1024, 512, 44100).get()));
  CHECK_FALSE(p.accepts(a.get()));
}

TEST_CASE("a trim at a source or a sink cuts as ffmpeg's -ss/-t on an input or output, and survives a rebuild") {
  // 1 s of 25 fps video through a source trimmed to [0.2 s, +0.4 s) and a sink trimmed to its first 0.2 s.
  auto g = FilterGraph::parse("[in]null[out]");
  CutRange in_cut;
  in_cut.start = 200000;
  in_cut.length = 400000;
  CutRange out_cut;
  out_cut.length = 200000;
  g->set_source(0, gray_video({1, 25}), in_cut);
  g->set_sink(0, {}, out_cut);
  g->configure();
  const auto names = g->filters();
  const auto has = [&](const std::string& kind) {
    return std::count_if(names.begin(), names.end(), [&](const auto& f) { return f.second == kind; });
  };
  CHECK(has("trim") == 2);
  std::vector<int64_t> got;
  auto frame = make_frame();
  for (int i = 0; i < 25; ++i) {
    auto f = gray_frame(i, 0, 16, 16);
    REQUIRE(av_buffersrc_add_frame_flags(g->source(0), f.get(), AV_BUFFERSRC_FLAG_KEEP_REF) >= 0);
    while (av_buffersink_get_frame(g->sink(0), frame.get()) >= 0) {
      got.push_back(frame->pts);
      av_frame_unref(frame.get());
    }
  }
  CHECK(got == std::vector<int64_t>{5, 6, 7, 8, 9});  // from 0.2 s, 0.2 s long
  g->rebuild(0, gray_video({1, 25}, 32, 32));
  const auto again = g->filters();
  CHECK(std::count_if(again.begin(), again.end(), [](const auto& f) { return f.second == "trim"; }) == 2);
}

TEST_CASE("a rebuilt graph's outputs stay what they were, as ffmpeg 5.1's: size (autoscale), format, rate, frame size") {
  // Video: hflip passes a new size on; the rebuilt graph scales back to the first size, unless autoscale is off.
  for (bool autoscale : {true, false}) {
    CAPTURE(autoscale);
    auto g = FilterGraph::parse("[in]hflip[out]");
    g->set_source(0, gray_video({1, 25}, 16, 16));
    SinkParams keep;
    keep.autoscale = autoscale;
    g->set_sink(0, keep);
    g->configure();
    g->rebuild(0, gray_video({1, 25}, 32, 24));
    auto f = gray_frame(1, 200, 32, 24);
    REQUIRE(av_buffersrc_add_frame_flags(g->source(0), f.get(), AV_BUFFERSRC_FLAG_KEEP_REF) >= 0);
    auto out = make_frame();
    REQUIRE(av_buffersink_get_frame(g->sink(0), out.get()) >= 0);
    CHECK(out->width == (autoscale ? 16 : 32));
    CHECK(out->height == (autoscale ? 16 : 24));
    CHECK(out->format == AV_PIX_FMT_GRAY8);
    const auto names = g->filters();
    CHECK(std::count_if(names.begin(), names.end(), [](const auto& n) { return n.first == "scaler_out_out"; }) ==
          (autoscale ? 1 : 0));
  }
  // Audio: the rate and layout of the first graph stay (an aresample comes in), and so does the frame size an
  // encoder asked for after configure().
  auto g = FilterGraph::parse("[in]anull[out]");
  g->set_source(0, s16_audio(48000));
  g->set_sink(0);
  g->configure();
  g->set_frame_size(0, 1152);
  SourceParams stereo = s16_audio(44100, "stereo");
  g->rebuild(0, stereo);
  CHECK(av_buffersink_get_sample_rate(g->sink(0)) == 48000);
  CHECK(av_buffersink_get_channels(g->sink(0)) == 1);
  CHECK(av_buffersink_get_format(g->sink(0)) == AV_SAMPLE_FMT_S16);
  auto a = make_frame();
  a->format = AV_SAMPLE_FMT_S16;
  a->nb_samples = 4410;
  a->sample_rate = 44100;
  av_channel_layout_default(&a->ch_layout, 2);
  REQUIRE(av_frame_get_buffer(a.get(), 0) >= 0);
  av_samples_set_silence(a->data, 0, a->nb_samples, 2, AV_SAMPLE_FMT_S16);
  a->pts = 0;
  REQUIRE(av_buffersrc_add_frame_flags(g->source(0), a.get(), AV_BUFFERSRC_FLAG_KEEP_REF) >= 0);
  auto out = make_frame();
  REQUIRE(av_buffersink_get_frame(g->sink(0), out.get()) >= 0);
  CHECK(out->nb_samples == 1152);
  CHECK(out->sample_rate == 48000);
}
