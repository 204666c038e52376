#include "vo_sdl.hpp"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cmath>

#include "common/errors.hpp"
#include "picture_convert.hpp"

namespace syncplay {
namespace {

// The largest rectangle with the picture's display aspect ratio that fits the window, centred (ffplay's rule).
SDL_Rect display_rect(int win_w, int win_h, int pic_w, int pic_h, AVRational sar) {
  double aspect = (sar.num > 0 && sar.den > 0) ? av_q2d(sar) : 1.0;
  aspect *= static_cast<double>(pic_w) / pic_h;
  int h = win_h;
  int w = static_cast<int>(std::lrint(h * aspect)) & ~1;
  if (w > win_w) {
    w = win_w;
    h = static_cast<int>(std::lrint(w / aspect)) & ~1;
  }
  SDL_Rect r;
  r.x = (win_w - w) / 2;
  r.y = (win_h - h) / 2;
  r.w = std::max(w, 1);
  r.h = std::max(h, 1);
  return r;
}

// The SDL texture format that holds an FFmpeg pixel format as it is (ffplay's sdl_texture_format_map), or
// SDL_PIXELFORMAT_UNKNOWN. Packed RGB formats are native-endian on both sides.
Uint32 sdl_format_of(int pix_fmt) {
  static const struct {
    AVPixelFormat av;
    Uint32 sdl;
  } kMap[] = {
      {AV_PIX_FMT_YUV420P, SDL_PIXELFORMAT_IYUV},   {AV_PIX_FMT_YUVJ420P, SDL_PIXELFORMAT_IYUV},
      {AV_PIX_FMT_NV12, SDL_PIXELFORMAT_NV12},      {AV_PIX_FMT_NV21, SDL_PIXELFORMAT_NV21},
      {AV_PIX_FMT_YUYV422, SDL_PIXELFORMAT_YUY2},   {AV_PIX_FMT_UYVY422, SDL_PIXELFORMAT_UYVY},
      {AV_PIX_FMT_YVYU422, SDL_PIXELFORMAT_YVYU},   {AV_PIX_FMT_RGB32, SDL_PIXELFORMAT_ARGB8888},
      {AV_PIX_FMT_BGR32, SDL_PIXELFORMAT_ABGR8888}, {AV_PIX_FMT_RGB32_1, SDL_PIXELFORMAT_RGBA8888},
      {AV_PIX_FMT_BGR32_1, SDL_PIXELFORMAT_BGRA8888}, {AV_PIX_FMT_0RGB32, SDL_PIXELFORMAT_RGB888},
      {AV_PIX_FMT_0BGR32, SDL_PIXELFORMAT_BGR888},  {AV_PIX_FMT_RGB24, SDL_PIXELFORMAT_RGB24},
      {AV_PIX_FMT_BGR24, SDL_PIXELFORMAT_BGR24},    {AV_PIX_FMT_RGB565, SDL_PIXELFORMAT_RGB565},
  };
  for (const auto& m : kMap)
    if (m.av == pix_fmt) return m.sdl;
  return SDL_PIXELFORMAT_UNKNOWN;
}

int av_format_of(Uint32 sdl) {
  for (int f : {AV_PIX_FMT_0RGB32, AV_PIX_FMT_0BGR32, AV_PIX_FMT_RGB32, AV_PIX_FMT_BGR32, AV_PIX_FMT_RGB32_1,
                AV_PIX_FMT_BGR32_1, AV_PIX_FMT_RGB24, AV_PIX_FMT_BGR24, AV_PIX_FMT_RGB565})
    if (sdl_format_of(f) == sdl) return f;
  return AV_PIX_FMT_NONE;
}

class SdlVideoOutput : public VideoOutput {
 public:
  explicit SdlVideoOutput(const SdlVideoConfig& config) : config_(config) {
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) throw common::Error("opening display", SDL_GetError(), AVERROR(ENODEV));
    if (config_.video_width > 0 && config_.video_height > 0)
      open_window(config_.video_width, config_.video_height, config_.sar);
  }
  ~SdlVideoOutput() override {
    if (visual_) SDL_DestroyTexture(visual_);
    if (overlay_) SDL_DestroyTexture(overlay_);
    if (texture_) SDL_DestroyTexture(texture_);
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
  }
  SdlVideoOutput(const SdlVideoOutput&) = delete;
  SdlVideoOutput& operator=(const SdlVideoOutput&) = delete;

  // What the renderer takes as it is, and YUV420P (and its full-range twin), which the software renderer gets
  // converted in one pass at show().
  std::vector<int> display_formats() const override {
    std::vector<int> out{AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVJ420P};
    for (Uint32 i = 0; renderer_ && i < info_.num_texture_formats; ++i)
      for (int f = 0; f < AV_PIX_FMT_NB; ++f)
        if (sdl_format_of(f) == info_.texture_formats[i] && std::find(out.begin(), out.end(), f) == out.end())
          out.push_back(f);
    return out;
  }

  // A frame whose format the renderer takes (YUV420P, NV12, ... with a GPU renderer) is uploaded as it is. Any other
  // is converted once, straight into a texture of the window's own format: with SDL's software renderer that spares
  // it a YUV copy, a conversion and a format-changing blit at every present.
  void show(const AVFrame* frame) override {
    if (!window_) open_window(frame->width, frame->height, frame->sample_aspect_ratio);
    Uint32 native = sdl_format_of(frame->format);
    if (!supported(native)) native = SDL_PIXELFORMAT_UNKNOWN;
    const Uint32 format = native != SDL_PIXELFORMAT_UNKNOWN ? native : converted_format_;
    if (!texture_ || frame->width != tex_w_ || frame->height != tex_h_ || format != tex_format_) {
      if (texture_) SDL_DestroyTexture(texture_);
      texture_ = SDL_CreateTexture(renderer_, format, SDL_TEXTUREACCESS_STREAMING, frame->width, frame->height);
      if (!texture_) throw common::Error("displaying", SDL_GetError(), AVERROR_EXTERNAL);
      tex_w_ = frame->width;
      tex_h_ = frame->height;
      tex_format_ = format;
      // Drawn over black (ffplay's rule): blended only when the picture has an alpha channel.
      const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
      opaque_ = native == SDL_PIXELFORMAT_UNKNOWN || !d || !(d->flags & AV_PIX_FMT_FLAG_ALPHA);
      SDL_SetTextureBlendMode(texture_, opaque_ ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    }
    if (native == SDL_PIXELFORMAT_UNKNOWN) convert(frame);
    else upload(frame, native);
    sar_ = frame->sample_aspect_ratio;
    redraw();
  }

  void redraw() override {
    if (!renderer_ || !texture_) return;
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(renderer_, &w, &h);
    SDL_Rect r = display_rect(w, h, tex_w_, tex_h_, sar_);
    // The black borders only where the picture leaves some: an opaque picture over the whole window hides them.
    if (!opaque_ || r.x > 0 || r.y > 0 || r.w < w || r.h < h) {
      SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
      SDL_RenderClear(renderer_);
    }
    SDL_RenderCopy(renderer_, texture_, nullptr, &r);
    if (overlay_on_) SDL_RenderCopy(renderer_, overlay_, nullptr, &r);  // the subtitles, scaled with the picture
    SDL_RenderPresent(renderer_);
  }

  // One streaming ARGB texture, blended over the picture (ffplay's sub_texture), made again only when its size
  // changes; nothing is uploaded while there are no subtitles.
  void set_overlay(const SubtitleOverlay& o) override {
    overlay_on_ = false;
    if (o.empty || o.width <= 0 || o.height <= 0 || !renderer_) return;
    if (!overlay_ || o.width != overlay_w_ || o.height != overlay_h_) {
      if (overlay_) SDL_DestroyTexture(overlay_);
      overlay_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, o.width, o.height);
      if (!overlay_) throw common::Error("displaying subtitles", SDL_GetError(), AVERROR_EXTERNAL);
      SDL_SetTextureBlendMode(overlay_, SDL_BLENDMODE_BLEND);
      overlay_w_ = o.width;
      overlay_h_ = o.height;
    }
    SDL_UpdateTexture(overlay_, nullptr, o.argb.data(), o.width * 4);
    overlay_on_ = true;
  }

  // ffplay's vis_texture: one streaming ARGB texture of the window's size, stretched over the whole window.
  void show_visual(int width, int height, const std::vector<uint32_t>& argb) override {
    if (!renderer_ || width <= 0 || height <= 0 || argb.size() < static_cast<size_t>(width) * height) return;
    if (!visual_ || width != visual_w_ || height != visual_h_) {
      if (visual_) SDL_DestroyTexture(visual_);
      visual_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, width, height);
      if (!visual_) throw common::Error("displaying", SDL_GetError(), AVERROR_EXTERNAL);
      visual_w_ = width;
      visual_h_ = height;
    }
    SDL_UpdateTexture(visual_, nullptr, argb.data(), width * 4);
    SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
    SDL_RenderClear(renderer_);
    SDL_RenderCopy(renderer_, visual_, nullptr, nullptr);
    SDL_RenderPresent(renderer_);
  }

  bool window_size(int& width, int& height) const override {
    return renderer_ && SDL_GetRendererOutputSize(renderer_, &width, &height) == 0 && width > 0 && height > 0;
  }

  bool fullscreen() const override {
    return window_ && (SDL_GetWindowFlags(window_) & SDL_WINDOW_FULLSCREEN_DESKTOP) == SDL_WINDOW_FULLSCREEN_DESKTOP;
  }

  void toggle_fullscreen() override {
    fullscreen_ = !fullscreen_;
    if (window_) SDL_SetWindowFullscreen(window_, fullscreen_ ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
  }

  // Pending events first; with none, a plain sleep (SDL_WaitEventTimeout polls every millisecond on drivers that
  // cannot block, which costs more CPU than the playback itself). The display loop wakes at least every 10 ms.
  void wait_events(double timeout, std::vector<UserCommand>& out) override {
    SDL_Event ev;
    SDL_PumpEvents();
    while (SDL_PollEvent(&ev)) translate(ev, out);
    // ffplay hides the pointer once it has not moved for a second, and shows it again on the next move.
    if (!cursor_hidden_ && window_ && SDL_GetTicks64() - cursor_shown_at_ > kCursorHideMs) {
      SDL_ShowCursor(SDL_DISABLE);
      cursor_hidden_ = true;
    }
    if (out.empty() && timeout > 0) std::this_thread::sleep_for(std::chrono::duration<double>(timeout));
  }

 private:
  bool supported(Uint32 sdl) const {
    for (Uint32 i = 0; sdl != SDL_PIXELFORMAT_UNKNOWN && i < info_.num_texture_formats; ++i)
      if (info_.texture_formats[i] == sdl) return true;
    return false;
  }

  void upload(const AVFrame* f, Uint32 format) {
    SDL_SetYUVConversionMode(picture_is_full_range(f) ? SDL_YUV_CONVERSION_JPEG
                             : picture_is_bt709(f)    ? SDL_YUV_CONVERSION_BT709
                                              : SDL_YUV_CONVERSION_BT601);
    int ret = 0;
    if (format == SDL_PIXELFORMAT_IYUV)
      ret = SDL_UpdateYUVTexture(texture_, nullptr, f->data[0], f->linesize[0], f->data[1], f->linesize[1], f->data[2],
                                 f->linesize[2]);
    else if (format == SDL_PIXELFORMAT_NV12 || format == SDL_PIXELFORMAT_NV21)
      ret = SDL_UpdateNVTexture(texture_, nullptr, f->data[0], f->linesize[0], f->data[1], f->linesize[1]);
    else if (f->linesize[0] < 0)  // a bottom-up picture: its first row is the last in memory
      ret = SDL_UpdateTexture(texture_, nullptr, f->data[0] + f->linesize[0] * (f->height - 1), -f->linesize[0]);
    else
      ret = SDL_UpdateTexture(texture_, nullptr, f->data[0], f->linesize[0]);
    if (ret < 0) throw common::Error("displaying", SDL_GetError(), AVERROR_EXTERNAL);
  }

  // swscale writes the picture straight into the texture's memory when its rows are a multiple of 64 pixels wide.
  // Its SIMD paths write whole blocks of pixels, past the end of a row of another width (a 200-pixel row took 208),
  // and SDL's texture has no padding after its last row: such a picture goes through a padded frame of our own
  // (av_frame_get_buffer's, as swscale expects) and is copied up.
  void convert(const AVFrame* f) {
    const auto to = static_cast<AVPixelFormat>(converted_av_);
    bool ok = false;
    if (f->width % kDirectWidthMultiple == 0) {
      void* pixels = nullptr;
      int pitch = 0;
      if (SDL_LockTexture(texture_, nullptr, &pixels, &pitch) < 0)
        throw common::Error("displaying", SDL_GetError(), AVERROR_EXTERNAL);
      uint8_t* dst[4] = {static_cast<uint8_t*>(pixels), nullptr, nullptr, nullptr};
      const int dst_linesize[4] = {pitch, 0, 0, 0};
      ok = converter_.convert(f, to, dst, dst_linesize);
      SDL_UnlockTexture(texture_);
    } else {
      if (!scratch_ || scratch_->width != f->width || scratch_->height != f->height || scratch_->format != to) {
        scratch_ = common::make_frame();
        scratch_->format = to;
        scratch_->width = f->width;
        scratch_->height = f->height;
        if (av_frame_get_buffer(scratch_.get(), 0) < 0) {
          scratch_.reset();
          throw common::Error("displaying", "out of memory for a converted picture", AVERROR(ENOMEM));
        }
      }
      ok = converter_.convert(f, to, scratch_->data, scratch_->linesize);
      if (ok && SDL_UpdateTexture(texture_, nullptr, scratch_->data[0], scratch_->linesize[0]) < 0)
        throw common::Error("displaying", SDL_GetError(), AVERROR_EXTERNAL);
    }
    if (!ok)
      throw common::Error("displaying", std::string("cannot convert ") + av_get_pix_fmt_name(static_cast<AVPixelFormat>(f->format)),
                          AVERROR(ENOSYS));
  }

  void show_cursor() {
    if (cursor_hidden_) SDL_ShowCursor(SDL_ENABLE);
    cursor_hidden_ = false;
    cursor_shown_at_ = SDL_GetTicks64();
  }

  // ffplay's mouse seek: x across the window's width is that fraction of the duration.
  void seek_at(int x, std::vector<UserCommand>& out) const {
    int w = 0, h = 0;
    if (!window_) return;
    SDL_GetWindowSize(window_, &w, &h);
    if (w > 0) out.push_back({Command::kSeekToFraction, std::clamp(static_cast<double>(x) / w, 0.0, 1.0)});
  }

  void open_window(int pic_w, int pic_h, AVRational sar) {
    int w = config_.width, h = config_.height;
    if (w <= 0 || h <= 0) {
      SDL_Rect r = display_rect(1 << 16, pic_h, pic_w, pic_h, sar);
      w = config_.width > 0 ? config_.width : r.w;
      h = config_.height > 0 ? config_.height : r.h;
    }
    fullscreen_ = config_.fullscreen;
    Uint32 flags = SDL_WINDOW_RESIZABLE | (fullscreen_ ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) |
                   (config_.borderless ? SDL_WINDOW_BORDERLESS : 0) |
                   (config_.always_on_top ? SDL_WINDOW_ALWAYS_ON_TOP : 0);
    const int x = config_.left >= 0 ? config_.left : static_cast<int>(SDL_WINDOWPOS_UNDEFINED);
    const int y = config_.top >= 0 ? config_.top : static_cast<int>(SDL_WINDOWPOS_UNDEFINED);
    window_ = SDL_CreateWindow(config_.title.c_str(), x, y, w, h, flags);
    if (!window_) throw common::Error("opening display", SDL_GetError(), AVERROR(ENODEV));
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!renderer_) renderer_ = SDL_CreateRenderer(window_, -1, 0);
    if (!renderer_) throw common::Error("opening display", SDL_GetError(), AVERROR(ENODEV));
    if (SDL_GetRendererInfo(renderer_, &info_) != 0) info_.num_texture_formats = 0;
    // What a picture the renderer cannot take is converted to: the window's format when the renderer has it (a
    // plain copy at present), else the renderer's first.
    converted_format_ = SDL_GetWindowPixelFormat(window_);
    if (!supported(converted_format_) || av_format_of(converted_format_) == AV_PIX_FMT_NONE)
      converted_format_ = info_.num_texture_formats > 0 && av_format_of(info_.texture_formats[0]) != AV_PIX_FMT_NONE
                              ? info_.texture_formats[0]
                              : static_cast<Uint32>(SDL_PIXELFORMAT_ARGB8888);
    converted_av_ = av_format_of(converted_format_);
  }

  void translate(const SDL_Event& ev, std::vector<UserCommand>& out) {
    switch (ev.type) {
      case SDL_QUIT: out.push_back({Command::kQuit}); break;
      case SDL_MOUSEBUTTONDOWN:
        if (config_.exit_on_mouse) {
          out.push_back({Command::kQuit});
          break;
        }
        show_cursor();
        if (ev.button.button == SDL_BUTTON_LEFT) {  // a double click (two within half a second): full screen
          const Uint64 now = SDL_GetTicks64();
          if (left_click_at_ > 0 && now - left_click_at_ <= kDoubleClickMs) {
            out.push_back({Command::kToggleFullscreen});
            left_click_at_ = 0;
          } else {
            left_click_at_ = now;
          }
        } else if (ev.button.button == SDL_BUTTON_RIGHT) {
          seek_at(ev.button.x, out);
        }
        break;
      case SDL_MOUSEMOTION:
        show_cursor();
        if (ev.motion.state & SDL_BUTTON_RMASK) seek_at(ev.motion.x, out);  // dragging with the right button held
        break;
      case SDL_KEYDOWN:
        if (config_.exit_on_key) {
          out.push_back({Command::kQuit});
          break;
        }
        switch (ev.key.keysym.sym) {
          case SDLK_ESCAPE:
          case SDLK_q: out.push_back({Command::kQuit}); break;
          case SDLK_SPACE:
          case SDLK_p: out.push_back({Command::kTogglePause}); break;
          case SDLK_s: out.push_back({Command::kStep}); break;
          case SDLK_f: out.push_back({Command::kToggleFullscreen}); break;
          case SDLK_m: out.push_back({Command::kToggleMute}); break;
          case SDLK_9:
          case SDLK_KP_DIVIDE: out.push_back({Command::kVolumeDown}); break;
          case SDLK_0:
          case SDLK_KP_MULTIPLY: out.push_back({Command::kVolumeUp}); break;
          case SDLK_LEFT: out.push_back({Command::kSeekBack}); break;
          case SDLK_RIGHT: out.push_back({Command::kSeekForward}); break;
          case SDLK_DOWN: out.push_back({Command::kSeekBack60}); break;
          case SDLK_UP: out.push_back({Command::kSeekForward60}); break;
          case SDLK_t: out.push_back({Command::kCycleSubtitle}); break;
          case SDLK_a: out.push_back({Command::kCycleAudio}); break;
          case SDLK_v: out.push_back({Command::kCycleVideo}); break;
          case SDLK_c: out.push_back({Command::kCycleProgram}); break;
          case SDLK_w: out.push_back({Command::kCycleShowMode}); break;
          default: break;
        }
        break;
      case SDL_WINDOWEVENT:
        if (ev.window.event == SDL_WINDOWEVENT_EXPOSED || ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
          out.push_back({Command::kRedraw});
        break;
      default: break;
    }
  }

  SdlVideoConfig config_;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  SDL_RendererInfo info_{};
  Uint32 converted_format_ = SDL_PIXELFORMAT_ARGB8888;  // the texture format of converted pictures
  int converted_av_ = AV_PIX_FMT_RGB32;                  // the same, as FFmpeg names it
  PictureConverter converter_;
  common::FramePtr scratch_;  // a converted picture of a width swscale cannot write straight into the texture
  static constexpr int kDirectWidthMultiple = 64;
  SDL_Texture* texture_ = nullptr;
  int tex_w_ = 0, tex_h_ = 0;
  Uint32 tex_format_ = SDL_PIXELFORMAT_UNKNOWN;
  bool opaque_ = true;  // the picture covers what is under it
  SDL_Texture* overlay_ = nullptr;
  int overlay_w_ = 0, overlay_h_ = 0;
  SDL_Texture* visual_ = nullptr;
  int visual_w_ = 0, visual_h_ = 0;
  bool overlay_on_ = false;
  static constexpr Uint64 kDoubleClickMs = 500;  // ffplay's
  static constexpr Uint64 kCursorHideMs = 1000;  // ffplay's CURSOR_HIDE_DELAY
  Uint64 left_click_at_ = 0;
  Uint64 cursor_shown_at_ = 0;
  bool cursor_hidden_ = false;
  AVRational sar_{1, 1};
  bool fullscreen_ = false;
};

}  // namespace

std::unique_ptr<VideoOutput> open_sdl_video(const SdlVideoConfig& config) {
  return std::make_unique<SdlVideoOutput>(config);
}

}  // namespace syncplay
