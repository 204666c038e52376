// Which stream ffplay's a, v and c keys switch to (its stream_cycle_channel), apart from the player: a pure function
// of the input's streams and programs, so that the rule is tested without playing anything.
#pragma once

#include "common/ffmpeg.hpp"

namespace syncplay {

// The stream of `type` after `current` (an index into ctx's streams; -1: none playing), wrapping around: within the
// program that holds the video stream played (`video`; -1: none) for audio, among all streams for video. An audio
// stream must say its sample rate and channels. Returns `current` when there is no other (and -1 when there is none
// at all).
int next_stream(AVFormatContext* ctx, AVMediaType type, int current, int video);

}  // namespace syncplay
