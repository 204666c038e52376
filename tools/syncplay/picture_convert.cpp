#include "picture_convert.hpp"

namespace syncplay {
namespace {

bool is_rgb(AVPixelFormat f) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(f);
  return d && (d->flags & AV_PIX_FMT_FLAG_RGB);
}

}  // namespace

bool picture_is_bt709(const AVFrame* f) {
  switch (f->colorspace) {
    case AVCOL_SPC_BT709: return true;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
    case AVCOL_SPC_SMPTE240M: return false;
    default: return f->height > 576;
  }
}

bool picture_is_full_range(const AVFrame* f) {
  switch (f->format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_YUVJ411P: return true;
    default: return f->color_range == AVCOL_RANGE_JPEG;
  }
}

AVPixelFormat closest_display_format(const std::vector<int>& formats, AVPixelFormat src) {
  std::vector<AVPixelFormat> list;
  for (int f : formats) list.push_back(static_cast<AVPixelFormat>(f));
  list.push_back(AV_PIX_FMT_NONE);
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(src);
  AVPixelFormat best = avcodec_find_best_pix_fmt_of_list(list.data(), src, d && (d->flags & AV_PIX_FMT_FLAG_ALPHA), nullptr);
  return best == AV_PIX_FMT_NONE ? AV_PIX_FMT_YUV420P : best;
}

// The YUVJ formats are their plain twins at full range: swscale wants them so ("deprecated pixel format used"),
// with the range given apart (picture_is_full_range keeps it).
static AVPixelFormat plain(AVPixelFormat f) {
  switch (f) {
    case AV_PIX_FMT_YUVJ420P: return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P: return AV_PIX_FMT_YUV411P;
    default: return f;
  }
}

bool PictureConverter::convert(const AVFrame* src, AVPixelFormat to, uint8_t* const dst[4], const int dst_linesize[4]) {
  const AVPixelFormat from = plain(static_cast<AVPixelFormat>(src->format));
  to = plain(to);
  // Our own check, not sws_getCachedContext's: swscale renames some formats inside its context (BGR0 becomes
  // BGRA), and the cached context would be made again for every picture.
  const bool fresh = !sws_ || src->width != width_ || src->height != height_ || from != from_ || to != to_;
  if (fresh) {
    sws_.reset(sws_getContext(src->width, src->height, from, src->width, src->height, to, SWS_BICUBIC, nullptr,
                              nullptr, nullptr));
    width_ = src->width;
    height_ = src->height;
    from_ = from;
    to_ = to;
  }
  if (!sws_) return false;
  // YUV in: its matrix and range; YUV out (from RGB): BT.601, limited range, as the frame is then tagged.
  const bool yuv_in = !is_rgb(from), yuv_out = !is_rgb(to);
  const int matrix = yuv_in ? (picture_is_bt709(src) ? SWS_CS_ITU709 : SWS_CS_ITU601) : -1;
  const int range = yuv_in ? (picture_is_full_range(src) ? 1 : 0) : -1;
  if (fresh || matrix != matrix_ || range != range_) {  // once per change: it rebuilds the tables
    const int* table = sws_getCoefficients(matrix >= 0 ? matrix : SWS_CS_DEFAULT);
    sws_setColorspaceDetails(sws_.get(), table, yuv_in ? range : 1, yuv_in && yuv_out ? table : sws_getCoefficients(SWS_CS_DEFAULT),
                             yuv_in && yuv_out ? range : yuv_out ? 0 : 1, 0, 1 << 16, 1 << 16);
    matrix_ = matrix;
    range_ = range;
  }
  return sws_scale(sws_.get(), src->data, src->linesize, 0, src->height, dst, dst_linesize) > 0;
}

common::FramePtr PictureConverter::convert(const AVFrame* src, AVPixelFormat to) {
  common::FramePtr out = common::make_frame();
  out->format = to;
  out->width = src->width;
  out->height = src->height;
  if (av_frame_get_buffer(out.get(), 0) < 0 || !convert(src, to, out->data, out->linesize)) return nullptr;
  av_frame_copy_props(out.get(), src);
  const bool yuv_in = !is_rgb(static_cast<AVPixelFormat>(src->format)), yuv_out = !is_rgb(to);
  if (!yuv_out) {
    out->colorspace = AVCOL_SPC_RGB;
    out->color_range = AVCOL_RANGE_JPEG;
  } else if (!yuv_in) {
    out->colorspace = AVCOL_SPC_SMPTE170M;
    out->color_range = AVCOL_RANGE_MPEG;
  } else {  // YUV to YUV keeps the matrix; a YUVJ picture's range goes into its tag
    out->color_range = picture_is_full_range(src) ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
    if (src->colorspace == AVCOL_SPC_UNSPECIFIED)
      out->colorspace = picture_is_bt709(src) ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
  }
  return out;
}

}  // namespace syncplay
