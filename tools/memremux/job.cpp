#include "job.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <optional>

#include "common/cli_support.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"


namespace memremux {

namespace {

std::string absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) throw common::Error("joining inputs", AVERROR(errno));
  return std::string(cwd) + "/" + path;
}

// --concat: every input is probed and must match the first stream by stream; then they are read as one, through
// FFmpeg's concat demuxer over a list naming them (written to a temporary file, removed once the list is read), so
// the packets are those of ffmpeg -f concat -safe 0 -i LIST -c copy.
std::unique_ptr<common::Input> open_joined(const Options& opt) {
  common::InputOptions probe;
  probe.spool_options.limit = opt.shared.spool_limit;
  probe.spool_options.dir = opt.spool_dir;
  std::unique_ptr<common::Input> first;
  std::vector<std::string> paths;
  for (const InputSpec& spec : opt.inputs) {
    probe.name = spec.path;
    std::unique_ptr<common::Input> part;
    try {
      part = common::Input::open(common::open_source(spec.path), probe);
    } catch (const common::Error& e) {
      if (e.context().find(spec.path) != std::string::npos) throw;
      throw common::Error(spec.path + ": " + e.context(), e.reason(), e.code(), e.kind());
    }
    if (!first) {
      first = std::move(part);
    } else if (std::string why = common::concat_mismatch(first->ctx(), part->ctx()); !why.empty()) {
      throw common::Error(spec.path + ": joining inputs", "cannot follow " + opt.inputs[0].path + ": " + why,
                          AVERROR(EINVAL));
    }
    paths.push_back(absolute(spec.path));
  }
  const std::string list = common::concat_list(paths);
  const char* tmp = getenv("TMPDIR");
  std::string name = (opt.spool_dir.empty() ? (tmp && *tmp ? tmp : "/tmp") : opt.spool_dir) + "/memremux-concat-XXXXXX";
  std::vector<char> templ(name.begin(), name.end());
  templ.push_back('\0');
  const int fd = mkstemp(templ.data());
  if (fd < 0) throw common::Error("joining inputs", "cannot write the list of inputs: " + name, AVERROR(errno));
  const std::string path(templ.data());
  struct Remove {
    std::string path;
    ~Remove() { unlink(path.c_str()); }
  } remove{path};
  const bool written = write(fd, list.data(), list.size()) == static_cast<ssize_t>(list.size());
  close(fd);
  if (!written) throw common::Error("joining inputs", "cannot write the list of inputs: " + path, AVERROR(EIO));
  common::InputOptions joined;
  joined.name = path;
  joined.format = "concat";
  joined.demuxer_options = {{"safe", "0"}};
  joined.io.buffer_size = opt.buffer_size;
  return common::Input::open(common::open_source(path), joined);
}

// Whether a real run's output would seek: stdout as it is now, a FIFO or device not, a file yes.
bool output_seekable(const std::string& path) {
  struct stat st {};
  if (path == "-") return fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode);
  if (stat(path.c_str(), &st) != 0) return true;  // a new file
  return S_ISREG(st.st_mode);
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kComplete: return "complete";
    case Outcome::kDamaged: return "damaged input";
    case Outcome::kInterrupted: return "interrupted";
    case Outcome::kDownstreamClosed: return "output closed by its reader";
    case Outcome::kWriteFailed: return "write failed";
    case Outcome::kNothingInRange: return "nothing in range";
  }
  return "unknown";
}

// The --verify receipt: to stderr ("pipe:2"), stdout, or a file (written beside it and renamed into place).
void write_receipt(Receipt& receipt, const RemuxResult& result, const std::string& where) {
  receipt.set_outcome(outcome_name(result.outcome));
  const std::string text = receipt.json();
  const bool to_stderr = where == "pipe:2" || where == "/dev/stderr";
  // stdout and stderr as any named output: OutputTarget writes "-" and devices in place, files beside their name.
  common::OutputTarget file = common::OutputTarget::open(to_stderr ? "/dev/stderr" : where == "pipe:" || where == "pipe:1" ? "-" : where);
  int ret = file.sink().write(reinterpret_cast<const uint8_t*>(text.data()), static_cast<int>(text.size()));
  if (ret < 0) throw common::Error("writing the receipt " + where, ret, common::ErrorKind::kOutput);
  file.commit();
}

}  // namespace

RemuxResult run_job(const Options& opt) {
  common::OutputOptions out_opt;
  out_opt.format = opt.format;
  out_opt.filename = opt.output;
  out_opt.io.buffer_size = opt.buffer_size;
  out_opt.flush_packets = opt.flush_packets;
  out_opt.faststart = opt.faststart;
  out_opt.muxer_options = opt.muxer_options;
  out_opt.set_mux_timing(opt.shared.mux_delay, opt.shared.mux_preload);
  opt.shared.refuse_existing_output(opt.output);  // -n, as ffmpeg: before anything is read
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
  if (opt.concat) {
    opened.push_back(open_joined(opt));
    inputs.push_back(RemuxInput{opened.back().get(), opt.inputs[0].path, {}});
  }
  for (const InputSpec& spec : opt.concat ? std::vector<InputSpec>{} : opt.inputs) {
    // Among several inputs an error names the one it is about.
    const std::string named = opt.inputs.size() > 1 ? spec.path + ": " : "";
    common::InputOptions in_opt;
    in_opt.name = spec.path == "-" ? "pipe:" : spec.path;
    in_opt.io.buffer_size = opt.buffer_size;
    in_opt.spool_options.limit = opt.shared.spool_limit;
    in_opt.spool_options.dir = opt.spool_dir;
    in_opt.demuxer_options = spec.demuxer_options;
    in_opt.format = spec.format;
    in_opt.decoders = spec.decoders;
    if (spec.stream_loop != 0) in_opt.spool = common::SpoolPolicy::kAlways;  // a pipe too is read again
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
    inputs.push_back(RemuxInput{opened.back().get(), spec.path, spec.cut, spec.itsoffset, spec.sseof, spec.readrate,
                                spec.stream_loop});
  }
  // SIGINT while the input was being probed cuts the probe short; what FFmpeg says about that ("could not find
  // codec parameters") is our doing, not news about the input. The remux then finishes an empty output.
  if (common::interrupted()) common::LogHold::clear();

  // Such a muxer opens (and renames into place) every file itself; there is no one stream to write beside its name.
  // A plan writes nothing: its output is a sink shaped like the real one (seekable or not) that keeps what it is
  // given, the first packets at most.
  common::MemorySink no_stream(opt.plan ? output_seekable(opt.output) : true);
  std::optional<common::OutputTarget> target;
  if (!own_files && !opt.plan) target = common::OutputTarget::open(opt.output);
  if (opt.plan && own_files) out_opt.nested = common::NestedFiles::kDiscard;
  common::Sink& sink = target ? target->sink() : no_stream;
  RemuxOptions rm_opt;
  rm_opt.maps = opt.maps;
  rm_opt.copyts = opt.copyts;
  rm_opt.start_at_zero = opt.start_at_zero;
  rm_opt.output_cut = opt.output_cut;
  rm_opt.drain = opt.drain;
  rm_opt.shortest = opt.shortest;
  rm_opt.limit_filesize = opt.limit_filesize;
  rm_opt.metadata = opt.metadata;
  rm_opt.bitstream_filters = opt.bitstream_filters;
  rm_opt.progress.line = opt.progress.value_or(common::is_terminal(STDERR_FILENO));
  rm_opt.progress.url = opt.shared.progress_url;
  rm_opt.progress.period = opt.shared.stats_period;
  std::unique_ptr<Receipt> receipt;
  if (!opt.verify.empty()) receipt = std::make_unique<Receipt>(opt.verify_hash);
  rm_opt.receipt = receipt.get();
  Plan plan;
  if (opt.plan) {
    plan.output = opt.output;
    rm_opt.plan = &plan;
    rm_opt.progress.line = false;
    rm_opt.progress.url.clear();
  }
  RemuxResult result = remux(inputs, sink, out_opt, rm_opt);
  if (opt.plan) {
    // What FFmpeg said while the plan's muxer was set up and dropped (a segmenter's trailer finding no files) is
    // about a run that did not happen.
    common::LogHold::clear();
    const std::string text = plan.json();
    common::FdSink out(STDOUT_FILENO, false);
    int ret = out.write(reinterpret_cast<const uint8_t*>(text.data()), static_cast<int>(text.size()));
    if (ret < 0) throw common::Error("writing the plan", ret, common::ErrorKind::kOutput);
    return result;
  }
  if (receipt) {
    write_receipt(*receipt, result, opt.verify);
    result.verify_failure = receipt->first_difference();
  }
  switch (result.outcome) {
    case Outcome::kComplete:
    case Outcome::kDamaged:      // what could be read is written and finished
    case Outcome::kInterrupted:  // finished early, but finished
      // A copy that lost or altered a packet does not replace the file (its receipt says what went wrong).
      if (target && result.verify_failure.empty()) target->commit();
      break;
    case Outcome::kDownstreamClosed:
    case Outcome::kWriteFailed:
    case Outcome::kNothingInRange:  // no empty file where the user named one
      break;  // a temporary file is removed, an existing output left as it was
  }
  return result;
}

}  // namespace memremux
