// avprobe-json: ffprobe-compatible JSON probing for automation, stdin first. See man/avprobe-json.1.
#include "avprobe_json_options.hpp"
#include "common/cli_support.hpp"
#include "common/errors.hpp"
#include "probe_run.hpp"

int main(int argc, char** argv) {
  common::set_program_name("avprobe-json");
  common::install_signal_handlers();
  avprobe_json::Options options;
  int status = avprobe_json::parse_options(argc, argv, options);
  if (status >= 0) return status;
  options.shared.apply();
  try {
    return avprobe_json::run(options);
  } catch (const common::Error& e) {
    common::log_error(e.context(), e.reason());
    return common::exit_status(e.kind());
  }
}
