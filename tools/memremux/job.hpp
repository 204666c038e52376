// One memremux run: the options turned into an input, an output target and the remux between them.
#pragma once

#include "memremux_options.hpp"
#include "remux.hpp"

namespace memremux {

// Opens the input and the output named in `options`, remuxes, and makes the output visible under its name
// when it was finished (complete, damaged input, interrupted). Setup failures throw common::Error.
RemuxResult run_job(const Options& options);

}  // namespace memremux
