// memremux: copies the streams of a media file into another container, stdin to stdout, without decoding.
#include <unistd.h>

#include <exception>

#include "common/cli_support.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"
#include "memremux_options.hpp"
#include "output_target.hpp"
#include "remux.hpp"

namespace {

// Errors that come from how memremux was called rather than from the media.
bool is_usage_error(const common::Error& e) {
  if (e.code() == AVERROR_MUXER_NOT_FOUND) return true;  // unknown -f, or an extension that names no format
  if (e.code() == AVERROR_OPTION_NOT_FOUND) return true;  // unknown --muxer-option
  if (e.context() == "selecting streams")
    return e.reason().rfind("invalid stream specifier", 0) == 0 || e.reason().find("names input") != std::string::npos;
  return false;
}

int run(const memremux::Options& opt) {
  common::OutputOptions out_opt;
  out_opt.format = opt.format;
  out_opt.filename = opt.output;
  out_opt.io.buffer_size = opt.buffer_size;
  out_opt.flush_packets = opt.flush_packets;
  out_opt.faststart = opt.faststart;
  out_opt.muxer_options = opt.muxer_options;
  {
    common::MemorySink scratch;
    common::Output::open(scratch, out_opt);  // an unknown format is a usage error, found before any input is read
  }

  common::InputOptions in_opt;
  in_opt.name = opt.input == "-" ? "pipe:" : opt.input;
  in_opt.io.buffer_size = opt.buffer_size;
  in_opt.spool_options.limit = opt.spool_limit;
  in_opt.spool_options.dir = opt.spool_dir;
  if (opt.pipe_size > 0) {  // fewer, larger reads and writes on pipes; a failure only costs speed
    if (opt.input == "-") common::enlarge_pipe(STDIN_FILENO, opt.pipe_size);
    if (opt.output == "-") common::enlarge_pipe(STDOUT_FILENO, opt.pipe_size);
  }
  auto source = common::open_source(opt.input);
  if (source->seekable() && source->size() == 0) throw common::Error("reading input", "empty input", AVERROR_INVALIDDATA);
  auto input = common::Input::open(std::move(source), in_opt);

  auto target = memremux::OutputTarget::open(opt.output);

  memremux::RemuxOptions rm_opt;
  rm_opt.maps = opt.maps;
  rm_opt.copyts = opt.copyts;
  rm_opt.progress = opt.progress.value_or(common::is_terminal(STDERR_FILENO));
  memremux::RemuxResult r = memremux::remux(*input, target.sink(), out_opt, rm_opt);

  switch (r.outcome) {
    case memremux::Outcome::kDownstreamClosed:
      memremux::LibavMessages::clear();  // the reader has all it wanted: a quiet stop
      return common::kExitOk;
    case memremux::Outcome::kWriteFailed: {
      std::string why = memremux::LibavMessages::last_error();  // the muxer's own words, when it refused a packet
      memremux::LibavMessages::clear();
      common::log_error("writing output" + (opt.output == "-" ? std::string() : " " + opt.output),
                        r.reason + (why.empty() ? "" : " (" + why + ")"));
      return common::kExitFailure;
    }
    case memremux::Outcome::kDamaged:
      target.commit();  // what could be read is written and finished
      common::log_error("reading input", r.reason + "; the output holds what could be copied");
      return common::kExitFailure;
    case memremux::Outcome::kInterrupted:
      target.commit();
      return common::kExitInterrupted;
    case memremux::Outcome::kComplete:
      target.commit();
      return common::kExitOk;
  }
  return common::kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  common::set_program_name("memremux");
  memremux::Options opt;
  if (auto status = memremux::parse_options(argc, argv, opt)) return *status;
  common::set_log_level(opt.log_level);
  common::install_signal_handlers();
  memremux::LibavMessages libav;
  try {
    return run(opt);
  } catch (const common::Error& e) {
    std::string why = memremux::LibavMessages::last_error();
    memremux::LibavMessages::clear();
    if (common::interrupted()) return common::kExitInterrupted;  // stopped before any output: nothing to say
    if (e.code() == AVERROR(EPIPE)) return common::kExitOk;       // the reader left while the header was written
    std::string reason = e.reason();
    if (!why.empty() && why != reason) reason += " (" + why + ")";
    common::log_error(e.context(), reason);
    return is_usage_error(e) ? common::kExitUsage : common::kExitFailure;
  } catch (const std::exception& e) {  // out of memory and the like
    common::log_error("", e.what());
    return common::kExitFailure;
  }
}
