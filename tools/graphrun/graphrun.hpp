// graphrun's run: bind the graph's labels to input streams, configure, schedule, and finish the output.
#pragma once

#include "graphrun_options.hpp"

namespace graphrun {

// Runs the whole tool; returns the exit status (diagnostics already printed).
int run(const Options& options);

}  // namespace graphrun
