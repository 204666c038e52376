// The probe walk (common/probe.hpp): ffprobe's probe_file over an opened Input -- packets and frames, programs,
// streams, chapters, format -- and the sections about the program itself (versions, pixel formats, warnings, error).
#include "common/probe.hpp"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/avfilter_listing.hpp"
#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "probe_emitter.hpp"

namespace common {

namespace {

using S = SectionId;
using probe_detail::Emitter;

void put_media_type(Emitter& e, const char* key, AVMediaType t) { e.str_or(key, av_get_media_type_string(t)); }

void put_color(Emitter& e, const char* key, const char* name, bool unspecified, const char* unknown_text) {
  e.str_or(key, unspecified ? nullptr : name, unknown_text);
}

}  // namespace

struct Prober::Impl {
  Input& input;
  AVFormatContext* fmt;
  const ProbeOptions& options;
  Emitter e;
  int nb_streams;
  std::vector<std::unique_ptr<Decoder>> decoders;
  std::vector<uint64_t> nb_frames, nb_packets;
  std::vector<char> selected;
  bool show_stream_disposition, show_stream_tags;
  int64_t scan_start = AV_NOPTS_VALUE, scan_end = AV_NOPTS_VALUE;
  std::string seek_failure;  // why a read interval could not start (its seek failed)
  int failed_interval = -1;

  struct HashFree {
    void operator()(AVHashContext* h) const { av_hash_freep(&h); }
  };
  std::unique_ptr<AVHashContext, HashFree> hash;
  std::unique_ptr<AvLogRecorder> log_recorder;  // -show_log

  Impl(Input& in, const ProbeOptions& o, ProbeSink& sink)
      : input(in), fmt(in.ctx()), options(o), e(sink, o.entries, o.sexagesimal) {
    if (!o.data_hash.empty()) {
      AVHashContext* h = nullptr;
      int ret = av_hash_alloc(&h, o.data_hash.c_str());
      if (ret < 0) throw Error("-show_data_hash", "unknown hash algorithm '" + o.data_hash + "'", ret, ErrorKind::kUsage);
      hash.reset(h);
    }
    e.set_data(o.show_data, hash.get());
    e.set_value_format({o.sexagesimal, o.show_unit, o.use_prefix, o.byte_binary_prefix});
    if (o.show_log > 0) log_recorder = std::make_unique<AvLogRecorder>();
    nb_streams = static_cast<int>(fmt->nb_streams);
    nb_frames.assign(static_cast<size_t>(nb_streams), 0);
    nb_packets.assign(static_cast<size_t>(nb_streams), 0);
    selected.assign(static_cast<size_t>(nb_streams), 1);
    decoders.resize(static_cast<size_t>(nb_streams));
    const auto& sel = o.entries;
    show_stream_disposition = sel.wants(S::kStreamDisposition) || sel.wants(S::kProgramStreamDisposition);
    show_stream_tags = sel.wants(S::kStreamTags) || sel.wants(S::kProgramStreamTags);
  }

  void open_decoders() {
    DecoderOptions dopt = options.decoder;
    dopt.frame_pts = DecoderOptions::FramePts::kDecoder;
    // As ffprobe: with -show_log one thread per decoder, so that each message belongs to the frame it came with.
    if (options.show_log > 0) dopt.threads = 1;
    for (int i = 0; i < nb_streams; ++i) {
      const AVStream* st = fmt->streams[i];
      if (st->codecpar->codec_id == AV_CODEC_ID_PROBE) continue;
      if (!avcodec_find_decoder(st->codecpar->codec_id)) continue;
      if (!options.codec_options.empty()) dopt.avoptions = decoder_options_for(options.codec_options, fmt, st);
      decoders[static_cast<size_t>(i)] = Decoder::open(st, dopt);  // throws like ffprobe exits
    }
  }

  void show_packet(const AVPacket* pkt) {
    const AVStream* st = fmt->streams[pkt->stream_index];
    e.begin(S::kPacket);
    put_media_type(e, "codec_type", st->codecpar->codec_type);
    e.integer("stream_index", pkt->stream_index);
    e.ts("pts", pkt->pts);
    e.time("pts_time", pkt->pts, st->time_base);
    e.ts("dts", pkt->dts);
    e.time("dts_time", pkt->dts, st->time_base);
    e.ts("duration", pkt->duration, true);
    e.time("duration_time", pkt->duration, st->time_base, true);
    e.val("size", pkt->size, "byte");
    e.int_string_or("pos", pkt->pos != -1, pkt->pos);
    if (e.on("flags")) {
      std::string flags;
      flags += (pkt->flags & AV_PKT_FLAG_KEY) ? 'K' : '_';
      flags += (pkt->flags & AV_PKT_FLAG_DISCARD) ? 'D' : '_';
      e.str("flags", flags);
    }
    if (pkt->side_data_elems) {
      size_t size = 0;
      const uint8_t* meta = av_packet_get_side_data(pkt, AV_PKT_DATA_STRINGS_METADATA, &size);
      if (meta && size && options.entries.wants(S::kPacketTags)) {
        AVDictionary* dict = nullptr;
        if (av_packet_unpack_dictionary(meta, size, &dict) >= 0) e.tags(dict, S::kPacketTags);
        av_dict_free(&dict);
      }
      put_packet_side_data(e, st->codecpar, pkt->side_data, pkt->side_data_elems, S::kPacketSideDataList,
                           S::kPacketSideData);
    }
    if (options.show_data) e.data("data", pkt->data, pkt->size);
    e.data_hash("data_hash", pkt->data, pkt->size);
    e.end();
  }

  // ffprobe's show_log: the messages logged since this frame's decoding step began, those up to the level asked for.
  void show_log() {
    std::vector<LogRecord> records = AvLogRecorder::take();
    if (records.empty()) return;
    e.begin(S::kFrameLogs);
    for (const LogRecord& r : records) {
      if (r.level > options.show_log) continue;
      e.begin(S::kFrameLog);
      e.str("context", r.context);
      e.integer("level", r.level);
      e.integer("category", r.category);
      if (r.has_parent) {
        e.str("parent_context", r.parent);
        e.integer("parent_category", r.parent_category);
      } else {
        e.opt("parent_context", "N/A");
        e.opt("parent_category", "N/A");
      }
      e.str("message", r.message);
      e.end();
    }
    e.end();
  }

  void show_subtitle(const AVSubtitle& sub) {
    e.begin(S::kSubtitle);
    e.str("media_type", "subtitle");
    e.ts("pts", sub.pts);
    e.time("pts_time", sub.pts, av_get_time_base_q());
    e.integer("format", sub.format);
    e.integer("start_display_time", sub.start_display_time);
    e.integer("end_display_time", sub.end_display_time);
    e.integer("num_rects", sub.num_rects);
    e.end();
  }

  void show_frame(const AVFrame* frame, AVStream* st) {
    e.begin(S::kFrame);
    put_media_type(e, "media_type", st->codecpar->codec_type);
    e.integer("stream_index", st->index);
    e.integer("key_frame", frame->key_frame);
    e.ts("pts", frame->pts);
    e.time("pts_time", frame->pts, st->time_base);
    e.ts("pkt_dts", frame->pkt_dts);
    e.time("pkt_dts_time", frame->pkt_dts, st->time_base);
    e.ts("best_effort_timestamp", frame->best_effort_timestamp);
    e.time("best_effort_timestamp_time", frame->best_effort_timestamp, st->time_base);
    e.ts("pkt_duration", frame->pkt_duration, true);
    e.time("pkt_duration_time", frame->pkt_duration, st->time_base, true);
    e.int_string_or("pkt_pos", frame->pkt_pos != -1, frame->pkt_pos);
    e.val_or("pkt_size", frame->pkt_size != -1, frame->pkt_size, "byte");
    switch (st->codecpar->codec_type) {
      case AVMEDIA_TYPE_VIDEO: {
        e.integer("width", frame->width);
        e.integer("height", frame->height);
        e.str_or("pix_fmt", av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format)));
        AVRational sar = av_guess_sample_aspect_ratio(fmt, st, const_cast<AVFrame*>(frame));
        e.q_or("sample_aspect_ratio", sar.num != 0, sar, ':');
        e.str("pict_type", std::string(1, av_get_picture_type_char(frame->pict_type)));
        e.integer("coded_picture_number", frame->coded_picture_number);
        e.integer("display_picture_number", frame->display_picture_number);
        e.integer("interlaced_frame", frame->interlaced_frame);
        e.integer("top_field_first", frame->top_field_first);
        e.integer("repeat_pict", frame->repeat_pict);
        put_color(e, "color_range", av_color_range_name(frame->color_range),
                  frame->color_range == AVCOL_RANGE_UNSPECIFIED, "unknown");
        put_color(e, "color_space", av_color_space_name(frame->colorspace), frame->colorspace == AVCOL_SPC_UNSPECIFIED,
                  "unknown");
        put_color(e, "color_primaries", av_color_primaries_name(frame->color_primaries),
                  frame->color_primaries == AVCOL_PRI_UNSPECIFIED, "unknown");
        put_color(e, "color_transfer", av_color_transfer_name(frame->color_trc),
                  frame->color_trc == AVCOL_TRC_UNSPECIFIED, "unknown");
        put_color(e, "chroma_location", av_chroma_location_name(frame->chroma_location),
                  frame->chroma_location == AVCHROMA_LOC_UNSPECIFIED, "unspecified");
        break;
      }
      case AVMEDIA_TYPE_AUDIO: {
        e.str_or("sample_fmt", av_get_sample_fmt_name(static_cast<AVSampleFormat>(frame->format)));
        e.integer("nb_samples", frame->nb_samples);
        e.integer("channels", frame->ch_layout.nb_channels);
        if (frame->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC) {
          char buf[128];
          av_channel_layout_describe(&frame->ch_layout, buf, sizeof(buf));
          e.str("channel_layout", buf);
        } else {
          e.opt("channel_layout", "unknown");
        }
        break;
      }
      default:
        break;
    }
    if (options.entries.wants(S::kFrameTags)) e.tags(frame->metadata, S::kFrameTags);
    if (log_recorder) show_log();
    if (frame->nb_side_data) put_frame_side_data(e, frame);
    e.end();
  }

  // Feeds pkt (nullptr drains) to the stream's decoder and shows/counts every frame it gives.
  int decode(int index, const AVPacket* pkt, AVFrame* frame) {
    Decoder* dec = decoders[static_cast<size_t>(index)].get();
    if (!dec) return 0;
    AVStream* st = fmt->streams[index];
    const bool show = options.entries.wants(S::kFrames);
    if (st->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE) {
      AVSubtitle sub{};
      int got = 0;
      AVPacket* p = pkt ? const_cast<AVPacket*>(pkt) : nullptr;
      PacketPtr empty;
      if (!p) {
        empty = make_packet();
        p = empty.get();
      }
      int ret = avcodec_decode_subtitle2(dec->ctx(), &sub, &got, p);
      if (ret < 0) return ret;
      if (got) {
        nb_frames[static_cast<size_t>(index)]++;
        if (show) show_subtitle(sub);
        avsubtitle_free(&sub);
      }
      return 0;
    }
    if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO && st->codecpar->codec_type != AVMEDIA_TYPE_AUDIO) return 0;
    bool pending = true;
    while (true) {
      // A decoding step (ffprobe's process_frame) begins: the messages of what came before are not the frame's.
      if (log_recorder) AvLogRecorder::clear();
      if (pending) {
        int ret = dec->send(pkt);
        if (ret >= 0 || ret == AVERROR_EOF) {
          pending = false;
        } else if (ret != AVERROR(EAGAIN)) {
          return ret;
        }
      }
      int ret = dec->receive(frame);
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) {
        if (!pending) return 0;
        continue;
      }
      if (ret < 0) return ret;
      nb_frames[static_cast<size_t>(index)]++;
      if (show) show_frame(frame, st);
      av_frame_unref(frame);
    }
  }

  // Why reading stopped, once av_read_frame failed: like ffprobe, the end of the input and damaged data just end
  // the packets (0), but a failure of the source itself (a read timeout, the spool limit, an IO error) is
  // returned, so that a cut-off input is never reported as complete. An interrupt (SIGINT) is not a failure.
  int source_failure() const { return input.source().failure(); }

  // Reads the packets of one interval (ffprobe's read_interval_packets): seeks to its start, if it has one, and
  // stops at its end; the decoders are drained and flushed at the end of every interval. cur_ts carries the last
  // timestamp read (microseconds) from one interval to the next, for relative starts.
  int read_interval(const ReadInterval& interval, int64_t& cur_ts, int64_t& budget, bool show_packets,
                    bool read_frames, bool count_packets) {
    if (interval.has_start) {
      int64_t target = interval.start;
      if (interval.start_is_offset) {
        if (cur_ts == AV_NOPTS_VALUE) {
          seek_failure = "could not seek to a relative position: no timestamp read yet";
          return AVERROR(EINVAL);
        }
        target = av_sat_add64(cur_ts, interval.start);
      }
      int ret = avformat_seek_file(fmt, -1, -INT64_MAX, target, INT64_MAX, 0);
      if (ret < 0) {
        seek_failure = "could not seek to " + format_seconds(static_cast<double>(target) / AV_TIME_BASE, false) +
                       ": " + av_error_text(ret);
        int failure = source_failure();
        return failure < 0 ? failure : ret;
      }
    }
    auto pkt = make_packet();
    auto frame = make_frame();
    int ret = 0;
    int64_t start = 0, end = interval.end, packets = 0;
    bool has_start = false, has_end = interval.has_end && !interval.end_is_offset;
    while (options.max_packets <= 0 || budget++ < options.max_packets) {
      if (input.read(pkt.get()) < 0) {
        ret = source_failure();
        break;
      }
      const int si = pkt->stream_index;
      if (si < nb_streams && selected[static_cast<size_t>(si)]) {
        AVRational tb = fmt->streams[si]->time_base;
        if (pkt->pts != AV_NOPTS_VALUE) cur_ts = av_rescale_q(pkt->pts, tb, av_get_time_base_q());
        if (!has_start && cur_ts != AV_NOPTS_VALUE) {
          start = cur_ts;
          has_start = true;
        }
        if (has_start && !has_end && interval.end_is_offset) {
          end = av_sat_add64(start, interval.end);
          has_end = true;
        }
        if (interval.end_is_offset && interval.end_is_packets) {
          if (packets >= interval.end) break;
        } else if (has_end && cur_ts != AV_NOPTS_VALUE && cur_ts >= end) {
          break;
        }
        ++packets;
        if (options.scan_duration && pkt->pts != AV_NOPTS_VALUE) {
          int64_t first = av_rescale_q(pkt->pts, tb, av_get_time_base_q());
          int64_t last = av_rescale_q(av_sat_add64(pkt->pts, pkt->duration), tb, av_get_time_base_q());
          if (scan_start == AV_NOPTS_VALUE || first < scan_start) scan_start = first;
          if (scan_end == AV_NOPTS_VALUE || last > scan_end) scan_end = last;
        }
        if (show_packets) show_packet(pkt.get());
        if (count_packets) nb_packets[static_cast<size_t>(si)]++;
        // Like ffprobe, a packet the decoder refuses is skipped, not fatal.
        if (read_frames) decode(si, pkt.get(), frame.get());
      }
      av_packet_unref(pkt.get());
    }
    av_packet_unref(pkt.get());
    if (read_frames) {
      for (int i = 0; i < nb_streams; ++i) {
        if (!selected[static_cast<size_t>(i)] || !decoders[static_cast<size_t>(i)]) continue;
        decode(i, nullptr, frame.get());
        decoders[static_cast<size_t>(i)]->flush();
      }
    }
    return ret;
  }

  // ffprobe's read_packets: the whole input, or each of the read intervals in turn until one fails.
  int read_packets(bool show_packets, bool read_frames, bool count_packets) {
    int64_t cur_ts = fmt->start_time, budget = 0;
    if (options.read_intervals.empty())
      return read_interval(ReadInterval{}, cur_ts, budget, show_packets, read_frames, count_packets);
    for (const ReadInterval& interval : options.read_intervals) {
      int ret = read_interval(interval, cur_ts, budget, show_packets, read_frames, count_packets);
      if (ret < 0 && !seek_failure.empty()) failed_interval = interval.id;
      if (ret < 0) return ret;
    }
    return 0;
  }

  void show_stream(int index, bool in_program) {
    AVStream* st = fmt->streams[index];
    const AVCodecParameters* par = st->codecpar;
    AVCodecContext* dec = decoders[static_cast<size_t>(index)] ? decoders[static_cast<size_t>(index)]->ctx() : nullptr;
    e.begin(in_program ? S::kProgramStream : S::kStream);
    e.integer("index", st->index);
    if (const AVCodecDescriptor* cd = avcodec_descriptor_get(par->codec_id)) {
      e.str("codec_name", cd->name);
      if (!options.bitexact) e.str("codec_long_name", cd->long_name ? cd->long_name : "unknown");
    } else {
      e.opt("codec_name", "unknown");
      if (!options.bitexact) e.opt("codec_long_name", "unknown");
    }
    const char* profile = options.bitexact ? nullptr : avcodec_profile_name(par->codec_id, par->profile);
    if (profile)
      e.str("profile", profile);
    else if (par->profile != FF_PROFILE_UNKNOWN)
      e.str("profile", std::to_string(par->profile));
    else
      e.opt("profile", "unknown");
    put_media_type(e, "codec_type", par->codec_type);
    if (e.on("codec_tag_string")) {
      char tag[AV_FOURCC_MAX_STRING_SIZE];
      e.str("codec_tag_string", av_fourcc_make_string(tag, par->codec_tag));
    }
    if (e.on("codec_tag")) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "0x%04" PRIx32, par->codec_tag);
      e.str("codec_tag", buf);
    }
    switch (par->codec_type) {
      case AVMEDIA_TYPE_VIDEO: {
        e.integer("width", par->width);
        e.integer("height", par->height);
        if (dec) {
          e.integer("coded_width", dec->coded_width);
          e.integer("coded_height", dec->coded_height);
          e.integer("closed_captions", !!(dec->properties & FF_CODEC_PROPERTY_CLOSED_CAPTIONS));
          e.integer("film_grain", !!(dec->properties & FF_CODEC_PROPERTY_FILM_GRAIN));
        }
        e.integer("has_b_frames", par->video_delay);
        AVRational sar = av_guess_sample_aspect_ratio(fmt, st, nullptr);
        if (sar.num) {
          e.q("sample_aspect_ratio", sar, ':');
          AVRational dar;
          av_reduce(&dar.num, &dar.den, int64_t{par->width} * sar.num, int64_t{par->height} * sar.den, 1024 * 1024);
          e.q("display_aspect_ratio", dar, ':');
        } else {
          e.opt("sample_aspect_ratio", "N/A");
          e.opt("display_aspect_ratio", "N/A");
        }
        e.str_or("pix_fmt", av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format)));
        e.integer("level", par->level);
        put_color(e, "color_range", av_color_range_name(par->color_range), par->color_range == AVCOL_RANGE_UNSPECIFIED,
                  "unknown");
        put_color(e, "color_space", av_color_space_name(par->color_space), par->color_space == AVCOL_SPC_UNSPECIFIED,
                  "unknown");
        put_color(e, "color_transfer", av_color_transfer_name(par->color_trc), par->color_trc == AVCOL_TRC_UNSPECIFIED,
                  "unknown");
        put_color(e, "color_primaries", av_color_primaries_name(par->color_primaries),
                  par->color_primaries == AVCOL_PRI_UNSPECIFIED, "unknown");
        put_color(e, "chroma_location", av_chroma_location_name(par->chroma_location),
                  par->chroma_location == AVCHROMA_LOC_UNSPECIFIED, "unspecified");
        switch (par->field_order) {
          case AV_FIELD_PROGRESSIVE: e.str("field_order", "progressive"); break;
          case AV_FIELD_TT: e.str("field_order", "tt"); break;
          case AV_FIELD_BB: e.str("field_order", "bb"); break;
          case AV_FIELD_TB: e.str("field_order", "tb"); break;
          case AV_FIELD_BT: e.str("field_order", "bt"); break;
          default: e.opt("field_order", "unknown"); break;
        }
        if (dec) e.integer("refs", dec->refs);
        break;
      }
      case AVMEDIA_TYPE_AUDIO: {
        e.str_or("sample_fmt", av_get_sample_fmt_name(static_cast<AVSampleFormat>(par->format)));
        e.val("sample_rate", par->sample_rate, "Hz");
        e.integer("channels", par->ch_layout.nb_channels);
        if (par->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC) {
          char buf[128];
          av_channel_layout_describe(&par->ch_layout, buf, sizeof(buf));
          e.str("channel_layout", buf);
        } else {
          e.opt("channel_layout", "unknown");
        }
        e.integer("bits_per_sample", av_get_bits_per_sample(par->codec_id));
        break;
      }
      case AVMEDIA_TYPE_SUBTITLE:
        e.integer_or("width", par->width != 0, par->width);
        e.integer_or("height", par->height != 0, par->height);
        break;
      default:
        break;
    }
    if (dec && dec->codec->priv_class && options.show_private_data) {
      const AVOption* opt = nullptr;
      while ((opt = av_opt_next(dec->priv_data, opt))) {
        if (!(opt->flags & AV_OPT_FLAG_EXPORT)) continue;
        uint8_t* str = nullptr;
        if (av_opt_get(dec->priv_data, opt->name, 0, &str) >= 0) {
          e.str(opt->name, reinterpret_cast<char*>(str));
          av_free(str);
        }
      }
    }
    if (fmt->iformat->flags & AVFMT_SHOW_IDS) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "0x%x", static_cast<unsigned>(st->id));
      e.str("id", buf);
    } else {
      e.opt("id", "N/A");
    }
    e.q("r_frame_rate", st->r_frame_rate, '/');
    e.q("avg_frame_rate", st->avg_frame_rate, '/');
    e.q("time_base", st->time_base, '/');
    e.ts("start_pts", st->start_time);
    e.time("start_time", st->start_time, st->time_base);
    e.ts("duration_ts", st->duration);
    e.time("duration", st->duration, st->time_base);
    e.val_or("bit_rate", par->bit_rate > 0, par->bit_rate, "bit/s");
    e.val_or("max_bit_rate", dec && dec->rc_max_rate > 0, dec ? dec->rc_max_rate : 0, "bit/s");
    e.int_string_or("bits_per_raw_sample", dec && dec->bits_per_raw_sample > 0, dec ? dec->bits_per_raw_sample : 0);
    e.int_string_or("nb_frames", st->nb_frames != 0, st->nb_frames);
    uint64_t nf = nb_frames[static_cast<size_t>(index)], np = nb_packets[static_cast<size_t>(index)];
    e.int_string_or("nb_read_frames", nf != 0, static_cast<int64_t>(nf));
    e.int_string_or("nb_read_packets", np != 0, static_cast<int64_t>(np));
    if (options.show_data) e.data("extradata", par->extradata, par->extradata_size);
    if (par->extradata_size > 0) {
      e.integer("extradata_size", par->extradata_size);
      e.data_hash("extradata_hash", par->extradata, par->extradata_size);
    }

    if (show_stream_disposition) {
      e.begin(in_program ? S::kProgramStreamDisposition : S::kStreamDisposition);
      static const struct {
        int flag;
        const char* name;
      } kDispositions[] = {
          {AV_DISPOSITION_DEFAULT, "default"},
          {AV_DISPOSITION_DUB, "dub"},
          {AV_DISPOSITION_ORIGINAL, "original"},
          {AV_DISPOSITION_COMMENT, "comment"},
          {AV_DISPOSITION_LYRICS, "lyrics"},
          {AV_DISPOSITION_KARAOKE, "karaoke"},
          {AV_DISPOSITION_FORCED, "forced"},
          {AV_DISPOSITION_HEARING_IMPAIRED, "hearing_impaired"},
          {AV_DISPOSITION_VISUAL_IMPAIRED, "visual_impaired"},
          {AV_DISPOSITION_CLEAN_EFFECTS, "clean_effects"},
          {AV_DISPOSITION_ATTACHED_PIC, "attached_pic"},
          {AV_DISPOSITION_TIMED_THUMBNAILS, "timed_thumbnails"},
          {AV_DISPOSITION_CAPTIONS, "captions"},
          {AV_DISPOSITION_DESCRIPTIONS, "descriptions"},
          {AV_DISPOSITION_METADATA, "metadata"},
          {AV_DISPOSITION_DEPENDENT, "dependent"},
          {AV_DISPOSITION_STILL_IMAGE, "still_image"},
      };
      for (const auto& d : kDispositions) e.integer(d.name, !!(st->disposition & d.flag));
      e.end();
    }
    if (show_stream_tags) e.tags(st->metadata, in_program ? S::kProgramStreamTags : S::kStreamTags);
    if (st->nb_side_data)
      put_packet_side_data(e, par, st->side_data, st->nb_side_data, S::kStreamSideDataList, S::kStreamSideData);
    e.end();
  }

  void show_streams() {
    e.begin(S::kStreams);
    for (int i = 0; i < nb_streams; ++i)
      if (selected[static_cast<size_t>(i)]) show_stream(i, false);
    e.end();
  }

  void show_programs() {
    e.begin(S::kPrograms);
    for (unsigned i = 0; i < fmt->nb_programs; ++i) {
      const AVProgram* program = fmt->programs[i];
      if (!program) continue;
      e.begin(S::kProgram);
      e.integer("program_id", program->id);
      e.integer("program_num", program->program_num);
      e.integer("nb_streams", program->nb_stream_indexes);
      e.integer("pmt_pid", program->pmt_pid);
      e.integer("pcr_pid", program->pcr_pid);
      if (options.entries.wants(S::kProgramTags)) e.tags(program->metadata, S::kProgramTags);
      e.begin(S::kProgramStreams);
      for (unsigned j = 0; j < program->nb_stream_indexes; ++j) {
        int si = static_cast<int>(program->stream_index[j]);
        if (si >= 0 && si < nb_streams && selected[static_cast<size_t>(si)]) show_stream(si, true);
      }
      e.end();
      e.end();
    }
    e.end();
  }

  void show_chapters() {
    e.begin(S::kChapters);
    for (unsigned i = 0; i < fmt->nb_chapters; ++i) {
      const AVChapter* ch = fmt->chapters[i];
      e.begin(S::kChapter);
      e.integer("id", ch->id);
      e.q("time_base", ch->time_base, '/');
      e.integer("start", ch->start);
      e.time("start_time", ch->start, ch->time_base);
      e.integer("end", ch->end);
      e.time("end_time", ch->end, ch->time_base);
      if (options.entries.wants(S::kChapterTags)) e.tags(ch->metadata, S::kChapterTags);
      e.end();
    }
    e.end();
  }

  void show_format(DurationSource source) {
    e.begin(S::kFormat);
    e.str("filename", !options.print_filename.empty() ? options.print_filename : fmt->url ? fmt->url : "");
    e.integer("nb_streams", fmt->nb_streams);
    e.integer("nb_programs", fmt->nb_programs);
    e.str("format_name", fmt->iformat->name);
    if (!options.bitexact) {
      e.str_or("format_long_name", fmt->iformat->long_name);
    }
    e.time("start_time", fmt->start_time, av_get_time_base_q());
    e.time("duration", fmt->duration, av_get_time_base_q());
    int64_t size = fmt->pb ? avio_size(fmt->pb) : -1;
    e.val_or("size", size >= 0, size, "byte");
    e.val_or("bit_rate", fmt->bit_rate > 0, fmt->bit_rate, "bit/s");
    e.integer("probe_score", fmt->probe_score);
    if (options.duration_source) e.str("duration_source", duration_source_name(source));
    if (options.probe_retries >= 0) e.integer("probe_retries", options.probe_retries);
    if (options.entries.wants(S::kFormatTags)) e.tags(fmt->metadata, S::kFormatTags);
    e.end();
  }
};

Prober::Prober(Input& input, const ProbeOptions& options, ProbeSink& sink)
    : impl_(std::make_unique<Impl>(input, options, sink)) {}

Prober::~Prober() = default;

int Prober::run() {
  Impl& m = *impl_;
  const EntrySelection& sel = m.options.entries;
  AVFormatContext* fmt = m.fmt;
  const bool show_frames = sel.wants(S::kFrames);
  const bool show_packets = sel.wants(S::kPackets);
  const bool read_frames = show_frames || m.options.count_frames;
  const bool count_packets = show_packets || m.options.count_packets;

  if (fmt->duration == AV_NOPTS_VALUE)
    duration_source_ = DurationSource::kNone;
  else if (fmt->duration_estimation_method == AVFMT_DURATION_FROM_PTS)
    duration_source_ = DurationSource::kTimestamps;
  else if (fmt->duration_estimation_method == AVFMT_DURATION_FROM_BITRATE)
    duration_source_ = DurationSource::kBitrate;
  else
    duration_source_ = DurationSource::kHeader;
  const bool scan = m.options.scan_duration && fmt->duration == AV_NOPTS_VALUE;

  if (sel.wants(S::kStreams) || sel.wants(S::kPrograms) || read_frames) m.open_decoders();

  for (int i = 0; i < m.nb_streams; ++i) {
    if (!m.options.select_streams.empty()) {
      int r = avformat_match_stream_specifier(fmt, fmt->streams[i], m.options.select_streams.c_str());
      if (r < 0) return r;
      m.selected[static_cast<size_t>(i)] = r > 0;
    }
    if (!m.selected[static_cast<size_t>(i)]) fmt->streams[i]->discard = AVDISCARD_ALL;
  }

  if (read_frames || count_packets || scan) {
    SectionId id = S::kFrames;
    if (show_frames && show_packets)
      id = S::kPacketsAndFrames;
    else if (show_packets)
      id = S::kPackets;
    const bool section = show_frames || show_packets;
    if (section) m.e.begin(id);
    int ret = m.read_packets(show_packets, read_frames, count_packets);
    if (section) m.e.end();
    // As ffprobe: an interval that cannot start ends the probe with its error, after the packets read before it.
    if (ret < 0 && m.failed_interval >= 0)
      throw Error("reading interval #" + std::to_string(m.failed_interval) + " of -read_intervals",
                  m.seek_failure.empty() ? av_error_text(ret) : m.seek_failure, ret);
    // A source cut short (ret < 0) still lets the streams and format known from the header be shown; the
    // failure is returned at the end. (ffprobe has no such case: it ignores read errors.)
    if (ret == 0 && scan && m.scan_end != AV_NOPTS_VALUE) {
      int64_t start = fmt->start_time != AV_NOPTS_VALUE ? fmt->start_time : m.scan_start;
      fmt->duration = av_sat_sub64(m.scan_end, start);
      duration_source_ = DurationSource::kScan;
    }
  }
  if (sel.wants(S::kPrograms)) m.show_programs();
  if (sel.wants(S::kStreams)) m.show_streams();
  if (sel.wants(S::kChapters)) m.show_chapters();
  if (sel.wants(S::kFormat)) m.show_format(duration_source_);
  // The packets or the stream info may have been read up to a failure of the source (a timeout): what was shown
  // stands, but the input was cut short, and that is an error.
  return m.source_failure();
}

std::vector<int> streams_lacking_codec_parameters(const AVFormatContext* ctx) {
  std::vector<int> out;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVCodecParameters* par = ctx->streams[i]->codecpar;
    const bool decoder = avcodec_find_decoder(par->codec_id) != nullptr;
    bool lacking = par->codec_id == AV_CODEC_ID_NONE && par->codec_type != AVMEDIA_TYPE_DATA;
    switch (par->codec_type) {
      case AVMEDIA_TYPE_AUDIO: {
        const bool frame_size_known_from_frames = par->codec_id == AV_CODEC_ID_MP1 || par->codec_id == AV_CODEC_ID_MP2 ||
                                                  par->codec_id == AV_CODEC_ID_MP3 ||
                                                  par->codec_id == AV_CODEC_ID_CODEC2;
        lacking = lacking || (!par->frame_size && frame_size_known_from_frames) ||
                  (decoder && par->format == AV_SAMPLE_FMT_NONE) || !par->sample_rate || !par->ch_layout.nb_channels;
        break;
      }
      case AVMEDIA_TYPE_VIDEO:
        lacking = lacking || !par->width || (decoder && par->format == AV_PIX_FMT_NONE);
        break;
      case AVMEDIA_TYPE_SUBTITLE:
        lacking = lacking || (par->codec_id == AV_CODEC_ID_HDMV_PGS_SUBTITLE && !par->width);
        break;
      default:
        break;
    }
    if (lacking) out.push_back(static_cast<int>(i));
  }
  return out;
}

bool is_hash_name(const std::string& name) {
  AVHashContext* h = nullptr;
  if (av_hash_alloc(&h, name.c_str()) < 0) return false;
  av_hash_freep(&h);
  return true;
}

void emit_program_version(ProbeSink& sink, const EntrySelection& entries, const ProgramVersion& version) {
  Emitter e(sink, entries, false);
  e.begin(S::kProgramVersion);
  e.str("version", version.version);
  e.str("copyright", version.copyright);
  e.str("compiler_ident", version.compiler_ident);
  e.str("configuration", version.configuration);
  e.end();
}

void emit_library_versions(ProbeSink& sink, const EntrySelection& entries) {
  const AvfilterListing* lavfi = avfilter_listing();  // looked up: the probing tool is not linked to it
  struct Library {
    const char* name;
    int major, minor, micro;
    unsigned version;
    const char* ident;
  };
  // ffprobe's order; libavdevice and libpostproc are not linked by the toolkit, so they are not listed.
  const Library libraries[] = {
      {"libavutil", LIBAVUTIL_VERSION_MAJOR, LIBAVUTIL_VERSION_MINOR, LIBAVUTIL_VERSION_MICRO, avutil_version(),
       LIBAVUTIL_IDENT},
      {"libavcodec", LIBAVCODEC_VERSION_MAJOR, LIBAVCODEC_VERSION_MINOR, LIBAVCODEC_VERSION_MICRO, avcodec_version(),
       LIBAVCODEC_IDENT},
      {"libavformat", LIBAVFORMAT_VERSION_MAJOR, LIBAVFORMAT_VERSION_MINOR, LIBAVFORMAT_VERSION_MICRO,
       avformat_version(), LIBAVFORMAT_IDENT},
      {"libavfilter", LIBAVFILTER_VERSION_MAJOR, LIBAVFILTER_VERSION_MINOR, LIBAVFILTER_VERSION_MICRO,
       lavfi ? lavfi->version() : 0, LIBAVFILTER_IDENT},
      {"libswscale", LIBSWSCALE_VERSION_MAJOR, LIBSWSCALE_VERSION_MINOR, LIBSWSCALE_VERSION_MICRO, swscale_version(),
       LIBSWSCALE_IDENT},
      {"libswresample", LIBSWRESAMPLE_VERSION_MAJOR, LIBSWRESAMPLE_VERSION_MINOR, LIBSWRESAMPLE_VERSION_MICRO,
       swresample_version(), LIBSWRESAMPLE_IDENT},
  };
  Emitter e(sink, entries, false);
  e.begin(S::kLibraryVersions);
  for (const Library& lib : libraries) {
    if (lib.version == 0) continue;  // libavfilter, when it cannot be loaded: not listed rather than made up
    e.begin(S::kLibraryVersion);
    e.str("name", lib.name);
    e.integer("major", lib.major);
    e.integer("minor", lib.minor);
    e.integer("micro", lib.micro);
    e.integer("version", lib.version);
    e.str("ident", lib.ident);
    e.end();
  }
  e.end();
}

void emit_pixel_formats(ProbeSink& sink, const EntrySelection& entries) {
  Emitter e(sink, entries, false);
  const bool flags = entries.wants(S::kPixelFormatFlags);
  const bool components = entries.wants(S::kPixelFormatComponents);
  e.begin(S::kPixelFormats);
  for (const AVPixFmtDescriptor* d = av_pix_fmt_desc_next(nullptr); d; d = av_pix_fmt_desc_next(d)) {
    e.begin(S::kPixelFormat);
    e.str("name", d->name);
    e.integer("nb_components", d->nb_components);
    if (d->nb_components >= 3 && !(d->flags & AV_PIX_FMT_FLAG_RGB)) {
      e.integer("log2_chroma_w", d->log2_chroma_w);
      e.integer("log2_chroma_h", d->log2_chroma_h);
    } else {
      e.opt("log2_chroma_w", "N/A");
      e.opt("log2_chroma_h", "N/A");
    }
    const int bits = av_get_bits_per_pixel(d);
    e.integer_or("bits_per_pixel", bits != 0, bits);
    if (flags) {
      e.begin(S::kPixelFormatFlags);
      static const struct {
        uint64_t flag;
        const char* name;
      } kFlags[] = {{AV_PIX_FMT_FLAG_BE, "big_endian"}, {AV_PIX_FMT_FLAG_PAL, "palette"},
                    {AV_PIX_FMT_FLAG_BITSTREAM, "bitstream"}, {AV_PIX_FMT_FLAG_HWACCEL, "hwaccel"},
                    {AV_PIX_FMT_FLAG_PLANAR, "planar"}, {AV_PIX_FMT_FLAG_RGB, "rgb"},
                    {AV_PIX_FMT_FLAG_ALPHA, "alpha"}};
      for (const auto& f : kFlags) e.integer(f.name, !!(d->flags & f.flag));
      e.end();
    }
    if (components && d->nb_components > 0) {
      e.begin(S::kPixelFormatComponents);
      for (int i = 0; i < d->nb_components; ++i) {
        e.begin(S::kPixelFormatComponent);
        e.integer("index", i + 1);
        e.integer("bit_depth", d->comp[i].depth);
        e.end();
      }
      e.end();
    }
    e.end();
  }
  e.end();
}

void emit_warnings(ProbeSink& sink, const EntrySelection& entries, const std::vector<LogWarning>& warnings,
                   size_t dropped, const AVFormatContext* ctx) {
  auto level_name = [](int level) {
    return level <= AV_LOG_PANIC ? "panic" : level <= AV_LOG_FATAL ? "fatal" : level <= AV_LOG_ERROR ? "error" : "warning";
  };
  // The stream a decoder's message is about: the one stream with that decoder's codec.
  auto stream_of = [ctx](int codec_id) {
    int found = -1;
    for (unsigned i = 0; ctx && codec_id != AV_CODEC_ID_NONE && i < ctx->nb_streams; ++i) {
      if (ctx->streams[i]->codecpar->codec_id != codec_id) continue;
      if (found >= 0) return -1;
      found = static_cast<int>(i);
    }
    return found;
  };
  Emitter e(sink, entries, false);
  e.begin(S::kWarnings);
  for (const LogWarning& w : warnings) {
    e.begin(S::kWarning);
    e.str("level", level_name(w.level));
    e.str("component", w.component);
    e.str("message", w.message);
    const int stream = stream_of(w.codec_id);
    e.integer_or("stream_index", stream >= 0, stream);
    e.end();
  }
  if (dropped > 0) {
    e.begin(S::kWarning);
    e.str("level", "dropped");
    e.integer("count", static_cast<int64_t>(dropped));
    e.end();
  }
  e.end();
}

void emit_error(ProbeSink& sink, const EntrySelection& entries, int code) {
  sink.begin_section(S::kError);
  if (entries.shows(S::kError, "code")) sink.field("code", ProbeValue::integer(code));
  if (entries.shows(S::kError, "string")) sink.field("string", ProbeValue::string(av_error_text(code)));
  sink.end_section();
}

}  // namespace common
