#include "stream_cycle.hpp"

namespace syncplay {

int next_stream(AVFormatContext* ctx, AVMediaType type, int current, int video) {
  // The candidates: the video's program when there is one (not for video itself), else every stream.
  const AVProgram* program = type != AVMEDIA_TYPE_VIDEO && video >= 0 ? av_find_program_from_stream(ctx, nullptr, video)
                                                                         : nullptr;
  const int count = program ? static_cast<int>(program->nb_stream_indexes) : static_cast<int>(ctx->nb_streams);
  auto stream_at = [&](int pos) { return program ? static_cast<int>(program->stream_index[pos]) : pos; };
  int start = -1;  // the current stream's place among the candidates (-1: not among them)
  for (int pos = 0; pos < count; ++pos)
    if (stream_at(pos) == current) start = pos;
  for (int step = 1; step <= count; ++step) {
    // From the place after the current one round to it again (from the first when the current one is not there).
    const int pos = start < 0 ? step - 1 : (start + step) % count;
    const int index = stream_at(pos);
    if (index == current) break;
    const AVCodecParameters* par = ctx->streams[index]->codecpar;
    if (par->codec_type != type) continue;
    if (type == AVMEDIA_TYPE_AUDIO && (par->sample_rate == 0 || par->ch_layout.nb_channels == 0)) continue;
    return index;
  }
  return current;
}

}  // namespace syncplay
