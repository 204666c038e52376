#include "common/decode.hpp"

#include <algorithm>

#include "common/errors.hpp"

namespace common {

bool is_decoder_option(const std::string& name) {
  const AVClass* cls = avcodec_get_class();
  return av_opt_find(&cls, name.c_str(), nullptr, AV_OPT_FLAG_DECODING_PARAM,
                     AV_OPT_SEARCH_CHILDREN | AV_OPT_SEARCH_FAKE_OBJ) != nullptr;
}

std::vector<std::pair<std::string, std::string>> decoder_options_for(const std::vector<CodecOption>& options,
                                                                     AVFormatContext* ctx, const AVStream* st,
                                                                     const AVCodec* codec) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!codec) codec = avcodec_find_decoder(st->codecpar->codec_id);
  int flags = AV_OPT_FLAG_DECODING_PARAM;
  switch (st->codecpar->codec_type) {
    case AVMEDIA_TYPE_VIDEO: flags |= AV_OPT_FLAG_VIDEO_PARAM; break;
    case AVMEDIA_TYPE_AUDIO: flags |= AV_OPT_FLAG_AUDIO_PARAM; break;
    case AVMEDIA_TYPE_SUBTITLE: flags |= AV_OPT_FLAG_SUBTITLE_PARAM; break;
    default: break;
  }
  for (const CodecOption& o : options) {
    if (!o.spec.empty()) {
      int r = avformat_match_stream_specifier(ctx, const_cast<AVStream*>(st), o.spec.c_str());
      if (r < 0)
        throw Error("opening decoder", "invalid stream specifier '" + o.spec + "' in -" + o.name + ":" + o.spec, r,
                    ErrorKind::kUsage);
      if (r == 0) continue;
    }
    const AVClass* cls = avcodec_get_class();
    const AVClass* priv = codec ? codec->priv_class : nullptr;
    if (!codec || av_opt_find(&cls, o.name.c_str(), nullptr, flags, AV_OPT_SEARCH_FAKE_OBJ) ||
        (priv && av_opt_find(&priv, o.name.c_str(), nullptr, flags, AV_OPT_SEARCH_FAKE_OBJ))) {
      // Set again, as av_dict_set would: the last value given wins, in the first place it was given.
      auto same = std::find_if(out.begin(), out.end(), [&](const auto& kv) { return kv.first == o.name; });
      if (same != out.end())
        same->second = o.value;
      else
        out.emplace_back(o.name, o.value);
    }
  }
  return out;
}

std::string invalid_codec_option_value(const std::string& name, const std::string& value) {
  CodecContextPtr scratch(avcodec_alloc_context3(nullptr));
  if (!scratch) return "";
  const AVOption* o = av_opt_find(scratch.get(), name.c_str(), nullptr, 0, 0);
  if (!o) return "";
  // av_opt_set says why at the codec context's log level; the one line said here is enough.
  const int level = av_log_get_level();
  av_log_set_level(AV_LOG_QUIET);
  const int ret = av_opt_set(scratch.get(), name.c_str(), value.c_str(), 0);
  av_log_set_level(level);
  if (ret >= 0) return "";
  std::string why = "'" + value + "' is not a value of " + name;
  if (o->unit) {
    std::string named;
    for (const AVOption* c = nullptr; (c = av_opt_next(scratch.get(), c));)
      if (c->type == AV_OPT_TYPE_CONST && c->unit && std::string(c->unit) == o->unit)
        named += (named.empty() ? "" : ", ") + std::string(c->name);
    if (!named.empty()) why += " (" + named + ")";
  }
  return why;
}

const AVCodec* find_decoder(const std::string& name, AVMediaType type, const std::string& option) {
  const AVCodec* codec = avcodec_find_decoder_by_name(name.c_str());
  if (!codec)
    if (const AVCodecDescriptor* d = avcodec_descriptor_get_by_name(name.c_str())) codec = avcodec_find_decoder(d->id);
  if (!codec)
    throw Error("opening decoder", option + ": no decoder named '" + name + "'", AVERROR_DECODER_NOT_FOUND,
                ErrorKind::kUsage);
  if (type != AVMEDIA_TYPE_UNKNOWN && codec->type != type) {
    const char* t = av_get_media_type_string(type);
    throw Error("opening decoder",
                option + ": '" + name + "' decodes " + av_get_media_type_string(codec->type) + ", not " +
                    (t ? t : "data"),
                AVERROR(EINVAL), ErrorKind::kUsage);
  }
  return codec;
}

const AVCodec* decoder_for(const std::vector<CodecOption>& choices, AVFormatContext* ctx, const AVStream* st) {
  const CodecOption* chosen = nullptr;
  for (const CodecOption& c : choices) {
    if (!c.spec.empty()) {
      const int r = avformat_match_stream_specifier(ctx, const_cast<AVStream*>(st), c.spec.c_str());
      if (r < 0)
        throw Error("opening decoder", "invalid stream specifier '" + c.spec + "' in -" + c.name + ":" + c.spec, r,
                    ErrorKind::kUsage);
      if (r == 0) continue;
    }
    chosen = &c;
  }
  if (!chosen) return nullptr;
  return find_decoder(chosen->value, st->codecpar->codec_type,
                      "-" + chosen->name + (chosen->spec.empty() ? "" : ":" + chosen->spec) + " (stream " +
                          std::to_string(st->index) + ")");
}

std::unique_ptr<Decoder> Decoder::open(const AVStream* st, const DecoderOptions& options) {
  const AVCodec* codec = options.codec.empty()
                             ? avcodec_find_decoder(st->codecpar->codec_id)
                             : find_decoder(options.codec, st->codecpar->codec_type,
                                            "stream " + std::to_string(st->index));
  if (!codec) {
    throw Error("opening decoder", std::string("no decoder for ") + avcodec_get_name(st->codecpar->codec_id) +
                                       " (stream " + std::to_string(st->index) + ")",
                AVERROR_DECODER_NOT_FOUND);
  }
  std::unique_ptr<Decoder> d(new Decoder());
  d->ctx_.reset(avcodec_alloc_context3(codec));
  if (!d->ctx_) throw Error("opening decoder", AVERROR(ENOMEM));
  check(avcodec_parameters_to_context(d->ctx_.get(), st->codecpar), "opening decoder");
  d->ctx_->codec_id = codec->id;  // a decoder chosen by name may decode another codec than the stream says (ffmpeg's)
  d->ctx_->pkt_timebase = st->time_base;
  d->ctx_->thread_count = options.threads;
  if (options.low_delay) d->ctx_->flags |= AV_CODEC_FLAG_LOW_DELAY;
  if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO) d->ctx_->framerate = st->avg_frame_rate;
  AVDictionary* opts = nullptr;
  for (const auto& [k, v] : options.avoptions) av_dict_set(&opts, k.c_str(), v.c_str(), 0);
  int ret = avcodec_open2(d->ctx_.get(), codec, &opts);
  DictionaryPtr leftover(opts);
  check(ret, "opening decoder");
  if (const AVDictionaryEntry* e = av_dict_get(leftover.get(), "", nullptr, AV_DICT_IGNORE_SUFFIX))
    throw Error("opening decoder",
                std::string("option ") + e->key + " for input stream " + std::to_string(st->index) + " not found",
                AVERROR_OPTION_NOT_FOUND, ErrorKind::kUsage);
  d->time_base_ = st->time_base;
  d->stream_index_ = st->index;
  d->frame_pts_ = options.frame_pts;
  return d;
}

int Decoder::send(const AVPacket* pkt) { return avcodec_send_packet(ctx_.get(), pkt); }

int Decoder::receive(AVFrame* frame) {
  int ret = avcodec_receive_frame(ctx_.get(), frame);
  if (ret >= 0 && frame_pts_ == DecoderOptions::FramePts::kBestEffort) frame->pts = frame->best_effort_timestamp;
  if (ret >= 0 && frame_pts_ == DecoderOptions::FramePts::kPacketDts) frame->pts = frame->pkt_dts;
  return ret;
}

void Decoder::flush() { avcodec_flush_buffers(ctx_.get()); }

}  // namespace common
