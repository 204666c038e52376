// graphrun: run an ffmpeg filter graph over media from stdin (or files) and write its outputs to stdout.
#include <cstdio>
#include <exception>

#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "graphrun.hpp"
#include "graphrun_options.hpp"

int main(int argc, char** argv) {
  common::set_program_name("graphrun");
  graphrun::Options options;
  int status = graphrun::parse_options(argc, argv, options);
  if (status >= 0) return status;
  options.shared.apply();
  common::reuse_freed_buffers();
  common::install_signal_handlers();
  try {
    return graphrun::run(options);
  } catch (const common::Error& e) {
    common::log_error(e.context(), e.reason());
    return common::exit_status(e.kind());
  } catch (const std::exception& e) {
    common::log_error("internal error", e.what());
    return common::kExitFailure;
  }
}
