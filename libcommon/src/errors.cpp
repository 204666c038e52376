#include "common/errors.hpp"

#include "common/ffmpeg.hpp"
#include "common/memory_io.hpp"

namespace common {

std::string av_error_text(int code) {
  if (code == kErrorSpoolLimit) return "spool limit reached (raise --spool-limit)";
  if (code == kErrorTimeout) return "read timed out";
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  if (av_strerror(code, buf, sizeof buf) < 0) return "error " + std::to_string(code);
  return buf;
}

Error::Error(std::string context, int code)
    : Error(std::move(context), av_error_text(code), code) {}

Error::Error(std::string context, std::string reason, int code)
    : std::runtime_error(context.empty() ? reason : context + ": " + reason),
      context_(std::move(context)),
      reason_(std::move(reason)),
      code_(code) {}

int check(int ret, const char* context) {
  if (ret < 0) throw Error(context, ret);
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
