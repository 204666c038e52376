// syncplay: plays stdin (or INPUT) with audio and video kept in sync, in a window or headless.
#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "player.hpp"
#include "syncplay_options.hpp"

int main(int argc, char** argv) {
  common::set_program_name("syncplay");
  syncplay::Options options;
  if (auto status = syncplay::parse_options(argc, argv, options)) return *status;
  options.shared.apply();
  common::install_signal_handlers();
  int status = common::kExitOk;
  try {
    status = syncplay::play(options);
  } catch (const common::Error& e) {
    // Interrupted (SIGINT/SIGTERM while opening): the stop was asked for, not an error of the input.
    if (!common::interrupted()) common::log_error(e.context(), e.reason());
    status = common::interrupted() ? common::interrupted_exit_status() : common::exit_status(e.kind());
  }
  return status;
}
