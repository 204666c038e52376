#include "subtitles.hpp"

#include <ass/ass.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <limits>

#include "common/cli_support.hpp"
#include "common/decode.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"

namespace syncplay {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// libass's messages go to FFmpeg's log: its errors (levels 0 and 1) as warnings, the rest as debug lines.
__attribute__((format(printf, 2, 0))) void ass_message(int level, const char* fmt, va_list args, void*) {
  char text[512];
  std::vsnprintf(text, sizeof text, fmt, args);
  av_log(nullptr, level <= 1 ? AV_LOG_WARNING : AV_LOG_DEBUG, "libass: %s\n", text);
}

// The text of an ASS dialogue line ("ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text") without its
// override blocks, line breaks as spaces: what the report names.
std::string plain_text(const char* ass) {
  const char* p = ass;
  for (int commas = 0; *p && commas < 8; ++p)
    if (*p == ',') ++commas;
  std::string out;
  bool in_block = false;
  for (; *p; ++p) {
    if (in_block) {
      in_block = *p != '}';
    } else if (*p == '{') {
      in_block = true;
    } else if (*p == '\\' && (p[1] == 'N' || p[1] == 'n' || p[1] == 'h')) {
      out += ' ';
      ++p;
    } else {
      out += *p;
    }
  }
  return out;
}

// Lays one libass image (an alpha mask in one colour) over the canvas: "over" in straight alpha.
void blend(const ASS_Image& img, SubtitleOverlay& o) {
  const uint32_t r = img.color >> 24, g = (img.color >> 16) & 0xff, b = (img.color >> 8) & 0xff;
  const uint32_t opacity = 255 - (img.color & 0xff);
  for (int y = 0; y < img.h; ++y) {
    const int cy = img.dst_y + y;
    if (cy < 0 || cy >= o.height) continue;
    const unsigned char* mask = img.bitmap + static_cast<ptrdiff_t>(y) * img.stride;
    uint32_t* row = o.argb.data() + static_cast<size_t>(cy) * static_cast<size_t>(o.width);
    for (int x = 0; x < img.w; ++x) {
      const int cx = img.dst_x + x;
      if (cx < 0 || cx >= o.width) continue;
      const uint32_t k = mask[x] * opacity / 255;
      if (k == 0) continue;
      uint32_t& d = row[cx];
      const uint32_t da = d >> 24;
      const uint32_t under = da * (255 - k) / 255;  // what shows of the canvas below
      const uint32_t oa = k + under;
      auto mix = [&](uint32_t s, uint32_t dc) { return (s * k + dc * under) / oa; };
      d = (oa << 24) | (mix(r, (d >> 16) & 0xff) << 16) | (mix(g, (d >> 8) & 0xff) << 8) | mix(b, d & 0xff);
    }
  }
}

long long to_ms(double s) { return std::llround(s * 1000.0); }

}  // namespace

// One bitmap of a bitmap subtitle, already in the canvas's pixel format.
struct Piece {
  int x = 0, y = 0, w = 0, h = 0;
  std::vector<uint32_t> argb;
};

struct Subtitles::Event {
  uint64_t id = 0;
  double start = 0.0;
  double end = kInf;               // +inf: until the next event of the track
  std::vector<std::string> lines;  // text: the ASS dialogue lines libass takes
  std::string text;                // text: plain, for the report
  std::vector<Piece> pieces;       // bitmap
};

struct Subtitles::Track {
  int number = 0;
  int stream_index = -1;  // -1: a --sub-file
  double offset = 0.0;    // added to the decoded times (a file's times count from the input's start)
  bool bitmap = false;
  std::unique_ptr<common::Decoder> decoder;  // null: nothing decodes this stream
  ASS_Track* ass = nullptr;                  // text: the track libass renders (the events up now only)
  std::vector<Event> events;                 // by start
  ~Track() {
    if (ass) ass_free_track(ass);
  }
};

// The library and one renderer for every text track; fonts found through fontconfig (once, at the first text track).
struct Subtitles::Libass {
  ASS_Library* library = nullptr;
  ASS_Renderer* renderer = nullptr;
  bool fonts_set = false;
  int width = 0, height = 0;
  Libass() {
    library = ass_library_init();
    if (!library) throw common::Error("subtitles", "libass could not start", AVERROR(ENOMEM), common::ErrorKind::kInternal);
    ass_set_message_cb(library, ass_message, nullptr);
    renderer = ass_renderer_init(library);
    if (!renderer) {
      ass_library_done(library);
      throw common::Error("subtitles", "libass could not start", AVERROR(ENOMEM), common::ErrorKind::kInternal);
    }
  }
  ~Libass() {
    ass_renderer_done(renderer);
    ass_library_done(library);
  }
  Libass(const Libass&) = delete;
  Libass& operator=(const Libass&) = delete;
  void fonts() {
    if (fonts_set) return;
    fonts_set = true;
    ass_set_fonts(renderer, nullptr, "sans-serif", ASS_FONTPROVIDER_AUTODETECT, nullptr, 1);
  }
  void size(int w, int h) {
    if (w == width && h == height) return;
    width = w;
    height = h;
    ass_set_frame_size(renderer, w, h);
    ass_set_storage_size(renderer, w, h);
  }
};

Subtitles::Subtitles() = default;
Subtitles::~Subtitles() {
  tracks_.clear();  // their libass tracks before the library
}

void Subtitles::add_input(AVFormatContext* ctx) {
  track_of_stream_.assign(ctx->nb_streams, 0);
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* st = ctx->streams[i];
    if (st->codecpar->codec_type == AVMEDIA_TYPE_ATTACHMENT) {
      const AVDictionaryEntry* mime = av_dict_get(st->metadata, "mimetype", nullptr, 0);
      const AVDictionaryEntry* name = av_dict_get(st->metadata, "filename", nullptr, 0);
      if (mime && std::strstr(mime->value, "font") && st->codecpar->extradata_size > 0) {
        if (!ass_) ass_ = std::make_unique<Libass>();
        ass_add_font(ass_->library, name ? name->value : "attachment",
                     reinterpret_cast<const char*>(st->codecpar->extradata), st->codecpar->extradata_size);
      }
    }
  }
  for (unsigned i = 0; i < ctx->nb_streams; ++i)
    if (ctx->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE) add_stream(ctx, ctx->streams[i]);
}

void Subtitles::add_stream(AVFormatContext* ctx, const AVStream* st) {
  std::unique_ptr<common::Decoder> decoder;
  try {
    common::DecoderOptions options;
    options.codec = decoder_name_;
    options.avoptions = common::decoder_options_for(codec_options_, ctx, st);
    decoder = common::Decoder::open(st, options);
  } catch (const common::Error& e) {
    common::log_warning("subtitle stream " + std::to_string(st->index) + " (" +
                        avcodec_get_name(st->codecpar->codec_id) + "): " + e.reason() + "; it shows nothing");
  }
  Track& t = make_track(std::move(decoder), st->index, 0.0);
  track_of_stream_[static_cast<size_t>(st->index)] = t.number;
}

Subtitles::Track& Subtitles::make_track(std::unique_ptr<common::Decoder> decoder, int stream_index, double offset) {
  auto t = std::make_unique<Track>();
  t->number = count() + 1;
  t->stream_index = stream_index;
  t->offset = offset;
  if (decoder) {
    const AVCodecDescriptor* desc = avcodec_descriptor_get(decoder->ctx()->codec_id);
    t->bitmap = desc && (desc->props & AV_CODEC_PROP_BITMAP_SUB);
    if (!t->bitmap) {
      if (!ass_) ass_ = std::make_unique<Libass>();
      ass_->fonts();
      t->ass = ass_new_track(ass_->library);
      if (!t->ass) throw common::Error("subtitles", "libass could not start", AVERROR(ENOMEM), common::ErrorKind::kInternal);
      // The styles: the decoder's ASS header (the file's own for ASS/SSA, a default one for the other formats).
      const AVCodecContext* ctx = decoder->ctx();
      if (ctx->subtitle_header && ctx->subtitle_header_size > 0)
        ass_process_codec_private(t->ass, reinterpret_cast<char*>(ctx->subtitle_header), ctx->subtitle_header_size);
    }
  }
  t->decoder = std::move(decoder);
  tracks_.push_back(std::move(t));
  return *tracks_.back();
}

int Subtitles::add_file(const std::string& path, double offset) {
  // FFmpeg's own complaints while it tries the file ("detected only with low score", "Failed to read frame size")
  // are held: a failure reads as one line, with FFmpeg's last error folded in where it says more than ours.
  common::LogHold held;
  try {
    return read_file(path, offset);
  } catch (const common::Error& e) {
    const std::string why = e.code() == AVERROR_STREAM_NOT_FOUND ? std::string() : common::LogHold::last_error();
    common::LogHold::clear();
    if (why.empty() || e.reason().find(why) != std::string::npos) throw;
    throw common::Error(e.context(), e.reason() + " (" + why + ")", e.code(), e.kind());
  }
}

int Subtitles::read_file(const std::string& path, double offset) {
  const char* context = "--sub-file";
  std::unique_ptr<common::Input> input;
  try {
    common::InputOptions in;
    in.name = path;
    input = common::Input::open(common::open_source(path), in);
  } catch (const common::Error& e) {
    throw common::Error(context, path + ": " + e.reason(), e.code());
  }
  AVFormatContext* ctx = input->ctx();
  int index = av_find_best_stream(ctx, AVMEDIA_TYPE_SUBTITLE, -1, -1, nullptr, 0);
  if (index < 0) throw common::Error(context, path + ": no subtitle stream in it", AVERROR_STREAM_NOT_FOUND);
  std::unique_ptr<common::Decoder> decoder;
  try {
    decoder = common::Decoder::open(ctx->streams[index]);
  } catch (const common::Error& e) {
    throw common::Error(context, path + ": " + e.reason(), e.code());
  }
  Track& t = make_track(std::move(decoder), -1, offset);
  auto pkt = common::make_packet();
  int ret = 0, damaged = 0, last = 0;
  while ((ret = input->read(pkt.get())) >= 0) {
    if (pkt->stream_index == index) {
      int r = decode(t, pkt.get());
      if (r < 0) {
        ++damaged;
        last = r;
      }
    }
    av_packet_unref(pkt.get());
  }
  if (ret != AVERROR_EOF) throw common::Error(context, path + ": " + common::av_error_text(ret), ret);
  if (t.events.empty() && damaged > 0)
    throw common::Error(context, path + ": no subtitle could be decoded: " + common::av_error_text(last), last);
  if (damaged > 0)
    common::log_warning(std::string(context) + ": " + path + ": " + std::to_string(damaged) +
                        " damaged subtitles skipped (" + common::av_error_text(last) + ")");
  return t.number;
}

int Subtitles::stream_index(int track) const {
  return track >= 1 && track <= count() ? tracks_[static_cast<size_t>(track - 1)]->stream_index : -1;
}

void Subtitles::add_packet(const AVPacket* pkt) {
  if (pkt->stream_index < 0 || pkt->stream_index >= static_cast<int>(track_of_stream_.size())) return;
  int number = track_of_stream_[static_cast<size_t>(pkt->stream_index)];
  if (number == 0) return;
  int r = decode(*tracks_[static_cast<size_t>(number - 1)], pkt);
  if (r < 0) {
    if (errors_ == 0)
      common::log_warning("subtitle track " + std::to_string(number) + ": a damaged packet skipped (" +
                          common::av_error_text(r) + ")");
    ++errors_;
    last_error_ = r;
  }
}

void Subtitles::flush_input() {
  latest_ = -INFINITY;
  for (auto& t : tracks_) {
    if (t->stream_index < 0) continue;
    t->events.clear();
    if (t->decoder) t->decoder->flush();
  }
}

// Decodes one packet into the track's events: 0, or the decoder's error (the packet is skipped).
int Subtitles::decode(Track& t, const AVPacket* pkt) {
  if (!t.decoder) return 0;
  AVSubtitle sub{};
  int got = 0;
  int ret = avcodec_decode_subtitle2(t.decoder->ctx(), &sub, &got, const_cast<AVPacket*>(pkt));
  if (ret < 0) return ret;
  if (!got) return 0;
  struct Free {
    AVSubtitle* s;
    ~Free() { avsubtitle_free(s); }
  } free_sub{&sub};
  double base = std::numeric_limits<double>::quiet_NaN();
  if (sub.pts != AV_NOPTS_VALUE) base = static_cast<double>(sub.pts) / AV_TIME_BASE;
  else if (pkt->pts != AV_NOPTS_VALUE) base = static_cast<double>(pkt->pts) * av_q2d(t.decoder->time_base());
  if (std::isnan(base)) return AVERROR_INVALIDDATA;  // a subtitle without a time cannot be shown at one
  base += t.offset;
  Event e;
  e.start = base + sub.start_display_time / 1000.0;
  if (sub.end_display_time > sub.start_display_time && sub.end_display_time != UINT32_MAX)
    e.end = base + sub.end_display_time / 1000.0;
  // A subtitle ends the one before it that had no end of its own; an empty one only does that. A bitmap subtitle (the
  // ones ffplay shows) ends the one before it whatever that one's own end: ffplay shows one at a time, from its
  // start until its end or until the next one starts, so an empty one (PGS's clearing display set, DVB's empty
  // page after a page with a long time-out) takes the picture down.
  for (Event& before : t.events) {
    if (before.start < e.start && before.end > e.start && (std::isinf(before.end) || t.bitmap)) {
      before.end = e.start;
      for (Shown& up : shown_)  // up now: the report says when it ends
        if (up.id == before.id) up.end = before.end;
    }
  }
  if (t.bitmap) {  // one that came after it in the stream but starts later ends it in turn
    auto later = std::find_if(t.events.begin(), t.events.end(), [&](const Event& x) { return x.start > e.start; });
    if (later != t.events.end()) e.end = std::min(e.end, later->start);
  }
  for (unsigned i = 0; i < sub.num_rects; ++i) {
    const AVSubtitleRect* r = sub.rects[i];
    if (r->type == SUBTITLE_ASS && r->ass) {
      e.lines.emplace_back(r->ass);
      std::string text = plain_text(r->ass);
      if (!text.empty()) e.text += (e.text.empty() ? "" : " ") + text;
    } else if (r->type == SUBTITLE_BITMAP && r->w > 0 && r->h > 0 && r->data[0] && r->data[1]) {
      // PAL8: a palette of 0xAARRGGBB words, the canvas's own format.
      Piece p;
      p.x = r->x;
      p.y = r->y;
      p.w = r->w;
      p.h = r->h;
      p.argb.resize(static_cast<size_t>(r->w) * static_cast<size_t>(r->h));
      const auto* palette = reinterpret_cast<const uint32_t*>(r->data[1]);
      const int colours = std::clamp(r->nb_colors, 0, 256);
      for (int y = 0; y < r->h; ++y)
        for (int x = 0; x < r->w; ++x) {
          uint8_t c = r->data[0][static_cast<ptrdiff_t>(y) * r->linesize[0] + x];
          p.argb[static_cast<size_t>(y) * static_cast<size_t>(r->w) + static_cast<size_t>(x)] = c < colours ? palette[c] : 0;
        }
      e.pieces.push_back(std::move(p));
    }
  }
  if (e.lines.empty() && e.pieces.empty()) return 0;
  e.id = next_id_++;
  auto at = std::upper_bound(t.events.begin(), t.events.end(), e.start,
                             [](double s, const Event& x) { return s < x.start; });
  t.events.insert(at, std::move(e));
  return 0;
}

void Subtitles::select(int track) {
  int s = track >= 1 && track <= count() ? track : 0;
  if (s != selected_) reselected_ = true;
  selected_ = s;
}

int Subtitles::cycle() {
  if (count() == 0) return 0;
  select(selected_ >= count() ? 0 : selected_ + 1);
  return selected_;
}

// The events of track t up at time now: every text event, or the latest bitmap one (ffplay shows one at a time).
// prune: the input's events that are over go (the file's stay, for a seek back).
std::vector<const Subtitles::Event*> Subtitles::active(Track& t, double now, bool prune) const {
  if (prune && t.stream_index >= 0)
    t.events.erase(std::remove_if(t.events.begin(), t.events.end(), [&](const Event& e) { return e.end <= now; }),
                   t.events.end());
  std::vector<const Event*> up;
  for (const Event& e : t.events) {
    if (e.start > now) break;
    if (now < e.end) up.push_back(&e);
  }
  if (t.bitmap && up.size() > 1) up.erase(up.begin(), up.end() - 1);
  return up;
}

void Subtitles::clear_overlay(int w, int h) {
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
  if (overlay_.width != w || overlay_.height != h || overlay_.argb.size() != n) {
    overlay_.width = w;
    overlay_.height = h;
    overlay_.argb.assign(n, 0);
  } else if (!overlay_.empty) {
    std::fill(overlay_.argb.begin(), overlay_.argb.end(), 0u);
  }
  overlay_.empty = true;
}

void Subtitles::compose_bitmap(const std::vector<const Event*>& events, int w, int h) {
  clear_overlay(w, h);
  for (const Event* e : events)
    for (const Piece& p : e->pieces) {
      // Clipped to the canvas, as ffplay clips the rectangles to the subtitle's video size.
      const int x0 = std::clamp(p.x, 0, w), y0 = std::clamp(p.y, 0, h);
      const int x1 = std::clamp(p.x + p.w, 0, w), y1 = std::clamp(p.y + p.h, 0, h);
      for (int y = y0; y < y1; ++y)
        std::copy_n(p.argb.data() + static_cast<size_t>(y - p.y) * static_cast<size_t>(p.w) + static_cast<size_t>(x0 - p.x),
                    x1 - x0, overlay_.argb.data() + static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x0));
      if (x1 > x0 && y1 > y0) overlay_.empty = false;
    }
}

// libass holds only the events up now (handed over again whenever that set changes), so its picture is ours.
void Subtitles::compose_text(Track& t, const std::vector<const Event*>& events, double now, bool reload, bool& changed) {
  const long long now_ms = to_ms(now);
  if (reload) {
    ass_flush_events(t.ass);
    for (const Event* e : events) {
      // Rounded to milliseconds, an event up by our clock must be up by libass's too.
      const long long start = std::min(to_ms(e->start), now_ms);
      const long long end = std::isinf(e->end) ? now_ms + SubtitleTuning::kOpenEndMs : std::max(to_ms(e->end), now_ms + 1);
      for (const std::string& line : e->lines)
        ass_process_chunk(t.ass, const_cast<char*>(line.data()), static_cast<int>(line.size()), start, end - start);
    }
  }
  ass_->size(overlay_.width, overlay_.height);
  int detect = 0;
  ASS_Image* images = ass_render_frame(ass_->renderer, t.ass, now_ms, &detect);
  if (!reload && detect == 0) return;
  const bool was_empty = overlay_.empty;
  clear_overlay(overlay_.width, overlay_.height);
  for (ASS_Image* img = images; img; img = img->next) {
    blend(*img, overlay_);
    overlay_.empty = false;
  }
  if (!was_empty || !overlay_.empty) changed = true;
}

void Subtitles::report(const std::vector<const Event*>& now_active, double now) {
  std::vector<Shown> next;
  for (const Event* e : now_active) next.push_back(Shown{e->id, selected_, e->start, e->end, e->text});
  auto has = [](const std::vector<Shown>& v, uint64_t id) {
    return std::any_of(v.begin(), v.end(), [&](const Shown& s) { return s.id == id; });
  };
  if (on_change_) {
    for (const Shown& s : shown_)
      if (!has(next, s.id)) on_change_(SubtitleChange{false, s.track, s.start, s.end, now, s.text});
    for (const Shown& s : next)
      if (!has(shown_, s.id)) on_change_(SubtitleChange{true, s.track, s.start, s.end, now, s.text});
  }
  shown_ = std::move(next);
}

bool Subtitles::update(double now, int frame_w, int frame_h, bool new_frame) {
  if (now < latest_ && now > latest_ - SubtitleTuning::kClockStepBackSeconds) now = latest_;
  latest_ = now;
  std::vector<const Event*> up;
  Track* track = selected_ > 0 ? tracks_[static_cast<size_t>(selected_ - 1)].get() : nullptr;
  for (auto& t : tracks_) {
    auto a = active(*t, now, true);
    if (t.get() == track) up = std::move(a);
  }
  bool set_changed = reselected_ || up.size() != shown_.size();
  for (size_t i = 0; !set_changed && i < up.size(); ++i) set_changed = up[i]->id != shown_[i].id;
  reselected_ = false;
  bool changed = false;
  if (track && track->bitmap) {
    if (set_changed) {
      const AVCodecContext* ctx = track->decoder->ctx();
      const bool own_size = ctx->width > 0 && ctx->height > 0;  // the subtitle's video size (ffplay's sp->width)
      compose_bitmap(up, own_size ? ctx->width : frame_w, own_size ? ctx->height : frame_h);
      changed = true;
    }
  } else if (track && track->ass && frame_w > 0 && frame_h > 0) {
    const bool resized = overlay_.width != frame_w || overlay_.height != frame_h;
    const bool was_empty = overlay_.empty;
    if (resized) clear_overlay(frame_w, frame_h);
    if (set_changed || resized || (new_frame && !up.empty())) compose_text(*track, up, now, set_changed || resized, changed);
    changed = changed || (resized && !was_empty);  // what was drawn at the old size goes
  } else if (set_changed && !overlay_.empty) {
    clear_overlay(overlay_.width, overlay_.height);
    changed = true;
  }
  if (set_changed) report(up, now);
  return changed;
}

}  // namespace syncplay
