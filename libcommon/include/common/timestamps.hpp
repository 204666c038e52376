// Input timestamps as ffmpeg treats them when it reads packets, for every tool that reads an input in order
// (memremux's stream copy, graphrun's decoders):
//   - the input starts at zero: its start_time is subtracted from every timestamp (not with copyts);
//   - in a format with timestamp discontinuities (MPEG-TS, AVFMT_TS_DISCONT: streams cut and joined, `cat a.ts
//     b.ts`, a live feed's clock reset), a DTS that jumps more than dts_delta_threshold away from where the
//     stream was expected, or that falls more than 0.1 s behind it, moves the input's offset so that the timeline
//     goes on where it was (also for the first packet of a stream after another stream's jump);
//   - in other formats, a DTS or PTS further than dts_error_threshold from the prediction is dropped (NOPTS);
//   - per stream, ffmpeg's running DTS prediction (ist->dts / ist->next_dts), which also stands in for the DTS of
//     packets that come without one.
//   - on a stream's first packet (ffmpeg's wrap correction): timestamps that wrapped before the input's start (33-bit
//     MPEG-TS clocks) are unwrapped, and in a format with discontinuities the start is corrected to the earliest
//     start of the streams not discarded (AVDISCARD_ALL), when nothing else moved the offset: a graph that uses
//     only the video of a TS whose audio starts first starts at 0, as ffmpeg's ("Correcting start time by ...").
//   - ffmpeg's -stream_loop: after the input is seeked back to its start (loop()), its timestamps go on after all it
//     gave so far, by ffmpeg 5.1's measure (seek_to_start): the span of each stream's PTS plus its last frame.
// Only the streams a tool uses should go through adjust(), and the others should be marked AVDISCARD_ALL before the
// first packet is read: ffmpeg discards them before these rules.
#pragma once

#include <cstdint>
#include <vector>

#include "common/ffmpeg.hpp"

namespace common {

struct TimestampOptions {
  static constexpr int64_t kDtsDeltaThresholdUs = 10000000;                    // ffmpeg's -dts_delta_threshold 10
  static constexpr int64_t kDtsErrorThresholdUs = int64_t{3600} * 30 * 1000000;  // -dts_error_threshold 108000
  bool copyts = false;  // keep the input's timestamps (no start offset, no discontinuity handling)
  // false: no start offset, the input's own times go on (a player's clock), discontinuities are joined all the same
  bool start_at_zero = true;
  // An input -ss (AV_TIME_BASE): without copyts the input's times count from there, as ffmpeg shifts a seeked input.
  int64_t seek = 0;
  // ffmpeg's -itsoffset (AV_TIME_BASE): added to every timestamp of the input, with or without copyts.
  int64_t input_ts_offset = 0;
  // ffmpeg's -copyts -start_at_zero: the input's start time is still subtracted.
  bool copyts_start_at_zero = false;
  int64_t dts_delta_threshold_us = kDtsDeltaThresholdUs;
  int64_t dts_error_threshold_us = kDtsErrorThresholdUs;
};

// ffmpeg's ts_offset of an input before its first packet (AV_TIME_BASE units): its -itsoffset, less its start time
// and its -ss (with copyts, less only its start time and only with -start_at_zero). Chapters shift by it.
int64_t initial_ts_offset(const AVFormatContext* ic, const TimestampOptions& options);

class InputTimestamps {
 public:
  // ic must outlive this object; streams it adds later (MPEG-TS, NUT, FLV add them as they come) are handled.
  explicit InputTimestamps(const AVFormatContext* ic, TimestampOptions options = {});

  // Applies the offset and the rules above to pkt, a packet of ic's stream pkt->stream_index, and advances that
  // stream's prediction.
  void adjust(AVPacket* pkt);

  // The DTS ffmpeg assigns to the last packet adjusted on `stream` (AV_TIME_BASE units, after the offset): the
  // packet's own DTS, or the prediction when it had none. AV_NOPTS_VALUE before the stream's first packet.
  int64_t dts(int stream) const;
  // The offset added to the input's timestamps now (AV_TIME_BASE units).
  int64_t offset() const { return offset_; }
  // How many times a discontinuity moved the offset.
  int64_t discontinuities() const { return discontinuities_; }
  // How far the start was moved to the earliest stream in use (0: not moved).
  int64_t start_correction() const { return start_correction_; }

  // The input was seeked back to its start for another pass (-stream_loop): from the next packet on, timestamps go
  // on by the length of what was read so far, measured as ffmpeg 5.1 measures it: per stream the span of its PTS
  // plus its last frame, the longest stream's. The last frame of an audio stream is its last decoded frame
  // (last_audio_samples[stream] at its codec's sample rate; 0 or absent: not decoded, as in a stream copy); when
  // some audio stream was decoded, only those count. Otherwise a frame is 1/avg_frame_rate, or one tick.
  void loop(const std::vector<int>& last_audio_samples);
  // The length added by the passes so far, in AV_TIME_BASE units (0 before the first loop()).
  int64_t loop_offset() const { return av_rescale_q(loop_duration_, loop_time_base_, av_get_time_base_q()); }

 private:
  struct Stream {
    bool saw_first_ts = false;
    bool wrap_correction_done = false;
    int64_t dts = AV_NOPTS_VALUE;  // AV_TIME_BASE units
    int64_t pts = AV_NOPTS_VALUE;
    int64_t next_dts = AV_NOPTS_VALUE;
    int64_t min_pts = INT64_MAX;  // the PTS seen (after the loops' offset), in the stream's time base
    int64_t max_pts = INT64_MIN;
  };
  void correct_start(AVPacket* pkt, const AVStream* st, Stream& s);
  void fix(AVPacket* pkt, const AVStream* st, Stream& s);
  void predict(const AVPacket* pkt, const AVStream* st, Stream& s);

  const AVFormatContext* ic_;
  TimestampOptions options_;
  std::vector<Stream> streams_;
  int64_t offset_ = 0;
  int64_t last_ts_ = AV_NOPTS_VALUE;  // DTS of the last packet, any stream (AV_TIME_BASE units)
  int64_t discontinuities_ = 0;
  int64_t start_correction_ = 0;
  int64_t loop_duration_ = 0;  // ffmpeg's ifile->duration and ifile->time_base
  AVRational loop_time_base_{1, 1};
};

}  // namespace common
