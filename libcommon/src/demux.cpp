#include "common/demux.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace common {

bool format_needs_seeking(const AVInputFormat* format) {
  return format && std::strstr(format->name, "mov") != nullptr;
}

bool is_demuxer_option(const std::string& name) {
  const AVClass* cls = avformat_get_class();
  if (av_opt_find(&cls, name.c_str(), nullptr, AV_OPT_FLAG_DECODING_PARAM, AV_OPT_SEARCH_FAKE_OBJ)) return true;
  void* it = nullptr;
  while (const AVInputFormat* f = av_demuxer_iterate(&it)) {
    const AVClass* priv = f->priv_class;
    if (priv && av_opt_find(&priv, name.c_str(), nullptr, AV_OPT_FLAG_DECODING_PARAM, AV_OPT_SEARCH_FAKE_OBJ))
      return true;
  }
  return false;
}

namespace {

// Reads up to n bytes (fewer only at EOF) from src.
std::vector<uint8_t> peek_bytes(Source& src, int n) {
  std::vector<uint8_t> buf(static_cast<size_t>(n));
  int have = 0;
  while (have < n) {
    int r = src.read(buf.data() + have, n - have);
    if (r == AVERROR_EOF) break;
    if (r < 0) throw Error("reading input", r);
    have += r;
  }
  buf.resize(static_cast<size_t>(have));
  return buf;
}

const AVInputFormat* guess_format(const std::vector<uint8_t>& bytes, const std::string& name) {
  std::vector<uint8_t> padded(bytes.size() + AVPROBE_PADDING_SIZE, 0);
  std::copy(bytes.begin(), bytes.end(), padded.begin());
  AVProbeData pd{};
  pd.filename = name.c_str();
  pd.buf = padded.data();
  pd.buf_size = static_cast<int>(bytes.size());
  int score = 0;
  return av_probe_input_format3(&pd, 1, &score);
}

// The interrupt callback of an input with its own cancel flag (InputOptions::cancel): a signal or the flag.
int cancel_or_interrupt(void* opaque) {
  return interrupted() || static_cast<const std::atomic<bool>*>(opaque)->load() ? 1 : 0;
}

int refuse_nested_open(AVFormatContext* s, AVIOContext**, const char* url, int, AVDictionary**) {
  av_log(s, AV_LOG_ERROR, "not opening '%s': input comes only through its own source\n", url ? url : "");
  return AVERROR(EPERM);
}

}  // namespace

std::unique_ptr<Input> Input::open(std::unique_ptr<Source> source, const InputOptions& options) {
  std::unique_ptr<Input> in(new Input());
  const AVInputFormat* forced = nullptr;
  if (!options.format.empty()) {
    forced = av_find_input_format(options.format.c_str());
    if (!forced) throw Error("opening input", "unknown input format '" + options.format + "'", AVERROR_DEMUXER_NOT_FOUND,
                              ErrorKind::kUsage);
  }

  if (!source->seekable() && options.spool != SpoolPolicy::kNever) {
    bool spool = options.spool == SpoolPolicy::kAlways;
    if (!spool) {
      auto prefix = peek_bytes(*source, InputOptions::kProbeBytes);
      if (prefix.empty()) throw Error("reading input", "empty input", AVERROR_INVALIDDATA);
      const AVInputFormat* guess = forced ? forced : guess_format(prefix, options.name);
      spool = format_needs_seeking(guess);
      source = std::make_unique<PrefixSource>(std::move(prefix), std::move(source));
    }
    if (spool) {
      source = std::make_unique<SpoolSource>(std::move(source), options.spool_options);
      in->spooled_ = true;
    }
  }
  if (source->seekable() && source->size() == 0) throw Error("reading input", "empty input", AVERROR_INVALIDDATA);
  in->source_ = std::move(source);
  in->io_ = make_read_io(*in->source_, options.io);

  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) throw Error("opening input", AVERROR(ENOMEM));
  raw->pb = in->io_.get();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  raw->interrupt_callback = interrupt_callback();
  if (options.cancel)
    raw->interrupt_callback = AVIOInterruptCB{cancel_or_interrupt, const_cast<std::atomic<bool>*>(options.cancel)};
  if (!options.allow_nested_urls) {
    raw->io_open = refuse_nested_open;
    // Demuxers that open their parts themselves, outside io_open (FFmpeg 5.1's concat), inherit this list: local
    // files only, unless the user names protocols (-protocol_whitelist file,http). A list read from stdin resolves
    // its entries against "pipe:", which is not on it, so it opens nothing.
    const bool named = std::any_of(options.demuxer_options.begin(), options.demuxer_options.end(),
                                   [](const auto& kv) { return kv.first == "protocol_whitelist"; });
    if (!named && !(raw->protocol_whitelist = av_strdup("file"))) {
      avformat_free_context(raw);
      throw Error("opening input", AVERROR(ENOMEM));
    }
  }
  // ffmpeg's MATCH_PER_TYPE_OPT: a -c whose specifier is just the type forces the demuxer's decoder for that type.
  // (raw is not yet owned: find_decoder may throw.)
  for (const CodecOption& c : options.decoders) {
    try {
      if (c.spec == "v") raw->video_codec = find_decoder(c.value, AVMEDIA_TYPE_VIDEO, "-" + c.name + ":v");
      if (c.spec == "a") raw->audio_codec = find_decoder(c.value, AVMEDIA_TYPE_AUDIO, "-" + c.name + ":a");
      if (c.spec == "s") raw->subtitle_codec = find_decoder(c.value, AVMEDIA_TYPE_SUBTITLE, "-" + c.name + ":s");
    } catch (...) {
      avformat_free_context(raw);
      throw;
    }
  }
  if (raw->video_codec) raw->video_codec_id = raw->video_codec->id;
  if (raw->audio_codec) raw->audio_codec_id = raw->audio_codec->id;
  if (raw->subtitle_codec) raw->subtitle_codec_id = raw->subtitle_codec->id;
  if (options.probesize > 0) raw->probesize = options.probesize;
  if (options.analyzeduration > 0) raw->max_analyze_duration = options.analyzeduration;

  AVDictionary* opts = nullptr;
  for (const auto& [k, v] : options.demuxer_options) av_dict_set(&opts, k.c_str(), v.c_str(), 0);
  int ret = avformat_open_input(&raw, options.name.c_str(), forced, &opts);  // frees raw on failure
  DictionaryPtr leftover(opts);
  if (ret < 0) {
    in->throw_source_failure();
    if (ret == AVERROR_EOF) throw Error("opening input", "empty input", AVERROR_INVALIDDATA);
    throw Error("opening input", ret);
  }
  in->fmt_.reset(raw);
  if (leftover && options.strict_demuxer_options) {
    const AVDictionaryEntry* e = av_dict_get(leftover.get(), "", nullptr, AV_DICT_IGNORE_SUFFIX);
    throw Error("opening input", std::string("unknown demuxer option '") + e->key + "'", AVERROR_OPTION_NOT_FOUND,
                ErrorKind::kUsage);
  }
  for (const AVDictionaryEntry* e = nullptr; (e = av_dict_get(leftover.get(), "", e, AV_DICT_IGNORE_SUFFIX));)
    in->unused_options_.emplace_back(e->key);
  // ffmpeg's choose_decoder: every stream a -c matches gets its decoder's codec id (checked for every stream, used
  // or not).
  std::vector<const AVCodec*> chosen(raw->nb_streams, nullptr);
  for (unsigned i = 0; i < raw->nb_streams; ++i)
    if ((chosen[i] = decoder_for(options.decoders, raw, raw->streams[i]))) raw->streams[i]->codecpar->codec_id = chosen[i]->id;
  if (options.find_stream_info) {
    // One dictionary per stream, with the codec options its decoder takes (ffmpeg's setup_find_stream_info_opts).
    const unsigned nb = raw->nb_streams;
    std::vector<AVDictionary*> per_stream(nb, nullptr);
    struct Free {
      std::vector<AVDictionary*>& d;
      ~Free() {
        for (auto*& x : d) av_dict_free(&x);
      }
    } free_dicts{per_stream};
    if (!options.codec_options.empty())
      for (unsigned i = 0; i < nb; ++i)
        for (const auto& [k, v] : decoder_options_for(options.codec_options, raw, raw->streams[i], chosen[i]))
          av_dict_set(&per_stream[i], k.c_str(), v.c_str(), 0);
    ret = avformat_find_stream_info(raw, options.codec_options.empty() ? nullptr : per_stream.data());
    if (ret < 0) {
      in->throw_source_failure();
      throw Error("reading stream info", ret);
    }
  }
  // FFmpeg ends its stream-info loop on an interrupt and may still return success, with what it had found so far: a
  // cancelled input is not opened.
  if (options.cancel && options.cancel->load()) throw Error("opening input", AVERROR_EXIT);
  if (raw->nb_streams == 0) throw Error("opening input", "no streams found", AVERROR_STREAM_NOT_FOUND);
  return in;
}

int Input::read(AVPacket* pkt) {
  int ret = av_read_frame(fmt_.get(), pkt);
  if (ret < 0 && spool_limit_reached()) return kErrorSpoolLimit;
  return ret;
}

bool Input::spool_limit_reached() const {
  auto* spool = spooled_ ? dynamic_cast<const SpoolSource*>(source_.get()) : nullptr;
  return spool && spool->limit_reached();
}

void Input::throw_source_failure() const {
  int failure = source_->failure();
  if (failure >= 0) return;
  // A timeout is the pipe's; anything else under a spool is the spool's (its limit, its disk).
  throw Error(spooled_ && failure != kErrorTimeout ? "spooling input" : "reading input", failure);
}

int split_input_index(const std::string& full, std::string& spec) {
  size_t i = 0;
  while (i < full.size() && full[i] >= '0' && full[i] <= '9') ++i;
  if (i == 0) {
    spec = full;
    return 0;
  }
  // Saturates instead of throwing (std::stoi would) on an index too long for an int: no input has it anyway.
  int index = 0;
  for (size_t k = 0; k < i; ++k) index = index > (INT_MAX - 9) / 10 ? INT_MAX : index * 10 + (full[k] - '0');
  if (i == full.size()) {
    spec.clear();
    return index;
  }
  if (full[i] != ':') {
    spec = full;  // not an input index after all
    return 0;
  }
  spec = full.substr(i + 1);
  return index;
}

std::vector<int> select_streams(AVFormatContext* ctx, const std::vector<std::string>& maps) {
  const int n = static_cast<int>(ctx->nb_streams);
  std::vector<int> order;
  // With no positive map at all, start from every stream (so "-map -0:s" alone means "all but subtitles").
  bool any_positive = std::any_of(maps.begin(), maps.end(), [](const std::string& m) { return m.empty() || m[0] != '-'; });
  if (!any_positive)
    for (int i = 0; i < n; ++i) order.push_back(i);
  for (const auto& m : maps) {
    bool negative = !m.empty() && m[0] == '-';
    std::string body = negative ? m.substr(1) : m;
    const bool optional = !body.empty() && body.back() == '?';  // ffmpeg's "0:s?": no error when nothing matches
    if (optional) body.pop_back();
    std::string spec;
    int input = split_input_index(body, spec);
    if (input != 0)
      throw Error("selecting streams", "map '" + m + "' names input " + std::to_string(input) + ", but there is only input 0",
                  AVERROR(EINVAL), ErrorKind::kUsage);
    bool matched = false;
    for (int i = 0; i < n; ++i) {
      int r = spec.empty() ? 1 : avformat_match_stream_specifier(ctx, ctx->streams[i], spec.c_str());
      if (r < 0) throw Error("selecting streams", "invalid stream specifier '" + m + "'", r, ErrorKind::kUsage);
      if (r == 0) continue;
      matched = true;
      auto it = std::find(order.begin(), order.end(), i);
      if (negative && it != order.end()) order.erase(it);
      if (!negative && it == order.end()) order.push_back(i);
    }
    if (!matched && !negative && !optional)
      throw Error("selecting streams", "map '" + m + "' matches no stream", AVERROR_STREAM_NOT_FOUND);
  }
  return order;
}

std::vector<StreamRef> streams_named(const std::vector<AVFormatContext*>& inputs, const std::string& map) {
  std::string spec;
  const int input = split_input_index(map, spec);
  if (map.empty() || map[0] < '0' || map[0] > '9')
    throw Error("selecting streams", "map '" + map + "' does not start with an input index (0, 1:a, ...)",
                AVERROR(EINVAL), ErrorKind::kUsage);
  if (static_cast<size_t>(input) >= inputs.size())
    throw Error("selecting streams", "map '" + map + "' names input " + std::to_string(input) + ", but there " +
                                         (inputs.size() == 1 ? "is 1 input" : "are " + std::to_string(inputs.size()) + " inputs"),
                AVERROR(EINVAL), ErrorKind::kUsage);
  std::vector<StreamRef> out;
  AVFormatContext* ctx = inputs[static_cast<size_t>(input)];
  if (!ctx) return out;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const int r = spec.empty() ? 1 : avformat_match_stream_specifier(ctx, ctx->streams[i], spec.c_str());
    if (r < 0) throw Error("selecting streams", "invalid stream specifier '" + map + "'", r, ErrorKind::kUsage);
    if (r > 0) out.push_back(StreamRef{static_cast<size_t>(input), static_cast<int>(i)});
  }
  return out;
}

std::optional<StreamRef> best_stream(const std::vector<AVFormatContext*>& inputs, AVMediaType type,
                                     const AVOutputFormat* output) {
  constexpr int64_t kHadPackets = 100000000, kDefault = 5000000;
  const bool cover_only = type == AVMEDIA_TYPE_VIDEO && output &&
                          avformat_query_codec(output, output->video_codec, 0) == MKTAG('A', 'P', 'I', 'C');
  std::optional<StreamRef> best;
  int64_t best_score = 0;
  for (size_t f = 0; f < inputs.size(); ++f) {
    if (!inputs[f]) continue;
    int64_t file_score = 0;
    int file_best = -1;
    for (unsigned i = 0; i < inputs[f]->nb_streams; ++i) {
      const AVStream* st = inputs[f]->streams[i];
      if (st->codecpar->codec_type != type) continue;
      int64_t score = type == AVMEDIA_TYPE_VIDEO ? int64_t{st->codecpar->width} * st->codecpar->height
                                                 : st->codecpar->ch_layout.nb_channels;
      score += kHadPackets * !!(st->event_flags & AVSTREAM_EVENT_FLAG_NEW_PACKETS) +
               kDefault * !!(st->disposition & AV_DISPOSITION_DEFAULT);
      const bool picture = type == AVMEDIA_TYPE_VIDEO && (st->disposition & AV_DISPOSITION_ATTACHED_PIC);
      if (picture && !cover_only) score = 1;
      if (cover_only && !picture) continue;
      if (score > file_score) {
        file_score = score;
        file_best = static_cast<int>(i);
      }
    }
    if (file_best < 0) continue;
    // Between inputs the default disposition does not count.
    const AVStream* st = inputs[f]->streams[file_best];
    if (cover_only || !(type == AVMEDIA_TYPE_VIDEO && (st->disposition & AV_DISPOSITION_ATTACHED_PIC)))
      file_score -= kDefault * !!(st->disposition & AV_DISPOSITION_DEFAULT);
    if (file_score > best_score) {
      best_score = file_score;
      best = StreamRef{f, file_best};
    }
  }
  return best;
}

std::string concat_mismatch(const AVFormatContext* first, const AVFormatContext* next) {
  if (first->nb_streams != next->nb_streams)
    return std::to_string(next->nb_streams) + " streams, not " + std::to_string(first->nb_streams);
  for (unsigned i = 0; i < first->nb_streams; ++i) {
    const AVCodecParameters* a = first->streams[i]->codecpar;
    const AVCodecParameters* b = next->streams[i]->codecpar;
    const std::string where = "stream " + std::to_string(i) + ": ";
    auto differs = [&](const std::string& what, const std::string& x, const std::string& y) {
      return where + what + " " + y + ", not " + x;
    };
    auto type = [](AVMediaType t) { const char* n = av_get_media_type_string(t); return std::string(n ? n : "unknown"); };
    if (a->codec_type != b->codec_type) return differs("type", type(a->codec_type), type(b->codec_type));
    if (a->codec_id != b->codec_id) return differs("codec", avcodec_get_name(a->codec_id), avcodec_get_name(b->codec_id));
    if (a->codec_type == AVMEDIA_TYPE_VIDEO) {
      if (a->width != b->width || a->height != b->height)
        return differs("size", std::to_string(a->width) + "x" + std::to_string(a->height),
                       std::to_string(b->width) + "x" + std::to_string(b->height));
      if (a->format != b->format) {
        auto name = [](int f) { const char* n = av_get_pix_fmt_name(static_cast<AVPixelFormat>(f)); return std::string(n ? n : "none"); };
        return differs("pixel format", name(a->format), name(b->format));
      }
    } else if (a->codec_type == AVMEDIA_TYPE_AUDIO) {
      if (a->sample_rate != b->sample_rate)
        return differs("sample rate", std::to_string(a->sample_rate), std::to_string(b->sample_rate));
      if (a->format != b->format) {
        auto name = [](int f) { const char* n = av_get_sample_fmt_name(static_cast<AVSampleFormat>(f)); return std::string(n ? n : "none"); };
        return differs("sample format", name(a->format), name(b->format));
      }
      if (av_channel_layout_compare(&a->ch_layout, &b->ch_layout) != 0) {
        char x[128] = "?", y[128] = "?";
        av_channel_layout_describe(&a->ch_layout, x, sizeof x);
        av_channel_layout_describe(&b->ch_layout, y, sizeof y);
        return differs("channel layout", x, y);
      }
    }
  }
  return "";
}

std::string concat_list(const std::vector<std::string>& paths) {
  std::string out = "ffconcat version 1.0\n";
  for (const std::string& p : paths) {
    out += "file '";
    for (char c : p) out += c == '\'' ? std::string("'\\''") : std::string(1, c);  // ' -> '\''
    out += "'\n";
  }
  return out;
}

}  // namespace common
