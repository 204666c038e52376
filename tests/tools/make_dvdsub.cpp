// make_dvdsub: writes a file with one DVD subtitle stream (a 320x240 picture) holding a white box per START-END
// pair, for the bitmap subtitle tests (ffmpeg 5.1 cannot make bitmap subtitles from text ones).
// Usage: make_dvdsub OUT [--garbage] [--dvb] START-END [START-END...]   (seconds; the container is chosen by OUT's
// name: .mkv, .ts, ...; --garbage adds a damaged packet between the first two boxes; --dvb writes DVB subtitles
// instead, each box ended by its page time-out alone (whole seconds, no clearing page: what ffmpeg, which writes a
// time-out of 30 s and an empty page at the end, does not make))
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/ffmpeg.hpp"

namespace {

constexpr int kWidth = 320, kHeight = 240;
constexpr int kBoxX = 60, kBoxY = 180, kBoxW = 200, kBoxH = 40;

int die(const std::string& what, int code = 0) {
  std::fprintf(stderr, "make_dvdsub: %s%s%s\n", what.c_str(), code ? ": " : "", code ? common::av_error_text(code).c_str() : "");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return die("usage: make_dvdsub OUT [--garbage] [--dvb] START-END...");
  const char* out = argv[1];
  bool garbage = false, dvb = false;
  std::vector<std::pair<double, double>> boxes;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--garbage") == 0) {
      garbage = true;
      continue;
    }
    if (std::strcmp(argv[i], "--dvb") == 0) {
      dvb = true;
      continue;
    }
    double a = 0, b = 0;
    if (std::sscanf(argv[i], "%lf-%lf", &a, &b) != 2 || b <= a || a < 0) return die(std::string("not START-END: ") + argv[i]);
    boxes.emplace_back(a, b);
  }
  const AVCodec* codec = avcodec_find_encoder(dvb ? AV_CODEC_ID_DVB_SUBTITLE : AV_CODEC_ID_DVD_SUBTITLE);
  if (!codec) return die(dvb ? "no dvbsub encoder" : "no dvdsub encoder");
  common::CodecContextPtr enc(avcodec_alloc_context3(codec));
  enc->width = kWidth;
  enc->height = kHeight;
  enc->time_base = AVRational{1, 1000};
  if (int r = avcodec_open2(enc.get(), codec, nullptr); r < 0) return die("opening the encoder", r);

  AVFormatContext* raw = nullptr;
  if (int r = avformat_alloc_output_context2(&raw, nullptr, nullptr, out); r < 0) return die(out, r);
  common::OutputFormatPtr mux(raw);
  AVStream* st = avformat_new_stream(raw, nullptr);
  if (!st) return die("a stream", AVERROR(ENOMEM));
  if (int r = avcodec_parameters_from_context(st->codecpar, enc.get()); r < 0) return die("stream parameters", r);
  st->time_base = AVRational{1, 1000};
  if (int r = avio_open(&raw->pb, out, AVIO_FLAG_WRITE); r < 0) return die(out, r);
  if (int r = avformat_write_header(raw, nullptr); r < 0) return die("writing the header", r);

  // A PAL8 box: colour 1 (opaque white) inside a one-pixel transparent frame.
  std::vector<uint8_t> pixels(static_cast<size_t>(kBoxW) * kBoxH, 0);
  for (int y = 1; y < kBoxH - 1; ++y) std::memset(&pixels[static_cast<size_t>(y) * kBoxW + 1], 1, kBoxW - 2);
  uint32_t palette[4] = {0x00000000u, 0xffffffffu, 0xff000000u, 0xff808080u};
  std::vector<uint8_t> buf(1 << 16);
  auto pkt = common::make_packet();
  for (size_t i = 0; i < boxes.size(); ++i) {
    AVSubtitleRect rect{};
    rect.x = kBoxX;
    rect.y = kBoxY;
    rect.w = kBoxW;
    rect.h = kBoxH;
    rect.nb_colors = 4;
    rect.type = SUBTITLE_BITMAP;
    rect.data[0] = pixels.data();
    rect.linesize[0] = kBoxW;
    rect.data[1] = reinterpret_cast<uint8_t*>(palette);
    AVSubtitleRect* rects[1] = {&rect};
    AVSubtitle sub{};
    sub.num_rects = 1;
    sub.rects = rects;
    sub.start_display_time = 0;
    sub.end_display_time = static_cast<uint32_t>((boxes[i].second - boxes[i].first) * 1000 + 0.5);
    sub.pts = static_cast<int64_t>(boxes[i].first * AV_TIME_BASE);
    int size = avcodec_encode_subtitle(enc.get(), buf.data(), static_cast<int>(buf.size()), &sub);
    if (size < 0) return die("encoding", size);
    if (dvb) {
      // The page composition segment (sync byte 0x0f, type 0x10, page id, length, time-out): the box's duration.
      int at = 0;
      while (at + 6 < size && !(buf[static_cast<size_t>(at)] == 0x0f && buf[static_cast<size_t>(at) + 1] == 0x10)) ++at;
      if (at + 6 >= size) return die("no page composition segment in the DVB packet");
      const double seconds = boxes[i].second - boxes[i].first;
      if (seconds != static_cast<int>(seconds) || seconds > 255) return die("--dvb: durations in whole seconds (1-255)");
      buf[static_cast<size_t>(at) + 6] = static_cast<uint8_t>(seconds);
    }
    if (int r = av_new_packet(pkt.get(), size); r < 0) return die("a packet", r);
    std::memcpy(pkt->data, buf.data(), static_cast<size_t>(size));
    pkt->pts = pkt->dts = static_cast<int64_t>(boxes[i].first * 1000 + 0.5);
    pkt->duration = sub.end_display_time;
    pkt->flags |= AV_PKT_FLAG_KEY;
    av_packet_rescale_ts(pkt.get(), AVRational{1, 1000}, st->time_base);
    if (int r = av_interleaved_write_frame(raw, pkt.get()); r < 0) return die("writing", r);
    if (garbage && i == 0 && boxes.size() > 1) {
      // A packet of the right size whose control offsets and commands are junk: what a damaged file hands the
      // decoder.
      if (int r = av_new_packet(pkt.get(), 24); r < 0) return die("a packet", r);
      for (int k = 0; k < 24; ++k) pkt->data[k] = static_cast<uint8_t>(0xf7 ^ (k * 37));
      pkt->data[0] = 0;
      pkt->data[1] = 24;
      pkt->pts = pkt->dts = static_cast<int64_t>((boxes[0].second + boxes[1].first) * 500);
      pkt->duration = 10;
      av_packet_rescale_ts(pkt.get(), AVRational{1, 1000}, st->time_base);
      if (int r = av_interleaved_write_frame(raw, pkt.get()); r < 0) return die("writing", r);
    }
  }
  if (int r = av_write_trailer(raw); r < 0) return die("writing the trailer", r);
  if (int r = avio_closep(&raw->pb); r < 0) return die(out, r);
  return 0;
}
