#include "avprobe_json_options.hpp"

#include "cli/command_line.hpp"

namespace avprobe_json {

namespace {

// ffprobe's single-dash spellings make ffprobe's defaults: its default writer, and no section implied.
bool ffprobe_spelling_used(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (a.size() > 2 && a[0] == '-' && a[1] != '-' && !(a[1] >= '0' && a[1] <= '9')) return true;
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
  std::string ignored;
  bool no_private = false;
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
  cl.option("-select_streams", o.select_streams, "only these streams (a stream specifier: v, a:1, 2, ...)", "SPEC");
  cl.option("-show_entries", o.show_entries, "ffprobe's entry list: format=duration:stream=codec_name,width",
            "ENTRIES")
      ->allow_extra_args(false);
  cl.flag("-sexagesimal", o.sexagesimal, "times as HOURS:MM:SS.MICROSECONDS");
  cl.option("-print_format,-of,--output-format", o.print_format,
            "json[=compact=1], default, compact, csv, flat (with ffprobe's writer options)", "WRITER");
  cl.option("-allowed_extensions", ignored, "accepted for ffprobe compatibility", "LIST");
  cl.option("-protocol_whitelist", ignored, "accepted for ffprobe compatibility; only files and stdin are read", "LIST");
  cl.option("-f,--format", o.input_format, "force the input format (demuxer name)", "FORMAT");
  cl.group("Beyond ffprobe");
  cl.flag("--ndjson", o.ndjson, "JSON Lines: one document per input; packets and frames one per line");
  cl.flag("--typed", o.typed, "numbers as JSON numbers, rationals as {num,den}, plus format.duration_source");
  cl.flag("--tee", o.tee, "copy stdin to stdout byte for byte while probing it; JSON to stderr or --json-out");
  cl.option("--json-out", o.json_out, "with --tee: write the JSON to this file instead of stderr", "FILE");
  cl.flag("--scan-duration", o.scan_duration, "read every packet for the duration when the header has none");
  cl.option("-threads,--threads", o.threads,
            "decoder threads for -show_frames/-count_frames (default 1, as ffprobe; 0: automatic)", "N");
  cl.unsupported({"-show_data", "-show_data_hash", "-show_log", "-show_program_version", "-show_library_versions",
                  "-show_versions", "-show_pixel_formats", "-show_optional_fields", "-show_stream_groups",
                  "-read_intervals", "-pretty", "-unit", "-prefix", "-byte_binary_prefix", "-bitexact", "-o",
                  "-print_filename", "-find_stream_info", "-export_all", "-codec", "-analyzeduration", "-probesize"},
                 "an ffprobe option that avprobe-json does not honour yet");
  cli::CommonOptions common;
  cl.common(cli::kEveryTool, common);
  if (auto status = cl.parse(argc, argv)) return *status;
  o.log_level = common.log_level;
  o.timeout_ms = common.timeout_ms;
  o.spool_limit = common.spool_limit;
  o.ffprobe_style = ffprobe_spelling_used(argc, argv);
  if (no_private) o.show_private_data = false;
  if (o.threads < 0 || o.threads > 64) return cl.usage("-threads: 0 to 64");
  o.inputs = dash_i;
  o.inputs.insert(o.inputs.end(), positional.begin(), positional.end());
  if (o.inputs.empty()) o.inputs.push_back("-");
  int stdin_count = 0;
  for (const auto& in : o.inputs)
    if (cli::names_stdin(in)) ++stdin_count;
  if (stdin_count > 1) return cl.usage("stdin can be read only once");
  if (o.tee && (o.inputs.size() != 1 || stdin_count != 1)) return cl.usage("--tee reads stdin only, and no other input");
  if (!o.json_out.empty() && !o.tee) return cl.usage("--json-out goes with --tee");
  if (o.ndjson && !o.print_format.empty() && o.print_format.rfind("json", 0) != 0)
    return cl.usage("--ndjson writes JSON; it does not go with -print_format " + o.print_format);
  if (o.typed && !o.print_format.empty() && o.print_format.rfind("json", 0) != 0)
    return cl.usage("--typed changes JSON only");
  if (stdin_count == 1) {
    std::string why = cli::stdin_terminal_error("give INPUT");
    if (!why.empty()) return cl.usage(why);
  }
  return -1;
}

}  // namespace avprobe_json
