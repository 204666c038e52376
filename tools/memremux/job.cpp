#include "job.hpp"

#include <unistd.h>

#include <optional>

#include "common/cli_support.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"


namespace memremux {

RemuxResult run_job(const Options& opt) {
  common::OutputOptions out_opt;
  out_opt.format = opt.format;
  out_opt.filename = opt.output;
  out_opt.io.buffer_size = opt.buffer_size;
  out_opt.flush_packets = opt.flush_packets;
  out_opt.faststart = opt.faststart;
  out_opt.muxer_options = opt.muxer_options;
  // -n, as ffmpeg: an existing output file is never replaced (checked before anything is read).
  if (opt.shared.no_overwrite() && opt.output != "-" && access(opt.output.c_str(), F_OK) == 0)
    throw common::Error("opening output", "'" + opt.output + "' already exists (not overwriting: -n)", AVERROR(EEXIST),
                        common::ErrorKind::kOutput);
  bool own_files = false;  // segment, hls, dash, tee, image2: the muxer writes its files itself
  {
    common::MemorySink scratch;
    // An unknown format is a usage error, found before any input is read.
    own_files = common::writes_own_files(common::Output::open(scratch, out_opt)->format());
  }
  if (own_files) {
    if (opt.output == "-")
      throw common::usage_error("opening output", "the " + opt.format + " muxer writes files of its own: name its main "
                                                  "file (a playlist, a pattern like out%03d.ts), not stdout");
    out_opt.nested = common::NestedFiles::kWrite;
  }

  if (opt.pipe_size > 0) {  // fewer, larger reads and writes on pipes; a failure only costs speed
    for (const InputSpec& in : opt.inputs)
      if (in.path == "-") common::enlarge_pipe(STDIN_FILENO, opt.pipe_size);
    if (opt.output == "-") common::enlarge_pipe(STDOUT_FILENO, opt.pipe_size);
  }
  std::vector<std::unique_ptr<common::Input>> opened;
  std::vector<RemuxInput> inputs;
  for (const InputSpec& spec : opt.inputs) {
    // Among several inputs an error names the one it is about.
    const std::string named = opt.inputs.size() > 1 ? spec.path + ": " : "";
    common::InputOptions in_opt;
    in_opt.name = spec.path == "-" ? "pipe:" : spec.path;
    in_opt.io.buffer_size = opt.buffer_size;
    in_opt.spool_options.limit = opt.shared.spool_limit;
    in_opt.spool_options.dir = opt.spool_dir;
    in_opt.demuxer_options = spec.demuxer_options;
    in_opt.format = spec.format;
    try {
      auto source = common::open_source(spec.path);
      if (auto* fd = dynamic_cast<common::FdSource*>(source.get())) fd->set_timeout_ms(opt.shared.timeout_ms);
      if (source->seekable() && source->size() == 0)
        throw common::Error("reading input", "empty input", AVERROR_INVALIDDATA);
      opened.push_back(common::Input::open(std::move(source), in_opt));
    } catch (const common::Error& e) {
      if (named.empty() || e.context().find(spec.path) != std::string::npos) throw;
      throw common::Error(named + e.context(), e.reason(), e.code(), e.kind());
    }
    inputs.push_back(RemuxInput{opened.back().get(), spec.path, spec.cut});
  }
  // SIGINT while the input was being probed cuts the probe short; what FFmpeg says about that ("could not find
  // codec parameters") is our doing, not news about the input. The remux then finishes an empty output.
  if (common::interrupted()) common::LogHold::clear();

  // Such a muxer opens (and renames into place) every file itself; there is no one stream to write beside its name.
  common::MemorySink no_stream;
  std::optional<common::OutputTarget> target;
  if (!own_files) target = common::OutputTarget::open(opt.output);
  common::Sink& sink = target ? target->sink() : no_stream;
  RemuxOptions rm_opt;
  rm_opt.maps = opt.maps;
  rm_opt.copyts = opt.copyts;
  rm_opt.start_at_zero = opt.start_at_zero;
  rm_opt.output_cut = opt.output_cut;
  rm_opt.drain = opt.drain;
  rm_opt.metadata = opt.metadata;
  rm_opt.bitstream_filters = opt.bitstream_filters;
  rm_opt.progress.line = opt.progress.value_or(common::is_terminal(STDERR_FILENO));
  rm_opt.progress.url = opt.shared.progress_url;
  rm_opt.progress.period = opt.shared.stats_period;
  RemuxResult result = remux(inputs, sink, out_opt, rm_opt);
  switch (result.outcome) {
    case Outcome::kComplete:
    case Outcome::kDamaged:      // what could be read is written and finished
    case Outcome::kInterrupted:  // finished early, but finished
      if (target) target->commit();
      break;
    case Outcome::kDownstreamClosed:
    case Outcome::kWriteFailed:
    case Outcome::kNothingInRange:  // no empty file where the user named one
      break;  // a temporary file is removed, an existing output left as it was
  }
  return result;
}

}  // namespace memremux
