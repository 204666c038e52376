#include "probe_run.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include "common/cli_support.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"
#include "common/memory_io.hpp"
#include "common/probe.hpp"
#include "batch.hpp"
#include "input_list.hpp"
#include "probe_replay.hpp"
#include "tee.hpp"
#include "writers.hpp"

namespace avprobe_json {

namespace {

bool is_stdin(const std::string& name) { return name == "-" || name == "pipe:" || name == "pipe:0"; }

common::ProbeOptions probe_options(const Options& o) {
  common::ProbeOptions p;
  using S = common::SectionId;
  if (o.show_format) p.entries.show_all(S::kFormat);
  if (o.show_streams) p.entries.show_all(S::kStreams);
  if (o.show_chapters) p.entries.show_all(S::kChapters);
  if (o.show_programs) p.entries.show_all(S::kPrograms);
  if (o.show_packets) p.entries.show_all(S::kPackets);
  if (o.show_frames) p.entries.show_all(S::kFrames);
  for (const auto& spec : o.show_entries) p.entries.parse(spec);
  // Errors always print their object (ffprobe needs -show_error for it).
  p.entries.show_all(S::kError);
  if (!o.ffprobe_style && !o.show_format && !o.show_streams && !o.show_chapters && !o.show_programs &&
      !o.show_packets && !o.show_frames && o.show_entries.empty()) {
    p.entries.show_all(S::kFormat);
    p.entries.show_all(S::kStreams);
  }
  p.select_streams = o.select_streams;
  p.count_frames = o.count_frames;
  p.count_packets = o.count_packets;
  if (o.show_program_version) p.entries.show_all(S::kProgramVersion);
  if (o.show_library_versions) p.entries.show_all(S::kLibraryVersions);
  if (o.show_pixel_formats) p.entries.show_all(S::kPixelFormats);
  if (o.show_warnings) p.entries.show_all(S::kWarnings);
  p.show_data = o.show_data;
  p.data_hash = o.data_hash;
  p.bitexact = o.bitexact;
  p.show_log = o.show_log;
  p.print_filename = o.print_filename;
  p.show_private_data = o.show_private_data;
  p.sexagesimal = o.sexagesimal;
  p.show_unit = o.show_unit;
  p.use_prefix = o.use_prefix;
  p.byte_binary_prefix = o.byte_binary_prefix;
  p.scan_duration = o.scan_duration;
  p.duration_source = o.typed;
  p.decoder.threads = o.threads;
  p.read_intervals = o.read_intervals;
  p.codec_options = o.codec_options;
  return p;
}

WriterOptions writer_options(const Options& o, bool several) {
  WriterOptions w;
  std::string spec = o.print_format.empty() ? (o.ffprobe_style ? "default" : "json") : o.print_format;
  size_t eq = spec.find('=');
  w.name = spec.substr(0, eq);
  if (eq != std::string::npos) w.args = spec.substr(eq + 1);
  w.typed = o.typed;
  w.optional_fields = o.optional_fields;
  w.show_private_data = o.show_private_data;
  w.show_unit = o.show_unit;
  w.use_prefix = o.use_prefix;
  // Several inputs in JSON are JSON Lines (one document per line); every other writer prints each input's whole
  // document in turn, as ffprobe run once per input would.
  if (o.ndjson || (several && w.name == "json")) {
    w.name = "ndjson";
    w.args.clear();
  }
  return w;
}

// Opens the input from replay, and while streams lack codec parameters opens it again (at most --probe-retries times),
// with -probesize and -analyzeduration Options::kProbeGrowth times larger each time; retries counts the probes again.
// One warning line says what was done, or why it could not be (a pipe read past what is kept).
std::unique_ptr<common::Input> open_retrying(ProbeReplay& replay, common::InputOptions io, const Options& o,
                                             const std::string& name, int& retries) {
  std::unique_ptr<common::Input> input = common::Input::open(replay.view(), io);
  std::vector<int> lacking = common::streams_lacking_codec_parameters(input->ctx());
  if (lacking.empty()) {
    replay.stop_keeping();
    return input;
  }
  auto list = [](const std::vector<int>& streams) {
    std::string out = streams.size() == 1 ? "stream " : "streams ";
    for (size_t i = 0; i < streams.size(); ++i) out += (i ? "," : "") + std::to_string(streams[i]);
    return out;
  };
  const std::string first = list(lacking);
  // Where a retry starts from: the limits in effect (the user's, or FFmpeg's defaults: 5 MB, and 5 s for 0).
  constexpr int64_t kDefaultAnalyzeDuration = 5 * int64_t{AV_TIME_BASE};
  int64_t probesize = input->ctx()->probesize;
  int64_t analyzeduration =
      input->ctx()->max_analyze_duration > 0 ? input->ctx()->max_analyze_duration : kDefaultAnalyzeDuration;
  // The user's -probesize and -analyzeduration are the first probe's; the larger ones replace them.
  auto& d = io.demuxer_options;
  d.erase(std::remove_if(d.begin(), d.end(),
                         [](const auto& kv) { return kv.first == "probesize" || kv.first == "analyzeduration"; }),
          d.end());
  auto grown = [](int64_t v) { return v > INT64_MAX / Options::kProbeGrowth ? INT64_MAX : v * Options::kProbeGrowth; };
  bool replayable = true;
  while (!lacking.empty() && retries < o.probe_retries) {
    if (!replay.can_replay()) {
      replayable = false;
      break;
    }
    probesize = std::max(probesize, std::min(grown(probesize), Options::kMaxRetryProbeSize));
    analyzeduration = grown(analyzeduration);
    io.probesize = probesize;
    io.analyzeduration = analyzeduration;
    input.reset();
    input = common::Input::open(replay.view(), io);
    ++retries;
    lacking = common::streams_lacking_codec_parameters(input->ctx());
  }
  replay.stop_keeping();
  std::string line = name + ": " + first + " lacked codec parameters";
  if (!replayable) {
    line += "; cannot probe again: more of the pipe was read than --spool-limit keeps";
  } else {
    line += "; probed again " + std::to_string(retries) + (retries == 1 ? " time" : " times") + " (up to -probesize " +
            std::to_string(probesize) + " -analyzeduration " + std::to_string(analyzeduration) + "): " +
            (lacking.empty() ? "found" : list(lacking) + " still without");
  }
  common::log_warning(line);
  return input;
}

// Probes one input into the writer's current document. Returns 0 or the AVERROR it failed with. cancel (the batch's,
// for --input-timeout) ends the probe's reads and FFmpeg's blocking calls; a cancelled probe logs no error line.
int probe_one(const std::string& name, const Options& o, const common::ProbeOptions& popts, Writer& writer,
              TeeForwarder* tee, const std::atomic<bool>* cancel, bool several) {
  int code = 0;
  std::string context = "probing " + name;
  std::string reason;
  // --show-warnings (or -show_entries warning=...): what FFmpeg logs for this input (on this thread, or by its format
  // context from any other).
  std::optional<common::AvLogWarnings> warnings;
  if (popts.entries.wants(common::SectionId::kWarnings)) warnings.emplace();
  // Once the batch cancels this input, what FFmpeg says about being cut short is noise: the batch reports the cause.
  const common::AvLogMuteOnCancel mute(cancel);
  std::unique_ptr<ProbeReplay> replay;  // --probe-retries: outlives the input that reads it
  std::unique_ptr<common::Input> input;
  try {
    std::unique_ptr<common::Source> source = tee ? tee->source() : common::open_source(name);
    if (auto* fd = dynamic_cast<common::FdSource*>(source.get())) {
      fd->set_timeout_ms(o.shared.timeout_ms);
      fd->set_cancel(cancel);
    }
    common::InputOptions io;
    io.cancel = cancel;
    io.spool_options.limit = o.shared.spool_limit;
    io.name = is_stdin(name) ? (name == "pipe:0" ? name : std::string("pipe:")) : name;
    io.format = o.input_format;
    io.find_stream_info = o.find_stream_info;
    io.demuxer_options = o.demuxer_options;
    // ffprobe scans every PMT of an MPEG-TS unless told otherwise, and says nothing when the demuxer has no such
    // option; an option the user gave that nothing took is a warning, and the probe goes on.
    const bool own_scan_all_pmts = std::none_of(o.demuxer_options.begin(), o.demuxer_options.end(),
                                                [](const auto& kv) { return kv.first == "scan_all_pmts"; });
    if (own_scan_all_pmts) io.demuxer_options.emplace_back("scan_all_pmts", "1");
    io.strict_demuxer_options = false;
    io.codec_options = o.codec_options;
    // Seeking to an interval's start on a pipe: the input is kept in the spool, so that it seeks as a file does.
    if (std::any_of(o.read_intervals.begin(), o.read_intervals.end(), [](const auto& i) { return i.has_start; }))
      io.spool = common::SpoolPolicy::kAlways;
    // --scan-duration on a pipe: the whole input is kept in the spool, so that libavformat sees a file of known
    // size and estimates the durations (the format's and each stream's) exactly as it does for the file.
    if (o.scan_duration) io.spool = common::SpoolPolicy::kAlways;
    int retries = 0;
    // Without -find_stream_info nothing looks for the parameters: probing again would find no more.
    if (o.probe_retries > 0 && io.find_stream_info) {
      replay = std::make_unique<ProbeReplay>(std::move(source), io.spool_options);
      input = open_retrying(*replay, io, o, name, retries);
    } else {
      input = common::Input::open(std::move(source), io);
    }
    if (warnings) warnings->watch(input->ctx());
    for (const std::string& unused : input->unused_demuxer_options())
      if (!(own_scan_all_pmts && unused == "scan_all_pmts"))
        common::log_warning("Option " + unused + " skipped - not known to demuxer.");
    common::ProbeOptions input_popts = popts;
    if (o.typed) input_popts.probe_retries = retries;
    common::Prober prober(*input, input_popts, writer);
    code = prober.run();
  } catch (const common::Error& e) {
    code = e.code() < 0 ? e.code() : AVERROR_UNKNOWN;
    context = e.context();
    reason = e.reason();
  }
  if (warnings) {
    const std::vector<common::LogWarning> kept = warnings->take();
    common::emit_warnings(writer, popts.entries, kept, warnings->dropped(), input ? input->ctx() : nullptr);
  }
  if (code < 0) {
    common::emit_error(writer, popts.entries, code);
    if (cancel && cancel->load()) return code;  // the batch reports why it was cut off
    // With several inputs, the line names the input it is about ("b.mp4: opening input: ..."); a context that
    // names it already ("opening input b.mp4", from opening the file) says it once.
    if (several) {
      const std::string own = "opening input " + name;
      context = context == own ? name + ": opening input" : name + ": " + context;
    }
    common::log_error(context, reason.empty() ? common::av_error_text(code) : reason);
  }
  return code;
}

// ffprobe's program_version section holds ffprobe's own version; ours holds avprobe-json's, in the same fields.
common::ProgramVersion program_version() {
  common::ProgramVersion v;
  v.version = MT_VERSION;
  v.copyright = "Copyright (c) 2026 the mediatoolkit developers";
#if defined(__clang__)
  v.compiler_ident = "clang " __clang_version__;
#elif defined(__GNUC__)
  v.compiler_ident = "gcc " __VERSION__;
#else
  v.compiler_ident = "unknown";
#endif
  v.configuration = MT_CONFIGURATION;
  return v;
}

// The sections about the program (program_version, library_versions, pixel_formats), ahead of the input's, as
// ffprobe prints them.
void emit_globals(Writer& writer, const common::EntrySelection& entries) {
  using S = common::SectionId;
  if (entries.wants(S::kProgramVersion)) common::emit_program_version(writer, entries, program_version());
  if (entries.wants(S::kLibraryVersions)) common::emit_library_versions(writer, entries);
  if (entries.wants(S::kPixelFormats)) common::emit_pixel_formats(writer, entries);
}

// What every input's document needs besides the input: the options, the writer's, and where stdin goes (the tee).
struct DocumentSetup {
  const Options& options;
  const common::ProbeOptions& probe;
  const WriterOptions& writer;
  TeeForwarder* tee;
  bool several;
};

// One input's whole document (ffprobe's output for it) into out: the program's sections, then the input's, or the
// error object of an entry that is not an input (InputEntry::error) with its stderr line.
int probe_document(const DocumentSetup& s, const InputEntry& entry, OutBuffer& out, const std::atomic<bool>* cancel) {
  std::unique_ptr<Writer> writer = make_writer(s.writer, out);
  writer->begin_document(entry.name);
  emit_globals(*writer, s.probe.entries);
  int code = entry.error;
  if (code < 0) {
    common::emit_error(*writer, s.probe.entries, code);
    common::log_error(entry.name, entry.reason);
  } else {
    code = probe_one(entry.name, s.options, s.probe, *writer, s.tee, cancel, s.several);
  }
  writer->end_document();
  return code;
}

// How many threads probe at once: -j, or one per core; one where the run cannot share out its inputs (one input,
// the tee, -show_log's process-wide log recording).
int job_count(const Options& o, const InputList& list) {
  if (o.tee || o.show_log > 0 || !list.several()) return 1;
  if (o.jobs > 0) return o.jobs;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 1;
}

}  // namespace

int run(const Options& o) {
  common::ProbeOptions popts;
  WriterOptions wopts;
  std::unique_ptr<TeeForwarder> tee;
  int out_fd = STDOUT_FILENO;
  std::unique_ptr<common::OutputTarget> json_file;
  std::unique_ptr<InputList> list;
  try {
    list = std::make_unique<InputList>(
        InputListOptions{o.inputs, o.files_from, o.null_separated, o.recursive, o.follow_symlinks});
    popts = probe_options(o);
    wopts = writer_options(o, list->several());
    OutBuffer probe_out(-1);
    make_writer(wopts, probe_out);  // a bad writer or writer option is refused before any input is read
  } catch (const common::Error& e) {
    common::log_error(e.context(), e.reason());
    return common::exit_status(e.kind());
  }
  try {
    if (o.tee) {
      if (!o.json_out.empty() && o.json_out != "-") {
        json_file = std::make_unique<common::OutputTarget>(common::OutputTarget::open(o.json_out));
      }
      out_fd = STDERR_FILENO;
      tee = std::make_unique<TeeForwarder>(STDIN_FILENO, STDOUT_FILENO, o.shared.timeout_ms);
    } else if (!o.output_file.empty()) {  // -o: "-" (and pipe:) is stdout, as in ffprobe
      const bool stdout_name = o.output_file == "-" || o.output_file == "pipe:" || o.output_file == "pipe:1";
      if (!stdout_name) json_file = std::make_unique<common::OutputTarget>(common::OutputTarget::open(o.output_file));
    }
  } catch (const common::Error& e) {
    common::log_error(e.context(), e.reason());
    return common::exit_status(e.kind());
  }

  for (const std::string& w : o.read_interval_warnings) common::log_warning("-read_intervals: " + w);
  int status = common::kExitOk;
  {
    auto out = json_file ? std::make_unique<OutBuffer>(json_file->sink()) : std::make_unique<OutBuffer>(out_fd);
    try {
      const DocumentSetup setup{o, popts, wopts, tee.get(), list->several()};
      const ProbeDocument probe = [&setup](const InputEntry& entry, OutBuffer& to, const std::atomic<bool>* cancel) {
        return probe_document(setup, entry, to, cancel);
      };
      BatchOptions batch;
      batch.jobs = job_count(o, *list);
      batch.unordered = o.unordered;
      batch.input_timeout_ms = o.input_timeout_ms;
      BatchCounts counts;
      if (batch.jobs == 1 && batch.input_timeout_ms == 0) {
        // One at a time, straight to the output: packets and frames stream out in constant memory.
        while (auto entry = list->next()) {
          ++counts.inputs;
          if (probe(*entry, *out, nullptr) < 0) ++counts.failed;
          if (common::interrupted()) break;
        }
      } else {
        counts = run_batch(*list, batch, probe, *out);
      }
      if (counts.failed > 0) status = common::kExitFailure;
      if (counts.failed > 0 && list->several() && !common::interrupted())
        common::log_error("", std::to_string(counts.failed) + " of " + std::to_string(counts.inputs) + " inputs failed");
      if (o.inputs.empty() && o.files_from.empty()) {  // the program's sections alone
        auto writer = make_writer(wopts, *out);
        writer->begin_document("");
        emit_globals(*writer, popts.entries);
        writer->end_document();
      }
      out->flush();
    } catch (const OutputClosed& e) {
      if (e.code() != AVERROR(EPIPE)) {
        common::log_error("writing output", common::av_error_text(e.code()));
        status = common::kExitFailure;
      }
    } catch (const common::Error& e) {
      common::log_error(e.context(), e.reason());
      return common::exit_status(e.kind());
    }
  }
  // --drain: the rest of stdin is read and dropped, so that its writer ends normally (a regular file needs none;
  // the tee reads it all anyway).
  if (o.drain && !o.tee && list->read_stdin() && !common::interrupted()) {
    common::FdSource in(STDIN_FILENO);
    if (!in.seekable()) {
      in.set_timeout_ms(o.shared.timeout_ms);
      const int64_t ret = common::drain(in);
      if (ret < 0 && ret != AVERROR_EXIT) {
        common::log_error("draining stdin", common::av_error_text(static_cast<int>(ret)));
        status = common::kExitFailure;
      }
    }
  }
  if (tee) {
    int ret = tee->wait();
    if (ret < 0 && status == common::kExitOk) {  // a failed read of stdin was already the probe's error line
      common::log_error("forwarding stdin", common::av_error_text(ret));
      status = common::kExitFailure;
    }
  }
  if (json_file) {
    try {
      json_file->commit();
    } catch (const common::Error& e) {
      common::log_error(e.context(), e.reason());
      status = common::kExitFailure;
    }
  }
  if (common::interrupted()) return common::interrupted_exit_status();
  return status;
}

}  // namespace avprobe_json
