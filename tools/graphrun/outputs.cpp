#include "outputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace graphrun {

using common::Error;

MediaOutput::MediaOutput(const OutputSpec& spec) : spec_(spec), pkt_(common::make_packet()) {
  common::OutputOptions options;
  options.filename = spec.path;
  options.format = spec.format;
  options.muxer_options = spec.muxer_options;
  options.set_mux_timing(spec.mux_delay, spec.mux_preload);
  if (options.format.empty()) {
    bool guessable = spec.path != "-" && av_guess_format(nullptr, spec.path.c_str(), nullptr) != nullptr;
    if (!guessable) options.format = "nut";
  }
  if (options.format == "null") {
    // ffmpeg -f null: the frames go nowhere, so nothing encodes them either; unless an encoder is named (the first
    // pass of a two-pass encode, an encoder's speed), which encodes as ffmpeg's does, into the null muxer.
    null_format_ = av_guess_format("null", nullptr, nullptr);
    if (!null_format_) throw Error("opening output", "no null muxer", AVERROR_MUXER_NOT_FOUND);
    if (spec.video.codec.empty() && spec.audio.codec.empty()) return;
    no_stream_ = std::make_unique<common::MemorySink>();
    out_ = common::Output::open(*no_stream_, options);
    return;
  }
  const AVOutputFormat* muxer = options.format.empty() ? av_guess_format(nullptr, spec.path.c_str(), nullptr)
                                                      : av_guess_format(options.format.c_str(), nullptr, nullptr);
  if (muxer && common::writes_own_files(muxer)) {
    // image2 (thumb.png, frame%04d.jpg), segment, hls: the muxer opens its files itself, each written beside its
    // name and renamed into place when complete; there is no one stream to write.
    if (spec.path == "-")
      throw common::usage_error("opening output", std::string("the ") + muxer->name +
                                                      " muxer writes files of its own: name them (thumb.png, "
                                                      "frame%04d.png, a playlist), not stdout");
    options.nested = common::NestedFiles::kWrite;
    no_stream_ = std::make_unique<common::MemorySink>();
    out_ = common::Output::open(*no_stream_, options);
    return;
  }
  target_ = std::make_unique<common::OutputTarget>(common::OutputTarget::open(spec.path));
  out_ = common::Output::open(target_->sink(), options);
}

std::string MediaOutput::default_encoder(AVMediaType type) const {
  const AVOutputFormat* f = out_->format();
  const AVCodecID raw = type == AVMEDIA_TYPE_VIDEO ? AV_CODEC_ID_RAWVIDEO : AV_CODEC_ID_PCM_S16LE;
  // MOV lists rawvideo, but only for packed RGB and a few 4:2:2 layouts: the planar YUV a graph gives makes a file
  // no player reads (FFmpeg only warns); FLV lists PCM, but only at 44100, 22050 and 11025 Hz (a 48 kHz graph made
  // the header fail); WTV lists the AVI tags, rawvideo among them, and refuses all but a few. As ffmpeg, they get the
  // muxer's own encoders (h264 and aac; flv1 and mp3; mpeg2video and ac3) instead.
  const bool narrow_raw = std::strcmp(f->name, "mov") == 0 || std::strcmp(f->name, "flv") == 0 ||
                          std::strcmp(f->name, "wtv") == 0;
  const int takes_raw = narrow_raw ? 0 : avformat_query_codec(f, raw, FF_COMPLIANCE_NORMAL);
  const AVCodecID id = av_guess_codec(f, nullptr, spec_.path == "-" ? nullptr : spec_.path.c_str(), nullptr, type);
  // rawvideo, or PCM (the audio codec IDs before the first ADPCM one)
  const bool default_raw = id == AV_CODEC_ID_RAWVIDEO || (id >= AV_CODEC_ID_FIRST_AUDIO && id < AV_CODEC_ID_ADPCM_IMA_QT);
  // Raw (the default) where the muxer takes it, or may (no codec list) and has nothing else to offer; a muxer that
  // writes its own files (image2 by the name's extension: .png, .jpg) gets its own codec, as in ffmpeg.
  const bool own = common::writes_own_files(f) && id != AV_CODEC_ID_NONE && !default_raw;
  // A container whose own audio codec is PCM (WAV, AIFF, AU, framemd5 and the other hash muxers) gets that PCM, as
  // in ffmpeg: a graph's float samples become pcm_s16le there. Raw in the graph's own sample format stays the
  // default of the containers that name a compressed codec of their own (NUT, Matroska).
  if (type == AVMEDIA_TYPE_AUDIO && default_raw && !own) {
    const AVCodec* pcm = avcodec_find_encoder(id);
    if (pcm) return pcm->name;
  }
  if (!own && (takes_raw == 1 || (takes_raw < 0 && (id == AV_CODEC_ID_NONE || default_raw)))) return "";
  const AVCodec* encoder = id == AV_CODEC_ID_NONE ? nullptr : avcodec_find_encoder(id);
  return encoder ? encoder->name : "";  // none: the muxer refuses the raw stream, with its own words
}

common::SinkParams MediaOutput::add(AVMediaType type) {
  Stream s;
  if (discards()) {  // any format the graph gives
    streams_.push_back(std::move(s));
    return {};
  }
  common::EncoderOptions options = type == AVMEDIA_TYPE_VIDEO ? spec_.video : spec_.audio;
  if (options.codec.empty()) options.codec = default_encoder(type);
  // ffmpeg's -timecode goes to every encoder's options; only MPEG-2 video's has one of that name (gop_timecode).
  if (!spec_.timecode.empty() && options.codec == "mpeg2video") options.options.emplace_back("gop_timecode", spec_.timecode);
  s.encoder = common::Encoder::create(type, options);
  common::SinkParams p = s.encoder->sink_params();
  streams_.push_back(std::move(s));
  return p;
}

void MediaOutput::open(common::FilterGraph& graph, const std::vector<size_t>& order,
                       const std::function<void(AVFormatContext*)>& before_header) {
  if (discards()) {
    for (size_t k = 0; k < streams_.size(); ++k) streams_[k].sink_time_base = av_buffersink_get_time_base(graph.sink(k));
    return;
  }
  order_ = order;
  if (order_.empty())
    for (size_t k = 0; k < streams_.size(); ++k) order_.push_back(k);
  const bool global_header = (out_->format()->flags & AVFMT_GLOBALHEADER) != 0;
  length_ = cut_.length;
  for (size_t i : order_) {
    Stream& s = streams_.at(i);
    s.sink_time_base = av_buffersink_get_time_base(graph.sink(i));
    if (s.timing.enabled) {
      s.encoder->use_frame_rate(s.timing.rate, s.timing.from_input);
      s.sync = std::make_unique<common::VideoSync>(s.timing.mode, s.timing.drop_threshold);
      s.sink_rate = av_buffersink_get_frame_rate(graph.sink(i));
    }
    s.encoder->set_output_start(cut_.start_or_zero());
    s.encoder->prepare(graph.sink(i), global_header);
    const AVCodecContext* c = s.encoder->ctx();
    if (!common::muxer_accepts(out_->format(), c->codec_id))
      throw Error("opening output", std::string("the ") + out_->format()->name + " muxer cannot hold " + c->codec->name +
                                        " (choose another -f or encoder)", AVERROR(EINVAL));
    // The stream now, with what the encoder will have (its codec parameters are read again when it is open): the
    // tags and dispositions go on it while the inputs are still the main thread's.
    auto par = std::unique_ptr<AVCodecParameters, void (*)(AVCodecParameters*)>(
        avcodec_parameters_alloc(), [](AVCodecParameters* p) { avcodec_parameters_free(&p); });
    if (!par) throw Error("opening output", AVERROR(ENOMEM));
    common::check(avcodec_parameters_from_context(par.get(), c), "opening output");
    s.st = out_->add_stream(par.get(), c->time_base);
    if (c->codec_type == AVMEDIA_TYPE_VIDEO) {
      s.st->avg_frame_rate = c->framerate;
      s.st->r_frame_rate = c->framerate;
      s.st->sample_aspect_ratio = c->sample_aspect_ratio;
    }
  }
  if (before_header) before_header(out_->ctx());
  for (size_t i : order_) {  // an audio encoder's frame size goes to its sink now (and to the sinks of rebuilds)
    if (streams_[i].encoder->ctx()->codec_type == AVMEDIA_TYPE_VIDEO) continue;
    streams_[i].encoder->open();
    graph.set_frame_size(i, streams_[i].encoder->sink_frame_size());
  }
  if (std::all_of(streams_.begin(), streams_.end(), [](const Stream& s) { return s.encoder->is_open(); })) start();
}

int MediaOutput::open_encoder(Stream& s, const AVFrame* first) {
  try {
    s.encoder->open(first);
    if (!started_ &&
        std::all_of(streams_.begin(), streams_.end(), [](const Stream& o) { return o.encoder->is_open(); }))
      start();
    return 0;
  } catch (const Error& e) {
    error_context_ = e.context();
    error_reason_ = e.reason();
    error_kind_ = e.kind();
    return e.code() < 0 ? e.code() : AVERROR(EINVAL);
  }
}

void MediaOutput::start() {
  // An --enc-opt is an error only when no encoder took it.
  std::vector<std::string> unused;
  for (size_t n = 0; n < streams_.size(); ++n) {
    const std::vector<std::string>& mine = streams_[n].encoder->unused_options();
    if (n == 0) unused = mine;
    unused.erase(std::remove_if(unused.begin(), unused.end(),
                                [&](const std::string& k) { return std::find(mine.begin(), mine.end(), k) == mine.end(); }),
                 unused.end());
  }
  // As ffmpeg: an option of no encoder at all is an error; one that another encoder takes (-crf given with
  // -c:v mpeg4) is a warning, and the run goes on without it.
  for (const std::string& k : unused)
    if (!common::is_encoder_option(k))
      throw Error("opening encoder", "no encoder takes the option '" + k + "'", AVERROR_OPTION_NOT_FOUND, common::ErrorKind::kUsage);
  for (const std::string& k : unused) {
    std::string help = common::encoder_option_help(k);
    common::log_warning("encoder option '" + k + "'" + (help.empty() ? "" : " (" + help + ")") + " used by no stream of " +
                        (spec_.path == "-" ? std::string("the output") : spec_.path) +
                        ": an option of another encoder (ignored, as ffmpeg ignores it)");
  }
  // ffmpeg's set_encoder_id: "Lavc59.37.100 libx264", or "Lavc libx264" under +bitexact.
  bool bitexact = false;
  for (const auto& [key, value] : spec_.muxer_options)
    bitexact = bitexact || (key == "fflags" && value.find("bitexact") != std::string::npos);
  for (size_t i : order_) {  // what the encoders know once open (extradata, a profile, colours, -flags)
    Stream& s = streams_[i];
    const AVCodecContext* c = s.encoder->ctx();
    common::check(avcodec_parameters_from_context(s.st->codecpar, c), "opening output", common::ErrorKind::kOutput);
    // And what the encoder says of its packets (its VBV buffer and rates: the MPEG-PS muxer sizes its buffers and
    // mux rate from them), as ffmpeg 5.1's init_output_stream copies them.
    for (int k = 0; k < c->nb_coded_side_data; ++k) {
      const AVPacketSideData& sd = c->coded_side_data[k];
      uint8_t* data = av_stream_new_side_data(s.st, sd.type, sd.size);
      if (!data) throw Error("opening output", AVERROR(ENOMEM));
      std::memcpy(data, sd.data, sd.size);
    }
    s.st->time_base = c->time_base;
    const bool exact = bitexact || (c->flags & AV_CODEC_FLAG_BITEXACT);
    const std::string id = std::string(exact ? "Lavc " : LIBAVCODEC_IDENT " ") + c->codec->name;
    av_dict_set(&s.st->metadata, "encoder", id.c_str(), AV_DICT_DONT_OVERWRITE);
    if (!s.bsf_spec.empty()) {  // ffmpeg 5.1's init_output_bsfs: the stream takes what the chain gives
      const std::string what = "output stream " + std::to_string(s.st->index) + " (" + c->codec->name + ")";
      s.bsf = common::BsfChain::open("-bsf", s.bsf_spec, s.st->codecpar, s.st->time_base, what);
      common::check(avcodec_parameters_copy(s.st->codecpar, s.bsf->par_out()), "opening output",
                    common::ErrorKind::kOutput);
      s.st->time_base = s.bsf->time_base_out();
    }
  }
  out_->write_header();
  started_ = true;
  // What waited for the header, stream by stream as ffmpeg 5.1 flushes its muxing queues (the muxer interleaves).
  for (size_t i : order_) {
    Stream& s = streams_[i];
    for (; !s.queued.empty(); s.queued.pop_front()) {
      const int ret = mux(s, s.queued.front().get());
      if (ret < 0) throw Error(error_context_, ret, common::ErrorKind::kOutput);
    }
    s.queued_bytes = 0;
  }
}

// ffmpeg 5.1's write_packet: a dts past its pts, or one not after the last (the muxer's time base can merge two
// packets' times: FLAC's last packet, its STREAMINFO, in AVI's one tick per frame), is mended rather than refused
// by the muxer. A step back of more than two ticks, or in video, is warned of.
void MediaOutput::keep_dts_rising(const Stream& s, AVPacket* pkt) const {
  const int64_t next = s.last_mux_dts == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : s.last_mux_dts + 1;
  if (pkt->dts != AV_NOPTS_VALUE && pkt->pts != AV_NOPTS_VALUE && pkt->dts > pkt->pts) {
    common::log_warning("output stream " + std::to_string(s.st->index) + ": dts " + std::to_string(pkt->dts) +
                        " after its pts " + std::to_string(pkt->pts) + ", replaced by a guess");
    // ffmpeg's guess: the middle one of pts, dts and the last dts + 1 (the smaller of the two at the start)
    const int64_t lo = std::min(pkt->pts, pkt->dts), hi = std::max(pkt->pts, pkt->dts);
    pkt->pts = pkt->dts = next == AV_NOPTS_VALUE ? lo : std::max(lo, std::min(hi, next));
  }
  if (pkt->dts == AV_NOPTS_VALUE || s.last_mux_dts == AV_NOPTS_VALUE) return;
  const int64_t min = s.last_mux_dts + ((out_->format()->flags & AVFMT_TS_NONSTRICT) ? 0 : 1);
  if (pkt->dts >= min) return;
  if (min - pkt->dts > 2 || s.encoder->ctx()->codec_type == AVMEDIA_TYPE_VIDEO)
    common::log_warning("output stream " + std::to_string(s.st->index) + ": dts " + std::to_string(pkt->dts) +
                        " not after the last, " + std::to_string(s.last_mux_dts) + ": changed to " +
                        std::to_string(min) + " (the timestamps of the output may be wrong)");
  if (pkt->pts >= pkt->dts) pkt->pts = std::max(pkt->pts, min);
  pkt->dts = min;
}

int MediaOutput::mux(Stream& s, AVPacket* pkt) {
  if (!started_ && !pkt) {  // the end, for the chain, after what waits
    s.queued.emplace_back();
    return 0;
  }
  if (!started_) {
    // ffmpeg 5.1's of_write_packet: the queue's room doubles when it is full, without a bound while it holds at
    // most kMaxQueuedBytes, else up to kMaxQueuedPackets (or the stream's -muxing_queue_data_threshold and
    // -max_muxing_queue_size); full with no room to grow is an error.
    if (s.queued.size() == s.queue_room) {
      const size_t limit = s.queued_bytes + pkt->size > s.queue_data_threshold ? s.max_queued_packets : SIZE_MAX;
      if (std::min(2 * s.queue_room, limit) <= s.queue_room) {
        error_context_ = "writing output";
        error_reason_ = "too many packets of output stream " + std::to_string(s.st->index) +
                        " wait for the header, which waits for a video stream's first frame";
        return AVERROR(ENOSPC);
      }
      s.queue_room = std::min(2 * s.queue_room, limit);
    }
    common::PacketPtr copy(av_packet_alloc());
    if (!copy || av_packet_ref(copy.get(), pkt) < 0) return AVERROR(ENOMEM);
    av_packet_unref(pkt);
    s.queued_bytes += copy->size;
    s.queued.push_back(std::move(copy));
    return 0;
  }
  // The muxer's time base first: ffmpeg 5.1's bitstream filters see the packets in it (setts=ts=TS+1000 into Matroska
  // adds a second, whatever time base the chain was opened with).
  if (pkt) av_packet_rescale_ts(pkt, s.encoder->time_base(), s.st->time_base);
  if (!s.bsf) return pkt ? write_packet(s, pkt) : 0;
  int refused = 0;
  const int ret = s.bsf->filter(pkt, [&](AVPacket* out) { return write_packet(s, out); }, refused);
  if (refused < 0)  // ffmpeg 5.1 says so and goes on without the packet
    common::log_warning("output stream " + std::to_string(s.st->index) + ": bitstream filters '" + s.bsf->spec() +
                        "' failed on a packet (" + common::av_error_text(refused) + "): it is not written");
  return ret;
}

int MediaOutput::write_packet(Stream& s, AVPacket* pkt) {
  pkt->stream_index = s.st->index;
  if (!(out_->format()->flags & AVFMT_NOTIMESTAMPS)) keep_dts_rising(s, pkt);
  s.last_mux_dts = pkt->dts;
  const int ret = out_->write(pkt);
  if (ret < 0) error_context_ = "writing output";
  return ret;
}

int MediaOutput::drain(size_t sink) {
  Stream& s = streams_[sink];
  for (;;) {
    int ret = s.encoder->receive(pkt_.get());
    if (ret == AVERROR_EOF && !s.bsf_spec.empty() && !s.bsf_drained) {  // what the chain still holds
      s.bsf_drained = true;
      return mux(s, nullptr);
    }
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return 0;
    if (ret < 0) {
      error_context_ = "encoding output stream " + std::to_string(sink);
      return ret;
    }
    if (s.encoder->ctx()->codec_type != AVMEDIA_TYPE_VIDEO) {
      // ffmpeg counts an audio stream's -frames in packets written (an encoder may split frames).
      if (s.frames >= s.max_frames) {
        av_packet_unref(pkt_.get());
        continue;
      }
      if (++s.frames >= s.max_frames) counted(s);
    }
    if (s.timing.enabled && s.timing.mode == common::FpsMode::kDrop)  // -fps_mode drop: the muxer makes timestamps
      pkt_->pts = pkt_->dts = AV_NOPTS_VALUE;
    if (pkt_->pts != AV_NOPTS_VALUE)
      seconds_ = std::max(seconds_, static_cast<double>(pkt_->pts + pkt_->duration) * av_q2d(s.encoder->time_base()));
    ret = mux(s, pkt_.get());
    if (ret < 0) return ret;
  }
}

int MediaOutput::write(size_t sink, AVFrame* frame) {
  Stream& s = streams_[sink];
  if (s.closed) return AVERROR_EOF;
  if (discards()) {  // only how far the output reached, for the progress line, and the limits
    if (!frame) return 0;
    if (frame->pts != AV_NOPTS_VALUE) {
      double duration = frame->sample_rate > 0 ? static_cast<double>(frame->nb_samples) / frame->sample_rate : 0;
      seconds_ = std::max(seconds_, static_cast<double>(frame->pts) * av_q2d(s.sink_time_base) -
                                        static_cast<double>(cut_.start_or_zero()) / AV_TIME_BASE + duration);
    }
    if (output_ended_) {
      s.closed = true;
      return AVERROR_EOF;
    }
    if (++s.frames >= s.max_frames) {  // this frame is the last
      s.closed = true;
      s.counted = true;
      if (frame->sample_rate == 0) output_ended_ = true;  // (a -f null output has no encoders to ask)
    }
    return 0;
  }
  if (!s.encoder->is_open()) {  // its first frame, or its end before any
    const int opened = open_encoder(s, frame);
    if (opened < 0) return opened;
  }
  taken_ = false;
  int ret = s.sync ? write_synced(s, sink, frame) : send(s, sink, frame, false);
  // Its last counted frame (audio: packet) went in. (An audio count does not shorten the output, as in ffmpeg 5.1.)
  if (ret >= 0 && s.counted && !s.closed) ret = close(s, sink, s.encoder->ctx()->codec_type == AVMEDIA_TYPE_VIDEO);
  if (ret < 0) return ret;
  if (!frame) {
    s.ended = true;
    s.closed = true;
    // -shortest: a stream of its own ends the output where it ended; a graph's outputs once all of them ended.
    const bool group_ended = std::all_of(streams_.begin(), streams_.end(), [&](const Stream& o) {
      return o.group != s.group || o.ended || o.closed;
    });
    if (shortest_ && group_ended)
      for (const Stream& o : streams_)
        if (o.group == s.group) shorten_to(o);
  }
  // AVERROR_EOF: the frame did not go in and the stream has ended (the frame that completed a count went in).
  return frame && s.closed && !taken_ ? AVERROR_EOF : 0;
}

void MediaOutput::counted(Stream& s) {
  s.counted = true;
  if (s.encoder && s.encoder->ctx()->codec_type != AVMEDIA_TYPE_VIDEO) return;  // an audio count ends its stream alone
  output_ended_ = true;
}

int MediaOutput::close(Stream& s, size_t sink, bool shorten) {
  if (s.closed) return 0;
  s.closed = true;
  if (shortest_ && shorten) shorten_to(s);  // ended by -t or -frames: ffmpeg's close_output_stream
  return send(s, sink, nullptr, false);  // what the encoder still holds (audio: dropped past its count)
}

bool MediaOutput::full() const {
  if (size_limit_ == INT64_MAX || !out_ || !out_->ctx()->pb || common::writes_own_files(out_->format())) return false;
  return avio_tell(out_->ctx()->pb) >= size_limit_;
}

void MediaOutput::shorten_to(const Stream& s) {
  if (!s.encoder) return;
  const bool video = s.encoder->ctx()->codec_type == AVMEDIA_TYPE_VIDEO;
  const int64_t end = av_rescale_q(video ? s.next_video_pts : s.next_audio_pts, s.encoder->time_base(), common::kTimeBaseQ);
  length_ = std::min(length_, end);
}

int MediaOutput::admit(Stream& s, size_t sink, int64_t pts) {
  if (s.closed) return 0;
  const AVRational tb = s.encoder->time_base();
  const bool video = s.encoder->ctx()->codec_type == AVMEDIA_TYPE_VIDEO;
  if (!output_ended_ && full()) output_ended_ = true;  // -fs: every stream ends as its next frame comes
  bool past = output_ended_ || (video && s.frames >= s.max_frames);
  if (pts != AV_NOPTS_VALUE && length_ != INT64_MAX)
    past = past || av_compare_ts(pts, tb, length_, common::kTimeBaseQ) >= 0;
  if (!past) return 1;
  const int ret = close(s, sink);
  return ret < 0 ? ret : 0;
}

int MediaOutput::write_synced(Stream& s, size_t sink, AVFrame* frame) {
  common::VideoSync::Plan plan;
  if (frame && frame->pts != AV_NOPTS_VALUE) {
    // The frame's length in encoder ticks, as ffmpeg's do_video_out reckons it.
    const AVCodecContext* c = s.encoder->ctx();
    const double tick = av_q2d(c->time_base);
    double duration = s.sink_rate.num > 0 && s.sink_rate.den > 0 ? 1 / (av_q2d(s.sink_rate) * tick) : 0;
    if (s.timing.from_input && s.timing.input_starts && c->framerate.num > 0)
      duration = std::min(duration, 1 / (av_q2d(c->framerate) * tick));
    if (s.timing.unfiltered) {
      const long own = std::lrint(static_cast<double>(frame->pkt_duration) * av_q2d(s.sink_time_base) / tick);
      if (own > 0) duration = static_cast<double>(own);
    }
    plan = s.sync->next(common::sync_pts(frame->pts, s.sink_time_base, c->time_base, cut_.start_or_zero()), duration);
  } else if (!frame) {
    plan = s.sync->flush();
  } else {
    plan.total = 1;  // no timestamp: sent as it is
  }
  for (int i = 0; i < plan.total; ++i) {
    AVFrame* source = i < plan.previous && s.last ? s.last.get() : frame;
    if (!source) break;
    common::FramePtr copy(av_frame_clone(source));
    if (!copy) return AVERROR(ENOMEM);
    const bool timed = frame == nullptr || frame->pts != AV_NOPTS_VALUE;
    if (timed) copy->pts = plan.pts + i;
    int ret = send(s, sink, copy.get(), timed);
    if (ret < 0) return ret;
  }
  if (!frame) return send(s, sink, nullptr, false);
  s.last.reset(av_frame_clone(frame));
  return s.last ? 0 : AVERROR(ENOMEM);
}

int64_t MediaOutput::frames_dropped() const {
  int64_t n = 0;
  for (const Stream& s : streams_) n += s.sync ? s.sync->dropped() : 0;
  return n;
}

int64_t MediaOutput::frames_duplicated() const {
  int64_t n = 0;
  for (const Stream& s : streams_) n += s.sync ? s.sync->duplicated() : 0;
  return n;
}

int MediaOutput::send(Stream& s, size_t sink, AVFrame* frame, bool pts_in_encoder_tb) {
  const bool video = s.encoder->ctx()->codec_type == AVMEDIA_TYPE_VIDEO;
  if (frame) {
    // The limits, on the pts the encoder will see (audio: where the previous frame ended, as ffmpeg's do_audio_out
    // checks its -t).
    int64_t pts = frame->pts;
    if (!video) pts = s.next_audio_pts;
    else if (pts != AV_NOPTS_VALUE && !pts_in_encoder_tb)
      pts = av_rescale_q(pts, s.sink_time_base, s.encoder->time_base()) -
            av_rescale_q(cut_.start_or_zero(), common::kTimeBaseQ, s.encoder->time_base());
    const int admitted = admit(s, sink, pts);
    if (admitted <= 0) return admitted;
    taken_ = true;
    if (video) ++s.frames;  // ffmpeg's do_video_out: no more than -frames go in (duplicates included)
  }
  const int64_t samples = frame && !video ? frame->nb_samples : 0;
  int ret = s.encoder->send(frame, pts_in_encoder_tb);
  if (frame && frame->pts != AV_NOPTS_VALUE) {  // the encoder's time base now
    if (video) s.next_video_pts = frame->pts + 1;
    else s.next_audio_pts = frame->pts + samples;
  }
  if (video && frame && s.frames >= s.max_frames) counted(s);
  if (ret < 0 && !(ret == AVERROR_EOF && !frame)) {
    error_context_ = "encoding output stream " + std::to_string(sink);
    if (ret == common::kErrorFrameFormatChanged)
      error_reason_ = "its frames changed format mid-stream (" + s.encoder->changed_format() +
                      ", after an input changed), which the encoder opened for the first cannot take; without "
                      "-autoscale 0 the output keeps its first size";
    return ret;
  }
  return drain(sink);
}

int MediaOutput::finish(bool commit) {
  if (discards()) return 0;
  for (size_t i = 0; i < streams_.size() && !started_; ++i) {  // a stream closed before its first frame came
    if (streams_[i].encoder->is_open()) continue;
    const int ret = open_encoder(streams_[i], nullptr);
    if (ret < 0) return ret;
  }
  int ret = out_->finish();
  if (ret < 0) {
    error_context_ = "writing output";
    return ret;
  }
  if (out_->nested_failure().size()) {
    error_context_ = "writing " + out_->nested_failure();
    return AVERROR(EIO);
  }
  if (commit && target_) {
    try {
      target_->commit();
    } catch (const Error& e) {
      error_context_ = e.context();
      return e.code() < 0 ? e.code() : AVERROR(EIO);
    }
  }
  return 0;
}

}  // namespace graphrun
