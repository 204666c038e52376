// Side data as ffprobe 5.1 prints it: a packet's or a stream's (display matrix, stereo 3D, spherical, skip samples,
// HDR metadata, CPB properties, ...) and a frame's (display matrix, AFD, GOP timecode, HDR metadata, ICC profile).
#include <cmath>
#include <cstring>

#include "probe_emitter.hpp"

namespace common::probe_detail {

using S = SectionId;

namespace {

std::string display_matrix_text(const uint8_t* data) {
  std::string out = "\n";
  char buf[32];
  for (int row = 0; row < 3; ++row) {
    std::snprintf(buf, sizeof(buf), "%08x: ", row);
    out += buf;
    for (int col = 0; col < 3; ++col) {
      int32_t v;
      std::memcpy(&v, data + 4 * (row * 3 + col), 4);
      std::snprintf(buf, sizeof(buf), " %11d", v);
      out += buf;
    }
    out += "\n";
  }
  return out;
}

// The rotation of a display matrix in whole degrees, as ffprobe prints it. A degenerate matrix (all zeros, from a
// damaged header) has no rotation: NaN, whose conversion to an integer is undefined (found by fuzz_probe); ffprobe
// prints what x86 makes of it, INT64_MIN, and so do we, without the undefined conversion.
int64_t display_rotation(const uint8_t* data) {
  int32_t m[9];
  std::memcpy(m, data, sizeof(m));
  double r = av_display_rotation_get(m);
  if (!std::isfinite(r) || std::fabs(r) > 9e18) return INT64_MIN;
  return static_cast<int64_t>(r);
}

// Side data is read as the struct its type names only when it is that large (a damaged or hand-made input may
// carry a shorter payload; ffprobe trusts the size).
template <typename T>
bool fits(size_t size) {
  return size >= sizeof(T);
}

uint32_t rl32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}

void put_mastering(Emitter& e, const AVMasteringDisplayMetadata* m) {
  if (m->has_primaries) {
    e.q("red_x", m->display_primaries[0][0], '/');
    e.q("red_y", m->display_primaries[0][1], '/');
    e.q("green_x", m->display_primaries[1][0], '/');
    e.q("green_y", m->display_primaries[1][1], '/');
    e.q("blue_x", m->display_primaries[2][0], '/');
    e.q("blue_y", m->display_primaries[2][1], '/');
    e.q("white_point_x", m->white_point[0], '/');
    e.q("white_point_y", m->white_point[1], '/');
  }
  if (m->has_luminance) {
    e.q("min_luminance", m->min_luminance, '/');
    e.q("max_luminance", m->max_luminance, '/');
  }
}

}  // namespace

void put_packet_side_data(Emitter& e, const AVCodecParameters* par, const AVPacketSideData* list, int n,
                          SectionId list_id, SectionId item_id) {
  e.begin(list_id);
  for (int i = 0; i < n; ++i) {
    const AVPacketSideData* sd = &list[i];
    e.begin(item_id);
    const char* name = av_packet_side_data_name(sd->type);
    e.str("side_data_type", name ? name : "unknown");
    if (sd->type == AV_PKT_DATA_DISPLAYMATRIX && sd->size >= 9 * 4) {
      e.str("displaymatrix", display_matrix_text(sd->data));
      e.integer("rotation", display_rotation(sd->data));
    } else if (sd->type == AV_PKT_DATA_STEREO3D && fits<AVStereo3D>(sd->size)) {
      const auto* stereo = reinterpret_cast<const AVStereo3D*>(sd->data);
      e.str("type", av_stereo3d_type_name(static_cast<unsigned>(stereo->type)));
      e.integer("inverted", !!(stereo->flags & AV_STEREO3D_FLAG_INVERT));
    } else if (sd->type == AV_PKT_DATA_SPHERICAL && fits<AVSphericalMapping>(sd->size)) {
      const auto* sph = reinterpret_cast<const AVSphericalMapping*>(sd->data);
      e.str("projection", av_spherical_projection_name(sph->projection));
      if (sph->projection == AV_SPHERICAL_CUBEMAP) {
        e.integer("padding", sph->padding);
      } else if (sph->projection == AV_SPHERICAL_EQUIRECTANGULAR_TILE) {
        size_t l = 0, t = 0, r = 0, b = 0;
        av_spherical_tile_bounds(sph, static_cast<size_t>(par->width), static_cast<size_t>(par->height), &l, &t, &r, &b);
        e.integer("bound_left", static_cast<int64_t>(l));
        e.integer("bound_top", static_cast<int64_t>(t));
        e.integer("bound_right", static_cast<int64_t>(r));
        e.integer("bound_bottom", static_cast<int64_t>(b));
      }
      e.integer("yaw", static_cast<int64_t>(static_cast<double>(sph->yaw) / (1 << 16)));
      e.integer("pitch", static_cast<int64_t>(static_cast<double>(sph->pitch) / (1 << 16)));
      e.integer("roll", static_cast<int64_t>(static_cast<double>(sph->roll) / (1 << 16)));
    } else if (sd->type == AV_PKT_DATA_SKIP_SAMPLES && sd->size == 10) {
      e.integer("skip_samples", rl32(sd->data));
      e.integer("discard_padding", rl32(sd->data + 4));
      e.integer("skip_reason", sd->data[8]);
      e.integer("discard_reason", sd->data[9]);
    } else if (sd->type == AV_PKT_DATA_MASTERING_DISPLAY_METADATA && fits<AVMasteringDisplayMetadata>(sd->size)) {
      put_mastering(e, reinterpret_cast<const AVMasteringDisplayMetadata*>(sd->data));
    } else if (sd->type == AV_PKT_DATA_CONTENT_LIGHT_LEVEL && fits<AVContentLightMetadata>(sd->size)) {
      const auto* m = reinterpret_cast<const AVContentLightMetadata*>(sd->data);
      e.integer("max_content", m->MaxCLL);
      e.integer("max_average", m->MaxFALL);
    } else if (sd->type == AV_PKT_DATA_AUDIO_SERVICE_TYPE && fits<int>(sd->size)) {
      int t;
      std::memcpy(&t, sd->data, sizeof(t));
      e.integer("service_type", t);
    } else if (sd->type == AV_PKT_DATA_MPEGTS_STREAM_ID && sd->size > 0) {
      e.integer("id", *sd->data);
    } else if (sd->type == AV_PKT_DATA_CPB_PROPERTIES && fits<AVCPBProperties>(sd->size)) {
      const auto* prop = reinterpret_cast<const AVCPBProperties*>(sd->data);
      e.integer("max_bitrate", prop->max_bitrate);
      e.integer("min_bitrate", prop->min_bitrate);
      e.integer("avg_bitrate", prop->avg_bitrate);
      e.integer("buffer_size", prop->buffer_size);
      e.integer("vbv_delay", static_cast<int64_t>(prop->vbv_delay));
    } else if (sd->type == AV_PKT_DATA_WEBVTT_IDENTIFIER || sd->type == AV_PKT_DATA_WEBVTT_SETTINGS) {
      if (e.shows_data()) e.data("data", sd->data, static_cast<int>(sd->size));
      e.data_hash("data_hash", sd->data, static_cast<int>(sd->size));
    } else if (sd->type == AV_PKT_DATA_AFD && sd->size > 0) {
      e.integer("active_format", *sd->data);
    }
    e.end();
  }
  e.end();
}

void put_frame_side_data(Emitter& e, const AVFrame* frame) {
  e.begin(S::kFrameSideDataList);
  for (int i = 0; i < frame->nb_side_data; ++i) {
    const AVFrameSideData* sd = frame->side_data[i];
    e.begin(S::kFrameSideData);
    const char* name = av_frame_side_data_name(sd->type);
    e.str("side_data_type", name ? name : "unknown");
    if (sd->type == AV_FRAME_DATA_DISPLAYMATRIX && sd->size >= 9 * 4) {
      e.str("displaymatrix", display_matrix_text(sd->data));
      e.integer("rotation", display_rotation(sd->data));
    } else if (sd->type == AV_FRAME_DATA_AFD && sd->size > 0) {
      e.integer("active_format", *sd->data);
    } else if (sd->type == AV_FRAME_DATA_GOP_TIMECODE && sd->size >= 8) {
      char tc[AV_TIMECODE_STR_SIZE];
      int64_t v;
      std::memcpy(&v, sd->data, sizeof(v));
      av_timecode_make_mpeg_tc_string(tc, static_cast<uint32_t>(v));
      e.str("timecode", tc);
    } else if (sd->type == AV_FRAME_DATA_MASTERING_DISPLAY_METADATA && fits<AVMasteringDisplayMetadata>(sd->size)) {
      put_mastering(e, reinterpret_cast<const AVMasteringDisplayMetadata*>(sd->data));
    } else if (sd->type == AV_FRAME_DATA_CONTENT_LIGHT_LEVEL && fits<AVContentLightMetadata>(sd->size)) {
      const auto* m = reinterpret_cast<const AVContentLightMetadata*>(sd->data);
      e.integer("max_content", m->MaxCLL);
      e.integer("max_average", m->MaxFALL);
    } else if (sd->type == AV_FRAME_DATA_ICC_PROFILE) {
      const AVDictionaryEntry* tag = av_dict_get(sd->metadata, "name", nullptr, AV_DICT_MATCH_CASE);
      if (tag) e.str(tag->key, tag->value);
      e.integer("size", static_cast<int64_t>(sd->size));
    }
    e.end();
  }
  e.end();
}

}  // namespace common::probe_detail
