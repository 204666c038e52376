// Encode: default rawvideo and PCM in the graph's sample format, named encoders and their formats, options.
#include <doctest/doctest.h>

#include <algorithm>

#include "common/encode.hpp"
#include "common/errors.hpp"
#include "graph_test_support.hpp"

using namespace common;
using namespace test_support;

TEST_CASE("pcm_codec_for stores each sample format as it is") {
  CHECK(pcm_codec_for(AV_SAMPLE_FMT_S16) == AV_CODEC_ID_PCM_S16LE);
  CHECK(pcm_codec_for(AV_SAMPLE_FMT_S16P) == AV_CODEC_ID_PCM_S16LE);
  CHECK(pcm_codec_for(AV_SAMPLE_FMT_FLTP) == AV_CODEC_ID_PCM_F32LE);
  CHECK(pcm_codec_for(AV_SAMPLE_FMT_DBL) == AV_CODEC_ID_PCM_F64LE);
  CHECK(pcm_codec_for(AV_SAMPLE_FMT_S32P) == AV_CODEC_ID_PCM_S32LE);
  CHECK(pcm_codec_for(AV_SAMPLE_FMT_U8) == AV_CODEC_ID_PCM_U8);
}

TEST_CASE("default audio: the sink is asked for a packed format and PCM stores it as negotiated") {
  auto enc = Encoder::create(AVMEDIA_TYPE_AUDIO, {});
  SinkParams p = enc->sink_params();
  CHECK(std::find(p.formats.begin(), p.formats.end(), AV_SAMPLE_FMT_FLTP) == p.formats.end());
  auto g = FilterGraph::parse("[a]aformat=sample_fmts=fltp[o]");
  g->set_source(0, s16_audio(48000));
  g->set_sink(0, p);
  g->configure();
  enc->prepare(g->sink(0), false);
  enc->open();
  CHECK(enc->ctx()->codec_id == AV_CODEC_ID_PCM_F32LE);
  CHECK(enc->time_base().den == 48000);
  auto in = s16_frame(960, 480, 48000);
  REQUIRE(av_buffersrc_add_frame_flags(g->source(0), in.get(), 0) >= 0);
  auto out = make_frame();
  REQUIRE(av_buffersink_get_frame(g->sink(0), out.get()) >= 0);
  REQUIRE(enc->send(out.get()) == 0);
  auto pkt = make_packet();
  REQUIRE(enc->receive(pkt.get()) == 0);
  CHECK(pkt->size == 480 * 4);
  CHECK(pkt->pts == 960);
}

TEST_CASE("default video: rawvideo in the sink's format and time base, timestamps unchanged") {
  auto enc = Encoder::create(AVMEDIA_TYPE_VIDEO, {});
  CHECK(enc->sink_params().formats.empty());
  auto g = FilterGraph::parse("[v]scale=8:6[o]");
  g->set_source(0, gray_video({1, 90000}));
  g->set_sink(0, enc->sink_params());
  g->configure();
  enc->prepare(g->sink(0), false);
  enc->open();
  CHECK(enc->ctx()->codec_id == AV_CODEC_ID_RAWVIDEO);
  CHECK(enc->ctx()->width == 8);
  CHECK(enc->ctx()->pix_fmt == AV_PIX_FMT_GRAY8);
  CHECK(enc->time_base().den == 90000);
  auto in = gray_frame(3003);
  REQUIRE(av_buffersrc_add_frame_flags(g->source(0), in.get(), 0) >= 0);
  auto out = make_frame();
  REQUIRE(av_buffersink_get_frame(g->sink(0), out.get()) >= 0);
  REQUIRE(enc->send(out.get()) == 0);
  REQUIRE(enc->send(nullptr) == 0);  // with frame threads the packet may come out only when draining
  auto pkt = make_packet();
  REQUIRE(enc->receive(pkt.get()) == 0);
  CHECK(pkt->pts == 3003);
  CHECK(pkt->size == 8 * 6);
  CHECK(enc->receive(pkt.get()) == AVERROR_EOF);
}

TEST_CASE("a video encoder opens on its first frame and takes its colour properties and field order, as ffmpeg's") {
  auto g = FilterGraph::parse("[v]null[o]");
  g->set_source(0, gray_video({1, 25}));
  auto enc = Encoder::create(AVMEDIA_TYPE_VIDEO, {});
  g->set_sink(0, enc->sink_params());
  g->configure();
  enc->prepare(g->sink(0), false);
  CHECK_FALSE(enc->is_open());
  auto first = gray_frame(0);
  first->color_range = AVCOL_RANGE_JPEG;
  first->color_primaries = AVCOL_PRI_BT709;
  first->color_trc = AVCOL_TRC_BT709;
  first->colorspace = AVCOL_SPC_BT709;
  first->chroma_location = AVCHROMA_LOC_TOPLEFT;
  first->interlaced_frame = 1;
  first->top_field_first = 0;
  enc->open(first.get());
  REQUIRE(enc->is_open());
  const AVCodecContext* c = enc->ctx();
  CHECK(c->color_range == AVCOL_RANGE_JPEG);
  CHECK(c->color_primaries == AVCOL_PRI_BT709);
  CHECK(c->color_trc == AVCOL_TRC_BT709);
  CHECK(c->colorspace == AVCOL_SPC_BT709);
  CHECK(c->chroma_sample_location == AVCHROMA_LOC_TOPLEFT);
  CHECK(c->field_order == AV_FIELD_BT);  // bottom field first, coded bottom first

  auto progressive = Encoder::create(AVMEDIA_TYPE_VIDEO, {});
  progressive->prepare(g->sink(0), false);
  progressive->open(gray_frame(0).get());
  CHECK(progressive->ctx()->field_order == AV_FIELD_PROGRESSIVE);
  CHECK(progressive->ctx()->color_range == AVCOL_RANGE_UNSPECIFIED);

  auto none = Encoder::create(AVMEDIA_TYPE_VIDEO, {});  // a stream that ended before any frame
  none->prepare(g->sink(0), false);
  none->open(nullptr);
  CHECK(none->ctx()->field_order == AV_FIELD_UNKNOWN);
}

TEST_CASE("a frame of another size or format than the encoder was opened for is refused, not read out of bounds") {
  auto enc = Encoder::create(AVMEDIA_TYPE_VIDEO, {});
  auto g = FilterGraph::parse("[v]null[o]");
  g->set_source(0, gray_video({1, 25}));
  g->set_sink(0, enc->sink_params());
  g->configure();
  enc->prepare(g->sink(0), false);
  enc->open();
  CHECK(enc->send(gray_frame(0, 128, 8, 8).get()) == kErrorFrameFormatChanged);
  CHECK(enc->changed_format() == "16x16 gray -> 8x8 gray");
  CHECK(enc->send(gray_frame(0).get()) == 0);  // the right size still goes in

  auto aenc = Encoder::create(AVMEDIA_TYPE_AUDIO, {});
  auto ag = FilterGraph::parse("[a]anull[o]");
  ag->set_source(0, s16_audio(8000));
  ag->set_sink(0, aenc->sink_params());
  ag->configure();
  aenc->prepare(ag->sink(0), false);
  aenc->open();
  CHECK(aenc->send(s16_frame(0, 160, 16000).get()) == kErrorFrameFormatChanged);
  CHECK(aenc->changed_format() == "8000 Hz s16 mono -> 16000 Hz s16 mono");
  CHECK(aenc->send(s16_frame(0, 160, 8000).get()) == 0);
}

TEST_CASE("a named encoder gives its formats to the sink and keeps the options it does not know") {
  EncoderOptions o;
  o.codec = "flac";
  o.options = {{"compression_level", "2"}, {"nosuchoption", "1"}};
  auto enc = Encoder::create(AVMEDIA_TYPE_AUDIO, o);
  SinkParams p = enc->sink_params();
  CHECK(std::find(p.formats.begin(), p.formats.end(), AV_SAMPLE_FMT_S16) != p.formats.end());
  auto g = FilterGraph::parse("[a]anull[o]");
  g->set_source(0, s16_audio(44100));
  g->set_sink(0, p);
  g->configure();
  enc->prepare(g->sink(0), false);
  enc->open();
  CHECK(enc->ctx()->codec_id == AV_CODEC_ID_FLAC);
  CHECK(enc->unused_options() == std::vector<std::string>{"nosuchoption"});
}

TEST_CASE("unknown encoders and encoders of the other media type are refused") {
  EncoderOptions o;
  o.codec = "nosuchencoder";
  CHECK_THROWS_AS(Encoder::create(AVMEDIA_TYPE_VIDEO, o), Error);
  o.codec = "flac";
  CHECK_THROWS_AS(Encoder::create(AVMEDIA_TYPE_VIDEO, o), Error);
}

TEST_CASE("encoder options are known by name as ffmpeg knows them: generic and private, not decoding-only") {
  CHECK(is_encoder_option("b"));        // libavcodec's bit rate
  CHECK(is_encoder_option("g"));        // GOP size
  CHECK_FALSE(is_encoder_option("no_such_option"));
  CHECK_FALSE(is_encoder_option("skip_frame"));  // a decoding option only
  if (avcodec_find_encoder_by_name("libx264")) CHECK(is_encoder_option("crf"));  // a private option of an encoder
}
