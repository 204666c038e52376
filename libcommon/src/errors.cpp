#include "common/errors.hpp"

#include "common/ffmpeg.hpp"

namespace common {

std::string av_error_text(int code) {
  if (code == kErrorSpoolLimit) return "spool limit reached (raise --spool-limit)";
  if (code == kErrorTimeout) return "read timed out";
  if (code == kErrorInputTimeout) return "input timed out";
  if (code == kErrorGraphStalled) return "the filter graph stalled";
  if (code == kErrorFrameFormatChanged) return "the frames changed format";
  if (code == kErrorUsage) return "invalid usage";
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  if (av_strerror(code, buf, sizeof buf) < 0) return "error " + std::to_string(code);
  return buf;
}

Error::Error(std::string context, int code, ErrorKind kind)
    : Error(std::move(context), av_error_text(code), code, kind) {}

Error::Error(std::string context, std::string reason, int code, ErrorKind kind)
    : std::runtime_error(context.empty() ? reason : context + ": " + reason),
      context_(std::move(context)),
      reason_(std::move(reason)),
      code_(code),
      kind_(kind) {}

Error usage_error(std::string context, std::string reason) {
  return Error(std::move(context), std::move(reason), kErrorUsage, ErrorKind::kUsage);
}

int check(int ret, const char* context, ErrorKind kind) {
  if (ret < 0) throw Error(context, ret, kind);
  return ret;
}

PacketPtr make_packet() {
  PacketPtr p(av_packet_alloc());
  if (!p) throw Error("allocating a packet", AVERROR(ENOMEM));
  return p;
}

FramePtr make_frame() {
  FramePtr f(av_frame_alloc());
  if (!f) throw Error("allocating a frame", AVERROR(ENOMEM));
  return f;
}

}  // namespace common
