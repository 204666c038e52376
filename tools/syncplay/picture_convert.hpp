// Pictures converted for the display with swscale, with one rule for colours wherever it happens: a YUV picture is
// read with its own matrix and range when it is tagged, else with SDL's guess from its height (BT.709 above 576
// lines), so that a picture looks the same whether the renderer or swscale turns it into RGB.
#pragma once

#include <vector>

#include "common/ffmpeg.hpp"

namespace syncplay {

bool picture_is_bt709(const AVFrame* f);
bool picture_is_full_range(const AVFrame* f);

// The format of `formats` that `src` converts to with the least loss (FFmpeg's own choice).
AVPixelFormat closest_display_format(const std::vector<int>& formats, AVPixelFormat src);

class PictureConverter {
 public:
  // Converts `src` (same size) into the planes `dst` of format `to`; false when swscale cannot.
  bool convert(const AVFrame* src, AVPixelFormat to, uint8_t* const dst[4], const int dst_linesize[4]);
  // A new frame of format `to` with `src`'s picture and properties, its colour tags those of what was written.
  common::FramePtr convert(const AVFrame* src, AVPixelFormat to);

 private:
  common::SwsPtr sws_;
  int width_ = 0, height_ = 0;  // what sws_ converts
  AVPixelFormat from_ = AV_PIX_FMT_NONE, to_ = AV_PIX_FMT_NONE;
  int matrix_ = -2, range_ = -2;  // what sws_ was set to
};

}  // namespace syncplay
