// The single place that includes FFmpeg's C headers, and owning handles for every FFmpeg object we keep.
// A std::unique_ptr alias below owns its object; a raw pointer anywhere else in the code is borrowed.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavutil/avstring.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/cpu.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/hash.h>
#include <libavutil/eval.h>
#include <libavutil/imgutils.h>
#include <libavutil/mastering_display_metadata.h>
#include <libavutil/mathematics.h>
#include <libavutil/opt.h>
#include <libavutil/parseutils.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libavutil/spherical.h>
#include <libavutil/stereo3d.h>
#include <libavutil/time.h>
#include <libavutil/timecode.h>
#include <libavutil/timestamp.h>
#include <libavutil/tx.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>

namespace common {

// AV_TIME_BASE_Q without its C compound literal (which C++ compilers warn about).
inline constexpr AVRational kTimeBaseQ{1, AV_TIME_BASE};

namespace detail {
struct InputFormatDeleter {
  void operator()(AVFormatContext* ctx) const noexcept { avformat_close_input(&ctx); }
};
// An output context does not own its pb when we set it (AVFMT_FLAG_CUSTOM_IO); the IoContext frees that.
struct OutputFormatDeleter {
  void operator()(AVFormatContext* ctx) const noexcept { avformat_free_context(ctx); }
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* ctx) const noexcept { avcodec_free_context(&ctx); }
};
struct PacketDeleter {
  void operator()(AVPacket* pkt) const noexcept { av_packet_free(&pkt); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const noexcept { av_frame_free(&frame); }
};
struct FilterGraphDeleter {
  void operator()(AVFilterGraph* graph) const noexcept { avfilter_graph_free(&graph); }
};
struct FilterInOutDeleter {
  void operator()(AVFilterInOut* io) const noexcept { avfilter_inout_free(&io); }
};
struct DictionaryDeleter {
  void operator()(AVDictionary* dict) const noexcept { av_dict_free(&dict); }
};
struct SwrDeleter {
  void operator()(SwrContext* swr) const noexcept { swr_free(&swr); }
};
struct SwsDeleter {
  void operator()(SwsContext* sws) const noexcept { sws_freeContext(sws); }
};
// FFmpeg may replace the buffer we handed to avio_alloc_context, so the buffer freed is the context's own.
struct IoContextDeleter {
  void operator()(AVIOContext* io) const noexcept {
    if (io) av_freep(&io->buffer);
    avio_context_free(&io);
  }
};
struct AvFreeDeleter {
  void operator()(void* p) const noexcept { av_free(p); }
};
struct BsfDeleter {
  void operator()(AVBSFContext* bsf) const noexcept { av_bsf_free(&bsf); }
};
}  // namespace detail

using InputFormatPtr = std::unique_ptr<AVFormatContext, detail::InputFormatDeleter>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, detail::OutputFormatDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, detail::CodecContextDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, detail::PacketDeleter>;
using FramePtr = std::unique_ptr<AVFrame, detail::FrameDeleter>;
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, detail::FilterGraphDeleter>;
using FilterInOutPtr = std::unique_ptr<AVFilterInOut, detail::FilterInOutDeleter>;
using DictionaryPtr = std::unique_ptr<AVDictionary, detail::DictionaryDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, detail::SwrDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, detail::SwsDeleter>;
using IoContextPtr = std::unique_ptr<AVIOContext, detail::IoContextDeleter>;
using AvBufferPtr = std::unique_ptr<void, detail::AvFreeDeleter>;
using BsfPtr = std::unique_ptr<AVBSFContext, detail::BsfDeleter>;

// Allocation helpers that throw common::Error(AVERROR(ENOMEM)) instead of returning null.
PacketPtr make_packet();
FramePtr make_frame();

}  // namespace common
