#include "common/encode.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstring>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace common {

namespace {
constexpr const char* kContext = "opening encoder";

// Packed sample formats, each of which some PCM encoder stores unchanged.
const std::vector<int>& packed_sample_formats() {
  static const std::vector<int> kFormats = {AV_SAMPLE_FMT_U8, AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S32,
                                            AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_DBL, AV_SAMPLE_FMT_S64};
  return kFormats;
}
}  // namespace

AVCodecID pcm_codec_for(AVSampleFormat fmt) {
  switch (av_get_packed_sample_fmt(fmt)) {
    case AV_SAMPLE_FMT_U8: return AV_CODEC_ID_PCM_U8;
    case AV_SAMPLE_FMT_S16: return AV_CODEC_ID_PCM_S16LE;
    case AV_SAMPLE_FMT_S32: return AV_CODEC_ID_PCM_S32LE;
    case AV_SAMPLE_FMT_FLT: return AV_CODEC_ID_PCM_F32LE;
    case AV_SAMPLE_FMT_DBL: return AV_CODEC_ID_PCM_F64LE;
    case AV_SAMPLE_FMT_S64: return AV_CODEC_ID_PCM_S64LE;
    default: return AV_CODEC_ID_PCM_S16LE;
  }
}

namespace {
const AVOption* find_encoder_option(const std::string& name) {
  const AVClass* cls = avcodec_get_class();
  const AVOption* o = av_opt_find(&cls, name.c_str(), nullptr, 0, AV_OPT_SEARCH_CHILDREN | AV_OPT_SEARCH_FAKE_OBJ);
  return o && (o->flags & AV_OPT_FLAG_ENCODING_PARAM) ? o : nullptr;
}
}  // namespace

bool is_encoder_option(const std::string& name) { return find_encoder_option(name) != nullptr; }

std::string encoder_option_help(const std::string& name) {
  const AVOption* o = find_encoder_option(name);
  return o && o->help ? o->help : "";
}

std::unique_ptr<Encoder> Encoder::create(AVMediaType type, const EncoderOptions& options) {
  std::unique_ptr<Encoder> e(new Encoder());
  e->type_ = type;
  e->options_ = options;
  if (type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO)
    throw Error(kContext, "only audio and video outputs can be encoded", AVERROR(EINVAL), ErrorKind::kUsage);
  if (!options.codec.empty()) {
    e->codec_ = avcodec_find_encoder_by_name(options.codec.c_str());
    if (!e->codec_) {
      const AVCodecDescriptor* d = avcodec_descriptor_get_by_name(options.codec.c_str());
      if (d) e->codec_ = avcodec_find_encoder(d->id);
    }
    if (!e->codec_) throw Error(kContext, "unknown encoder '" + options.codec + "'", AVERROR_ENCODER_NOT_FOUND, ErrorKind::kUsage);
    if (e->codec_->type != type)
      throw Error(kContext, std::string("encoder '") + e->codec_->name + "' is not a " + av_get_media_type_string(type) +
                                " encoder", AVERROR(EINVAL), ErrorKind::kUsage);
  } else if (type == AVMEDIA_TYPE_VIDEO) {
    e->codec_ = avcodec_find_encoder(AV_CODEC_ID_RAWVIDEO);
    if (!e->codec_) throw Error(kContext, "no rawvideo encoder", AVERROR_ENCODER_NOT_FOUND, ErrorKind::kUsage);
  }
  return e;
}

SinkParams Encoder::sink_params() const {
  SinkParams p;
  if (!codec_) {  // default PCM: any packed format
    p.formats = packed_sample_formats();
    p.packed_pcm = true;
    return p;
  }
  if (type_ == AVMEDIA_TYPE_VIDEO) {
    if (codec_->pix_fmts)
      for (const AVPixelFormat* f = codec_->pix_fmts; *f != AV_PIX_FMT_NONE; ++f) p.formats.push_back(*f);
    // As ffmpeg 5.1 (choose_pix_fmts): MJPEG takes limited-range YUV only at -strict unofficial or below; at the
    // default compliance the graph is asked for its full-range formats.
    if (std::string(codec_->name) == "mjpeg" && compliance() > FF_COMPLIANCE_UNOFFICIAL)
      p.formats = {AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P};
  } else {
    if (codec_->sample_fmts)
      for (const AVSampleFormat* f = codec_->sample_fmts; *f != AV_SAMPLE_FMT_NONE; ++f) p.formats.push_back(*f);
    if (codec_->supported_samplerates)
      for (const int* r = codec_->supported_samplerates; *r; ++r) p.sample_rates.push_back(*r);
    if (codec_->ch_layouts) {
      for (const AVChannelLayout* l = codec_->ch_layouts; l->nb_channels; ++l) {
        char buf[128];
        if (av_channel_layout_describe(l, buf, sizeof buf) >= 0) p.ch_layouts.push_back(buf);
      }
    }
  }
  return p;
}

int Encoder::compliance() const {
  int strict = FF_COMPLIANCE_NORMAL;
  for (const auto& [key, value] : options_.options) {
    if (key != "strict") continue;
    AVCodecContext* c = avcodec_alloc_context3(codec_);
    if (c && av_opt_set(c, "strict", value.c_str(), 0) >= 0) strict = c->strict_std_compliance;
    avcodec_free_context(&c);
  }
  return strict;
}

void Encoder::prepare(AVFilterContext* sink, bool global_header) {
  if (!codec_) {
    auto fmt = static_cast<AVSampleFormat>(av_buffersink_get_format(sink));
    codec_ = avcodec_find_encoder(pcm_codec_for(fmt));
    if (!codec_) throw Error(kContext, "no PCM encoder for this sample format", AVERROR_ENCODER_NOT_FOUND, ErrorKind::kUsage);
  }
  ctx_.reset(avcodec_alloc_context3(codec_));
  if (!ctx_) throw Error(kContext, AVERROR(ENOMEM));
  AVCodecContext* c = ctx_.get();
  sink_time_base_ = av_buffersink_get_time_base(sink);
  if (type_ == AVMEDIA_TYPE_VIDEO) {
    c->width = av_buffersink_get_w(sink);
    c->height = av_buffersink_get_h(sink);
    c->pix_fmt = static_cast<AVPixelFormat>(av_buffersink_get_format(sink));
    // ffmpeg's init_output_stream_encode: -aspect's ratio over the frame's shape, else the graph's.
    c->sample_aspect_ratio = display_aspect_.num > 0 ? av_mul_q(display_aspect_, AVRational{c->height, c->width})
                                                     : av_buffersink_get_sample_aspect_ratio(sink);
    c->framerate = av_buffersink_get_frame_rate(sink);
    // rawvideo keeps the sink's time base: every timestamp stays exact. A named encoder gets ffmpeg's 1/frame rate
    // when the rate is known: its rate control reads the frame rate from the time base (-b:v 300k over a 1/1000
    // time base would give 60 fps video a tenth of its bits), and its packets are then ffmpeg's.
    const bool named = !options_.codec.empty() && options_.codec != "rawvideo";
    c->time_base = named && c->framerate.num > 0 && c->framerate.den > 0 ? av_inv_q(c->framerate) : sink_time_base_;
    if (rate_time_base_) {  // ffmpeg's frame rate control: 1/rate, the rate as its encoder setup picks it
      AVRational rate = forced_rate_.num > 0 && forced_rate_.den > 0 ? forced_rate_ : c->framerate;
      if ((rate.num <= 0 || rate.den <= 0) && default_25_) rate = AVRational{25, 1};
      if (codec_->supported_framerates && rate.num > 0)
        rate = codec_->supported_framerates[av_find_nearest_q_idx(rate, codec_->supported_framerates)];
      if (codec_->id == AV_CODEC_ID_MPEG4 && rate.num > 0) av_reduce(&rate.num, &rate.den, rate.num, rate.den, 65535);
      if (rate.num > 0 && rate.den > 0) {
        c->framerate = rate;
        c->time_base = av_inv_q(rate);
      }
    }
  } else {
    c->sample_fmt = static_cast<AVSampleFormat>(av_buffersink_get_format(sink));
    c->sample_rate = av_buffersink_get_sample_rate(sink);
    int ret = av_buffersink_get_ch_layout(sink, &c->ch_layout);
    if (ret < 0) throw Error(kContext, ret, ErrorKind::kUsage);
    c->time_base = AVRational{1, c->sample_rate};
  }
  if (enc_time_base_.num > 0 && enc_time_base_.den > 0) c->time_base = enc_time_base_;  // ffmpeg's init_encoder_time_base
  c->thread_count = options_.threads;
  c->codec_tag = codec_tag_;
  if (global_header) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (options_.qscale >= 0) {  // as ffmpeg 5.1's new_output_stream (the product truncated to an int, as there)
    c->flags |= AV_CODEC_FLAG_QSCALE;
    c->global_quality = static_cast<int>(FF_QP2LAMBDA * options_.qscale);
  }
}

void Encoder::open(const AVFrame* first) {
  if (!ctx_) throw Error(kContext, "the encoder was not prepared", AVERROR_BUG);
  AVCodecContext* c = ctx_.get();
  if (type_ == AVMEDIA_TYPE_VIDEO && first) {  // ffmpeg 5.1's init_output_stream_encode
    c->color_range = first->color_range;
    c->color_primaries = first->color_primaries;
    c->color_trc = first->color_trc;
    c->colorspace = first->colorspace;
    c->chroma_sample_location = first->chroma_location;
    if (!first->interlaced_frame)
      c->field_order = AV_FIELD_PROGRESSIVE;
    else if (codec_->id == AV_CODEC_ID_MJPEG)
      c->field_order = first->top_field_first ? AV_FIELD_TT : AV_FIELD_BB;
    else
      c->field_order = first->top_field_first ? AV_FIELD_TB : AV_FIELD_BT;
  }
  AVDictionary* opts = nullptr;
  for (const auto& [k, v] : options_.options) av_dict_set(&opts, k.c_str(), v.c_str(), 0);
  if (type_ == AVMEDIA_TYPE_VIDEO && pass_ > 0) open_two_pass(&opts);
  int ret = avcodec_open2(c, codec_, &opts);
  DictionaryPtr leftover(opts);
  if (ret < 0)
    throw Error(kContext,
                std::string(codec_->name) + ": " + av_error_text(ret) +
                    (type_ == AVMEDIA_TYPE_VIDEO && (pass_ & 2) ? " (pass 2, from the statistics of '" + pass_log_ + "')"
                                                                : std::string()),
                ret, ErrorKind::kUsage);
  for (const AVDictionaryEntry* e = nullptr; (e = av_dict_get(leftover.get(), "", e, AV_DICT_IGNORE_SUFFIX));)
    unused_.emplace_back(e->key);
  opened_ = true;
}

void Encoder::open_two_pass(AVDictionary** opts) {
  AVCodecContext* c = ctx_.get();
  if (pass_ & 1) c->flags |= AV_CODEC_FLAG_PASS1;
  if (pass_ & 2) c->flags |= AV_CODEC_FLAG_PASS2;
  if (std::strcmp(codec_->name, "libx264") == 0) {  // ffmpeg 5.1's new_video_stream
    av_dict_set(opts, "stats", pass_log_.c_str(), AV_DICT_DONT_OVERWRITE);
    return;
  }
  if (pass_ & 2) {
    std::FILE* f = std::fopen(pass_log_.c_str(), "rb");
    if (!f)
      throw Error(kContext, "cannot read the log '" + pass_log_ + "' for pass 2 (" + std::strerror(errno) + ")",
                  AVERROR(errno));
    char buf[1 << 16];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) stats_in_.append(buf, n);
    std::fclose(f);
    c->stats_in = stats_in_.data();
    if (!pass2_opens(*opts))
      throw Error(kContext,
                  std::string(codec_->name) + ": pass 2 cannot reach the bitrate asked with the statistics of '" +
                      pass_log_ + "' (ask more: -b:v)",
                  AVERROR(EINVAL), ErrorKind::kUsage);
  }
  if (pass_ & 1) {
    pass_file_.reset(std::fopen(pass_log_.c_str(), "wb"));
    if (!pass_file_)
      throw Error(kContext, "cannot write the log '" + pass_log_ + "' for pass 1 (" + std::strerror(errno) + ")",
                  AVERROR(errno));
  }
}

namespace {
bool rate_control_failed = false;  // in the child of pass2_opens()
// The child's log: no lock (another thread may have held av_log's at fork time), errors only; it notes the rate
// control's own refusals ("[lavc rc] Error: ...", "requested bitrate is too low").
__attribute__((format(printf, 3, 0))) void child_log(void*, int level, const char* fmt, va_list args) {
  if (level > AV_LOG_ERROR) return;
  char text[512];
  std::vsnprintf(text, sizeof text, fmt, args);
  if (std::strstr(text, "[lavc rc]") || std::strstr(text, "bitrate is too low")) rate_control_failed = true;
  const std::string line = program_name() + ": " + text;
  [[maybe_unused]] ssize_t n = ::write(2, line.data(), line.size());
}
}  // namespace

bool Encoder::pass2_opens(AVDictionary* opts) {
  // libavcodec 5.1's MPEG-video rate control (the encoders with an rc_eq option: mpeg4, mpeg2video, h263...) frees
  // its rate expression twice when a second pass cannot reach the bitrate ("[lavc rc] Error: bitrate too low for
  // this video with these parameters"), and the process aborts: ffmpeg 5.1's does. The open is tried first in a
  // child process, on its copy of this context, one thread; only the child dies of it.
  void* priv = const_cast<const AVClass**>(&codec_->priv_class);  // a fake object: searched, never written
  if (!codec_->priv_class || !av_opt_find(priv, "rc_eq", nullptr, 0, AV_OPT_SEARCH_FAKE_OBJ)) return true;
  constexpr int kOpened = 0, kRefused = 3, kRateControlRefused = 4;
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return true;  // no check: the open itself decides
  if (pid == 0) {
    av_log_set_callback(child_log);
    AVDictionary* copy = nullptr;
    av_dict_copy(&copy, opts, 0);
    AVCodecContext* c = ctx_.get();
    c->thread_count = 1;
    const int ret = avcodec_open2(c, codec_, &copy);  // (a refusal of the rate control corrupted this heap)
    ::_exit(ret >= 0 ? kOpened : rate_control_failed ? kRateControlRefused : kRefused);
  }
  int status = 0;
  for (int waited_ms = 0; ::waitpid(pid, &status, WNOHANG) == 0; waited_ms += 10) {
    if (waited_ms > 30000) {  // a lock another thread held at fork time: no answer, the open itself decides
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return true;
    }
    ::usleep(10000);
  }
  // Opened, or refused in the ordinary way (the real open says why): go on. Refused by the rate control, or died of
  // its double free: refuse.
  return WIFEXITED(status) && (WEXITSTATUS(status) == kOpened || WEXITSTATUS(status) == kRefused);
}

namespace {
const char* const kKeyFrameVars[] = {"n", "n_forced", "prev_forced_n", "prev_forced_t", "t", nullptr};
enum { kKeyN, kKeyNForced, kKeyPrevForcedN, kKeyPrevForcedT, kKeyT };
}  // namespace

void Encoder::force_key_frames(const std::string& spec) {
  constexpr const char* kWhat = "-force_key_frames";
  if (spec.rfind("expr:", 0) == 0) {
    AVExpr* e = nullptr;
    const int ret = av_expr_parse(&e, spec.c_str() + 5, kKeyFrameVars, nullptr, nullptr, nullptr, nullptr, 0, nullptr);
    if (ret < 0) throw Error(kWhat, "'" + spec.substr(5) + "' is not an expression of n, n_forced, prev_forced_n, "
                                    "prev_forced_t and t", ret, ErrorKind::kUsage);
    key_expr_.reset(e);
    key_vars_[kKeyPrevForcedN] = key_vars_[kKeyPrevForcedT] = NAN;  // as ffmpeg 5.1's
    return;
  }
  if (spec.rfind("source", 0) == 0) {
    key_source_ = true;
    return;
  }
  for (size_t at = 0; at <= spec.size();) {  // ffmpeg's parse_forced_key_frames: times, in order
    const size_t comma = std::min(spec.find(',', at), spec.size());
    const std::string item = spec.substr(at, comma - at);
    int64_t t = 0;
    if (item.empty() || av_parse_time(&t, item.c_str(), 1) < 0)
      throw Error(kWhat, "'" + item + "' is not a time (or give expr:EXPR or source)", AVERROR(EINVAL), ErrorKind::kUsage);
    key_times_.push_back(t);
    at = comma + 1;
  }
  std::sort(key_times_.begin(), key_times_.end());
}

bool Encoder::forced_key(const AVFrame* frame) {
  // ffmpeg 5.1's do_video_out, in its order: the next time reached, else the expression, else a source key frame.
  if (next_key_ < key_times_.size() && frame->pts != AV_NOPTS_VALUE &&
      frame->pts >= av_rescale_q(key_times_[next_key_], kTimeBaseQ, ctx_->time_base)) {
    ++next_key_;
    return true;
  }
  if (key_expr_) {
    key_vars_[kKeyT] = static_cast<double>(frame->pts) * av_q2d(ctx_->time_base);
    const bool force = av_expr_eval(key_expr_.get(), key_vars_, nullptr) != 0;
    if (force) {
      key_vars_[kKeyPrevForcedN] = key_vars_[kKeyN];
      key_vars_[kKeyPrevForcedT] = key_vars_[kKeyT];
      key_vars_[kKeyNForced] += 1;
    }
    key_vars_[kKeyN] += 1;
    return force;
  }
  return key_source_ && frame->key_frame;
}

int Encoder::sink_frame_size() const {
  const AVCodecContext* c = ctx_.get();
  const bool fixed = opened_ && type_ == AVMEDIA_TYPE_AUDIO && c->frame_size > 0 &&
                     !(codec_->capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE);
  return fixed ? c->frame_size : 0;
}

namespace {
std::string video_format(int w, int h, int fmt) {
  const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(fmt));
  return std::to_string(w) + "x" + std::to_string(h) + " " + (name ? name : "?");
}
std::string audio_format(int rate, int fmt, const AVChannelLayout& layout) {
  const char* name = av_get_sample_fmt_name(static_cast<AVSampleFormat>(fmt));
  char text[64] = "?";
  av_channel_layout_describe(&layout, text, sizeof text);
  return std::to_string(rate) + " Hz " + (name ? name : "?") + " " + text;
}
}  // namespace

int Encoder::send(AVFrame* frame, bool pts_in_encoder_tb) {
  if (frame) {
    const AVCodecContext* c = ctx_.get();
    if (type_ == AVMEDIA_TYPE_VIDEO && (frame->width != c->width || frame->height != c->height || frame->format != c->pix_fmt)) {
      changed_format_ = video_format(c->width, c->height, c->pix_fmt) + " -> " +
                        video_format(frame->width, frame->height, frame->format);
      return kErrorFrameFormatChanged;
    }
    // One channel is laid out alike packed or planar: avcodec_open2 may have swapped the graph's format for its
    // twin (libtwolame, fltp -> flt, its first), as ffmpeg's encoder gets it too; the frame says the encoder's.
    if (type_ == AVMEDIA_TYPE_AUDIO && c->ch_layout.nb_channels == 1 && frame->format != c->sample_fmt &&
        av_get_packed_sample_fmt(static_cast<AVSampleFormat>(frame->format)) == av_get_packed_sample_fmt(c->sample_fmt))
      frame->format = c->sample_fmt;
    if (type_ == AVMEDIA_TYPE_AUDIO && (frame->sample_rate != c->sample_rate || frame->format != c->sample_fmt ||
                                        av_channel_layout_compare(&frame->ch_layout, &c->ch_layout) != 0)) {
      changed_format_ = audio_format(c->sample_rate, c->sample_fmt, c->ch_layout) + " -> " +
                        audio_format(frame->sample_rate, frame->format, frame->ch_layout);
      return kErrorFrameFormatChanged;
    }
    if (frame->pts != AV_NOPTS_VALUE && !pts_in_encoder_tb)
      frame->pts = av_rescale_q(frame->pts, sink_time_base_, ctx_->time_base) -
                   av_rescale_q(output_start_, kTimeBaseQ, ctx_->time_base);
    frame->pict_type = AV_PICTURE_TYPE_NONE;  // let the encoder pick its own key frames (but -force_key_frames)
    if (type_ == AVMEDIA_TYPE_VIDEO && forced_key(frame)) frame->pict_type = AV_PICTURE_TYPE_I;
    // ffmpeg's do_video_out: the frame asks for the encoder's quality (what -q sets; a decoder's own is dropped).
    // Its reap_filters: the encoder takes each frame's aspect ratio (MJPEG's JFIF header and libx264 follow it),
    // unless -aspect set one.
    if (type_ == AVMEDIA_TYPE_VIDEO) {
      frame->quality = ctx_->global_quality;
      if (display_aspect_.num <= 0) ctx_->sample_aspect_ratio = frame->sample_aspect_ratio;
    }
  }
  return avcodec_send_frame(ctx_.get(), frame);
}

int Encoder::receive(AVPacket* pkt) {
  int ret = avcodec_receive_packet(ctx_.get(), pkt);
  // ffmpeg's encode_frame: a first pass's statistics go to its log after each packet and at the end.
  if ((ret >= 0 || ret == AVERROR_EOF) && pass_file_ && ctx_->stats_out &&
      std::fputs(ctx_->stats_out, pass_file_.get()) == EOF)
    return AVERROR(errno ? errno : EIO);
  if (ret == AVERROR_EOF && pass_file_ && std::fflush(pass_file_.get()) != 0) return AVERROR(errno ? errno : EIO);
  return ret;
}

}  // namespace common
