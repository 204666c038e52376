// Sync: ffplay's audio/video synchronisation rules as pure functions of clock values (seconds), so that every
// rule can be tested with simulated time. The player feeds them the clocks; nothing here sleeps or reads a clock.
#pragma once

namespace common {

enum class SyncMaster { kAudio, kVideo, kExternal };

struct SyncTuning {
  // No A-V correction while the difference is inside the threshold, which is the frame's delay clamped to this.
  static constexpr double kDefaultThresholdMin = 0.04;
  static constexpr double kDefaultThresholdMax = 0.1;
  // Frames longer than this are corrected by lengthening their delay by the difference, shorter ones doubled.
  static constexpr double kDefaultFrameDupThreshold = 0.1;
  // Differences larger than this are not corrected (a timestamp jump): the clocks are re-anchored instead.
  static constexpr double kDefaultNoSyncThreshold = 10.0;
  double threshold_min = kDefaultThresholdMin;
  double threshold_max = kDefaultThresholdMax;
  double framedup_threshold = kDefaultFrameDupThreshold;
  double nosync_threshold = kDefaultNoSyncThreshold;
};

// The longest plausible frame duration: 10 s for formats with timestamp discontinuities (MPEG-TS), else an hour.
double max_frame_duration(bool ts_discontinuities);

// The master that is actually used: audio needs an audio stream, video needs a video stream; else external.
SyncMaster effective_master(SyncMaster wanted, bool has_audio, bool has_video);

// Duration of a frame from its pts and the next frame's: the pts difference when both belong to the same serial
// and it is plausible (positive, below max_duration); the frame's own duration otherwise; 0 across a serial change.
double frame_duration(double pts, double next_pts, double own_duration, bool same_serial, double max_duration);

// The delay before the next frame is shown, given the nominal delay (the last frame's duration) and
// diff = video clock - master clock (NaN when unknown or when video is the master).
//  - |diff| inside the threshold (delay clamped to [threshold_min, threshold_max]) or beyond max_duration: delay;
//  - video late (diff <= -threshold): max(0, delay + diff);
//  - video early: delay + diff for long frames (delay > framedup_threshold), 2 * delay for short ones.
double compute_target_delay(double delay, double diff, double max_duration, const SyncTuning& tuning = {});

// The frame timer: the system time at which the current frame was due.
struct FrameTimerStep {
  bool advance;        // true: the next frame is due now (frame_timer moved on); false: wait
  double frame_timer;  // the new frame timer
  double wait;         // seconds until the next frame is due (0 when advance)
};
// The next frame is due at frame_timer + delay. When due, the timer moves on by delay, and snaps to now when it
// fell more than threshold_max behind (after a stall), so a late player does not race to catch up.
FrameTimerStep step_frame_timer(double frame_timer, double delay, double now, const SyncTuning& tuning = {});

// Late-frame drop: the frame about to be shown is dropped when the frame after it is already due, i.e. when
// now > frame_timer + duration (duration: of the frame about to be shown, up to the next one).
bool is_frame_late(double now, double frame_timer, double duration);

// Whether late frames are dropped: --framedrop on (1), off (0) or auto (-1: when video is not the master).
bool framedrop_enabled(int framedrop, SyncMaster master);

// Early drop (ffplay's get_video_frame): a decoded picture is dropped before it is queued for the display when it
// is already behind the master clock (diff = pts - master < 0), the difference is no timestamp jump
// (|diff| < nosync_threshold), the video clock belongs to the packets being decoded (clock_current: a picture of
// this serial is on screen, so not right after a seek or a switch) and more packets are waiting. A display slower
// than the frames then drops at the decoder, and the picture keeps up with the master.
bool is_frame_early_late(double pts, double master, bool clock_current, bool more_packets,
                         double nosync_threshold = SyncTuning::kDefaultNoSyncThreshold);

// Audio compensation when audio is not the master (ffplay's synchronize_audio): the A-V difference is averaged
// over about kDefaultAverageCount frames (exponentially), and only when the average exceeds the threshold (the
// audio device's buffer duration) the number of samples is changed, by at most max_correction of the frame.
class AudioDriftAverager {
 public:
  static constexpr int kDefaultAverageCount = 20;
  static constexpr double kDefaultMaxCorrection = 0.10;
  explicit AudioDriftAverager(int average_count = kDefaultAverageCount);
  // Samples wanted for a frame of nb_samples at sample_rate, given diff = audio clock - master clock (NaN when
  // unknown); threshold: the smallest average difference that is corrected.
  int wanted_samples(int nb_samples, int sample_rate, double diff, double threshold,
                     double max_correction = kDefaultMaxCorrection, double nosync_threshold = SyncTuning::kDefaultNoSyncThreshold);
  void reset();
  double average() const;  // the current average difference (NaN before enough samples)

 private:
  double coef_;
  int needed_;
  double cum_ = 0.0;
  int count_ = 0;
};

// Speed of the external clock for real-time input (ffplay's check_external_clock_speed): slower while a queue
// runs nearly empty, faster while every queue holds more than it should, back towards 1 otherwise.
struct ExternalSpeedTuning {
  static constexpr int kDefaultMinPackets = 2;
  static constexpr int kDefaultMaxPackets = 10;
  static constexpr double kDefaultSpeedMin = 0.900;
  static constexpr double kDefaultSpeedMax = 1.010;
  static constexpr double kDefaultStep = 0.001;
  int min_packets = kDefaultMinPackets;
  int max_packets = kDefaultMaxPackets;
  double speed_min = kDefaultSpeedMin;
  double speed_max = kDefaultSpeedMax;
  double step = kDefaultStep;
};
// video_packets/audio_packets: packets queued for each stream, or -1 when there is no such stream.
double next_external_speed(double speed, int video_packets, int audio_packets, const ExternalSpeedTuning& tuning = {});

// Percentile (0..100) of values by nearest rank; 0 for an empty set. The values are reordered.
double percentile(double* values, int count, double pct);

}  // namespace common
