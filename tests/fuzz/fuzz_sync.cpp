// Fuzz target: the sync rules fed with arbitrary clock values. The input is a program: each step takes an opcode
// byte, then its operands from the bytes that follow (doubles as raw bits, so NaN, infinities, huge and negative
// values all come up, or as small scaled values, so ordinary times come up too). It drives Clock, the player's
// SyncClocks, compute_target_delay, frame_duration, step_frame_timer, drop decisions, the audio drift averager,
// the external clock's speed and the tempo stretcher, and checks the invariants the player relies on:
//   - a delay or duration computed from finite, non-negative inputs is never NaN and never negative;
//   - a paused clock reads its pts, an obsolete one reads NaN, a fresh one reads what it was set to;
//   - the external speed stays within its bounds, whatever the queues say;
//   - the wanted samples stay within max_correction of the frame, and never below 0;
//   - the tempo stretcher passes samples through unchanged at speed 1, never produces more than the input's
//     duration divided by the speed (plus a window), and its buffered time is finite and non-negative.
// No undefined behaviour anywhere (the fuzz build has UBSan and halts on it).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "common/clock.hpp"
#include "common/sync.hpp"
#include "common/tempo.hpp"
#include "sync_clocks.hpp"

using namespace common;

namespace {

constexpr size_t kMaxInput = 4096;  // bytes read per input: every loop is bounded, and a run stays fast

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "fuzz_sync: invariant violated: %s\n", what);
  std::abort();
}
#define CHECK(cond) \
  do {              \
    if (!(cond)) violated(#cond); \
  } while (0)

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  bool empty() const { return p_ >= end_; }
  uint8_t u8() { return p_ < end_ ? *p_++ : 0; }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | u8();
    return v;
  }
  int i32() {
    uint32_t v = u32();
    int r;
    std::memcpy(&r, &v, sizeof r);
    return r;
  }
  bool flag() { return (u8() & 1) != 0; }
  // Any double: raw bits (NaN, inf, denormals, huge), a small time (-100..100 s in ms), or a special value.
  double any() {
    switch (u8() % 4) {
      case 0: {
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | u8();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      case 1: return static_cast<double>(static_cast<int16_t>(u8() << 8 | u8())) / 327.68;
      case 2: return static_cast<double>(u32()) / 1000.0;
      default: {
        static const double kSpecial[] = {0.0, -0.0, 1.0, -1.0, 0.04, 0.1, 10.0, 3600.0, 1e300, -1e300,
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(),
                                          std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::denorm_min(),
                                          std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
        return kSpecial[u8() % (sizeof kSpecial / sizeof kSpecial[0])];
      }
    }
  }
  // A finite, non-negative double (a duration, a delay).
  double duration() {
    double d = any();
    return std::isfinite(d) ? std::fabs(d) : 0.04;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

bool finite_all(std::initializer_list<double> values) {
  for (double v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

SyncTuning tuning_from(Bytes& in) {
  SyncTuning t;
  if (!in.flag()) return t;  // mostly the defaults, sometimes arbitrary (but ordered) thresholds
  t.threshold_min = in.duration();
  t.threshold_max = t.threshold_min + in.duration();
  t.framedup_threshold = in.duration();
  t.nosync_threshold = in.duration();
  return t;
}

void check_clock(const Clock& c, const std::atomic<int>* queue_serial, double now) {
  double v = c.get(now);
  if (queue_serial && queue_serial->load() != c.serial()) {
    CHECK(std::isnan(v));
    return;
  }
  if (c.paused()) {
    CHECK((std::isnan(v) && std::isnan(c.pts())) || v == c.pts());
    return;
  }
  // Set at last_updated: reads its pts there (up to rounding), when everything is of ordinary size.
  if (finite_all({c.pts(), c.last_updated(), c.speed()}) && std::fabs(c.pts()) < 1e9 &&
      std::fabs(c.last_updated()) < 1e9) {
    double at = c.get(c.last_updated());
    CHECK(std::fabs(at - c.pts()) <= 1e-6);
  }
}

void fuzz_clock_ops(Bytes& in) {
  std::atomic<int> queue_serial{static_cast<int>(in.u8() % 4)};
  Clock follows(&queue_serial);
  Clock own;
  double now = in.any();
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    Clock& c = in.flag() ? follows : own;
    const std::atomic<int>* qs = &c == &follows ? &queue_serial : nullptr;
    switch (in.u8() % 8) {
      case 0: c.set(in.any(), static_cast<int>(in.u8() % 4), now); break;
      case 1: c.set_speed(in.any(), now); break;
      case 2: c.set_paused(in.flag(), now); break;
      case 3: c.sync_to_slave(&c == &own ? follows : own, now, in.any()); break;
      case 4: queue_serial = static_cast<int>(in.u8() % 4); break;
      case 5: now = in.any(); break;
      case 6: now += in.duration(); break;
      default: {
        // A valid source clock and a finite threshold: after syncing, the clocks agree within the threshold.
        Clock& other = &c == &own ? follows : own;
        double threshold = in.duration();
        other.set(in.any() / 1000.0, other.serial(), now);
        c.sync_to_slave(other, now, threshold);
        double a = c.get(now), b = other.get(now);
        if (finite_all({a, b, now}) && std::fabs(b) < 1e6 && std::fabs(now) < 1e6)
          CHECK(std::fabs(a - b) <= threshold + 1e-6);
        break;
      }
    }
    check_clock(c, qs, now);
  }
}

void fuzz_sync_clocks(Bytes& in) {
  std::atomic<int> vs{0}, as{0};
  auto master = static_cast<SyncMaster>(in.u8() % 3);
  syncplay::SyncClocks clocks(&vs, &as, master, tuning_from(in));
  double now = in.duration();
  double base_speed = 1.0;  // --speed
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    switch (in.u8() % 12) {
      case 0: clocks.set_video(in.any(), static_cast<int>(in.u8() % 3), now); break;
      case 1: clocks.set_audio(in.any(), static_cast<int>(in.u8() % 3), now); break;
      case 2: clocks.set_external(in.any(), now); break;
      case 3: clocks.set_paused(in.flag(), now); break;
      case 4: clocks.set_external_stalled(in.flag(), now); break;
      case 5:
        base_speed = 0.5 + (in.u8() % 151) / 100.0;
        clocks.set_speed(base_speed, now);
        break;
      case 6: {
        // As the player does for live input: the external clock's correction is relative to the --speed.
        double factor = next_external_speed(clocks.external_speed() / base_speed, in.i32() % 20, in.i32() % 20);
        CHECK(factor >= ExternalSpeedTuning::kDefaultSpeedMin && factor <= ExternalSpeedTuning::kDefaultSpeedMax);
        clocks.set_external_speed(factor * base_speed, now);
        break;
      }
      case 7: clocks.switch_to_external(now); break;
      case 8: (in.flag() ? vs : as) = static_cast<int>(in.u8() % 3); break;
      case 9: now = in.any(); break;
      default: now += in.duration(); break;
    }
    (void)clocks.master_time(now);
    double vd = clocks.video_diff(now), ad = clocks.audio_diff(now);
    if (clocks.master() == SyncMaster::kVideo) CHECK(std::isnan(vd));
    if (clocks.master() == SyncMaster::kAudio) CHECK(std::isnan(ad));
    double es = clocks.external_speed() / base_speed;
    CHECK(es >= ExternalSpeedTuning::kDefaultSpeedMin - 1e-9 && es <= ExternalSpeedTuning::kDefaultSpeedMax + 1e-9);
  }
}

void fuzz_delays(Bytes& in) {
  const SyncTuning t = tuning_from(in);
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const bool discont = in.flag();
    const double max_duration = max_frame_duration(discont);
    // frame_duration: finite, non-negative own duration in, the same out (or a plausible pts difference, or 0).
    double pts = in.any(), next_pts = in.any(), own = in.duration();
    bool same = in.flag();
    double d = frame_duration(pts, next_pts, own, same, max_duration);
    CHECK(!std::isnan(d) && d >= 0 && d <= std::max(own, max_duration));
    // compute_target_delay: a delay of finite, non-negative inputs is never NaN nor negative.
    double delay = in.flag() ? d : in.duration();
    double diff = in.any();
    double target = compute_target_delay(delay, diff, max_duration, t);
    CHECK(!std::isnan(target) && target >= 0);
    if (std::isnan(diff) || std::fabs(diff) >= max_duration) CHECK(target == delay);
    // Arbitrary delay and diff: no UB, and NaN only from a NaN delay.
    double wild = compute_target_delay(in.any(), in.any(), in.any(), t);
    (void)wild;
    // The frame timer: waits a positive time, or advances with no wait; a late player snaps to now.
    double frame_timer = in.any(), now = in.any();
    FrameTimerStep s = step_frame_timer(frame_timer, target, now, t);
    if (finite_all({frame_timer, now, target})) {
      if (s.advance) {
        CHECK(s.wait == 0.0);
        if (std::isfinite(frame_timer + target)) CHECK(!std::isnan(s.frame_timer) && s.frame_timer <= std::max(now, frame_timer + target));
      } else {
        CHECK(s.wait > 0 && s.frame_timer == frame_timer);
      }
    }
    // Drop decisions: never a frame that is not late, and the auto rule.
    double duration = in.duration();
    bool late = is_frame_late(now, frame_timer, duration);
    if (late) CHECK(now > frame_timer);
    int framedrop = static_cast<int>(in.u8() % 3) - 1;
    auto master = static_cast<SyncMaster>(in.u8() % 3);
    bool drop = framedrop_enabled(framedrop, master);
    CHECK(drop == (framedrop == 1 || (framedrop == -1 && master != SyncMaster::kVideo)));
    SyncMaster eff = effective_master(master, in.flag(), in.flag());
    (void)eff;
  }
}

void fuzz_audio_compensation(Bytes& in) {
  const int average_count = 1 + in.u8() % 64;
  AudioDriftAverager avg(average_count);
  const bool wild = in.flag();  // arbitrary parameters, not only the player's
  for (int step = 0; step < 128 && !in.empty(); ++step) {
    if (in.u8() % 16 == 0) avg.reset();
    int nb_samples = wild ? in.i32() : static_cast<int>(in.u8() << 4 | in.u8() % 16);
    int rate = wild ? in.i32() : 8000 + static_cast<int>(in.u8()) * 1000;
    double diff = in.any();
    double threshold = wild ? in.any() : in.duration();
    double max_correction = wild ? in.any() : SyncTuning::kDefaultFrameDupThreshold;
    double nosync = wild ? in.any() : SyncTuning::kDefaultNoSyncThreshold;
    int wanted = avg.wanted_samples(nb_samples, rate, diff, threshold, max_correction, nosync);
    if (nb_samples <= 0) {
      CHECK(wanted == nb_samples);
    } else {
      CHECK(wanted >= 0);
      double mc = std::isfinite(max_correction) ? std::clamp(max_correction, 0.0, 1.0) : 0.0;
      CHECK(wanted >= std::floor(nb_samples * (1.0 - mc)) - 1 && wanted <= std::ceil(nb_samples * (1.0 + mc)) + 1);
    }
    double a = avg.average();
    (void)a;
  }
}

void fuzz_external_speed(Bytes& in) {
  ExternalSpeedTuning t;
  if (in.flag()) {
    // Arbitrary (but sane) tuning: speed_min <= 1 <= speed_max, a positive step, ordered packet bounds.
    t.speed_min = 1.0 - (in.u8() % 100) / 100.0;
    t.speed_max = 1.0 + (in.u8() % 100) / 100.0;
    t.step = (1 + in.u8()) / 1000.0;
    t.min_packets = in.u8() % 16;
    t.max_packets = t.min_packets + in.u8() % 16;
  }
  double speed = in.flag() ? 1.0 : t.speed_min + (t.speed_max - t.speed_min) * (in.u8() / 255.0);
  for (int step = 0; step < 256 && !in.empty(); ++step) {
    int v = in.flag() ? -1 : in.i32(), a = in.flag() ? -1 : in.i32();
    speed = next_external_speed(speed, v, a, t);
    CHECK(!std::isnan(speed) && speed >= t.speed_min && speed <= t.speed_max);
    // Anything at all in: no UB (a NaN speed may come back NaN).
    (void)next_external_speed(in.any(), in.i32(), in.i32(), t);
  }
  // percentile of arbitrary values.
  std::vector<double> values;
  while (!in.empty() && values.size() < 64) values.push_back(in.any());
  double pct = in.any();
  (void)percentile(values.data(), static_cast<int>(values.size()), pct);
}

void fuzz_tempo(Bytes& in) {
  const int channels = 1 + in.u8() % 8;
  // Rates up to 96 kHz (and nonsense ones: 0, negative): the search's cost grows with the rate, not its risk.
  const int rate = in.flag() ? 8000 + static_cast<int>(in.u32() % 88001) : in.i32() % 96001;
  const bool wild = in.flag();
  double speed = wild ? in.any() : 0.5 + (in.u8() % 151) / 100.0;
  TempoOptions opts;
  if (in.flag()) {
    opts.window = wild ? in.any() : 0.005 + (in.u8() % 100) / 1000.0;
    opts.search = wild ? in.any() : (in.u8() % 50) / 1000.0;
  }
  TempoStretcher ts(channels, rate, speed, opts);
  const double s = ts.speed();
  CHECK(s >= 0.5 && s <= 2.0);
  // The stretcher's own view of its parameters (what the constructor settled on) bounds the output.
  const int eff_rate = std::max(1, rate);
  std::vector<int16_t> buf, out;
  int64_t pushed = 0, pulled = 0;
  uint32_t noise = in.u32();
  // At most this many frames per input (each window's search is costly at high rates; many short runs find more).
  constexpr int64_t kMaxFrames = 16384;
  int64_t total = 0;
  for (int step = 0; step < 200 && !in.empty() && total < kMaxFrames; ++step) {
    switch (in.u8() % 4) {
      case 0:
      case 1: {
        int frames = static_cast<int>(in.u8()) * (1 + in.u8() % 4);
        buf.resize(static_cast<size_t>(frames) * channels);
        for (auto& v : buf) {
          noise = noise * 1664525u + 1013904223u;
          v = static_cast<int16_t>(noise >> 16);
        }
        ts.push(buf.data(), frames);
        pushed += frames;
        total += frames;
        if (s == 1.0) {
          // Pass-through: what comes out is what went in.
          out.resize(buf.size());
          int n = ts.pull(out.data(), frames);
          CHECK(n == frames && out == buf);
          pulled += n;
        }
        break;
      }
      case 2: {
        int max_frames = static_cast<int>(in.u8()) * 8 - 16;  // sometimes negative or zero
        out.resize(static_cast<size_t>(std::max(0, max_frames)) * channels);
        int n = ts.pull(out.data(), max_frames);
        CHECK(n >= 0 && n <= std::max(0, max_frames));
        pulled += n;
        break;
      }
      default:
        ts.reset();
        pushed = pulled = 0;
        break;
    }
    double b = ts.buffered_seconds();
    CHECK(std::isfinite(b) && b >= 0);
    CHECK(ts.available() >= 0);
    // Output never exceeds the input's duration at this speed, plus one window (the first one has no overlap).
    const double window_frames = std::max(32.0, 2.0 * TempoOptions::kDefaultWindow * eff_rate) +
                                 (std::isfinite(opts.window) ? std::min(1.0, std::fabs(opts.window)) * eff_rate : 0.0);
    CHECK(static_cast<double>(pulled + ts.available()) <= static_cast<double>(pushed) / s + window_frames + 2);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size = std::min(size, kMaxInput);
  Bytes in(data + 1, size - 1);
  switch (data[0] % 7) {
    case 0: fuzz_clock_ops(in); break;
    case 1: fuzz_sync_clocks(in); break;
    case 2: fuzz_delays(in); break;
    case 3: fuzz_audio_compensation(in); break;
    case 4: fuzz_external_speed(in); break;
    case 5: fuzz_tempo(in); break;
    default:
      // Everything in turn on the same bytes.
      fuzz_delays(in);
      fuzz_clock_ops(in);
      fuzz_audio_compensation(in);
      break;
  }
  return 0;
}
