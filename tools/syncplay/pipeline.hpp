// The queues between the player's threads: packets from the demuxer to each decoder, frames from each decoder to
// the display loop or the audio device. A frame queue takes the serial of the packet queue that feeds it.
#pragma once

#include "common/ffmpeg.hpp"
#include "common/queue.hpp"

namespace syncplay {

using PacketQueue = common::MessageQueue<common::PacketPtr>;

struct DecodedFrame {
  common::FramePtr frame;
  double pts = 0.0;       // media seconds (NaN when unknown)
  double duration = 0.0;  // nominal duration in seconds (from the frame rate), 0 when unknown
};
using FrameQueue = common::MessageQueue<DecodedFrame>;

struct QueueTuning {
  // Hard bounds of the packet queues (the demuxer normally stops well before, see DemuxTuning).
  static constexpr size_t kPacketItems = 4096;
  static constexpr size_t kPacketBytes = size_t{64} << 20;
  // Decoded frames waiting: few pictures (they are large), more audio frames (they are short), as ffplay.
  static constexpr size_t kVideoFrames = 3;
  static constexpr size_t kAudioFrames = 9;
};

}  // namespace syncplay
