// Fuzz target: probe arbitrary bytes the way avprobe-json does (format, streams, programs, chapters, and a bounded
// number of packets and frames) and write the model through the JSON writer, a second ffprobe writer (default,
// compact, csv or flat) and a third (xml or ini, with or without an option), all in memory. The JSON must always parse. Must never crash, hang or leak, whatever the
// input. The first byte picks the options (so seeds are "selector byte + fixture"; see seeds_fuzz_probe.sh):
//   bits 0-1  sections: 0 format/streams/programs/chapters, 1 + packets, 2 + frames, 3 + packets and frames
//   bit 2     the source is seekable (else a pipe: MP4/MOV go through the spool)
//   bits 3-4  JSON writer: json, json=compact=1, --typed json, --ndjson
//   bits 5-6  second writer: default, compact, csv, flat; third: xml, ini, xml=q=1, ini=h=0
//   bit 7     sexagesimal times, count_frames/count_packets, --scan-duration, and short reads from the source
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/demux.hpp"
#include "common/errors.hpp"
#include "common/memory_io.hpp"
#include "common/probe.hpp"
#include "writers.hpp"

using namespace common;

namespace {

constexpr int64_t kMaxPackets = 300;        // bounds the packets (and so the frames) read per input
constexpr int64_t kSpoolLimit = 4 << 20;    // inputs are at most a few hundred KB
constexpr int kShortRead = 1000;            // bytes per read with bit 7 (exercises the IO paths)
constexpr const char* kSecondWriters[] = {"default", "compact", "csv", "flat"};
constexpr const char* kThirdWriters[][2] = {{"xml", ""}, {"ini", ""}, {"xml", "q=1"}, {"ini", "h=0"}};

// Sends every section and field to every writer.
class FanOut : public ProbeSink {
 public:
  explicit FanOut(std::vector<avprobe_json::Writer*> writers) : writers_(std::move(writers)) {}
  void begin_section(SectionId id) override {
    for (auto* w : writers_) w->begin_section(id);
  }
  void field(std::string_view key, const ProbeValue& value) override {
    for (auto* w : writers_) w->field(key, value);
  }
  void end_section() override {
    for (auto* w : writers_) w->end_section();
  }

 private:
  std::vector<avprobe_json::Writer*> writers_;
};

ProbeOptions probe_options(uint8_t selector) {
  ProbeOptions p;
  using S = SectionId;
  for (S id : {S::kFormat, S::kStreams, S::kPrograms, S::kChapters, S::kError}) p.entries.show_all(id);
  if (selector & 1) p.entries.show_all(S::kPackets);
  if (selector & 2) p.entries.show_all(S::kFrames);
  const bool extra = (selector & 0x80) != 0;
  p.sexagesimal = extra;
  p.count_frames = extra;
  p.count_packets = extra;
  p.scan_duration = extra;
  p.duration_source = (selector & 0x18) == 0x10;
  p.max_packets = kMaxPackets;
  p.decoder.threads = 1;  // deterministic, and no thread pools per input
  return p;
}

avprobe_json::WriterOptions json_options(uint8_t selector) {
  avprobe_json::WriterOptions w;
  switch ((selector >> 3) & 3) {
    case 0: break;
    case 1: w.args = "compact=1"; break;
    case 2: w.typed = true; break;
    default: w.name = "ndjson"; break;
  }
  return w;
}

// Every JSON document written must parse: one document, or one per line for JSON Lines.
void check_json(const std::vector<uint8_t>& bytes, bool lines) {
  std::string text(bytes.begin(), bytes.end());
  if (!lines) {
    if (!nlohmann::json::accept(text)) std::abort();
    return;
  }
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) std::abort();  // every line is terminated
    if (!nlohmann::json::accept(text.substr(start, end - start))) std::abort();
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  av_log_set_level(AV_LOG_QUIET);
  if (size < 1) return 0;
  const uint8_t selector = data[0];
  std::vector<uint8_t> bytes(data + 1, data + size);
  const ProbeOptions popts = probe_options(selector);
  const avprobe_json::WriterOptions jopts = json_options(selector);
  avprobe_json::WriterOptions sopts;
  sopts.name = kSecondWriters[(selector >> 5) & 3];
  avprobe_json::WriterOptions topts;
  topts.name = kThirdWriters[(selector >> 5) & 3][0];
  topts.args = kThirdWriters[(selector >> 5) & 3][1];

  MemorySink json_sink(false), text_sink(false), third_sink(false);
  {
    avprobe_json::OutBuffer json_out(json_sink), text_out(text_sink), third_out(third_sink);
    auto json = avprobe_json::make_writer(jopts, json_out);
    auto text = avprobe_json::make_writer(sopts, text_out);
    auto third = avprobe_json::make_writer(topts, third_out);
    FanOut both({json.get(), text.get(), third.get()});
    json->begin_document("pipe:");
    text->begin_document("pipe:");
    third->begin_document("pipe:");
    int code = 0;
    try {
      InputOptions io;
      io.demuxer_options.emplace_back("scan_all_pmts", "1");
      io.strict_demuxer_options = false;
      io.spool_options.limit = kSpoolLimit;
      const bool seekable = (selector & 4) != 0;
      auto in = Input::open(std::make_unique<MemorySource>(std::move(bytes), seekable, (selector & 0x80) ? kShortRead : 0), io);
      Prober prober(*in, popts, both);
      code = prober.run();
    } catch (const Error& e) {
      code = e.code() < 0 ? e.code() : AVERROR_UNKNOWN;
    }
    if (code < 0) emit_error(both, popts.entries, code);
    json->end_document();
    text->end_document();
    third->end_document();
  }
  // FUZZ_PROBE_DUMP=1 shows what was written (to look at a regression input by hand).
  if (std::getenv("FUZZ_PROBE_DUMP")) {
    std::fwrite(json_sink.data().data(), 1, json_sink.data().size(), stdout);
    std::fwrite(text_sink.data().data(), 1, text_sink.data().size(), stdout);
    std::fwrite(third_sink.data().data(), 1, third_sink.data().size(), stdout);
  }
  check_json(json_sink.data(), jopts.name == "ndjson");
  return 0;
}
