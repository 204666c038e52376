#include "plan.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace memremux {

namespace {

nlohmann::ordered_json seconds(double s) {
  return std::isnan(s) ? nlohmann::ordered_json() : nlohmann::ordered_json(std::round(s * 1e6) / 1e6);
}

}  // namespace

Plan::Stream* Plan::find(size_t input, int index) {
  for (Stream& s : streams)
    if (s.input == input && s.index == index) return &s;
  return nullptr;
}

std::string Plan::json() const {
  using Json = nlohmann::ordered_json;
  Json in = Json::array();
  for (size_t k = 0; k < inputs.size(); ++k) {
    const Input& i = inputs[k];
    Json j;
    j["index"] = k;
    j["name"] = i.name;
    j["format"] = i.format;
    j["seekable"] = i.seekable;
    j["spooled"] = i.spooled;
    if (i.spooled)
      j["spool_reason"] = "an MP4/MOV input on a pipe may keep its index at the end: it is kept on disk to seek back";
    j["start_time"] = seconds(i.start_time);
    j["ts_offset"] = seconds(i.ts_offset);
    if (i.cut_start >= 0 || i.cut_length >= 0) {
      Json c;
      c["start"] = i.cut_start >= 0 ? seconds(i.cut_start) : Json();
      c["length"] = i.cut_length >= 0 ? seconds(i.cut_length) : Json();
      if (!i.seek.empty()) c["seek"] = i.seek;
      j["cut"] = std::move(c);
    }
    in.push_back(std::move(j));
  }
  Json st = Json::array();
  for (const Stream& s : streams) {
    Json j;
    j["input"] = std::to_string(s.input) + ":" + std::to_string(s.index);
    j["codec_type"] = s.codec_type;
    j["codec_name"] = s.codec_name;
    j["kept"] = s.kept;
    if (s.kept) j["output_index"] = s.output_index;
    j["reason"] = s.reason;
    if (!s.bitstream_filters.empty()) {
      j["bitstream_filters"] = s.bitstream_filters;
      j["bitstream_filters_reason"] = s.filter_reason;
    }
    if (s.kept) {
      if (s.started) {
        Json f;
        f["pts"] = seconds(s.first_pts);
        f["output_pts"] = seconds(s.first_output_pts);
        f["file_pts"] = seconds(s.first_output_pts + muxer_shift);
        f["key"] = s.first_key;
        j["first_packet"] = std::move(f);
      } else {
        j["first_packet"] = nullptr;  // no packet to copy (the cut leaves none, or the input ended)
      }
      j["skipped_before_first_key"] = s.skipped;
    }
    st.push_back(std::move(j));
  }
  Json out;
  out["name"] = output;
  out["format"] = output_format;
  out["seekable"] = output_seekable;
  out["fragmented"] = fragmented;
  if (fragmented)
    out["fragmented_reason"] = output_seekable ? "the muxer options ask for fragments"
                                               : "MP4/MOV to a pipe: written in fragments (frag_keyframe+empty_moov+default_base_moof), as "
                                                 "it cannot seek back to write its index";
  out["own_files"] = own_files;
  out["muxer_shift"] = seconds(muxer_shift);
  if (output_cut_start >= 0 || output_cut_length >= 0)
    out["cut"] = {{"start", output_cut_start >= 0 ? seconds(output_cut_start) : Json()},
                  {"length", output_cut_length >= 0 ? seconds(output_cut_length) : Json()}};
  Json plan;
  plan["inputs"] = std::move(in);
  plan["streams"] = std::move(st);
  plan["output"] = std::move(out);
  return plan.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace memremux
