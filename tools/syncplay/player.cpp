#include "player.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <mutex>
#include <string>

#include "ao_sdl.hpp"
#include "audio_renderer.hpp"
#include "audio_visual.hpp"
#include "common/clock.hpp"
#include "common/decode.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"
#include "decode_thread.hpp"
#include "demux_thread.hpp"
#include "filter_chain.hpp"
#include "ipc_protocol.hpp"
#include "ipc_server.hpp"
#include "presenter.hpp"
#include "sdl_library.hpp"
#include "status_line.hpp"
#include "stream_cycle.hpp"
#include "subtitles.hpp"
#include "sync_clocks.hpp"
#include "sync_report.hpp"
#include "vo_sdl.hpp"

namespace syncplay {
namespace {

struct PlayerTuning {
  static constexpr int64_t kLiveProbeBytes = 32 * 1024;
  static constexpr int64_t kLiveAnalyzeUs = 500 * 1000;
  static constexpr double kDefaultFps = 25.0;
  static constexpr int kVolumeStep = 5;
  // A pipe whose queues run dry this many times before its end is treated as live.
  static constexpr int kStallsForLive = 3;
  // The farthest a seek goes into an input of unknown length (well within what a timestamp can hold).
  static constexpr double kMaxSeekSeconds = 1e9;
  // A seek by bytes of an input that states no bit rate: so many bytes a second (ffplay's guess).
  static constexpr double kBytesPerSecondGuess = 180000.0;
  // The window for audio alone (the audio display), as ffplay's default size.
  static constexpr int kAudioWindowWidth = 640;
  static constexpr int kAudioWindowHeight = 480;
};

const char* master_name(common::SyncMaster m) {
  switch (m) {
    case common::SyncMaster::kAudio: return "audio";
    case common::SyncMaster::kVideo: return "video";
    case common::SyncMaster::kExternal: return "ext";
  }
  return "";
}

// ffplay's -ast/-vst: the first stream of the type that the specifier matches (-1: none asked for, the best one).
int wanted_stream(AVFormatContext* ctx, AVMediaType type, const std::string& spec, const char* option) {
  if (spec.empty()) return -1;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    if (ctx->streams[i]->codecpar->codec_type != type) continue;
    int r = avformat_match_stream_specifier(ctx, ctx->streams[i], spec.c_str());
    if (r < 0) throw common::usage_error(option, "'" + spec + "' is not a stream specifier");
    if (r > 0) return static_cast<int>(i);
  }
  throw common::usage_error(option, "'" + spec + "' matches no " + av_get_media_type_string(type) + " stream");
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ffplay's is_realtime: inputs that deliver as they are sent (RTP, RTSP, SDP, UDP), which it reads without a bound by
// default. (syncplay opens none of them today: they would open URLs of their own.)
bool realtime_input(const AVFormatContext* ctx) {
  const std::string name = ctx->iformat ? ctx->iformat->name : "";
  if (name == "rtp" || name == "rtsp" || name == "sdp") return true;
  const std::string url = ctx->url ? ctx->url : "";
  return ctx->pb && (url.rfind("rtp:", 0) == 0 || url.rfind("udp:", 0) == 0);
}

// The packet queues' hard bounds (the demuxer normally holds back long before); -infbuf lifts them, as ffplay's
// queues have none.
common::QueueLimits packet_limits(const Options& options) {
  if (options.infbuf) return common::QueueLimits{std::numeric_limits<size_t>::max(), 0};
  return common::QueueLimits{QueueTuning::kPacketItems, QueueTuning::kPacketBytes};
}

// Everything that lives for one playback; members are declared in the order they must be built, and are torn
// down in reverse (the audio device closes before the renderer it pulls from, threads stop before queues go).
// Keys and IPC clients change playback through the same few operations (set_pause, seek_to, set_volume, ...), so
// the session's own state is what both see; the IPC's questions are answered from it in the display loop.
class Session : private ipc::PlayerControl {
 public:
  explicit Session(const Options& options)
      : options_(options),
        video_packets_(packet_limits(options)),
        audio_packets_(packet_limits(options)),
        // ffplay's status line, on a terminal only: never in a pipe or a log file.
        status_(stderr, options.stats && options.shared.log_level != common::LogLevel::kQuiet && common::is_terminal(2)) {}
  ~Session() override { shutdown(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int run();

 private:
  // ipc::PlayerControl: what an IPC client reads and changes (called from the display loop only).
  double time_pos() const override;
  double duration() const override;
  double cache_duration() const override;
  bool paused() const override { return stepping_ ? pause_after_step_ : paused_; }
  bool muted() const override { return muted_; }
  double volume() const override { return volume_; }
  double speed() const override { return speed_; }
  bool eof_reached() const override { return eof_reached_; }
  bool seekable() const override { return seekable_; }
  std::vector<ipc::TrackInfo> tracks() const override { return tracks_; }
  ipc::ControlLimits limits() const override;
  void set_pause(bool paused) override;
  void set_mute(bool muted) override;
  void set_volume(double volume) override;
  void set_speed(double speed) override;
  bool has_window() const override {
    int w = 0, h = 0;
    return video_out_ && video_out_->window_size(w, h);
  }
  bool fullscreen() const override { return video_out_ && video_out_->fullscreen(); }
  void set_fullscreen(bool on) override {
    if (has_window() && on != fullscreen()) video_out_->toggle_fullscreen();
  }
  bool seek(double target, bool forward, bool exact) override;
  bool cycle_track(const std::string& type) override;
  bool select_track(const std::string& type, int id) override;
  void quit() override { quit_ = true; }

  void list_tracks();
  void open_subtitles();
  void mark_subtitle_tracks();
  void update_subtitles(double now);
  bool seek_to(double target, bool forward, bool exact = false);
  void seek_to_fraction(double fraction);
  bool seek_bytes(int64_t pos, int64_t rel);
  bool seek_requested(uint64_t id, double target);
  void serve_ipc();
  void announce(double now);
  void emit(const std::string& line) {
    if (ipc_) ipc_->broadcast(line);
  }

  void open_input();
  common::DecoderOptions decoder_options(int index) const;
  std::unique_ptr<common::Decoder> open_decoder(int index);
  DecodeConfig video_config(int index);
  bool drop_early(double pts, int serial);
  std::string video_filters(int index) const;
  DecodeConfig audio_config() const;
  bool open_audio_device(int index);
  bool cycle_stream(AVMediaType type);
  bool switch_stream(AVMediaType type, int index);
  void stream_off(AVMediaType type);
  void follow_streams(double now);
  // Whether frames of a video stream come up (one plays: not turned off with vid no, or absent).
  bool video_playing() const { return presenter_ && video_index_ >= 0; }
  int check_filters();
  void open_outputs();
  void start_threads();
  void shutdown();
  void handle(const UserCommand& c, double now);
  void toggle_pause(double now);
  void seek_by(double delta, double now);
  void watch_live(double now);
  void show_status(double now);
  double refresh_visual(double now);
  void cycle_show_mode();
  void make_visual();
  bool done(double now) const;
  int finish_status();

  const Options& options_;
  // Set at shutdown: a read waiting on a stalled pipe gives up (FdSource polls it), so the demuxer can be joined.
  std::atomic<bool> cancel_reads_{false};
  std::unique_ptr<common::Input> input_;
  bool seekable_ = false;
  bool seek_by_bytes_ = false;  // the keys and the mouse seek by bytes (-bytes; ffplay's rule when auto)
  int64_t input_size_ = -1;     // bytes (-1: unknown)
  bool live_ = false;
  int video_index_ = -1, audio_index_ = -1;
  // Whether audio has its path (a demuxer queue): audio played at the start. Only then can it be switched, turned off
  // (aid no) and on again; video has one when it has a presenter.
  bool audio_path_ = false;
  bool auto_show_mode_ = false;  // vid no put the audio display up (vid on again takes it down)
  double drop_before_ = -1e300;  // --ss: frames before this media time are not shown (a pipe cannot seek)
  common::SourceParams filtered_video_;  // --vf: the picture the chain makes from the stream's (for the window)
  double epoch_ = std::numeric_limits<double>::quiet_NaN();  // the start of playback (the report's times count from it)
  std::atomic<int> early_drops_{0};  // pictures the decoder dropped (drop_early)

  PacketQueue video_packets_;
  PacketQueue audio_packets_;
  FrameQueue video_frames_{common::QueueLimits{QueueTuning::kVideoFrames, 0}};
  FrameQueue audio_frames_{common::QueueLimits{QueueTuning::kAudioFrames, 0}};
  PacketQueue subtitle_packets_{common::QueueLimits{QueueTuning::kPacketItems, QueueTuning::kPacketBytes}};

  std::unique_ptr<SyncClocks> clocks_;
  std::unique_ptr<SyncReport> report_;
  std::unique_ptr<VideoOutput> video_out_;
  std::unique_ptr<Presenter> presenter_;
  std::unique_ptr<AudioVisual> visual_;  // the audio display (a window and audio): fed by the renderer, outlives it
  std::unique_ptr<AudioRenderer> renderer_;
  std::unique_ptr<AudioOutput> audio_out_;
  std::mutex decoders_mutex_;  // the demuxer's thread reads the decoders (an exact seek) while a switch may replace one
  std::unique_ptr<DecodeThread> video_decoder_;
  std::unique_ptr<DecodeThread> audio_decoder_;
  std::unique_ptr<DemuxThread> demuxer_;
  std::unique_ptr<IpcServer> ipc_;
  std::vector<ipc::TrackInfo> tracks_;
  std::unique_ptr<Subtitles> subtitles_;  // none without a picture to draw them on
  int picture_w_ = 0, picture_h_ = 0;     // the picture's size before the first frame (the stream's, or --vf's)
  int subtitle_frames_ = 0;               // frames shown when the subtitles were last brought up to date

  bool paused_ = false;
  double paused_since_ = 0.0;
  bool muted_ = false;
  double volume_ = 100;
  double speed_ = 1.0;
  bool stepping_ = false;
  bool pause_after_step_ = true;  // what a step ends in (a client may resume during it)
  bool announced_pause_ = false;  // the pause state clients were last told of
  bool eof_reached_ = false;
  // The last seek asked for (DemuxThread's number; 0: none) and its target; playback restarts (the event, and the
  // end of time-pos reading the target) once the demuxer made it and the new position is playing or on screen.
  uint64_t seek_id_ = 0;
  double seek_target_ = 0.0;
  bool restart_pending_ = true;  // the start of playback counts as one
  bool step_after_seek_ = false;  // paused: step once the demuxer has made the seek
  bool quiet_step_ = false;       // that step, under way (playback stays paused)
  int stalls_ = 0;
  bool was_stalled_ = false;
  bool quit_ = false;
  StatusLine status_;
  // What the renderers of streams switched away from delivered, for the summary (it covers the whole playback).
  struct AudioSoFar {
    double seconds = 0.0;
    double first = kNaN, last = kNaN;
    int underruns = 0, played = 0, compensated = 0;
  } audio_so_far_;
  ShowMode show_mode_ = ShowMode::kVideo;
  std::vector<uint32_t> canvas_;  // the audio display's picture
  double visual_at_ = -1e300;     // when it was last drawn
  bool visual_due_ = true;        // draw it at the next tick (a new mode, the window exposed)
};

void Session::open_input() {
  common::InputOptions in;
  in.name = options_.input == "-" ? "pipe:" : options_.input;
  if (options_.live) {
    in.probesize = PlayerTuning::kLiveProbeBytes;
    in.analyzeduration = PlayerTuning::kLiveAnalyzeUs;
  }
  in.spool_options.limit = options_.shared.spool_limit;
  in.format = options_.input_format;
  in.find_stream_info = options_.find_stream_info;
  in.demuxer_options = options_.demuxer_options;
  in.codec_options = options_.codec_options;
  if (options_.genpts) in.demuxer_options.emplace_back("fflags", "+genpts");  // as ffplay's ic->flags |= GENPTS
  auto source = common::open_source(options_.input);
  if (auto* fd = dynamic_cast<common::FdSource*>(source.get())) {
    fd->set_timeout_ms(options_.shared.timeout_ms);
    fd->set_cancel(&cancel_reads_);
  }
  bool source_seekable = source->seekable();
  input_ = common::Input::open(std::move(source), in);
  seekable_ = source_seekable && !input_->spooled();
  {
    // ffplay's -bytes: by bytes when asked, or by default for formats whose timestamps may jump (MPEG-TS, not Ogg)
    // and that can seek so.
    const AVInputFormat* fmt = input_->ctx()->iformat;
    seek_by_bytes_ = options_.bytes >= 0 ? options_.bytes == 1
                                         : !(fmt->flags & AVFMT_NO_BYTE_SEEK) && (fmt->flags & AVFMT_TS_DISCONT) &&
                                               std::string(fmt->name) != "ogg";
    if (seekable_ && input_->ctx()->pb) input_size_ = avio_size(input_->ctx()->pb);  // before the demuxer's thread reads
  }
  live_ = options_.live;
  AVFormatContext* ctx = input_->ctx();
  const int wanted_video = wanted_stream(ctx, AVMEDIA_TYPE_VIDEO, options_.video_stream, "-vst");
  const int wanted_audio = wanted_stream(ctx, AVMEDIA_TYPE_AUDIO, options_.audio_stream, "-ast");
  video_index_ = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, wanted_video, -1, nullptr, 0);
  audio_index_ = av_find_best_stream(ctx, AVMEDIA_TYPE_AUDIO, wanted_audio, video_index_, nullptr, 0);
  if (video_index_ < 0) video_index_ = -1;
  if (audio_index_ < 0) audio_index_ = -1;
  if (video_index_ < 0 && audio_index_ < 0)
    throw common::Error("opening input", "no audio or video stream", AVERROR_STREAM_NOT_FOUND);
  if (audio_index_ >= 0 && options_.no_audio) audio_index_ = -1;
  if (video_index_ >= 0 && options_.no_video) video_index_ = -1;
  if (video_index_ < 0 && audio_index_ < 0)
    throw common::Error("opening input", options_.no_video ? "-vn: no audio stream to play" : "-an: no video stream to play",
                        AVERROR_STREAM_NOT_FOUND);
  list_tracks();
  open_subtitles();
}

// ffplay's choice: -sst's stream, else the best subtitle stream related to the audio (or video) played; -sn none.
// A --sub-file is its own track after the input's, and is the one shown (as mpv shows an external file).
void Session::open_subtitles() {
  AVFormatContext* ctx = input_->ctx();
  const int wanted = wanted_stream(ctx, AVMEDIA_TYPE_SUBTITLE, options_.subtitle_stream, "-sst");
  // Without a picture nothing is shown: no decoders, no fonts (a --sub-file is still read, so that a bad one fails
  // the same way everywhere); without subtitles the display loop has nothing more to do.
  const bool picture = video_index_ >= 0 && !options_.no_display;
  const bool any = std::any_of(ctx->streams, ctx->streams + ctx->nb_streams,
                               [](const AVStream* st) { return st->codecpar->codec_type == AVMEDIA_TYPE_SUBTITLE; });
  if ((!picture || !any) && options_.sub_file.empty()) return;
  subtitles_ = std::make_unique<Subtitles>();
  subtitles_->set_decoder(options_.subtitle_codec, options_.codec_options);
  if (picture) subtitles_->add_input(ctx);
  int shown = 0;
  if (!options_.sub_file.empty()) {
    const double start = ctx->start_time != AV_NOPTS_VALUE ? static_cast<double>(ctx->start_time) / AV_TIME_BASE : 0.0;
    shown = subtitles_->add_file(options_.sub_file, start);
  } else {
    int best = av_find_best_stream(ctx, AVMEDIA_TYPE_SUBTITLE, wanted, audio_index_ >= 0 ? audio_index_ : video_index_,
                                   nullptr, 0);
    for (int n = 1; best >= 0 && n <= subtitles_->count(); ++n)
      if (subtitles_->stream_index(n) == best) shown = n;
  }
  if (!options_.no_subtitles) subtitles_->select(shown);
}

// The track list's sub entries: the --sub-file's added, the one shown marked.
void Session::mark_subtitle_tracks() {
  if (!subtitles_) return;
  if (!options_.sub_file.empty() && std::none_of(tracks_.begin(), tracks_.end(), [](const ipc::TrackInfo& t) { return t.external; })) {
    ipc::TrackInfo t;
    t.type = "sub";
    t.id = subtitles_->count();
    t.ff_index = -1;
    t.external = true;
    t.external_filename = options_.sub_file;
    t.codec = "";
    tracks_.push_back(std::move(t));
  }
  for (ipc::TrackInfo& t : tracks_)
    if (t.type == "sub") t.selected = t.id == subtitles_->selected();
}

// mpv's track-list: video, audio and subtitle streams, numbered from 1 within each type.
void Session::list_tracks() {
  AVFormatContext* ctx = input_->ctx();
  int counts[3] = {0, 0, 0};
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* st = ctx->streams[i];
    const AVCodecParameters* par = st->codecpar;
    int kind = par->codec_type == AVMEDIA_TYPE_VIDEO ? 0 : par->codec_type == AVMEDIA_TYPE_AUDIO ? 1
               : par->codec_type == AVMEDIA_TYPE_SUBTITLE                                     ? 2
                                                                                              : -1;
    if (kind < 0) continue;
    ipc::TrackInfo t;
    t.type = kind == 0 ? "video" : kind == 1 ? "audio" : "sub";
    t.id = ++counts[kind];
    t.ff_index = static_cast<int>(i);
    t.codec = avcodec_get_name(par->codec_id);
    if (const AVDictionaryEntry* e = av_dict_get(st->metadata, "title", nullptr, 0)) t.title = e->value;
    if (const AVDictionaryEntry* e = av_dict_get(st->metadata, "language", nullptr, 0)) t.lang = e->value;
    t.is_default = (st->disposition & AV_DISPOSITION_DEFAULT) != 0;
    t.forced = (st->disposition & AV_DISPOSITION_FORCED) != 0;
    t.albumart = (st->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
    t.bitrate = par->bit_rate;
    if (kind == 0) {
      t.width = par->width;
      t.height = par->height;
      AVRational fr = av_guess_frame_rate(ctx, const_cast<AVStream*>(st), nullptr);
      t.fps = fr.num > 0 && fr.den > 0 ? av_q2d(fr) : 0.0;
    } else if (kind == 1) {
      t.samplerate = par->sample_rate;
      t.channels = par->ch_layout.nb_channels;
    }
    tracks_.push_back(std::move(t));
  }
}

// --vf/--af are configured once for the streams' parameters before anything plays, so that a chain that does not fit
// the input (a crop larger than the picture, ...) is a usage error rather than a failure midway.
int Session::check_filters() {
  AVFormatContext* ctx = input_->ctx();
  auto check = [&](const char* name, const std::string& chain, int index) {
    if (chain.empty() || index < 0) return true;
    AVStream* st = ctx->streams[index];
    const AVCodecParameters* par = st->codecpar;
    if (par->format < 0) return true;  // known only once decoded: the decode thread reports a failure then
    common::SourceParams p;
    p.type = par->codec_type;
    std::vector<int> formats;
    if (p.type == AVMEDIA_TYPE_VIDEO) {
      p.time_base = st->time_base;
      p.width = par->width;
      p.height = par->height;
      p.pix_fmt = par->format;
      p.sample_aspect_ratio = av_guess_sample_aspect_ratio(ctx, st, nullptr);
      p.frame_rate = av_guess_frame_rate(ctx, st, nullptr);
      if (!options_.no_display) formats = {AV_PIX_FMT_YUV420P};
    } else {
      p.sample_rate = par->sample_rate;
      p.time_base = AVRational{1, par->sample_rate > 0 ? par->sample_rate : 1};
      p.sample_fmt = par->format;
      char layout[128];
      AVChannelLayout l{};
      if (par->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) av_channel_layout_default(&l, par->ch_layout.nb_channels);
      else av_channel_layout_copy(&l, &par->ch_layout);
      if (av_channel_layout_describe(&l, layout, sizeof layout) < 0) layout[0] = 0;
      av_channel_layout_uninit(&l);
      p.ch_layout = layout;
    }
    std::string why = probe_chain(chain, p, formats, p.type == AVMEDIA_TYPE_VIDEO ? &filtered_video_ : nullptr);
    if (why.empty()) return true;
    common::log_error(name, why);
    return false;
  };
  if (!check("--vf", video_filters(video_index_), video_index_) || !check("--af", options_.af, audio_index_)) return common::kExitUsage;
  return common::kExitOk;
}

// An audio device for stream `index`, at its rate and channels (ffplay's audio_open); false with a warning when there
// is none.
bool Session::open_audio_device(int index) {
  const AVCodecParameters* par = input_->ctx()->streams[index]->codecpar;
  std::string error;
  audio_out_ = open_sdl_audio(par->sample_rate > 0 ? par->sample_rate : 48000,
                              par->ch_layout.nb_channels > 0 ? par->ch_layout.nb_channels : 2,
                              static_cast<int>(std::lround(volume_)), error);
  if (!audio_out_) common::log_warning("no audio device (" + error + "); playing without audio");
  else if (muted_) audio_out_->set_muted(true);
  return audio_out_ != nullptr;
}

void Session::open_outputs() {
  AVFormatContext* ctx = input_->ctx();
  volume_ = options_.volume;
  speed_ = options_.speed;
  if (audio_index_ >= 0 && !open_audio_device(audio_index_)) audio_index_ = -1;
  common::SyncMaster wanted = options_.sync;
  if (live_ && !options_.sync_given) wanted = common::SyncMaster::kExternal;
  common::SyncMaster master = common::effective_master(wanted, audio_index_ >= 0, video_index_ >= 0);
  clocks_ = std::make_unique<SyncClocks>(&video_packets_.serial_ref(), &audio_packets_.serial_ref(), master);
  if (options_.speed != 1.0) clocks_->set_speed(options_.speed, common::now_seconds());
  // ffplay's show mode: the video when there is one, else the spectrum (or what -showmode asks for).
  show_mode_ = options_.show_mode >= 0 ? static_cast<ShowMode>(options_.show_mode)
               : video_index_ >= 0    ? ShowMode::kVideo
                                      : ShowMode::kRdft;
  // A window for the video, or for the audio display (ffplay opens one for audio alone too), unless -nodisp.
  if (!options_.no_display && (video_index_ >= 0 || audio_index_ >= 0)) {
    SdlVideoConfig vc;
    vc.width = options_.width;
    vc.height = options_.height;
    vc.fullscreen = options_.fullscreen;
    vc.title = !options_.window_title.empty() ? options_.window_title
               : options_.input == "-"          ? "syncplay"
                                                : "syncplay - " + options_.input;
    vc.left = options_.left;
    vc.top = options_.top;
    vc.borderless = options_.borderless;
    vc.always_on_top = options_.always_on_top;
    vc.exit_on_key = options_.exit_on_key;
    vc.exit_on_mouse = options_.exit_on_mouse;
    if (video_index_ < 0) {  // audio alone: ffplay's default window size
      vc.video_width = PlayerTuning::kAudioWindowWidth;
      vc.video_height = PlayerTuning::kAudioWindowHeight;
      vc.sar = AVRational{1, 1};
    } else {
      const AVStream* st = ctx->streams[video_index_];
      vc.video_width = st->codecpar->width;
      vc.video_height = st->codecpar->height;
      vc.sar = av_guess_sample_aspect_ratio(ctx, const_cast<AVStream*>(st), nullptr);
    }
    if (video_index_ >= 0 && filtered_video_.width > 0 && filtered_video_.height > 0) {  // what --vf makes
      vc.video_width = filtered_video_.width;
      vc.video_height = filtered_video_.height;
      vc.sar = filtered_video_.sample_aspect_ratio;
    }
    video_out_ = open_sdl_video(vc);
  } else {
    video_out_ = make_null_video_output();
  }
  // Which streams play is settled now (audio may have been dropped for want of a device).
  for (ipc::TrackInfo& t : tracks_)
    t.selected = t.type != "sub" && (t.ff_index == video_index_ || t.ff_index == audio_index_);
  if (video_index_ < 0 || options_.no_display) {
    // Subtitles are drawn into the picture: without one there is nothing to show them on.
    if (!options_.sub_file.empty())
      common::log_warning("--sub-file: no picture to draw subtitles on (-nodisp, or no video): not shown");
    subtitles_.reset();
  } else if (subtitles_) {
    const AVStream* st = ctx->streams[video_index_];
    picture_w_ = filtered_video_.width > 0 ? filtered_video_.width : st->codecpar->width;
    picture_h_ = filtered_video_.height > 0 ? filtered_video_.height : st->codecpar->height;
    subtitles_->on_change([this](const SubtitleChange& c) {
      report_->subtitle(c.shown, c.track, c.start, c.end, common::now_seconds() - epoch_, c.at, c.text);
    });
  }
  mark_subtitle_tracks();
}

// -fast: ffplay sets AV_CODEC_FLAG2_FAST on every decoder it opens.
common::DecoderOptions Session::decoder_options(int index) const {
  common::DecoderOptions d;
  // The user's options by name first, then ffplay's own options over them (-fast, -lowres), as ffplay sets them.
  d.avoptions = common::decoder_options_for(options_.codec_options, input_->ctx(), input_->ctx()->streams[index]);
  if (options_.fast) {  // added to the user's -flags2, as ffplay ORs it into the context's flags
    auto given = std::find_if(d.avoptions.begin(), d.avoptions.end(), [](const auto& kv) { return kv.first == "flags2"; });
    if (given != d.avoptions.end())
      given->second += "+fast";
    else
      d.avoptions.emplace_back("flags2", "+fast");
  }
  using FramePts = common::DecoderOptions::FramePts;  // ffplay's -drp, for video
  if (input_->ctx()->streams[index]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
    d.frame_pts = options_.drp == 1 ? FramePts::kDecoder : options_.drp == 0 ? FramePts::kPacketDts : FramePts::kBestEffort;
  // -vcodec/-acodec (ffplay's forced decoders)
  const AVCodecParameters* par = input_->ctx()->streams[index]->codecpar;
  const bool video = par->codec_type == AVMEDIA_TYPE_VIDEO;
  d.codec = video ? options_.video_codec : options_.audio_codec;
  if (video && options_.lowres > 0) {  // ffplay's -lowres, down to what the decoder can (it says so, as ffplay)
    const AVCodec* c = d.codec.empty() ? avcodec_find_decoder(par->codec_id)
                                       : common::find_decoder(d.codec, AVMEDIA_TYPE_VIDEO, "-vcodec");
    const int most = c ? c->max_lowres : 0;
    if (options_.lowres > most)
      common::log_warning("-lowres: the most the " + std::string(c ? c->name : "video") + " decoder can is " +
                          std::to_string(most));
    if (std::min(options_.lowres, most) > 0) d.avoptions.emplace_back("lowres", std::to_string(std::min(options_.lowres, most)));
  }
  return d;
}

// Opens stream `index`'s decoder; its track then names the decoder (mpv's decoder-desc).
std::unique_ptr<common::Decoder> Session::open_decoder(int index) {
  auto decoder = common::Decoder::open(input_->ctx()->streams[index], decoder_options(index));
  const AVCodec* c = decoder->ctx()->codec;
  for (ipc::TrackInfo& t : tracks_)
    if (!t.external && t.type != "sub" && t.ff_index == index)
      t.decoder_desc = std::string(c->name) + " (" + (c->long_name ? c->long_name : c->name) + ")";
  return decoder;
}

// --vf, then what turns the picture upright (ffplay's -autorotate, with its rule for the angle: transpose for a
// quarter turn, both flips for a half, rotate for anything else more than a degree off).
std::string Session::video_filters(int index) const {
  const std::string& chain = options_.vf;
  if (!options_.autorotate || index < 0) return chain;
  const auto* matrix = reinterpret_cast<const int32_t*>(
      av_stream_get_side_data(input_->ctx()->streams[index], AV_PKT_DATA_DISPLAYMATRIX, nullptr));
  if (!matrix) return chain;
  double theta = -std::round(av_display_rotation_get(matrix));
  theta -= 360 * std::floor(theta / 360 + 0.9 / 360);
  std::string turn;
  if (std::fabs(theta - 90) < 1) turn = "transpose=clock";
  else if (std::fabs(theta - 180) < 1) turn = "hflip,vflip";
  else if (std::fabs(theta - 270) < 1) turn = "transpose=cclock";
  else if (std::fabs(theta) > 1) turn = "rotate=" + std::to_string(theta) + "*PI/180";
  if (turn.empty()) return chain;
  return chain.empty() ? turn : chain + "," + turn;
}

// The video decoder's settings for stream `index`: its frame rate, and timestamps made up for an input without any.
// ffplay's early drop, from the video decoder's thread: a picture already behind the master when it leaves the
// decoder (and the filters) is not queued, so that a display slower than the frames does not leave the picture ever
// further behind (late drops alone take at most the frames queued at each refresh). Reported as a dropped frame.
bool Session::drop_early(double pts, int serial) {
  if (!common::framedrop_enabled(options_.framedrop, clocks_->master())) return false;
  const double now = common::now_seconds();
  const double master = clocks_->master_time(now);
  if (!common::is_frame_early_late(pts, master, clocks_->video_serial() == serial, video_packets_.size() > 0))
    return false;
  ++early_drops_;
  report_->frame(pts, now - epoch_, master, FrameAction::kDroppedEarly);
  return true;
}

DecodeConfig Session::video_config(int index) {
  AVFormatContext* ctx = input_->ctx();
  AVRational fr = av_guess_frame_rate(ctx, ctx->streams[index], nullptr);
  const double rate = fr.num > 0 && fr.den > 0 ? av_q2d(fr) : 0.0;
  DecodeConfig vc;
  if (!options_.no_display && video_out_) vc.display_formats = video_out_->display_formats();
  vc.frame_rate = rate;
  vc.synthesize_pts = (ctx->iformat->flags & AVFMT_NOTIMESTAMPS) != 0;
  vc.fps_given = options_.fps > 0;
  vc.fallback_fps = options_.fps > 0 ? options_.fps : rate > 0 ? rate : PlayerTuning::kDefaultFps;
  vc.drop_before = drop_before_;
  vc.filters = video_filters(index);
  vc.filter_threads = options_.filter_threads;
  vc.drop_early = [this](double pts, int serial) { return drop_early(pts, serial); };
  return vc;
}

DecodeConfig Session::audio_config() const {
  DecodeConfig ac;
  ac.drop_before = drop_before_;
  ac.filters = options_.af;
  ac.filter_threads = options_.filter_threads;
  return ac;
}

void Session::start_threads() {
  AVFormatContext* ctx = input_->ctx();
  const double now = common::now_seconds();
  epoch_ = now;
  DemuxConfig dc;
  dc.video_index = video_index_;
  dc.audio_index = audio_index_;
  dc.start = options_.start;
  dc.duration = options_.duration;
  dc.loop = options_.loop;
  dc.seekable = seekable_;
  dc.live = live_;
  dc.unbounded = options_.infbuf || realtime_input(ctx);
  if (options_.loop != 1 && !seekable_) common::log_warning("--loop needs a seekable input (a named file); playing once");
  PacketQueue* vq = video_index_ >= 0 ? &video_packets_ : nullptr;
  PacketQueue* aq = audio_index_ >= 0 ? &audio_packets_ : nullptr;
  demuxer_ = std::make_unique<DemuxThread>(
      *input_, dc, vq, aq,
      [this] {
        return video_packets_.messages() == 0 && audio_packets_.messages() == 0 && video_frames_.messages() == 0 &&
               audio_frames_.messages() == 0;
      },
      [this](double target, bool exact) {
        // Called on the demuxer's thread after the flush, before the new serial's packets: the decoders drop
        // what comes before an exact seek's target.
        if (exact) {
          std::lock_guard<std::mutex> lock(decoders_mutex_);  // not while a stream switch replaces them
          if (video_decoder_) video_decoder_->drop_before(video_packets_.serial(), target);
          if (audio_decoder_) audio_decoder_->drop_before(audio_packets_.serial(), target);
        }
        clocks_->set_external(target, common::now_seconds());
      });
  // --ss: frames before the start are dropped (a seek lands on the keyframe before it; a pipe cannot seek).
  drop_before_ = options_.start > 0 ? demuxer_->start_time() + options_.start : -1e300;

  if (video_index_ >= 0) {
    video_decoder_ = std::make_unique<DecodeThread>(open_decoder(video_index_),
                                                    video_packets_, video_frames_, video_config(video_index_));
    PresenterConfig pc;
    pc.framedrop = common::framedrop_enabled(options_.framedrop, clocks_->master());
    pc.max_frame_duration = common::max_frame_duration(ctx->iformat->flags & AVFMT_TS_DISCONT);
    pc.slow_display_ms = options_.slow_display_ms;
    pc.speed = options_.speed;
    presenter_ = std::make_unique<Presenter>(video_frames_, video_packets_, *clocks_, *video_out_, *report_, pc, epoch_);
  }
  audio_path_ = audio_index_ >= 0;
  if (audio_index_ >= 0) {
    audio_decoder_ = std::make_unique<DecodeThread>(open_decoder(audio_index_),
                                                    audio_packets_, audio_frames_, audio_config());
    renderer_ = std::make_unique<AudioRenderer>(audio_frames_, audio_packets_, *clocks_, audio_out_->spec(), options_.speed);
    make_visual();
    audio_out_->start(*renderer_);
  }
  // The video shows unless the audio display takes the window (without audio to display, the video shows: ffplay).
  if (presenter_) presenter_->set_draw(show_mode_ == ShowMode::kVideo || !visual_);
  if (subtitles_) demuxer_->set_subtitle_queue(&subtitle_packets_);
  if (video_decoder_) video_decoder_->start();
  if (audio_decoder_) audio_decoder_->start();
  demuxer_->start();
}

void Session::shutdown() {
  cancel_reads_ = true;
  audio_out_.reset();  // the device stops pulling before anything it reads from goes away
  for (auto* q : {&video_packets_, &audio_packets_, &subtitle_packets_}) q->abort();
  for (auto* q : {&video_frames_, &audio_frames_}) q->abort();
  if (demuxer_) demuxer_->stop();
  if (video_decoder_) video_decoder_->stop();
  if (audio_decoder_) audio_decoder_->stop();
}

void Session::toggle_pause(double now) {
  paused_ = !paused_;
  if (!paused_ && presenter_) presenter_->on_resume(now, paused_since_);
  if (clocks_) clocks_->set_paused(paused_, now);  // none yet when a client asks before playback starts
  if (audio_out_) audio_out_->set_paused(paused_);
  paused_since_ = now;
}

void Session::seek_by(double delta, double now) {
  if (!seekable_) {
    common::log_info("the input cannot seek (only a named file can)");
    return;
  }
  if (seek_by_bytes_) {
    // ffplay's: from the position of the picture on screen (else of the last packet read), by the input's bit rate
    // (else 180000 bytes a second).
    int64_t pos = -1;
    if (const AVFrame* f = presenter_ ? presenter_->frame() : nullptr; f && presenter_->shown_serial() == video_packets_.serial())
      pos = f->pkt_pos;
    if (pos < 0) pos = demuxer_->read_pos();
    if (pos < 0) pos = 0;
    const int64_t rate = input_->ctx()->bit_rate;
    const auto rel = static_cast<int64_t>(delta * (rate > 0 ? static_cast<double>(rate) / 8.0 : PlayerTuning::kBytesPerSecondGuess));
    seek_bytes(pos + rel, rel);
    return;
  }
  double pos = clocks_->master_time(now);
  if (std::isnan(pos) && presenter_) pos = presenter_->last_pts();
  if (std::isnan(pos)) return;
  seek_to(pos + delta, delta > 0);
}

// A seek by bytes (-bytes): where it lands in time shows when its packets come (time-pos is unknown until then).
bool Session::seek_bytes(int64_t pos, int64_t rel) {
  if (!seekable_ || !demuxer_) return false;
  if (input_size_ > 0) pos = std::min(pos, input_size_);
  return seek_requested(demuxer_->request_seek_bytes(pos, rel), kNaN);
}

// A seek the demuxer took (id > 0): time-pos says its target (NaN: unknown) until playback restarts, clients hear
// of it, and paused, once the demuxer has made it, one frame shows where it landed and playback stays paused
// (ffplay steps from its read thread after the seek; a step before would show a frame from before it).
bool Session::seek_requested(uint64_t id, double target) {
  if (id == 0) return false;
  seek_id_ = id;
  seek_target_ = target;
  restart_pending_ = true;
  eof_reached_ = false;
  emit(ipc::event_line("seek"));
  if (paused() && video_playing()) step_after_seek_ = true;
  return true;
}

// Seeks to `target` media seconds (the input's own timestamps). Keys and IPC clients both seek here.
bool Session::seek_to(double target, bool forward, bool exact) {
  if (!seekable_ || !demuxer_) return false;
  const double start = demuxer_->start_time();
  const double length = duration();
  target = std::max(target, start);
  // Not past the end (nor anywhere a timestamp cannot reach): the demuxer finds the last keyframe there.
  target = std::min(target, start + (std::isnan(length) ? PlayerTuning::kMaxSeekSeconds : length));
  // An exact seek starts from the keyframe before the target, whichever way it goes, and decodes up to it.
  return seek_requested(demuxer_->request_seek(target, forward && !exact, exact), target);
}

// ffplay's mouse seek: that fraction of the duration from the start, to the keyframe before it; it says where.
// By bytes (-bytes, or when the duration is unknown): that fraction of the input's size, as ffplay.
void Session::seek_to_fraction(double fraction) {
  const double length = duration();
  if (seekable_ && demuxer_ && (seek_by_bytes_ || std::isnan(length)) && input_size_ > 0) {
    seek_bytes(static_cast<int64_t>(static_cast<double>(input_size_) * fraction), 0);
    return;
  }
  if (!seekable_ || !demuxer_ || std::isnan(length)) {
    common::log_info(!seekable_ ? "the input cannot seek (only a named file can)"
                                : "cannot seek to a place in the window: the duration is unknown");
    return;
  }
  const auto hms = [](double t) {
    const int s = static_cast<int>(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%2d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    return std::string(buf);
  };
  char line[128];
  std::snprintf(line, sizeof line, "Seek to %2.0f%% (%s) of total duration (%s)", fraction * 100,
                hms(fraction * length).c_str(), hms(length).c_str());
  common::log_info(line);
  seek_to(demuxer_->start_time() + fraction * length, false);
}

// time-pos: the master clock, as mpv's; while a seek is under way its target (mpv says the same); paused after a
// seek, before the master has played anything of the new position, the frame on screen (or without video, the
// target). From the input's start.
double Session::time_pos() const {
  if (!clocks_ || !demuxer_) return kNaN;
  if (restart_pending_ && seek_id_ > 0) return seek_target_ - demuxer_->start_time();
  double t = clocks_->master_time(common::now_seconds());
  if (std::isnan(t)) {
    if (presenter_ && presenter_->presented() > 0 && presenter_->shown_serial() == video_packets_.serial())
      t = presenter_->last_pts();
    else if (seek_id_ > 0)
      t = seek_target_;
  }
  return t - demuxer_->start_time();
}

// mpv's demuxer-cache-duration: how far ahead of the position the demuxer has read.
double Session::cache_duration() const {
  if (!demuxer_) return kNaN;
  double pos = time_pos(), until = demuxer_->read_until();
  if (std::isnan(pos) || std::isnan(until)) return kNaN;
  return std::max(0.0, until - demuxer_->start_time() - pos);
}

double Session::duration() const {
  if (!input_ || input_->ctx()->duration == AV_NOPTS_VALUE || input_->ctx()->duration <= 0) return kNaN;
  return static_cast<double>(input_->ctx()->duration) / AV_TIME_BASE;
}

ipc::ControlLimits Session::limits() const {
  ipc::ControlLimits l;
  l.min_speed = Options::kMinSpeed;
  l.max_speed = Options::kMaxSpeed;
  l.max_volume = Options::kMaxVolume;
  return l;
}

void Session::set_pause(bool paused) {
  if (stepping_) {
    pause_after_step_ = paused;  // the step under way ends in this state
    return;
  }
  if (paused != paused_) toggle_pause(common::now_seconds());
}

void Session::set_mute(bool muted) {
  muted_ = muted;
  if (audio_out_) audio_out_->set_muted(muted_);
}

void Session::set_volume(double volume) {
  volume_ = std::clamp(volume, 0.0, static_cast<double>(Options::kMaxVolume));
  if (audio_out_) audio_out_->set_volume(static_cast<int>(std::lround(volume_)));
}

// The clocks, the frame timer and the audio stretcher all move to the new speed.
void Session::set_speed(double speed) {
  speed_ = speed;
  double now = common::now_seconds();
  if (clocks_) clocks_->set_speed(speed_, now);
  if (presenter_) presenter_->set_speed(speed_);
  if (renderer_) renderer_->set_speed(speed_);
}

bool Session::seek(double target, bool forward, bool exact) {
  if (!demuxer_) return false;
  return seek_to(target + demuxer_->start_time(), forward, exact);
}

// Subtitle tracks switch at run time (ffplay's t: the next one, none after the last), and so do the audio and video
// streams (ffplay's a and v: the next one, round again after the last).
bool Session::cycle_track(const std::string& type) {
  if (type == "audio") return cycle_stream(AVMEDIA_TYPE_AUDIO);
  if (type == "video") return cycle_stream(AVMEDIA_TYPE_VIDEO);
  if (type != "sub" || !subtitles_ || subtitles_->count() == 0) return false;
  return select_track(type, subtitles_->selected() >= subtitles_->count() ? 0 : subtitles_->selected() + 1);
}

// mpv's aid, vid and sid: a track number, or 0 for none. Audio or video turned off (mpv's aid=no, vid=no) plays on
// with the other stream, as ffplay's -an or -vn would, and is turned on again by a track number; the one stream
// playing cannot be turned off.
bool Session::select_track(const std::string& type, int id) {
  if (type == "audio" || type == "video") {
    const AVMediaType media = type == "audio" ? AVMEDIA_TYPE_AUDIO : AVMEDIA_TYPE_VIDEO;
    if (id == 0) return switch_stream(media, -1);
    for (const ipc::TrackInfo& t : tracks_)
      if (t.type == type && t.id == id) return switch_stream(media, t.ff_index);
    return false;
  }
  if (type != "sub" || !subtitles_ || id < 0 || id > subtitles_->count()) return false;
  subtitles_->select(id);
  mark_subtitle_tracks();
  common::log_info(id == 0 ? std::string("subtitles: off") : "subtitles: track " + std::to_string(id));
  return true;
}

// ffplay's stream_cycle_channel: the next stream of the type (see next_stream; the first when it is turned off);
// false when there is no other.
bool Session::cycle_stream(AVMediaType type) {
  const int current = type == AVMEDIA_TYPE_VIDEO ? video_index_ : audio_index_;
  const bool path = type == AVMEDIA_TYPE_VIDEO ? presenter_ != nullptr : audio_path_;
  if (!input_ || !path) return false;
  const int next = next_stream(input_->ctx(), type, current, video_index_);
  return next >= 0 && next != current && switch_stream(type, next);
}

// The master the options ask for among the streams playing now (ffplay's get_master_sync_type: audio without an
// audio stream is the external clock), taken from `now` on.
void Session::follow_streams(double now) {
  common::SyncMaster wanted = options_.sync;
  if (live_ && !options_.sync_given) wanted = common::SyncMaster::kExternal;
  clocks_->set_master(common::effective_master(wanted, audio_index_ >= 0, video_index_ >= 0), now);
}

// A stream of `type` stopped (its decoder, device and renderer are gone, its queues on a new serial): the demuxer
// drops its packets, the audio display goes with the audio and comes up for audio alone, and the clock follows.
void Session::stream_off(AVMediaType type) {
  const bool video = type == AVMEDIA_TYPE_VIDEO;
  demuxer_->switch_stream(type, -1);
  (video ? video_index_ : audio_index_) = -1;
  if (!video) {
    visual_.reset();
    if (show_mode_ != ShowMode::kVideo && video_index_ >= 0) cycle_show_mode();
  } else {
    // A step under way ends here (no frame will come to end it).
    step_after_seek_ = quiet_step_ = false;
    if (stepping_) {
      stepping_ = false;
      if (pause_after_step_ && !paused_) toggle_pause(common::now_seconds());
    }
    presenter_->set_draw(false);  // the last frame is not drawn again (a redraw)
    visual_due_ = true;           // a black window without an audio display
    if (show_mode_ == ShowMode::kVideo && visual_) {
      show_mode_ = ShowMode::kRdft;  // ffplay's show mode for audio alone: the spectrum
      auto_show_mode_ = true;
    }
  }
  for (ipc::TrackInfo& t : tracks_)
    if (t.type == (video ? "video" : "audio")) t.selected = false;
  follow_streams(common::now_seconds());
}

// ffplay's stream_component_close and stream_component_open for one type: the old stream's decoder (for audio, its
// device and renderer too) stops, its queues start a new serial, and the new stream plays from the demuxer's next
// packet on. As in ffplay there is no seek: the new stream comes in where the demuxer is reading, a little ahead of
// the picture (audio then leads and late frames are dropped; new video waits for the master clock).
//
// index -1 turns the type off (mpv's aid=no, vid=no), and a stream index turns it on again; this needs the type's
// path (a stream of it played at the start), and the other type playing.
bool Session::switch_stream(AVMediaType type, int index) {
  const bool video = type == AVMEDIA_TYPE_VIDEO;
  int& current = video ? video_index_ : audio_index_;
  const bool path = video ? presenter_ != nullptr : audio_path_;
  if (!demuxer_ || index < -1 || index >= static_cast<int>(input_->ctx()->nb_streams)) return false;
  if (index == current) return true;  // already so (aid no with -an too)
  if (!path) {
    common::log_warning(std::string("no ") + (video ? "video" : "audio") +
                        " played from the start (-vn, -an, or no audio device): it cannot be switched or turned on");
    return false;
  }
  if (index < 0 && (video ? audio_index_ : video_index_) < 0) {
    common::log_warning(std::string("the ") + (video ? "video" : "audio") +
                        " stream is the only one playing: it cannot be turned off");
    return false;
  }
  std::unique_ptr<common::Decoder> decoder;
  if (index >= 0) {
    try {
      decoder = open_decoder(index);
    } catch (const common::Error& e) {
      common::log_warning("switching to stream #" + std::to_string(index) + ": " + e.reason() + " (playing on as before)");
      return false;
    }
  }
  const int from = current;
  const double position = time_pos();  // where a stream turned on again starts (below)
  PacketQueue& packets = video ? video_packets_ : audio_packets_;
  FrameQueue& frames = video ? video_frames_ : audio_frames_;
  std::unique_ptr<DecodeThread>& decoder_thread = video ? video_decoder_ : audio_decoder_;
  if (!video) audio_out_.reset();  // the device stops pulling before the renderer goes
  packets.abort();
  frames.abort();
  {
    std::lock_guard<std::mutex> lock(decoders_mutex_);
    decoder_thread.reset();  // joined: it has left on the aborted queues
  }
  if (!video && renderer_) {
    audio_so_far_.seconds += renderer_->seconds_delivered();
    if (std::isnan(audio_so_far_.first)) audio_so_far_.first = renderer_->first_delivery();
    if (!std::isnan(renderer_->last_delivery())) audio_so_far_.last = renderer_->last_delivery();
    audio_so_far_.underruns += renderer_->underruns();
    audio_so_far_.played += renderer_->frames_played();
    audio_so_far_.compensated += renderer_->frames_compensated();
    renderer_.reset();
  }
  packets.restart();
  frames.restart();
  packets.flush();  // a new serial: the clock of this type and the frame timer start afresh
  if (index < 0) {
    stream_off(type);
    const double now = common::now_seconds();
    report_->stream_switch(video ? "video" : "audio", from, -1, now - epoch_, clocks_->master_time(now));
    common::log_info(std::string("turned the ") + (video ? "video" : "audio") + " off (stream #" + std::to_string(from) + ")");
    return true;
  }
  if (!video && !open_audio_device(index)) {
    stream_off(type);
    return false;
  }
  demuxer_->switch_stream(type, index);
  current = index;
  if (video) {
    if (auto_show_mode_) show_mode_ = ShowMode::kVideo;  // the audio display vid no put up gives the window back
    auto_show_mode_ = false;
    visual_due_ = true;
    presenter_->set_draw(show_mode_ == ShowMode::kVideo || !visual_);
  }
  follow_streams(common::now_seconds());
  {
    std::lock_guard<std::mutex> lock(decoders_mutex_);
    decoder_thread = std::make_unique<DecodeThread>(std::move(decoder), packets, frames,
                                                    video ? video_config(index) : audio_config());
  }
  if (!video) {
    renderer_ = std::make_unique<AudioRenderer>(audio_frames_, audio_packets_, *clocks_, audio_out_->spec(), speed_);
    make_visual();  // for the new stream's channels
    audio_out_->start(*renderer_);
    if (paused_) audio_out_->set_paused(true);
  }
  decoder_thread->start();
  for (ipc::TrackInfo& t : tracks_)
    if (t.type == (video ? "video" : "audio")) t.selected = t.ff_index == index;
  const double now = common::now_seconds();
  report_->stream_switch(video ? "video" : "audio", from, index, now - epoch_, clocks_->master_time(now));
  if (from < 0) {
    common::log_info(std::string("turned the ") + (video ? "video" : "audio") + " on (stream #" + std::to_string(index) + ")");
    // What was read while it was off is gone: as mpv does, a named file plays on from the position with both streams
    // (an exact seek there); a pipe's new stream comes in where the demuxer reads, a little ahead (as a switch does).
    if (seekable_ && !std::isnan(position)) seek(position, false, true);
  } else
    common::log_info(std::string("switched the ") + (video ? "video" : "audio") + " stream from #" + std::to_string(from) +
                     " to #" + std::to_string(index));
  return true;
}

// Takes the subtitle packets the demuxer queued and brings the overlay to the master clock's time (the frame on
// screen's while the master has none: paused after a seek). A change shows at this tick's display.
void Session::update_subtitles(double now) {
  if (!subtitles_ || !presenter_) return;
  while (auto m = subtitle_packets_.try_pop()) {
    if (m->kind == common::MessageKind::kFlush) subtitles_->flush_input();
    else if (m->kind == common::MessageKind::kData && m->serial == subtitle_packets_.serial())
      subtitles_->add_packet(m->data.get());
  }
  if (video_index_ < 0) return;  // vid no: nothing to draw them on
  double t = clocks_->master_time(now);
  if (std::isnan(t) && presenter_->presented() > 0 && presenter_->shown_serial() == video_packets_.serial())
    t = presenter_->last_pts();
  if (std::isnan(t)) return;
  const AVFrame* frame = presenter_->frame();
  const bool new_frame = presenter_->presented() != subtitle_frames_;
  subtitle_frames_ = presenter_->presented();
  if (subtitles_->update(t, frame ? frame->width : picture_w_, frame ? frame->height : picture_h_, new_frame)) {
    video_out_->set_overlay(subtitles_->overlay());
    presenter_->force_redraw();
  }
}

// Lines from IPC clients, each answered from the state of this moment.
void Session::serve_ipc() {
  if (!ipc_) return;
  for (const IpcLine& line : ipc_->take()) {
    std::optional<std::string> reply =
        line.too_long ? ipc::error_reply(ipc::Errors::kInvalidParameter) : ipc::handle_line(line.text, *this);
    if (reply) ipc_->reply(line.client, *reply);
    else ipc_->skip(line.client);
  }
}

// Events for what changed since the last tick: the pause state, and a restart once a seek (or the start) plays.
void Session::announce(double now) {
  if (!ipc_) return;
  if (paused() != announced_pause_) {
    announced_pause_ = paused();
    emit(ipc::event_line(announced_pause_ ? "pause" : "unpause"));
  }
  if (restart_pending_ && demuxer_->seeks_done() >= seek_id_) {
    bool on_screen = !video_playing() || presenter_->shown_serial() == video_packets_.serial();
    bool playing = paused_ || !std::isnan(clocks_->master_time(now));
    if (on_screen && playing) {
      restart_pending_ = false;
      emit(ipc::event_line("playback-restart"));
    }
  }
}

void Session::handle(const UserCommand& command, double now) {
  const Command c = command.what;
  switch (c) {
    case Command::kQuit: quit_ = true; break;
    case Command::kTogglePause: set_pause(!paused()); break;
    case Command::kStep:
      if (!video_playing()) break;
      if (paused_) toggle_pause(now);
      presenter_->request_step();
      stepping_ = true;
      pause_after_step_ = true;
      break;
    case Command::kToggleFullscreen: video_out_->toggle_fullscreen(); break;
    case Command::kToggleMute: set_mute(!muted_); break;
    case Command::kVolumeDown:
    case Command::kVolumeUp:
      set_volume(volume_ + (c == Command::kVolumeUp ? 1 : -1) * PlayerTuning::kVolumeStep);
      break;
    case Command::kSeekBack: seek_by(-options_.seek_interval, now); break;
    case Command::kSeekForward: seek_by(options_.seek_interval, now); break;
    case Command::kSeekBack60: seek_by(-60, now); break;
    case Command::kSeekForward60: seek_by(60, now); break;
    case Command::kRedraw:
      if (presenter_) presenter_->force_redraw();
      visual_due_ = true;
      break;
    case Command::kCycleShowMode: cycle_show_mode(); break;
    case Command::kSeekToFraction: seek_to_fraction(command.fraction); break;
    case Command::kCycleSubtitle: cycle_track("sub"); break;
    case Command::kCycleAudio: cycle_stream(AVMEDIA_TYPE_AUDIO); break;
    case Command::kCycleVideo: cycle_stream(AVMEDIA_TYPE_VIDEO); break;
    case Command::kCycleProgram:  // ffplay's c: video, then audio (in the new video's program), then subtitles
      cycle_stream(AVMEDIA_TYPE_VIDEO);
      cycle_stream(AVMEDIA_TYPE_AUDIO);
      cycle_track("sub");
      break;
  }
}

// Real-time input: the external clock is nudged to keep the queues (the latency) between bounds, and a stalled
// pipe stops the clock instead of letting it run ahead of the data. A pipe that keeps running dry before its end
// is a real-time source even without --live.
void Session::watch_live(double now) {
  if (paused_ || demuxer_->at_eof()) {
    clocks_->set_external_stalled(false, now);
    return;
  }
  bool started = presenter_ ? presenter_->presented() > 0 : (renderer_ && renderer_->started());
  bool video_dry = video_index_ < 0 || (video_packets_.size() == 0 && video_frames_.messages() == 0);
  bool audio_dry = audio_index_ < 0 || (audio_packets_.size() == 0 && audio_frames_.messages() == 0);
  bool stalled = started && video_dry && audio_dry;
  if (stalled && !was_stalled_ && !seekable_ && !live_ && ++stalls_ >= PlayerTuning::kStallsForLive) {
    live_ = true;
    common::log_info("the input delivers in real time: treating it as live (external clock)");
    if (!options_.sync_given) clocks_->switch_to_external(now);
  }
  was_stalled_ = stalled;
  if (clocks_->master() != common::SyncMaster::kExternal) return;
  clocks_->set_external_stalled(stalled, now);
  if (live_) {
    int v = video_index_ >= 0 ? static_cast<int>(video_packets_.size()) : -1;
    int a = audio_index_ >= 0 ? static_cast<int>(audio_packets_.size()) : -1;
    // The correction is a factor around --speed (the rule's bounds are around 1).
    double current = clocks_->external_speed();
    double speed = common::next_external_speed(current / speed_, v, a) * speed_;
    if (speed != current) clocks_->set_external_speed(speed, now);
  }
}

// The audio display for the renderer's device (a window only), fed by the renderer from the device's thread.
void Session::make_visual() {
  if (!renderer_ || options_.no_display) return;
  visual_ = std::make_unique<AudioVisual>(audio_out_->spec().channels, audio_out_->spec().rate);
  renderer_->set_visual(visual_.get());
  visual_due_ = true;
}

// ffplay's video_refresh for the audio display: a new picture every 20 ms (not while paused, unless the window
// needs one); returns how long the loop may wait for the next.
double Session::refresh_visual(double now) {
  if (show_mode_ == ShowMode::kVideo) {
    if (visual_due_ && video_index_ < 0) {  // -showmode video without a video: a black window, as ffplay's
      int w = 0, h = 0;
      if (video_out_->window_size(w, h)) video_out_->show_visual(w, h, std::vector<uint32_t>(size_t(w) * h, 0xFF000000));
    }
    visual_due_ = false;
    return PresenterConfig::kDefaultRefresh;
  }
  if (!visual_ || (paused_ && !visual_due_)) return PresenterConfig::kDefaultRefresh;
  const double every = options_.rdft_speed_ms / 1000.0;  // ffplay's rdftspeed
  if (visual_due_ || now >= visual_at_ + every) {
    int w = 0, h = 0;
    if (video_out_->window_size(w, h)) {
      visual_->draw(show_mode_, w, h, paused_, now, canvas_);
      video_out_->show_visual(w, h, canvas_);
    }
    visual_at_ = now;
    visual_due_ = false;
  }
  return std::max(0.0, visual_at_ + every - now);
}

// ffplay's w (toggle_audio_display): the next show mode the streams allow: video with a video stream, waves and
// the spectrum with audio (and a window).
void Session::cycle_show_mode() {
  int next = static_cast<int>(show_mode_);
  auto allowed = [&](int m) { return m == 0 ? video_index_ >= 0 : visual_ != nullptr; };
  do {
    next = (next + 1) % 3;
  } while (next != static_cast<int>(show_mode_) && !allowed(next));
  if (next == static_cast<int>(show_mode_)) return;
  show_mode_ = static_cast<ShowMode>(next);
  visual_due_ = true;
  if (presenter_) {
    presenter_->set_draw(show_mode_ == ShowMode::kVideo);
    if (show_mode_ == ShowMode::kVideo) presenter_->force_redraw();
  }
  const char* names[] = {"video", "waves", "rdft"};
  common::log_info(std::string("show mode: ") + names[next]);
}

// ffplay's status line: the master clock, audio - video (or master - the one stream), drops, the packet queues.
void Session::show_status(double now) {
  if (!status_.due(now)) return;
  StatusValues v;
  v.master = clocks_->master_time(now);
  v.audio = audio_index_ >= 0;
  v.video = video_index_ >= 0;
  const double audio = clocks_->audio_time(now), video = clocks_->video_time(now);
  v.av_diff = v.audio && v.video ? audio - video : v.video ? v.master - video : v.audio ? v.master - audio : 0.0;
  v.drops = (presenter_ ? presenter_->dropped() : 0) + early_drops_.load();  // ffplay's fd: early and late
  v.audio_bytes = v.audio ? static_cast<int64_t>(audio_packets_.bytes()) : 0;
  v.video_bytes = v.video ? static_cast<int64_t>(video_packets_.bytes()) : 0;
  v.subtitle_bytes = subtitles_ ? static_cast<int64_t>(subtitle_packets_.bytes()) : 0;
  if (video_decoder_) {
    v.faulty_dts = video_decoder_->faulty_dts();
    v.faulty_pts = video_decoder_->faulty_pts();
  }
  status_.show(format_status(v), now);
}

bool Session::done(double now) const {
  if (!demuxer_->finished()) return false;
  if (video_playing() && !presenter_->finished(now)) return false;
  if (renderer_ && !renderer_->finished()) return false;
  return true;
}

int Session::finish_status() {
  int status = common::kExitOk;
  if (common::interrupted()) status = common::interrupted_exit_status();
  SyncSummary summary;
  summary.sync = master_name(clocks_->master());
  summary.ended_at = common::now_seconds() - epoch_;
  if (presenter_) {
    summary.shown = presenter_->shown();
    summary.undrawn = presenter_->undrawn();
    summary.dropped_early = early_drops_.load();
    summary.dropped = presenter_->dropped() + summary.dropped_early;
    summary.repeated = presenter_->repeated();
  }
  if (audio_path_) {
    // Since the start: the renderers of audio streams switched away from (or turned off) count too.
    AudioSoFar all = audio_so_far_;
    if (renderer_) {
      if (std::isnan(all.first)) all.first = renderer_->first_delivery();
      all.underruns += renderer_->underruns();
      all.seconds += renderer_->seconds_delivered();
      if (!std::isnan(renderer_->last_delivery())) all.last = renderer_->last_delivery();
      all.compensated += renderer_->frames_compensated();
      all.played += renderer_->frames_played();
    }
    summary.underruns = all.underruns;
    summary.audio_seconds = all.seconds;
    summary.audio_span = all.last - all.first;
    if (clocks_->master() != common::SyncMaster::kAudio)
      common::log_info("audio: " + std::to_string(all.compensated) + " of " + std::to_string(all.played) +
                       " frames stretched or squeezed to follow the " + summary.sync + " clock");
  }
  if (!report_->finish(summary)) {
    common::log_error("writing sync report", options_.sync_report + ": " + report_->error());
    if (status == common::kExitOk) status = common::kExitFailure;
  }
  if (status != common::kExitOk) return status;
  for (auto [name, decoder] : {std::make_pair("--vf", video_decoder_.get()), std::make_pair("--af", audio_decoder_.get())}) {
    if (decoder && !decoder->filter_error().empty()) {
      common::log_error(name, decoder->filter_error() + " (the frames changed midway; played what could be filtered)");
      return common::kExitFailure;
    }
  }
  int decoded = (video_decoder_ ? video_decoder_->frames_decoded() : 0) + (audio_decoder_ ? audio_decoder_->frames_decoded() : 0);
  int errors = (video_decoder_ ? video_decoder_->errors() : 0) + (audio_decoder_ ? audio_decoder_->errors() : 0);
  if (decoded == 0 && errors > 0 && !quit_) {
    int code = video_decoder_ && video_decoder_->errors() ? video_decoder_->last_error() : audio_decoder_->last_error();
    common::log_error("decoding", "no frame could be decoded: " + common::av_error_text(code));
    return common::kExitFailure;
  }
  if (demuxer_->read_error() != 0) {
    common::log_error("reading input", common::av_error_text(demuxer_->read_error()) + " (played what was read)");
    return common::kExitFailure;
  }
  if (subtitles_) errors += subtitles_->errors();
  if (!quit_ && (demuxer_->corrupt() || demuxer_->ended_early() || errors > 0)) {
    common::log_error("reading input", "the input is damaged or ended early (played what could be decoded)");
    return common::kExitFailure;
  }
  return status;
}

int Session::run() {
  // The report exists from the start, and ends with a summary even when the input cannot be opened.
  report_ = std::make_unique<SyncReport>(options_.sync_report);
  auto finish_empty_report = [this] {
    SyncSummary summary;
    summary.sync = master_name(clocks_ ? clocks_->master() : options_.sync);
    if (!report_->finish(summary))
      common::log_warning("writing sync report: " + options_.sync_report + ": " + report_->error());
  };
  // IPC clients hear why playback ended; the last replies and events leave before the socket goes.
  auto end_ipc = [this](const char* reason, const std::string& error) {
    if (!ipc_) return;
    emit(ipc::end_file_line(reason, error));
    ipc_->stop();
  };
  try {
    // The socket first: a path that cannot be one stops everything before the input is opened.
    if (!options_.ipc_server.empty()) ipc_ = std::make_unique<IpcServer>(options_.ipc_server);
    open_input();
    if (int status = check_filters()) {
      finish_empty_report();
      end_ipc("error", "the filter chain does not fit the input");
      return status;
    }
    open_outputs();
    start_threads();
  } catch (const common::Error& e) {
    finish_empty_report();
    serve_ipc();
    end_ipc(common::interrupted() ? "quit" : "error", e.reason());
    throw;
  }
  // Without a window there is nothing to keep on screen at the end (audio alone has one: the audio display).
  const bool autoexit = options_.autoexit || options_.no_display;
  std::vector<UserCommand> commands;
  while (!quit_ && !common::interrupted()) {
    double now = common::now_seconds();
    watch_live(now);
    update_subtitles(now);
    double wait = presenter_ ? presenter_->refresh(now, paused_) : PresenterConfig::kDefaultRefresh;
    if (!paused_) show_status(common::now_seconds());  // as ffplay: not while paused
    if (!options_.no_display) wait = std::min(wait, refresh_visual(common::now_seconds()));
    if (step_after_seek_ && demuxer_->seeks_done() >= seek_id_) {
      step_after_seek_ = false;
      if (stepping_) {
        presenter_->request_step();  // a step under way shows the new position
      } else if (paused_) {
        // Only the picture moves: the audio and the clocks stay paused, so the position is the frame's own.
        presenter_->request_step();
        quiet_step_ = true;
      }
    }
    if (quiet_step_ && presenter_ && presenter_->take_step_done()) {
      quiet_step_ = false;
      // The frame timer restarted at the new frame: the pause counts from here (on_resume adds what follows).
      paused_since_ = common::now_seconds();
    }
    if (stepping_ && presenter_ && presenter_->take_step_done()) {
      stepping_ = false;
      if (pause_after_step_) toggle_pause(common::now_seconds());
    }
    announce(common::now_seconds());
    if (!paused_ && done(common::now_seconds())) {
      eof_reached_ = true;
      // Nothing could be played at all (an undecodable stream): stop even when asked to keep the window.
      bool nothing_played = (!presenter_ || presenter_->presented() == 0) && (!renderer_ || !renderer_->started());
      if (autoexit || nothing_played) break;
    }
    commands.clear();
    video_out_->wait_events(wait, commands);
    now = common::now_seconds();
    for (const UserCommand& c : commands) handle(c, now);
    serve_ipc();
  }
  serve_ipc();  // what came in last is answered from the final state
  shutdown();
  status_.finish();  // the line ends before anything else is said
  int status = finish_status();
  end_ipc(quit_ || common::interrupted() ? "quit" : status != common::kExitOk ? "error" : "eof", "");
  return status;
}

}  // namespace

int play(const Options& options) {
  SdlLibrary sdl;
  Session session(options);  // destroyed (threads joined, devices closed) before SDL quits
  return session.run();
}

}  // namespace syncplay
