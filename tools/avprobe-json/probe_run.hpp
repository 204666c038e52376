// Runs avprobe-json over its inputs: opens each (stdin, files, or the tee), probes it through libcommon's
// Prober into the chosen writer, and reports failures as ffprobe's error object plus one stderr line.
#pragma once

#include "avprobe_json_options.hpp"

namespace avprobe_json {

// Returns the exit status: 0 every input probed, 1 any input failed (or the output failed).
int run(const Options& options);

}  // namespace avprobe_json
