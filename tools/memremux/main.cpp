// memremux: copies the streams of a media file into another container, stdin to stdout, without decoding.
#include <exception>
#include <string>

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "job.hpp"
#include "memremux_options.hpp"

namespace {

// "reason (what FFmpeg said)", when FFmpeg said something else.
std::string with_libav(const std::string& reason) {
  std::string why = common::LogHold::last_error();
  common::LogHold::clear();  // folded into our one line
  return why.empty() || why == reason ? reason : reason + " (" + why + ")";
}

}  // namespace

int main(int argc, char** argv) {
  common::set_program_name("memremux");
  memremux::Options opt;
  if (auto status = memremux::parse_options(argc, argv, opt)) return *status;
  opt.shared.apply();
  common::install_signal_handlers();
  common::LogHold libav;  // FFmpeg's warnings held back, so that a failure reads as one line
  try {
    memremux::RemuxResult r = memremux::run_job(opt);
    if (!r.verify_failure.empty() && r.outcome == memremux::Outcome::kComplete) {
      common::log_error("verifying", r.verify_failure + (opt.output == "-" ? "" : "; " + opt.output + " not written"));
      return common::kExitFailure;
    }
    switch (r.outcome) {
      case memremux::Outcome::kComplete: return common::kExitOk;
      case memremux::Outcome::kInterrupted: return common::interrupted_exit_status();
      case memremux::Outcome::kDownstreamClosed:
        common::LogHold::clear();  // the reader has all it wanted: a quiet stop
        return common::kExitOk;
      case memremux::Outcome::kDamaged:
        common::log_error(r.context, r.reason + "; the output holds what could be copied");
        return common::kExitFailure;
      case memremux::Outcome::kNothingInRange:
        common::log_error("", r.reason);
        return common::kExitFailure;
      case memremux::Outcome::kWriteFailed:
        common::log_error("writing output" + (opt.output == "-" ? std::string() : " " + opt.output), with_libav(r.reason));
        return common::kExitFailure;
    }
    return common::kExitFailure;
  } catch (const common::Error& e) {
    if (common::interrupted() || e.code() == AVERROR(EPIPE)) {  // stopped by the user, or the reader left: quietly
      common::LogHold::clear();
      return common::interrupted() ? common::interrupted_exit_status() : common::kExitOk;
    }
    if (e.context() == "spooling input" || e.code() == common::kErrorTimeout)  // FFmpeg's complaint is only the
      common::LogHold::clear();                                         // consequence ("moov atom not found")
    common::log_error(e.context(), with_libav(e.reason()));
    return common::exit_status(e.kind());
  } catch (const std::exception& e) {  // out of memory and the like
    common::log_error("", e.what());
    return common::kExitFailure;
  }
}
