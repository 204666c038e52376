#include "avprobe_json_options.hpp"

#include <cctype>

#include "cli/command_line.hpp"
#include "common/demux.hpp"
#include "common/errors.hpp"
#include "common/probe.hpp"

namespace avprobe_json {

namespace {

constexpr int kMaxJobs = 256;

// ffprobe's single-dash spellings make ffprobe's defaults: its default writer, and no section implied. Our own
// one-letter options (-j N, -r, -0) are not ffprobe's.
bool ffprobe_spelling_used(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (a.size() > 2 && a[0] == '-' && a[1] != '-' && !(a[1] >= '0' && a[1] <= '9')) return true;
  }
  return false;
}

// The FFmpeg option (format context, demuxer or decoder) that NAME spells, as typed or in its GNU form with '-' for
// '_' (--skip-frame is -skip_frame); empty when it is none.
std::string ffmpeg_option_name(const std::string& name) {
  auto known = [](const std::string& n) { return common::is_demuxer_option(n) || common::is_decoder_option(n); };
  if (known(name)) return name;
  std::string underscored = name;
  for (char& c : underscored)
    if (c == '-') c = '_';
  return known(underscored) ? underscored : std::string();
}

// Whether -NAME (or --NAME, '_' or '-') was given, even with an empty value.
bool argv_has(int argc, char** argv, const std::string& name) {
  auto fold = [](std::string s) {
    for (char& c : s)
      if (c == '_') c = '-';
    return s;
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    a = a.substr(0, a.find('='));
    if (fold(a) == "-" + fold(name) || fold(a) == "--" + fold(name)) return true;
  }
  return false;
}

}  // namespace

int parse_options(int argc, char** argv, Options& o) {
  cli::CommandLine cl("avprobe-json", "[OPTIONS] [INPUT]...",
                      "ffprobe-compatible probing for automation. Prints what `ffprobe -v quiet -print_format json "
                      "-show_format -show_streams` prints, reads stdin by default, and can probe many inputs, stream "
                      "packets and frames as JSON Lines, type the values, and tee its input. ffprobe's own options "
                      "are taken as ffprobe takes them.");
  std::vector<std::string> positional, dash_i;
  std::string ignored, read_intervals, optional_fields;
  bool no_private = false;
  std::vector<cli::Named> avoptions;
  cl.option("INPUT", positional, "inputs to probe ('-' is stdin; the default)", "");
  cl.option("-i", dash_i, "an input (ffprobe's -i)", "INPUT")->allow_extra_args(false);
  cl.group("Sections (ffprobe's)");
  cl.flag("-show_format", o.show_format, "show the container format");
  cl.flag("-show_streams", o.show_streams, "show the streams");
  cl.flag("-show_chapters", o.show_chapters, "show the chapters");
  cl.flag("-show_programs", o.show_programs, "show the programs");
  cl.flag("-show_packets", o.show_packets, "show every packet");
  cl.flag("-show_frames", o.show_frames, "decode and show every frame");
  cl.flag("-show_error", o.show_error, "show the error object when probing fails (always shown on errors)");
  cl.flag("-show_private_data,-private", o.show_private_data, "show the decoders' private data (the default)");
  cl.flag("-noshow_private_data,-noprivate,--no-private-data", no_private, "hide the decoders' private data");
  cl.flag("-count_frames", o.count_frames, "decode and count the frames per stream (nb_read_frames)");
  cl.flag("-count_packets", o.count_packets, "count the packets per stream (nb_read_packets)");
  cl.flag("-show_data", o.show_data, "show packets' payload and streams' extradata as hex dumps");
  cl.option("-show_data_hash", o.data_hash, "show a hash of packets' payload and streams' extradata (MD5, SHA256, CRC32 ...)",
            "ALGO");
  cl.option("-show_log", o.show_log,
            "with -show_frames, each frame's FFmpeg log messages up to LEVEL (a number: 16 error, 24 warning, 32 info, "
            "40 verbose, 48 debug, 56 trace)",
            "LEVEL");
  cl.flag("-bitexact", o.bitexact, "leave out the long names and profile names, whose text varies with the build");
  bool show_versions = false;
  cl.flag("-show_program_version", o.show_program_version, "show avprobe-json's version (ffprobe's program_version)");
  cl.flag("-show_library_versions", o.show_library_versions, "show the FFmpeg libraries' versions");
  cl.flag("-show_versions", show_versions, "show the program and library versions");
  cl.flag("-show_pixel_formats", o.show_pixel_formats, "show every pixel format libavutil describes");
  cl.option("-select_streams", o.select_streams, "only these streams (a stream specifier: v, a:1, 2, ...)", "SPEC");
  cl.option("-show_entries", o.show_entries, "ffprobe's entry list: format=duration:stream=codec_name,width",
            "ENTRIES")
      ->allow_extra_args(false);
  cl.flag("-sexagesimal", o.sexagesimal, "times as HOURS:MM:SS.MICROSECONDS");
  bool pretty = false;
  cl.flag("-unit", o.show_unit, "values with their unit: s, Hz, byte, bit/s");
  cl.flag("-prefix", o.use_prefix, "values with SI prefixes (K, M, G ...)");
  cl.flag("-byte_binary_prefix", o.byte_binary_prefix, "with -prefix, powers of 1024 for bytes (Ki, Mi ...)");
  cl.flag("-pretty", pretty, "-unit -prefix -byte_binary_prefix -sexagesimal");
  cl.option("-print_format,-of,--output-format", o.print_format,
            "json[=compact=1], default, compact, csv, flat, ini, xml[=x=1] (with ffprobe's writer options)", "WRITER")
      ->complete({"json", "default", "compact", "csv", "flat", "ini", "xml"});
  cl.option("-show_optional_fields", optional_fields,
            "auto (each writer's rule), always (N/A fields in JSON and XML too), never (no string field)", "MODE");
  cl.option("-allowed_extensions", ignored, "accepted for ffprobe compatibility", "LIST");
  cl.option("-protocol_whitelist", ignored, "accepted for ffprobe compatibility; only files and stdin are read", "LIST");
  cl.option("-f,--format", o.input_format, "force the input format (demuxer name)", "FORMAT")->complete("demuxers");
  cl.option("-read_intervals", read_intervals,
            "read packets and frames only in these intervals: START%END, START%+DURATION, START%+#PACKETS, "
            "+OFFSET, several separated by commas (ffprobe's syntax)",
            "INTERVALS");
  // -probesize, -analyzeduration, -fflags, -fpsprobesize, demuxer options (-scan_all_pmts), codec options
  // (-skip_frame): FFmpeg's own options, taken by name as ffprobe takes them.
  cl.avoptions([](const std::string& name, bool) { return !ffmpeg_option_name(name).empty(); }, avoptions);
  cl.option("-o", o.output_file, "write the output to FILE (written beside it and renamed into place)", "FILE");
  cl.option("-print_filename", o.print_filename, "show NAME as format.filename", "NAME");
  bool find_stream_info = false, no_find_stream_info = false;
  cl.flag("-find_stream_info", find_stream_info, "read and decode the start of the streams for missing parameters (the default)");
  cl.flag("-nofind_stream_info", no_find_stream_info, "only what the container's header says");
  cl.group("Beyond ffprobe");
  cl.flag("--ndjson", o.ndjson, "JSON Lines: one document per input; packets and frames one per line");
  cl.flag("--typed", o.typed, "numbers as JSON numbers, rationals as {num,den}, plus format.duration_source");
  cl.flag("--tee", o.tee, "copy stdin to stdout byte for byte while probing it; JSON to stderr or --json-out");
  cl.option("--json-out", o.json_out, "with --tee: write the JSON to this file instead of stderr", "FILE");
  cl.flag("--scan-duration", o.scan_duration,
          "read the whole input for the durations: a pipe is spooled and probed as the file would be");
  cl.option("--probe-retries", o.probe_retries,
            "when streams lack codec parameters, probe again with probesize and analyzeduration 8 times larger, "
            "at most N times (0 to 3; default 0: as ffprobe)",
            "N");
  cl.flag("--show-warnings", o.show_warnings,
          "the warnings and errors FFmpeg logged while probing each input, in its document (level, component, "
          "message, stream_index)");
  cl.flag("--drain", o.drain,
          "after probing stdin, read it to its end, so that the writer of the pipe is not killed by SIGPIPE");
  cl.option("-threads,--threads", o.threads,
            "decoder threads for -show_frames/-count_frames (default 1, as ffprobe; 0: automatic)", "N");
  cl.group("Many inputs");
  cl.option("-j,--jobs", o.jobs, "probe N inputs at once (default: one per core); the output keeps input order", "N");
  cl.flag("--unordered", o.unordered, "with -j, print each input's document as soon as it is done");
  cl.option("--files-from", o.files_from, "more inputs from FILE, one per line ('-': stdin), after the named ones",
            "FILE");
  cl.flag("-0,--null", o.null_separated, "--files-from's names end with NUL (find -print0), not newline");
  cl.flag("-r,--recursive", o.recursive, "a directory stands for the regular files under it, in sorted order");
  cl.flag("--follow-symlinks", o.follow_symlinks, "with -r, follow symlinks to files and directories");
  cl.option("--input-timeout", o.input_timeout_ms,
            "an input that takes longer than MS milliseconds is reported as an error object; the rest go on", "MS");
  cl.unsupported({"-show_stream_groups", "-export_all", "-codec"},
                 "an ffprobe option that avprobe-json does not honour yet");
  // ffprobe's (cmdutils') listings and process tweaks: refused by name too, so that no ffprobe option is unknown.
  cl.unsupported({"-L", "-buildconf", "-formats", "-muxers", "-demuxers", "-devices", "-codecs", "-decoders",
                  "-encoders", "-bsfs", "-protocols", "-filters", "-pix_fmts", "-layouts", "-sample_fmts",
                  "-dispositions", "-colors", "-sources", "-sinks", "-sections", "-report", "-max_alloc"},
                 "an ffprobe option that avprobe-json does not offer (use ffprobe for it)");
  cl.common(cli::kEveryTool, o.shared);
  if (auto status = cl.parse(argc, argv)) return *status;
  o.ffprobe_style = ffprobe_spelling_used(argc, argv);
  if (no_private) o.show_private_data = false;
  if (show_versions) o.show_program_version = o.show_library_versions = true;
  if (no_find_stream_info && !find_stream_info) o.find_stream_info = false;
  if (pretty) o.show_unit = o.use_prefix = o.byte_binary_prefix = o.sexagesimal = true;
  if (!o.data_hash.empty() && !common::is_hash_name(o.data_hash))
    return cl.usage("-show_data_hash: unknown hash algorithm '" + o.data_hash + "'");
  if (o.bitexact && (o.show_program_version || o.show_library_versions))
    return cl.usage("-bitexact and -show_program_version or -show_library_versions are incompatible");
  for (const cli::Named& a : avoptions) {
    const std::string name = ffmpeg_option_name(a.name);
    const bool demuxer = a.spec.empty() && common::is_demuxer_option(name);
    const bool codec = common::is_decoder_option(name);
    if (!demuxer && !codec) return cl.usage("-" + a.name + ":" + a.spec + ": a stream specifier on a demuxer option");
    if (demuxer) o.demuxer_options.emplace_back(name, a.value);
    if (codec) {
      if (std::string why = common::invalid_codec_option_value(name, a.value); !why.empty())
        return cl.usage("-" + a.name + (a.spec.empty() ? "" : ":" + a.spec) + ": " + why);
      o.codec_options.push_back({name, a.spec, a.value});
    }
  }
  // As ffprobe: an unknown -f is refused before any input is read.
  if (!o.input_format.empty() && !av_find_input_format(o.input_format.c_str()))
    return cl.usage("-f: unknown input format '" + o.input_format + "'");
  if (!read_intervals.empty() || argv_has(argc, argv, "read_intervals")) {
    try {
      o.read_intervals = common::parse_read_intervals(read_intervals, o.read_interval_warnings);
    } catch (const common::Error& e) {
      return cl.usage(e.context() + ": " + e.reason());
    }
  }
  if (!optional_fields.empty()) {
    std::string m = optional_fields;
    for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (m == "always" || m == "1")
      o.optional_fields = OptionalFields::kAlways;
    else if (m == "never" || m == "0")
      o.optional_fields = OptionalFields::kNever;
    else if (m == "auto" || m == "-1")
      o.optional_fields = OptionalFields::kAuto;
    else
      return cl.usage("-show_optional_fields: always, never or auto, not '" + optional_fields + "'");
  }
  if (o.threads < 0 || o.threads > 64) return cl.usage("-threads: 0 to 64");
  o.inputs = dash_i;
  o.inputs.insert(o.inputs.end(), positional.begin(), positional.end());
  if (o.jobs < 0 || o.jobs > kMaxJobs) return cl.usage("-j: 0 (one per core) to " + std::to_string(kMaxJobs));
  if (o.probe_retries < 0 || o.probe_retries > Options::kMaxProbeRetries)
    return cl.usage("--probe-retries: 0 to " + std::to_string(Options::kMaxProbeRetries));
  if (o.input_timeout_ms < 0) return cl.usage("--input-timeout: milliseconds, 0 or more");
  if (o.null_separated && o.files_from.empty()) return cl.usage("-0 goes with --files-from");
  if (o.follow_symlinks && !o.recursive) return cl.usage("--follow-symlinks goes with -r");
  if (o.recursive && o.inputs.empty()) return cl.usage("-r needs a directory to walk");
  if (o.tee && (!o.files_from.empty() || o.recursive || o.input_timeout_ms > 0))
    return cl.usage("--tee probes stdin alone: no --files-from, -r or --input-timeout (--timeout bounds a stall)");
  // As ffprobe: the versions or the pixel formats alone need no input (and read no stdin).
  using S = common::SectionId;
  common::EntrySelection entries;
  try {
    for (const auto& spec : o.show_entries) entries.parse(spec);
  } catch (const common::Error& e) {
    return cl.usage(e.context() + ": " + e.reason());
  }
  const bool input_sections = o.show_format || o.show_streams || o.show_chapters || o.show_programs ||
                              o.show_packets || o.show_frames || o.show_error || entries.wants(S::kFormat) ||
                              entries.wants(S::kStreams) || entries.wants(S::kChapters) ||
                              entries.wants(S::kPrograms) || entries.wants(S::kPackets) ||
                              entries.wants(S::kFrames) || entries.wants(S::kError);
  const bool only_global = !input_sections && (o.show_program_version || o.show_library_versions ||
                                               o.show_pixel_formats || entries.wants(S::kProgramVersion) ||
                                               entries.wants(S::kLibraryVersions) || entries.wants(S::kPixelFormats));
  if (o.inputs.empty() && o.files_from.empty() && !only_global) o.inputs.push_back("-");
  int stdin_count = 0;
  for (const auto& in : o.inputs)
    if (cli::names_stdin(in)) ++stdin_count;
  if (!o.files_from.empty() && cli::names_stdin(o.files_from)) ++stdin_count;
  if (o.drain && stdin_count == 0 && o.files_from.empty())
    return cl.usage("--drain reads stdin to its end: it goes with stdin as an input ('-', or none named)");
  if (stdin_count > 1) return cl.usage("stdin can be read only once");
  if (o.tee && (o.inputs.size() != 1 || stdin_count != 1)) return cl.usage("--tee reads stdin only, and no other input");
  if (!o.json_out.empty() && !o.tee) return cl.usage("--json-out goes with --tee");
  if (!o.output_file.empty() && o.tee) return cl.usage("-o does not go with --tee (its output is --json-out)");
  if (o.ndjson && !o.print_format.empty() && o.print_format.rfind("json", 0) != 0)
    return cl.usage("--ndjson writes JSON; it does not go with -print_format " + o.print_format);
  if (o.typed && !o.print_format.empty() && o.print_format.rfind("json", 0) != 0)
    return cl.usage("--typed changes JSON only");
  if (o.typed && (o.show_unit || o.use_prefix))
    return cl.usage("--typed prints numbers; -unit, -prefix and -pretty make them text");
  if (stdin_count == 1) {
    std::string why = cli::stdin_terminal_error("give INPUT");
    if (!why.empty()) return cl.usage(why);
  }
  return -1;
}

}  // namespace avprobe_json
