#include "verify.hpp"

#include <nlohmann/json.hpp>

#include "common/errors.hpp"

namespace memremux {

namespace {

std::string rational_text(AVRational r) { return std::to_string(r.num) + "/" + std::to_string(r.den); }

nlohmann::ordered_json ticks(int64_t ts) {
  return ts == AV_NOPTS_VALUE ? nlohmann::ordered_json() : nlohmann::ordered_json(ts);
}

}  // namespace

Receipt::Receipt(const std::string& algorithm) {
  AVHashContext* probe = nullptr;
  if (av_hash_alloc(&probe, algorithm.c_str()) < 0) {
    std::string known;
    for (int i = 0; const char* name = av_hash_names(i); ++i) known += (i ? ", " : "") + std::string(name);
    throw common::usage_error("--verify-hash", "unknown hash '" + algorithm + "' (" + known + ")");
  }
  algorithm_ = av_hash_get_name(probe);
  av_hash_freep(&probe);
}

Receipt::~Receipt() = default;

Receipt::Side::~Side() { av_hash_freep(&hash); }

void Receipt::add_stream(const AVStream* input, const std::string& input_ref, const AVStream* output,
                         const std::string& filters) {
  auto s = std::make_unique<Stream>();
  s->input_ref = input_ref;
  const AVMediaType type = output->codecpar->codec_type;
  const char* type_name = av_get_media_type_string(type);
  s->codec_type = type_name ? type_name : "unknown";
  s->type = type_name ? type_name[0] : 'd';  // the letter ffmpeg's streamhash writes
  s->codec_name = avcodec_get_name(output->codecpar->codec_id);
  s->filters = filters;
  s->read.time_base = input->time_base;
  s->written.time_base = output->time_base;
  for (Side* side : {&s->read, &s->written}) {
    if (av_hash_alloc(&side->hash, algorithm_.c_str()) < 0) throw common::Error("verifying", AVERROR(ENOMEM));
    av_hash_init(side->hash);
  }
  streams_.push_back(std::move(s));
}

void Receipt::Side::add(const AVPacket* pkt, int64_t pts, int64_t dts) {
  ++packets;
  bytes += pkt->size;
  if (pkt->size > 0) av_hash_update(hash, pkt->data, static_cast<size_t>(pkt->size));
  if (first_pts == AV_NOPTS_VALUE) first_pts = pts;
  if (first_dts == AV_NOPTS_VALUE) first_dts = dts;
  if (pts != AV_NOPTS_VALUE) last_pts = pts;
  if (dts != AV_NOPTS_VALUE) last_dts = dts;
}

const std::string& Receipt::Side::digest() const {
  if (final_hash.empty()) {
    uint8_t hex[2 * AV_HASH_MAX_SIZE + 1] = {};
    av_hash_final_hex(hash, hex, sizeof hex);
    final_hash = std::string(av_hash_get_name(hash)) + "=" + reinterpret_cast<const char*>(hex);
  }
  return final_hash;
}

void Receipt::read(int index, const AVPacket* pkt, int64_t pts, int64_t dts) {
  if (index >= 0 && static_cast<size_t>(index) < streams_.size()) streams_[static_cast<size_t>(index)]->read.add(pkt, pts, dts);
}

void Receipt::written(int index, const AVPacket* pkt) {
  if (index >= 0 && static_cast<size_t>(index) < streams_.size())
    streams_[static_cast<size_t>(index)]->written.add(pkt, pkt->pts, pkt->dts);
}

bool Receipt::Stream::equal() const {
  return read.packets == written.packets && read.bytes == written.bytes && read.digest() == written.digest();
}

std::string Receipt::first_difference() const {
  for (size_t i = 0; i < streams_.size(); ++i) {
    const Stream& s = *streams_[i];
    if (!s.filters.empty() || s.equal()) continue;
    std::string what = "stream " + std::to_string(i) + " (" + s.codec_type + ", input stream " + s.input_ref + "): ";
    if (s.read.packets != s.written.packets)
      return what + std::to_string(s.read.packets) + " packet(s) read, " + std::to_string(s.written.packets) + " written";
    return what + "the packets written differ from those read (" + s.read.digest() + " read, " + s.written.digest() +
           " written)";
  }
  return "";
}

std::vector<std::string> Receipt::streamhash(bool written) const {
  std::vector<std::string> lines;
  for (size_t i = 0; i < streams_.size(); ++i) {
    const Stream& s = *streams_[i];
    lines.push_back(std::to_string(i) + "," + s.type + "," + (written ? s.written : s.read).digest());
  }
  return lines;
}

std::string Receipt::json() const {
  using Json = nlohmann::ordered_json;
  auto side_json = [](const Side& side) {
    Json j;
    j["packets"] = side.packets;
    j["bytes"] = side.bytes;
    j["hash"] = side.digest();
    j["time_base"] = rational_text(side.time_base);
    j["first_pts"] = ticks(side.first_pts);
    j["last_pts"] = ticks(side.last_pts);
    j["first_dts"] = ticks(side.first_dts);
    j["last_dts"] = ticks(side.last_dts);
    return j;
  };
  Json streams = Json::array();
  bool all_equal = true;
  for (size_t i = 0; i < streams_.size(); ++i) {
    const Stream& s = *streams_[i];
    Json j;
    j["index"] = i;
    j["input"] = s.input_ref;
    j["codec_type"] = s.codec_type;
    j["codec_name"] = s.codec_name;
    if (!s.filters.empty()) j["bitstream_filters"] = s.filters;
    j["read"] = side_json(s.read);
    j["written"] = side_json(s.written);
    // A filtered stream changes by request: both sides are shown, nothing is judged.
    const std::string verdict = !s.filters.empty() ? "filtered" : s.equal() ? "equal" : "differs";
    all_equal = all_equal && verdict != "differs";
    j["verdict"] = verdict;
    streams.push_back(std::move(j));
  }
  Json receipt;
  receipt["hash"] = algorithm_;
  receipt["outcome"] = outcome_;
  receipt["verified"] = all_equal;
  receipt["streams"] = std::move(streams);
  receipt["streamhash"] = {{"read", streamhash(false)}, {"written", streamhash(true)}};
  return receipt.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace memremux
