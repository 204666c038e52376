// Fuzz target: demux arbitrary bytes from a memory source (pipe-like or seekable) and remux every packet into a
// container picked by the first byte, all in memory. Must never crash, hang or leak, whatever the input.
#include <cstdint>
#include <vector>

#include "common/demux.hpp"
#include "common/errors.hpp"
#include "common/mux.hpp"

using namespace common;

namespace {
constexpr const char* kFormats[] = {"nut", "matroska", "mp4", "mpegts"};
constexpr int kMaxPackets = 2000;  // enough to cover every fixture, small enough to stay fast
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  av_log_set_level(AV_LOG_QUIET);
  if (size < 1) return 0;
  const uint8_t selector = data[0];
  std::vector<uint8_t> bytes(data + 1, data + size);
  try {
    InputOptions io;
    io.probesize = 1 << 16;
    io.io.buffer_size = 4096;
    io.spool_options.limit = 1 << 22;
    bool seekable = (selector & 0x80) != 0;
    auto in = Input::open(std::make_unique<MemorySource>(std::move(bytes), seekable, 1 + (selector & 0x3f) * 97), io);
    MemorySink sink((selector & 0x40) != 0);
    OutputOptions oo;
    oo.format = kFormats[selector & 3];
    auto out = Output::open(sink, oo);
    std::vector<int> map(in->ctx()->nb_streams, -1);
    for (unsigned i = 0; i < in->ctx()->nb_streams; ++i) {
      const AVStream* st = in->ctx()->streams[i];
      if (!muxer_accepts(out->format(), st->codecpar->codec_id)) continue;
      AVStream* os = out->add_stream(st->codecpar, st->time_base);
      os->codecpar->codec_tag = 0;
      map[i] = os->index;
    }
    if (out->ctx()->nb_streams == 0) return 0;
    out->write_header();
    auto pkt = make_packet();
    int count = 0;
    while (count++ < kMaxPackets && in->read(pkt.get()) >= 0) {
      // Streams can appear after the header (MPEG-TS, NUT...): they were not mapped, so they are skipped.
      auto index = static_cast<size_t>(pkt->stream_index);
      int target = index < map.size() ? map[index] : -1;
      if (target < 0) {
        av_packet_unref(pkt.get());
        continue;
      }
      av_packet_rescale_ts(pkt.get(), in->ctx()->streams[pkt->stream_index]->time_base,
                           out->ctx()->streams[target]->time_base);
      pkt->stream_index = target;
      pkt->pos = -1;
      if (out->write(pkt.get()) < 0) break;  // a muxer refusing damaged timestamps is fine; crashing is not
    }
    out->finish();
  } catch (const Error&) {
    // rejected inputs are the ordinary outcome
  }
  return 0;
}
