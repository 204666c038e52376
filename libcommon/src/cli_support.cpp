#include "common/cli_support.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "common/avfilter_listing.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace common {
namespace {

std::atomic<int> g_signal{0};  // set by the signal handler: an atomic is all it may touch

int to_av_level(LogLevel level) {
  switch (level) {
    case LogLevel::kQuiet: return AV_LOG_QUIET;
    case LogLevel::kError: return AV_LOG_ERROR;
    case LogLevel::kWarning: return AV_LOG_WARNING;
    case LogLevel::kInfo: return AV_LOG_INFO;
    case LogLevel::kVerbose: return AV_LOG_VERBOSE;
    case LogLevel::kDebug: return AV_LOG_DEBUG;
  }
  return AV_LOG_WARNING;
}

// "[matroska,webm @ 0x55d0] File ended prematurely\n" -> "File ended prematurely"
std::string strip_prefix(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
  while (!line.empty() && line[0] == '[') {
    size_t close = line.find("] ");
    if (close == std::string::npos) break;
    line.erase(0, close + 2);
  }
  for (size_t nl = line.find('\n'); nl != std::string::npos; nl = line.find('\n', nl))
    line.replace(nl, 1, "; ");  // one message, one line
  return line;
}

// The per-input warning capture of the thread (AvLogWarnings), if any.
thread_local AvLogWarnings* t_warnings = nullptr;
// The cancel flag of the input this thread probes, whose raising mutes FFmpeg's messages here (AvLogMuteOnCancel).
thread_local const std::atomic<bool>* t_mute_cancel = nullptr;

}  // namespace

// The one router of FFmpeg's av_log for the whole toolkit, and of our own diagnostics, which share its lock so that
// lines never interleave. av_log's callback carries no pointer of ours, so there is one per process (router()).
// Modes, from the most specific: capture (AvLogCapture: error messages kept to complete one error line), hold
// (LogHold: warnings and errors held back, deduplicated, to be flushed or to complete a failure's line), print.
class LogRouter {
 public:
  // (format: fmt is av_log's printf format, checked where av_log is called; "this" is argument 1.)
  __attribute__((format(printf, 4, 0))) void route(void* avcl, int level, const char* fmt, va_list vl) {
    if (t_mute_cancel && t_mute_cancel->load()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (recording_) record(avcl, level, fmt, vl);
    if (!warnings_.empty() && level <= AV_LOG_WARNING) keep_warning(avcl, level, fmt, vl);
    if (capturing_ && level <= AV_LOG_ERROR) {
      char text[1024];
      va_list copy;
      va_copy(copy, vl);
      std::vsnprintf(text, sizeof text, fmt, copy);
      va_end(copy);
      // One message may arrive in several calls; a message is complete when it ends with a newline.
      if (captured_.empty() || (!captured_.back().empty() && captured_.back().back() == '\n')) captured_.emplace_back();
      captured_.back() += text;
      return;
    }
    if (level > av_log_get_level()) return;
    char part[1024];
    av_log_format_line2(avcl, level, fmt, vl, part, sizeof part, &print_prefix_);
    // FFmpeg writes some messages in several calls ("Packet corrupt (...)" then "."): a line is complete at its
    // newline.
    partial_line_ += part;
    if (holding_ > 0) {
      if (partial_line_.empty() || partial_line_.back() != '\n') return;
      // Past warnings (info, verbose) as the log level asks; a fatal one (an assertion before abort()) at once.
      if (!(level > AV_LOG_WARNING || level <= AV_LOG_FATAL || level_ >= LogLevel::kVerbose)) {
        std::string line;
        line.swap(partial_line_);
        if (!muted_) hold(strip_prefix(line), level);
        return;
      }
    }
    print_complete_lines();
  }

  // "tool: kind: text" when the level allows it.
  void emit(LogLevel needed, const char* kind, std::string_view text) {
    if (level_ < needed) return;
    std::lock_guard<std::mutex> lock(mutex_);
    std::fprintf(stderr, "%s: %s: %.*s\n", program_.c_str(), kind, static_cast<int>(text.size()), text.data());
  }

  std::mutex& mutex() { return mutex_; }
  LogLevel level() const { return level_; }
  void set_level(LogLevel level) { level_ = level; }
  const std::string& program() const { return program_; }
  void set_program(std::string name) { program_ = std::move(name); }

  // record mode (AvLogRecorder): every call of av_log, at any level, kept as ffprobe's -show_log keeps it.
  __attribute__((format(printf, 4, 0))) void record(void* avcl, int level, const char* fmt, va_list vl) {
    const AVClass* avc = avcl ? *static_cast<AVClass**>(avcl) : nullptr;
    char line[1024];
    va_list copy;
    va_copy(copy, vl);
    av_log_format_line(avcl, level, fmt, copy, line, sizeof line, &record_prefix_);
    va_end(copy);
    LogRecord r;
    r.level = level;
    r.message = line;
    while (!r.message.empty() && r.message.back() == '\n') r.message.pop_back();
    if (avc) {
      r.context = avc->item_name(avcl);
      r.category = avc->get_category ? avc->get_category(avcl) : avc->category;
      if (avc->parent_log_context_offset) {
        AVClass** parent = *reinterpret_cast<AVClass***>(static_cast<uint8_t*>(avcl) + avc->parent_log_context_offset);
        if (parent && *parent) {
          r.has_parent = true;
          r.parent = (*parent)->item_name(parent);
          r.parent_category = (*parent)->get_category ? (*parent)->get_category(parent) : (*parent)->category;
        }
      }
    }
    records_.push_back(std::move(r));
  }
  void start_recording() {
    std::lock_guard<std::mutex> lock(mutex_);
    records_.clear();
    recording_ = true;
  }
  void stop_recording() {
    std::lock_guard<std::mutex> lock(mutex_);
    recording_ = false;
    records_.clear();
  }
  std::vector<LogRecord> take_records() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<LogRecord> out;
    out.swap(records_);
    return out;
  }

  // per-input warnings (AvLogWarnings): registered while alive; a message goes to the input whose watched context
  // (or an ancestor of it) logged it, else to the logging thread's own.
  void add_warnings(AvLogWarnings* w) {
    std::lock_guard<std::mutex> lock(mutex_);
    warnings_.push_back(w);
  }
  void remove_warnings(AvLogWarnings* w) {
    std::lock_guard<std::mutex> lock(mutex_);
    warnings_.erase(std::remove(warnings_.begin(), warnings_.end(), w), warnings_.end());
  }
  void watch(AvLogWarnings* w, const void* context) {
    std::lock_guard<std::mutex> lock(mutex_);
    w->watched_.push_back(context);
  }
  std::vector<LogWarning> take_warnings(AvLogWarnings* w) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<LogWarning> out;
    out.swap(w->kept_);
    return out;
  }
  size_t dropped_warnings(const AvLogWarnings* w) {
    std::lock_guard<std::mutex> lock(mutex_);
    return w->dropped_;
  }

  // capture mode
  void start_capture() {
    std::lock_guard<std::mutex> lock(mutex_);
    captured_.clear();
    capturing_ = true;
  }
  void stop_capture() {
    std::lock_guard<std::mutex> lock(mutex_);
    capturing_ = false;
  }
  std::string captured_text() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out;
    for (std::string m : captured_) {
      while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
      if (m.empty()) continue;
      if (!out.empty()) out += "; ";
      out += m;
    }
    return out;
  }

  // The capture a message belongs to: the one watching its context or an ancestor, else the thread's.
  AvLogWarnings* warnings_for(void* avcl) {
    constexpr int kMaxDepth = 4;  // parent chains are short (a decoder's parent is a format context at most)
    void* ctx = avcl;
    for (int depth = 0; ctx && depth < kMaxDepth; ++depth) {
      for (AvLogWarnings* w : warnings_)
        if (std::find(w->watched_.begin(), w->watched_.end(), ctx) != w->watched_.end()) return w;
      const AVClass* avc = *static_cast<AVClass**>(ctx);
      if (!avc || !avc->parent_log_context_offset) break;
      ctx = *reinterpret_cast<void**>(static_cast<uint8_t*>(ctx) + avc->parent_log_context_offset);
    }
    return t_warnings;
  }
  __attribute__((format(printf, 4, 0))) void keep_warning(void* avcl, int level, const char* fmt, va_list vl) {
    AvLogWarnings* w = warnings_for(avcl);
    if (!w) return;
    char text[1024];
    va_list copy;
    va_copy(copy, vl);
    std::vsnprintf(text, sizeof text, fmt, copy);
    va_end(copy);
    if (w->partial_.empty()) w->partial_level_ = level;
    w->partial_ += text;
    if (w->partial_.empty() || w->partial_.back() != '\n') return;  // the rest of the line comes in the next call
    std::string message = strip_prefix(std::move(w->partial_));
    w->partial_.clear();
    if (message.empty()) return;
    if (w->kept_.size() >= AvLogWarnings::kMaxKept) {
      ++w->dropped_;
      return;
    }
    LogWarning lw;
    lw.level = w->partial_level_;
    lw.message = std::move(message);
    if (const AVClass* avc = avcl ? *static_cast<AVClass**>(avcl) : nullptr) {
      lw.component = avc->item_name(avcl);
      if (avc == avcodec_get_class()) lw.codec_id = static_cast<const AVCodecContext*>(avcl)->codec_id;
    }
    w->kept_.push_back(std::move(lw));
  }

  // hold mode
  struct Held {
    std::string text;
    int count;
  };
  static constexpr size_t kMaxHeld = 16;  // distinct messages kept; memory stays bounded on endless damage
  void start_hold() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++holding_;
  }
  void stop_hold() {
    std::lock_guard<std::mutex> lock(mutex_);
    --holding_;
  }
  std::string last(bool error_only) {
    std::lock_guard<std::mutex> lock(mutex_);
    return error_only ? last_error_ : last_;
  }
  std::vector<Held> take_held() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Held> out;
    out.swap(held_);
    last_.clear();
    last_error_.clear();
    return out;
  }
  void mute(bool on) {
    std::lock_guard<std::mutex> lock(mutex_);
    muted_ = on;
  }

 private:
  void hold(std::string text, int level) {
    if (text.empty()) return;
    last_ = text;
    if (level <= AV_LOG_ERROR) last_error_ = text;
    for (auto& h : held_) {
      if (h.text == text) {
        ++h.count;
        return;
      }
    }
    if (held_.size() < kMaxHeld) held_.push_back({std::move(text), 1});
  }
  // A message may span lines ("Could not find codec parameters...\nConsider increasing..."): each gets our prefix;
  // a line arriving in pieces is printed once, when its newline comes.
  void print_complete_lines() {
    size_t start = 0;
    for (size_t nl; (nl = partial_line_.find('\n', start)) != std::string::npos; start = nl + 1)
      if (nl > start)
        std::fprintf(stderr, "%s: %.*s\n", program_.c_str(), static_cast<int>(nl - start), partial_line_.data() + start);
    partial_line_.erase(0, start);
  }

  std::mutex mutex_;
  LogLevel level_ = LogLevel::kWarning;  // set once at start-up, before any thread
  std::string program_ = "mediatoolkit";
  std::string partial_line_;
  int print_prefix_ = 1;  // whether FFmpeg's next line starts fresh (and so gets its "[demuxer @ ...]" prefix)
  bool recording_ = false;
  int record_prefix_ = 1;
  std::vector<LogRecord> records_;
  bool capturing_ = false;
  std::vector<std::string> captured_;
  std::vector<AvLogWarnings*> warnings_;
  int holding_ = 0;
  bool muted_ = false;
  std::vector<Held> held_;
  std::string last_, last_error_;
};

namespace {

LogRouter& router() {
  static LogRouter r;
  return r;
}

__attribute__((format(printf, 3, 0))) void av_log_route(void* avcl, int level, const char* fmt, va_list vl) {
  router().route(avcl, level, fmt, vl);
}

void on_signal(int sig) { g_signal.store(sig); }

int interrupt_cb(void*) { return interrupted() ? 1 : 0; }

void emit(LogLevel needed, const char* kind, std::string_view text) { router().emit(needed, kind, text); }

}  // namespace

int exit_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return kExitUsage;
    case ErrorKind::kInterrupted: return interrupted_exit_status();
    case ErrorKind::kInput:
    case ErrorKind::kOutput:
    case ErrorKind::kInternal: return kExitFailure;
  }
  return kExitFailure;
}

namespace {

// ffmpeg's level names, as -loglevel takes them.
struct LogLevelName {
  const char* name;
  LogLevel level;
};
constexpr LogLevelName kLogLevelNames[] = {
    {"quiet", LogLevel::kQuiet},     {"panic", LogLevel::kQuiet},     {"fatal", LogLevel::kError},
    {"error", LogLevel::kError},     {"warning", LogLevel::kWarning}, {"info", LogLevel::kInfo},
    {"verbose", LogLevel::kVerbose}, {"debug", LogLevel::kDebug},     {"trace", LogLevel::kDebug},
};

// Whether a filter fits a -vf / -af chain of this media type: one input and one output, both of the type.
bool chain_filter(const AvfilterListing& lavfi, const AVFilter* f, AVMediaType type) {
  return lavfi.pad_count(f, 0) == 1 && lavfi.pad_count(f, 1) == 1 && lavfi.pad_type(f->inputs, 0) == type &&
         lavfi.pad_type(f->outputs, 0) == type;
}

}  // namespace

std::optional<std::vector<std::string>> completion_values(std::string_view kind) {
  std::vector<std::string> names;
  void* it = nullptr;
  if (kind == "muxers") {
    while (const AVOutputFormat* f = av_muxer_iterate(&it)) names.emplace_back(f->name);
  } else if (kind == "demuxers") {
    // A demuxer's name may list several ("matroska,webm"): -f takes each.
    while (const AVInputFormat* f = av_demuxer_iterate(&it)) {
      std::string list = f->name;
      for (size_t start = 0, end; start <= list.size(); start = end + 1) {
        end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        if (end > start) names.push_back(list.substr(start, end - start));
      }
    }
  } else if (kind == "encoders") {
    while (const AVCodec* c = av_codec_iterate(&it))
      if (av_codec_is_encoder(c)) names.emplace_back(c->name);
  } else if (kind == "bsfs") {
    while (const AVBitStreamFilter* b = av_bsf_iterate(&it)) names.emplace_back(b->name);
  } else if (kind == "pix_fmts") {
    for (const AVPixFmtDescriptor* d = av_pix_fmt_desc_next(nullptr); d; d = av_pix_fmt_desc_next(d))
      names.emplace_back(d->name);
  } else if (kind == "filters" || kind == "filters:video" || kind == "filters:audio") {
    // No libavfilter to load: no filter names (the completion offers none rather than failing).
    if (const AvfilterListing* lavfi = avfilter_listing()) {
      const AVMediaType type = kind == "filters:video" ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO;
      while (const AVFilter* f = lavfi->iterate(&it))
        if (kind == "filters" || chain_filter(*lavfi, f, type)) names.emplace_back(f->name);
    }
  } else if (kind == "loglevels") {
    for (const auto& n : kLogLevelNames) names.emplace_back(n.name);
  } else {
    return std::nullopt;
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool parse_log_level(std::string_view text, LogLevel& level) {
  // ffmpeg's "[+|-]flag+...+level" forms ("repeat+level+info", "+repeat", "-repeat+debug"): the flags change how
  // FFmpeg's own lines look, which ours do not follow; they are accepted, and the level (if any) is what counts.
  if (text.find('+') != std::string_view::npos || (!text.empty() && text[0] == '-' && text.size() > 1 &&
                                                   !(text[1] >= '0' && text[1] <= '9'))) {
    std::string_view rest = text;
    std::string_view last;
    bool any_level = false;
    while (!rest.empty()) {
      if (rest[0] == '+' || rest[0] == '-') rest.remove_prefix(1);
      size_t end = rest.find_first_of("+-");
      std::string_view word = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
      if (word == "repeat" || word == "level" || word == "time" || word == "datetime") continue;
      if (any_level || word.empty()) return false;  // one level at most, nothing unknown
      last = word;
      any_level = true;
    }
    return !any_level || parse_log_level(last, level);
  }
  for (const auto& n : kLogLevelNames) {
    if (text == n.name) {
      level = n.level;
      return true;
    }
  }
  // ffmpeg also takes the numeric levels (-8 quiet ... 56 trace).
  if (!text.empty()) {
    std::string s(text);
    char* end = nullptr;
    long v = std::strtol(s.c_str(), &end, 10);
    if (end && *end == '\0') {
      level = v < AV_LOG_FATAL ? LogLevel::kQuiet
              : v < AV_LOG_WARNING ? LogLevel::kError
              : v < AV_LOG_INFO ? LogLevel::kWarning
              : v < AV_LOG_VERBOSE ? LogLevel::kInfo
              : v < AV_LOG_DEBUG ? LogLevel::kVerbose
                                 : LogLevel::kDebug;
      return true;
    }
  }
  return false;
}

void set_log_level(LogLevel level) {
  router().set_level(level);
  av_log_set_level(to_av_level(level));
  av_log_set_callback(av_log_route);
}

LogLevel log_level() { return router().level(); }

namespace {

bool amd_cpu() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return false;
  char vendor[12];
  std::memcpy(vendor, &ebx, 4);  // "Auth" "enti" "cAMD": ebx, edx, ecx
  std::memcpy(vendor + 4, &edx, 4);
  std::memcpy(vendor + 8, &ecx, 4);
  return std::string_view(vendor, sizeof vendor) == "AuthenticAMD";
#else
  return false;
#endif
}

}  // namespace

unsigned default_cpu_flags() {
  unsigned flags = static_cast<unsigned>(av_get_cpu_flags());
  if ((flags & AV_CPU_FLAG_AVX2) && amd_cpu()) flags |= AV_CPU_FLAG_SLOW_GATHER;
  return flags;
}

bool parse_cpu_flags(std::string_view text, unsigned& flags) {
  unsigned value = default_cpu_flags();
  AvLogCapture quiet;  // the caller's one line says it; FFmpeg's own two would come before the log is set up
  if (text.empty() || av_parse_cpu_caps(&value, std::string(text).c_str()) < 0) return false;
  flags = value;
  return true;
}

void SharedOptions::apply() const {
  set_log_level(log_level);
  av_force_cpu_flags(static_cast<int>(cpu_flags.value_or(default_cpu_flags())));
  if (cpu_count > 0) av_cpu_force_count(cpu_count);
}

void reuse_freed_buffers() {
#if defined(__GLIBC__)
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if ((tunables && std::strstr(tunables, "glibc.malloc.")) || std::getenv("MALLOC_MMAP_THRESHOLD_") ||
      std::getenv("MALLOC_TRIM_THRESHOLD_"))
    return;
  constexpr int kThreshold = 32 << 20;  // the largest mmap threshold glibc takes on 64-bit (HEAP_MAX_SIZE / 2)
  mallopt(M_MMAP_THRESHOLD, kThreshold);
  mallopt(M_TRIM_THRESHOLD, kThreshold);
#endif
}

void set_program_name(std::string name) { router().set_program(std::move(name)); }
const std::string& program_name() { return router().program(); }

void log_error(std::string_view context, std::string_view reason) {
  if (context.empty()) {
    emit(LogLevel::kError, "error", reason);
  } else {
    std::string text(context);
    text += ": ";
    text += reason;
    emit(LogLevel::kError, "error", text);
  }
}
void log_warning(std::string_view message) { emit(LogLevel::kWarning, "warning", message); }
void log_info(std::string_view message) { emit(LogLevel::kInfo, "info", message); }

void install_signal_handlers() {
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR so that we can stop
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() { return g_signal.load(std::memory_order_relaxed) != 0; }
int interrupt_signal() { return g_signal.load(); }
int interrupted_exit_status() {
  const int sig = g_signal.load();
  return sig > 0 ? 128 + sig : kExitInterrupted;
}
void reset_interrupted() { g_signal.store(0); }
AVIOInterruptCB interrupt_callback() { return AVIOInterruptCB{interrupt_cb, nullptr}; }

bool is_terminal(int fd) { return isatty(fd) == 1; }

bool parse_size(std::string_view text, int64_t& bytes) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  size_t end = digits;
  if (end < text.size() && text[end] == '.') {  // a fraction: "1.5G"
    ++end;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  }
  if (digits == 0 || digits > 18 || end > 24) return false;
  const double value = std::strtod(std::string(text.substr(0, end)).c_str(), nullptr);
  // ffmpeg's suffixes: a prefix letter, then "i" (binary) and "B" (bytes) optional; sizes count in powers of 1024.
  std::string_view suffix = text.substr(end);
  int shift = 0;
  if (!suffix.empty()) {
    switch (suffix[0]) {
      case 'k': case 'K': shift = 10; break;
      case 'm': case 'M': shift = 20; break;
      case 'g': case 'G': shift = 30; break;
      case 't': case 'T': shift = 40; break;
      case 'B': shift = 0; break;
      default: return false;
    }
    std::string_view rest = suffix.substr(1);
    if (suffix[0] != 'B') {
      if (!rest.empty() && rest[0] == 'i') rest.remove_prefix(1);
      if (!rest.empty() && rest[0] == 'B') rest.remove_prefix(1);
    }
    if (!rest.empty()) return false;
  }
  const double scaled = std::floor(value * static_cast<double>(int64_t{1} << shift));
  if (!(scaled >= 1) || scaled >= 9.2e18) return false;
  bytes = static_cast<int64_t>(scaled);
  return true;
}

std::string library_versions() {
  struct Lib { const char* name; unsigned built; unsigned running; };
  const AvfilterListing* lavfi = avfilter_listing();
  const Lib libs[] = {
      {"libavutil", LIBAVUTIL_VERSION_INT, avutil_version()},
      {"libavcodec", LIBAVCODEC_VERSION_INT, avcodec_version()},
      {"libavformat", LIBAVFORMAT_VERSION_INT, avformat_version()},
      {"libavfilter", LIBAVFILTER_VERSION_INT, lavfi ? lavfi->version() : 0},  // 0: cannot be loaded
      {"libswscale", LIBSWSCALE_VERSION_INT, swscale_version()},
      {"libswresample", LIBSWRESAMPLE_VERSION_INT, swresample_version()},
  };
  std::string out;
  char line[128];
  for (const Lib& l : libs) {  // ffmpeg -version's layout: built against / running with
    if (l.running == 0) continue;  // libavfilter, when it cannot be loaded: not listed rather than made up
    std::snprintf(line, sizeof line, "%-14s%2u.%3u.%3u / %2u.%3u.%3u\n", l.name, l.built >> 16, l.built >> 8 & 0xff,
                  l.built & 0xff, l.running >> 16, l.running >> 8 & 0xff, l.running & 0xff);
    out += line;
  }
  if (!out.empty()) out.pop_back();
  return out;
}

AvLogRecorder::AvLogRecorder() {
  av_log_set_callback(av_log_route);
  router().start_recording();
}
AvLogRecorder::~AvLogRecorder() { router().stop_recording(); }
std::vector<LogRecord> AvLogRecorder::take() { return router().take_records(); }
void AvLogRecorder::clear() { router().take_records(); }

AvLogWarnings::AvLogWarnings() : previous_(t_warnings) {
  av_log_set_callback(av_log_route);
  router().add_warnings(this);
  t_warnings = this;
}
AvLogWarnings::~AvLogWarnings() {
  router().remove_warnings(this);
  t_warnings = previous_;
}
void AvLogWarnings::watch(const void* context) { router().watch(this, context); }
std::vector<LogWarning> AvLogWarnings::take() { return router().take_warnings(this); }
size_t AvLogWarnings::dropped() const { return router().dropped_warnings(this); }

AvLogMuteOnCancel::AvLogMuteOnCancel(const std::atomic<bool>* cancel) : previous_(t_mute_cancel) {
  av_log_set_callback(av_log_route);
  t_mute_cancel = cancel;
}
AvLogMuteOnCancel::~AvLogMuteOnCancel() { t_mute_cancel = previous_; }

AvLogCapture::AvLogCapture() {
  av_log_set_callback(av_log_route);
  router().start_capture();
}

AvLogCapture::~AvLogCapture() { router().stop_capture(); }

std::string AvLogCapture::text() const { return router().captured_text(); }

LogHold::LogHold() {
  av_log_set_callback(av_log_route);
  router().start_hold();
}
LogHold::~LogHold() {
  flush();
  router().stop_hold();
}
std::string LogHold::last() { return router().last(false); }
std::string LogHold::last_error() { return router().last(true); }
void LogHold::clear() { router().take_held(); }
void LogHold::flush() {
  for (const auto& h : router().take_held())
    log_warning(h.count > 1 ? h.text + " (" + std::to_string(h.count) + " times)" : h.text);
}
void LogHold::mute(bool on) { router().mute(on); }

void SharedOptions::refuse_existing_output(const std::string& output) const {
  if (no_overwrite() && output != "-" && access(output.c_str(), F_OK) == 0)
    throw Error("opening output", "'" + output + "' already exists (not overwriting: -n)", AVERROR(EEXIST),
                ErrorKind::kOutput);
}

int progress_descriptor(const std::string& url) {
  if (url == "pipe:" || url == "-") return 1;
  for (const char* prefix : {"pipe:", "fd:"}) {
    const size_t n = std::strlen(prefix);
    if (url.compare(0, n, prefix) != 0) continue;
    const std::string digits = url.substr(n);
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoi(digits);
  }
  return -1;
}

Progress::Progress(bool enabled, std::chrono::milliseconds interval)
    : start_(std::chrono::steady_clock::now()), last_(start_) {
  options_.line = enabled;
  options_.period = interval;
}

Progress::Progress(const ProgressOptions& options)
    : options_(options), start_(std::chrono::steady_clock::now()), last_(start_) {
  if (options_.url.empty()) return;
  const int fd = progress_descriptor(options_.url);
  if (fd >= 0) {
    const int copy = dup(fd);
    blocks_ = copy >= 0 ? fdopen(copy, "w") : nullptr;
    if (!blocks_ && copy >= 0) close(copy);
  } else {
    blocks_ = std::fopen(options_.url.c_str(), "w");
  }
  if (!blocks_)
    throw Error("opening -progress " + options_.url, AVERROR(errno ? errno : EBADF), ErrorKind::kOutput);
  own_blocks_ = true;
}

Progress::~Progress() {
  if (own_blocks_) std::fclose(blocks_);
}

void Progress::update(int64_t bytes, double media_seconds, int64_t frames) {
  if (!options_.line && !blocks_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < options_.period) return;
  last_ = now;
  if (options_.line) print(bytes, media_seconds, false);
  if (blocks_) write_block(bytes, media_seconds, frames, false);
}

void Progress::finish(int64_t bytes, double media_seconds, int64_t frames) {
  if (finished_) return;
  finished_ = true;
  if (options_.line) print(bytes, media_seconds, true);
  if (blocks_) write_block(bytes, media_seconds, frames, true);
}

void Progress::write_block(int64_t bytes, double media_seconds, int64_t frames, bool last) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string b;
  char v[128];
  auto add = [&b](const char* key, const char* value) { b.append(key).append("=").append(value).append("\n"); };
  if (frames >= 0) {
    std::snprintf(v, sizeof v, "%lld", static_cast<long long>(frames));
    add("frame", v);
    std::snprintf(v, sizeof v, "%.2f", elapsed > 0 ? static_cast<double>(frames) / elapsed : 0.0);
    add("fps", v);
  }
  if (media_seconds > 0) std::snprintf(v, sizeof v, "%.1fkbits/s", static_cast<double>(bytes) * 8 / media_seconds / 1000);
  add("bitrate", media_seconds > 0 ? v : "N/A");
  std::snprintf(v, sizeof v, "%lld", static_cast<long long>(bytes));
  add("total_size", v);
  const long long us = media_seconds >= 0 ? std::llround(media_seconds * 1e6) : -1;
  if (us >= 0) {
    std::snprintf(v, sizeof v, "%lld", us);
    add("out_time_us", v);
    add("out_time_ms", v);  // ffmpeg's own name for the same microseconds
    std::snprintf(v, sizeof v, "%02lld:%02lld:%02lld.%06lld", us / 3600000000LL, us / 60000000LL % 60, us / 1000000 % 60,
                  us % 1000000);
    add("out_time", v);
  } else {
    add("out_time_us", "N/A");
    add("out_time_ms", "N/A");
    add("out_time", "N/A");
  }
  add("dup_frames", "0");  // nothing is ever duplicated or dropped to keep a rate (ffmpeg writes them for copies too)
  add("drop_frames", "0");
  if (media_seconds >= 0 && elapsed > 0) std::snprintf(v, sizeof v, "%.3gx", media_seconds / elapsed);
  add("speed", media_seconds >= 0 && elapsed > 0 ? v : "N/A");
  if (options_.duration > 0) {  // beyond ffmpeg: how far along, when the input says how long it is
    std::snprintf(v, sizeof v, "%lld", std::llround(options_.duration * 1e6));
    add("duration_us", v);
    std::snprintf(v, sizeof v, "%.1f", std::clamp(media_seconds / options_.duration * 100, 0.0, 100.0));
    add("percent", media_seconds >= 0 ? v : "N/A");
  }
  add("progress", last ? "end" : "continue");
  // A reader of the blocks that went away costs only the blocks (SIGPIPE is ignored; the error is not ours to fail).
  std::fwrite(b.data(), 1, b.size(), blocks_);
  std::fflush(blocks_);
}

void Progress::print(int64_t bytes, double media_seconds, bool final_line) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char media[64] = "N/A";
  char speed[32] = "N/A";
  if (media_seconds >= 0) {
    int h = static_cast<int>(media_seconds / 3600);
    int m = static_cast<int>(media_seconds / 60) % 60;
    double s = media_seconds - h * 3600 - m * 60;
    std::snprintf(media, sizeof media, "%02d:%02d:%05.2f", h, m, s);
    if (elapsed > 0) std::snprintf(speed, sizeof speed, "%.3gx", media_seconds / elapsed);
  }
  std::lock_guard<std::mutex> lock(router().mutex());
  std::fprintf(stderr, "\r%s: size=%10.1f KiB time=%s speed=%s   ", router().program().c_str(),
               static_cast<double>(bytes) / 1024.0, media, speed);
  if (final_line) std::fputc('\n', stderr);
  std::fflush(stderr);
  shown_ = true;
}

}  // namespace common
