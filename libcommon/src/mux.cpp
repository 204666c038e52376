#include "common/mux.hpp"

#include <cstring>

#include "common/errors.hpp"
#include "common/memory_io.hpp"

namespace common {

bool is_mov_family(const AVOutputFormat* format) {
  if (!format) return false;
  static const char* const kNames[] = {"mp4", "mov", "ismv", "ipod", "3gp", "3g2", "psp", "f4v"};
  for (const char* n : kNames)
    if (std::strcmp(format->name, n) == 0) return true;
  return false;
}

bool is_muxer_option(const std::string& name) {
  const AVClass* cls = avformat_get_class();
  if (av_opt_find(&cls, name.c_str(), nullptr, AV_OPT_FLAG_ENCODING_PARAM, AV_OPT_SEARCH_FAKE_OBJ)) return true;
  void* it = nullptr;
  while (const AVOutputFormat* f = av_muxer_iterate(&it)) {
    const AVClass* priv = f->priv_class;
    if (priv && av_opt_find(&priv, name.c_str(), nullptr, AV_OPT_FLAG_ENCODING_PARAM, AV_OPT_SEARCH_FAKE_OBJ))
      return true;
  }
  return false;
}

bool muxer_accepts(const AVOutputFormat* format, AVCodecID codec) {
  int r = avformat_query_codec(format, codec, FF_COMPLIANCE_NORMAL);
  if (r != 0) return true;  // 1 yes, negative unknown (muxers without a codec list): let the header decide
  // Two muxers write more than their lists name, as ffmpeg writes it, in files FFmpeg reads back:
  // - Matroska: a video codec with an AVI (VfW) or QuickTime tag as V_MS/VFW/FOURCC or V_QUICKTIME (huffyuv,
  //   utvideo), an audio codec with a WAVE tag as A_MS/ACM (pcm_mulaw, adpcm_ms); WebM, a muxer of its own, does not;
  // - MOV (not MP4): a codec with a QuickTime tag beyond its list, else its AVI or WAVE tag ("MS style", with
  //   FFmpeg's warning that the file may be unplayable: ffv1, vorbis).
  const bool mkv = std::strcmp(format->name, "matroska") == 0, mov = std::strcmp(format->name, "mov") == 0;
  if (!mkv && !mov) return false;
  const AVCodecTag* const video[] = {avformat_get_riff_video_tags(), avformat_get_mov_video_tags(), nullptr};
  const AVCodecTag* const audio[] = {avformat_get_riff_audio_tags(), mov ? avformat_get_mov_audio_tags() : nullptr,
                                     nullptr};
  switch (avcodec_get_type(codec)) {
    case AVMEDIA_TYPE_VIDEO: return av_codec_get_tag(video, codec) != 0;
    case AVMEDIA_TYPE_AUDIO: return av_codec_get_tag(audio, codec) != 0;
    default: return false;
  }
}

namespace {

// Reads back what a seekable sink holds, through Sink::read_at.
class SinkReader : public Source {
 public:
  explicit SinkReader(Sink& sink) : sink_(sink) {}
  int read(uint8_t* buf, int size) override {
    int n = sink_.read_at(pos_, buf, size);
    if (n > 0) pos_ += n;
    return n;
  }
  int64_t seek(int64_t offset, int whence) override {
    int64_t target = whence == SEEK_SET ? offset : whence == SEEK_CUR ? pos_ + offset : size() + offset;
    if (target < 0) return AVERROR(EINVAL);
    pos_ = target;
    return pos_;
  }
  int64_t size() override { return sink_.bytes_written(); }
  bool seekable() const override { return true; }
  int64_t position() const override { return pos_; }

 private:
  Sink& sink_;
  int64_t pos_ = 0;
};

}  // namespace

struct Output::ReadBack {
  std::unique_ptr<Source> reader;  // a SinkReader
  IoContextPtr io;
};

struct Output::Nested {
  std::string path;
  std::unique_ptr<Sink> sink;
  AtomicFileSink* atomic = nullptr;  // borrowed from sink when the file is written for real
  IoContextPtr io;
};

bool writes_own_files(const AVOutputFormat* format) { return format && (format->flags & AVFMT_NOFILE); }

Output::Output(Sink& sink, const OutputOptions& options) : sink_(sink), options_(options) {}

Output::~Output() {
  // A muxer writing files of its own frees some of its buffers only in its trailer (FFmpeg 5.1's hls keeps a dynamic
  // buffer past deinit): give it one when none was written, with every further file refused, so nothing is written.
  if (fmt_ && header_written_ && !finished_ && writes_own_files(fmt_->oformat)) {
    if (!nested_error_) nested_error_ = AVERROR_EXIT;
    av_write_trailer(fmt_.get());
  }
  fmt_.reset();  // the muxer's deinit may still close read-backs and files of its own
  read_backs_.clear();
  nested_.clear();  // left open by a failed muxer: removed, never renamed into place
}

int Output::open_nested(AVIOContext** pb, const std::string& url) {
  std::string path = url.rfind("file:", 0) == 0 ? url.substr(5) : url;
  // After one file failed, no other is opened: a playlist written now would name the file that is not there.
  if (nested_error_) return nested_error_;
  try {
    auto n = std::make_unique<Nested>();
    n->path = path;
    if (options_.nested == NestedFiles::kDiscard) {
      n->sink = std::make_unique<MemorySink>();
    } else {
      auto atomic = std::make_unique<AtomicFileSink>(path);
      n->atomic = atomic.get();
      n->sink = std::move(atomic);
    }
    n->io = make_write_io(*n->sink, options_.io);
    *pb = n->io.get();
    nested_.push_back(std::move(n));
    return 0;
  } catch (const Error& e) {
    if (nested_failure_.empty()) nested_failure_ = path + ": " + e.reason();
    if (!nested_error_) nested_error_ = e.code() < 0 ? e.code() : AVERROR(EIO);
    return nested_error_;
  }
}

int Output::io_open(AVFormatContext* s, AVIOContext** pb, const char* url, int flags, AVDictionary**) {
  auto* self = static_cast<Output*>(s->opaque);
  const std::string name = url ? url : "";
  if ((flags & AVIO_FLAG_WRITE) && self->options_.nested != NestedFiles::kRefuse) {
    // Only local files: a URL of another protocol is no file of ours to write.
    const size_t colon = name.find(':');
    if (colon != std::string::npos && colon > 1 && name.compare(0, 5, "file:") != 0 &&
        name.find('/') > colon) {
      av_log(s, AV_LOG_ERROR, "not opening '%s': the muxer's own files are local files only\n", name.c_str());
      return AVERROR(EPERM);
    }
    return self->open_nested(pb, name);
  }
  if ((flags & AVIO_FLAG_WRITE) || !self->sink_.seekable()) {
    av_log(s, AV_LOG_ERROR, "not opening '%s': the output goes only to its own sink\n", url ? url : "");
    return AVERROR(EPERM);
  }
  try {
    auto rb = std::make_unique<ReadBack>();
    rb->reader = std::make_unique<SinkReader>(self->sink_);
    rb->io = make_read_io(*rb->reader, self->options_.io);
    *pb = rb->io.get();
    self->read_backs_.push_back(std::move(rb));
    return 0;
  } catch (const Error& e) {
    return e.code();
  }
}

int Output::io_close2(AVFormatContext* s, AVIOContext* pb) {
  auto* self = static_cast<Output*>(s->opaque);
  for (auto it = self->nested_.begin(); it != self->nested_.end(); ++it) {
    if ((*it)->io.get() != pb) continue;
    // Complete: renamed into place; written short (a full disk): left out, and the output fails.
    avio_flush(pb);
    int ret = pb->error;
    if (ret >= 0 && (*it)->atomic) {
      try {
        (*it)->atomic->commit(false);
      } catch (const Error& e) {
        ret = e.code() < 0 ? e.code() : AVERROR(EIO);
      }
    }
    self->nested_bytes_ += (*it)->sink->bytes_written();
    if (ret < 0) {
      if (self->nested_failure_.empty()) self->nested_failure_ = (*it)->path + ": " + av_error_text(ret);
      if (!self->nested_error_) self->nested_error_ = ret;
    }
    self->nested_.erase(it);
    return ret;
  }
  auto& v = self->read_backs_;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if ((*it)->io.get() == pb) {
      v.erase(it);
      return 0;
    }
  }
  return 0;  // not ours (the main pb is freed by the Output itself)
}

std::unique_ptr<Output> Output::open(Sink& sink, const OutputOptions& options) {
  std::unique_ptr<Output> out(new Output(sink, options));
  const char* name = options.filename.empty() || options.filename == "-" ? nullptr : options.filename.c_str();
  const AVOutputFormat* of = nullptr;
  if (!options.format.empty()) {
    of = av_guess_format(options.format.c_str(), nullptr, nullptr);
    if (!of) throw Error("opening output", "unknown output format '" + options.format + "'", AVERROR_MUXER_NOT_FOUND,
                       ErrorKind::kUsage);
  } else if (name) {
    of = av_guess_format(nullptr, name, nullptr);
    if (!of) throw Error("opening output", std::string("cannot tell the output format from the name '") + name + "' (use -f)",
                       AVERROR_MUXER_NOT_FOUND, ErrorKind::kUsage);
  } else {
    throw Error("opening output", "no output format given for stdout (use -f)", AVERROR(EINVAL));
  }
  AVFormatContext* raw = nullptr;
  int ret = avformat_alloc_output_context2(&raw, of, nullptr, name ? name : "pipe:");
  if (ret < 0) throw Error("opening output", ret);
  out->fmt_.reset(raw);
  if (!writes_own_files(of)) {  // the others open their files themselves, through io_open
    out->io_ = make_write_io(sink, options.io);
    raw->pb = out->io_.get();
  }
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  raw->opaque = out.get();
  raw->io_open = &Output::io_open;
  raw->io_close2 = &Output::io_close2;
  raw->flush_packets = options.flush_packets ? 1 : 0;
  if (options.flush_packets) raw->flags |= AVFMT_FLAG_FLUSH_PACKETS;
  raw->max_delay = static_cast<int>(options.max_delay_us);
  if (options.preload_us != 0 && raw->priv_data &&
      av_opt_find(raw->priv_data, "preload", nullptr, 0, AV_OPT_SEARCH_FAKE_OBJ) != nullptr) {
    ret = av_opt_set_int(raw->priv_data, "preload", options.preload_us, 0);
    if (ret < 0) throw Error("opening output", "-muxpreload: out of the " + std::string(of->name) + " muxer's range",
                             ret, ErrorKind::kUsage);
  }
  out->fragmented_ = is_mov_family(of) && !sink.seekable();
  return out;
}

AVStream* Output::add_stream(const AVCodecParameters* par, AVRational time_base) {
  AVStream* st = avformat_new_stream(fmt_.get(), nullptr);
  if (!st) throw Error("adding an output stream", AVERROR(ENOMEM));
  check(avcodec_parameters_copy(st->codecpar, par), "adding an output stream");
  st->time_base = time_base;
  return st;
}

void Output::write_header() {
  AVDictionary* opts = nullptr;
  for (const auto& [k, v] : options_.muxer_options) av_dict_set(&opts, k.c_str(), v.c_str(), 0);
  if (fragmented_) {
    av_dict_set(&opts, "movflags", "+frag_keyframe+empty_moov+default_base_moof", AV_DICT_APPEND);
  } else if (is_mov_family(fmt_->oformat) && options_.faststart) {
    av_dict_set(&opts, "movflags", "+faststart", AV_DICT_APPEND);
  }
  int ret = avformat_write_header(fmt_.get(), &opts);
  DictionaryPtr leftover(opts);
  if (ret < 0) throw Error("writing header", ret);
  header_written_ = true;
  if (leftover) {
    const AVDictionaryEntry* e = av_dict_get(leftover.get(), "", nullptr, AV_DICT_IGNORE_SUFFIX);
    throw Error("writing header", std::string("unknown muxer option '") + e->key + "'", AVERROR_OPTION_NOT_FOUND,
                ErrorKind::kUsage);
  }
}

int Output::write(AVPacket* pkt) {
  int ret = av_interleaved_write_frame(fmt_.get(), pkt);
  if (ret < 0) return nested_error_ ? nested_error_ : ret;
  if (nested_error_) return nested_error_;
  return fmt_->pb && fmt_->pb->error < 0 ? fmt_->pb->error : 0;
}

int64_t Output::bytes_written() const {
  int64_t open = 0;
  for (const auto& n : nested_) open += n->sink->bytes_written();
  return sink_.bytes_written() + nested_bytes_ + open;
}

int Output::finish() {
  if (finished_ || !header_written_) return 0;
  finished_ = true;
  int ret = av_write_trailer(fmt_.get());
  if (ret > 0) ret = 0;  // some muxers return a byte count
  if (fmt_->pb) {
    avio_flush(fmt_->pb);
    if (ret >= 0 && fmt_->pb->error < 0) ret = fmt_->pb->error;
  }
  if (ret >= 0 && nested_error_) ret = nested_error_;
  return ret;
}

}  // namespace common
