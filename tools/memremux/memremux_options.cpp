#include "memremux_options.hpp"

#include <array>
#include <cstdlib>
#include <set>

#include "cli/command_line.hpp"
#include "common/demux.hpp"
#include "common/mux.hpp"
#include "verify.hpp"

namespace memremux {

namespace {

// ffmpeg's several outputs (-f matroska a.mkv -f hls b.m3u8): memremux writes one output per run, and the tee
// muxer is its way to several. Counts the -f and -o given after the last -i (before it, -f is an input's).
bool several_outputs(int argc, char** argv) {
  int last_input = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-i" || a == "--input" || a.rfind("--input=", 0) == 0) last_input = i;
  }
  int formats = 0, outputs = 0;
  for (int i = last_input + 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-f" || a == "--format" || a.rfind("--format=", 0) == 0) ++formats;
    if (a == "-o" || a == "--output" || a.rfind("--output=", 0) == 0) ++outputs;
  }
  return formats > 1 || outputs > 1;
}

}  // namespace

std::optional<int> parse_options(int argc, char** argv, Options& options) {
  cli::CommandLine cl("memremux", "[OPTIONS] [-i INPUT | INPUT] [OUTPUT]",
                      "Copies the streams of a media file into another container without decoding (ffmpeg -c copy), "
                      "from stdin (or INPUT) to stdout (or OUTPUT), through pipes or files. MP4 with its index at "
                      "the end is read from a pipe, and MP4/MOV is written to one (fragmented).");
  std::vector<std::string> positional;
  std::vector<std::string> dash_i;
  std::vector<cli::Specified> codecs;
  cli::BsfArgs bsf;
  cli::MetadataArgs metadata;
  std::vector<std::string> muxer_options;
  std::string output;
  std::string buffer_size, pipe_size, movflags;
  bool progress = false, no_progress = false;
  cl.option("ARGS", positional, "INPUT and OUTPUT", "")->expected(0, 2);
  cl.option("-i,--input", dash_i, "the input file ('-' or pipe:0: stdin, the default)", "INPUT")
      ->allow_extra_args(false);
  cl.option("-o,--output", output, "the output file ('-' or pipe:1: stdout, the default); or give it last", "OUTPUT");
  cl.option("-f,--format", options.format,
            "output container by FFmpeg muxer name (matroska, webm, mp4, mov, nut, mpegts, ...); default: from "
            "OUTPUT's extension. Before -i: the input's demuxer (default: probed)",
            "FORMAT");
  cl.option("-map,--map,-m", options.maps,
            "select streams as ffmpeg's -map does for one input (0, 0:v, 0:a:1, -0:s); repeatable; default: every "
            "stream the container can hold",
            "SPEC")
      ->allow_extra_args(false);
  cl.specified("-c,-codec,--codec", codecs, "copy (the only codec: memremux does not encode; graphrun does)",
               "[:STREAM] copy");
  cl.specified("-vcodec,-acodec,-scodec", codecs, "copy, as -c:v / -c:a / -c:s copy", "copy");
  cli::metadata_options(cl, metadata);
  cli::bsf_options(cl, bsf,
                   "pass the packets of the matching streams through bitstream filters, as ffmpeg does "
                   "(-bsf:v h264_mp4toannexb, -bsf:a aac_adtstoasc, -bsf:v 'h264_metadata=aud=insert')");
  cl.option("-movflags", movflags, "MP4/MOV muxer flags, as ffmpeg passes them (+faststart, ...)", "FLAGS");
  cl.option("--muxer-option", muxer_options, "pass an option to FFmpeg's muxer, e.g. write_crc32=0 (matroska); repeatable",
            "KEY=VALUE")
      ->allow_extra_args(false);
  cl.flag("--faststart", options.faststart, "MP4/MOV to a file: put the index at the front (-movflags +faststart)");
  cl.flag("--flush-packets", options.flush_packets, "flush the output after every packet (low latency)");
  cl.flag("--progress", progress, "show progress on stderr (default: when stderr is a terminal)");
  cl.flag("--no-progress", no_progress, "never show progress");
  cl.flag("-copyts,--copyts", options.copyts, "keep the input's timestamps (default: start at zero, as ffmpeg does)");
  cl.flag("--concat", options.concat,
          "join the -i inputs end to end, as ffmpeg's concat demuxer (-f concat -safe 0 -i LIST) does: their streams "
          "must match by index, type and codec parameters");
  cl.group("Verifying");
  cl.flag("--plan", options.plan,
          "print what the command would do as JSON on stdout and write nothing: every stream kept or dropped and "
          "why, bitstream filters, fragmenting and spooling, timestamp shifts, each stream's first packet after the "
          "cut snaps to a key frame");
  cl.optional_value("--verify", options.verify,
                    "hash every copied stream's packets as read and as written, in one pass, and write a JSON receipt "
                    "to FILE (default: stderr; '-': stdout), with ffmpeg's streamhash lines to check either side; a "
                    "stream without -bsf that does not come out as it went in fails the run (status 1)",
                    "FILE", "pipe:2");
  cl.option("--verify-hash", options.verify_hash, "the hash of --verify: SHA256 (default, as ffmpeg's streamhash), "
            "MD5, CRC32, ...", "ALGO")
      ->complete({"SHA256", "MD5", "CRC32", "SHA512", "adler32", "murmur3", "SHA160"});
  cl.group("Options");
  cl.option("--spool-dir", options.spool_dir, "where the spool lives (default: $TMPDIR, else /tmp)", "DIR");
  cl.option("--buffer-size", buffer_size, "IO buffer size (default 256K)", "SIZE");
  cl.option("--pipe-size", pipe_size, "kernel buffer asked for stdin/stdout pipes (default 1M; 0: leave as is)", "SIZE");
  std::string ss, t, to, avoid_negative_ts;
  std::vector<cli::InputScoped> input_options;
  cl.group("Cutting");
  // -c:v NAME before an -i chooses that input's decoder, as in ffmpeg: it forces the streams' codec (and the decoder
  // that finds their parameters); after the last -i only "copy" is taken.
  cl.input_scoped({"ss", "sseof", "t", "to", "f", "itsoffset", "readrate", "stream_loop"}, input_options, {"re"},
                  {"c", "codec", "vcodec", "acodec", "scodec"});
  cl.option("-ss", ss,
            "after -i: start the output at this time (each stream from its first key frame there); before -i: seek "
            "the input to the key frame at or before it (on a pipe, read up to it), as ffmpeg does",
            "TIME");
  std::string sseof_after;
  cl.option("-sseof", sseof_after,
            "before -i: start that input this long before its end, as -ss does there (-sseof -10: its last 10 s); on "
            "a pipe without a duration, read it to its end keeping only its tail",
            "-TIME");
  bool re_after = false;
  std::string readrate_after;
  cl.flag("-re", re_after,
          "before -i: read that input at its own pace (real time), as ffmpeg does for a live destination");
  cl.option("-readrate", readrate_after, "before -i: read that input at SPEED times real time (-re is 1)", "SPEED");
  std::string loop_after;
  cl.option("-stream_loop", loop_after,
            "before -i: read that input N more times, each pass after the last (-1: forever; with -re, an endless "
            "live feed); a pipe is spooled to be read again",
            "N");
  cl.option("-t", t, "copy this long (before -i: read this much of the input)", "DURATION");
  cl.option("-to", to, "stop at this time (the input's, counted like -ss); -t wins when both are given", "TIME");
  std::string fs;
  cl.option("-fs", fs,
            "stop once the output has this many bytes (ffmpeg's: 100k, 10M, 1Gi; the output ends a little past it, "
            "finished)",
            "SIZE");
  cl.flag("--drain", options.drain,
          "after -t/-to, read the input on to its end instead of closing it (the writer of a pipe sees no error)");
  cl.flag("-start_at_zero", options.start_at_zero,
          "with -copyts: still shift the input's start time to zero");
  cl.option("-avoid_negative_ts", avoid_negative_ts,
            "shift timestamps of the output as ffmpeg does: auto (default), make_non_negative, make_zero, disabled",
            "MODE")
      ->complete({"auto", "make_non_negative", "make_zero", "disabled"});
  cl.group("Options");
  // FFmpeg's options by name, as ffmpeg passes them: before -i a demuxer's (-probesize 1M, -fflags +genpts,
  // -ignore_editlist 1), after it a muxer's (-write_crc32 0, -fflags +bitexact, -max_interleave_delta 0).
  std::vector<cli::Named> by_name;
  // -threads too, which ffmpeg lines carry: a codec option, accepted as ffmpeg takes it with -c copy (nothing here
  // decodes or encodes a stream).
  cl.avoptions([](const std::string& name, bool for_input) {
    return name == "threads" || (for_input ? common::is_demuxer_option(name) : common::is_muxer_option(name));
  }, by_name);
  cl.flag("-shortest,--shortest", options.shortest,
          "end the output with its shortest stream: when one ends (its input's end, its -t), the others go on up to "
          "its length and no further, as ffmpeg's stream copy does");
  cl.common(cli::kEveryTool | cli::kOverwrite | cli::kProgress | cli::kMuxing, options.shared);
  if (several_outputs(argc, argv))
    return cl.usage("one output per run: for several in one pass, use the tee muxer (-f tee "
                    "\"[f=matroska]a.mkv|[f=hls:hls_time=4]b.m3u8\")");
  if (auto status = cl.parse(argc, argv)) return status;
  // An input's option: after the last -i, refused (as ffmpeg); without any -i, the one input's.
  if (!sseof_after.empty() && !dash_i.empty())
    return cl.usage("-sseof applies to an input: give it before the -i it belongs to");
  if (!sseof_after.empty()) input_options.push_back({0, "sseof", sseof_after, ""});
  if ((re_after || !readrate_after.empty()) && !dash_i.empty())
    return cl.usage(std::string(re_after ? "-re" : "-readrate") +
                    " applies to an input: give it before the -i it belongs to");
  if (re_after) input_options.push_back({0, "re", "", ""});
  if (!readrate_after.empty()) input_options.push_back({0, "readrate", readrate_after, ""});
  if (!loop_after.empty() && !dash_i.empty())
    return cl.usage("-stream_loop applies to an input: give it before the -i it belongs to");
  if (!loop_after.empty()) input_options.push_back({0, "stream_loop", loop_after, ""});

  // Inputs and outputs, as ffmpeg takes them (-i IN ... OUT) or as before (INPUT -o OUT, or INPUT OUT).
  std::vector<std::string> inputs;
  std::string why = cli::inputs_and_output(dash_i, positional, inputs, output);
  if (!why.empty() && !dash_i.empty() && positional.size() > 1)
    why = "one output per run (" + positional.back() + " is a second one): for several in one pass, use the tee muxer";
  if (!why.empty()) return cl.usage(why);
  options.inputs.assign(inputs.size(), InputSpec{});
  int stdin_inputs = 0;
  for (size_t k = 0; k < inputs.size(); ++k) {
    options.inputs[k].path = cli::names_stdin(inputs[k]) ? "-" : inputs[k];
    stdin_inputs += options.inputs[k].path == "-";
  }
  if (stdin_inputs > 1) return cl.usage("stdin can be read only once (-i - given " + std::to_string(stdin_inputs) + " times)");
  const bool output_named = !output.empty();
  if (output_named) options.output = output;
  if (cli::names_stdout(options.output)) options.output = "-";

  for (const auto& c : codecs) {
    if (c.value != "copy")
      return cl.usage("-c" + (c.spec.empty() ? std::string() : ":" + c.spec) + " " + c.value +
                      ": memremux only copies streams (-c copy); to encode, use graphrun");
  }
  if (std::string bad = cli::parse_metadata_args(metadata, options.metadata); !bad.empty()) return cl.usage(bad);
  if (std::string bad = cli::parse_bsf_args(bsf, options.bitstream_filters); !bad.empty()) return cl.usage(bad);
  if (!buffer_size.empty()) {
    int64_t b = 0;
    if (!common::parse_size(buffer_size, b) || b < 4096 || b > (int64_t{64} << 20))
      return cl.usage("--buffer-size: a size from 4K to 64M, not '" + buffer_size + "'");
    options.buffer_size = static_cast<int>(b);
  }
  if (!pipe_size.empty()) {
    int64_t p = 0;
    if (pipe_size != "0" && (!common::parse_size(pipe_size, p) || p > (int64_t{1} << 30)))
      return cl.usage("--pipe-size: a size up to 1G, or 0, not '" + pipe_size + "'");
    options.pipe_size = static_cast<int>(p);
  }
  for (const auto& kv : muxer_options) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return cl.usage("--muxer-option takes KEY=VALUE, not '" + kv + "'");
    options.muxer_options.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  for (const cli::Named& n : by_name) {
    if (n.name == "threads") {
      if (std::string bad = common::invalid_codec_option_value(n.name, n.value); !bad.empty())
        return cl.usage("-threads: " + bad);
      continue;
    }
    if (!n.spec.empty()) return cl.usage("-" + n.name + ":" + n.spec + ": a container option takes no stream specifier");
    if (n.input == cli::Named::kOutput)
      options.muxer_options.emplace_back(n.name, n.value);
    else
      options.inputs.at(n.input).demuxer_options.emplace_back(n.name, n.value);
  }
  if (!fs.empty()) {
    const std::optional<int64_t> bytes = cli::file_size_limit(fs);
    if (!bytes) return cl.usage(cli::file_size_limit_usage(fs));
    options.limit_filesize = *bytes;
  }
  if (!movflags.empty()) options.muxer_options.emplace_back("movflags", movflags);
  if (!avoid_negative_ts.empty()) options.muxer_options.emplace_back("avoid_negative_ts", avoid_negative_ts);
  try {
    std::string warning;
    options.output_cut = common::make_cut_range(ss, t, to, warning);
    if (!warning.empty()) common::log_warning(warning);
    std::vector<std::array<std::string, 3>> in_cut(options.inputs.size());  // -ss, -t, -to of each input
    std::set<size_t> re_given, readrate_given;
    for (const auto& o : input_options) {
      if (o.name == "f") {  // -f before -i forces the demuxer, as in ffmpeg
        if (!av_find_input_format(o.value.c_str())) return cl.usage("-f " + o.value + " (input): unknown input format");
        options.inputs.at(o.input).format = o.value;
        continue;
      }
      if (cli::is_decoder_choice(o)) {
        common::CodecOption decoder;
        if (std::string bad = cli::decoder_choice(o, "give -c copy after the -i", decoder); !bad.empty())
          return cl.usage(bad);
        options.inputs.at(o.input).decoders.push_back(decoder);
        continue;
      }
      if (o.name == "stream_loop") {
        if (std::string bad = cli::stream_loop_count(o.value, options.inputs.at(o.input).stream_loop); !bad.empty())
          return cl.usage(bad);
        continue;
      }
      if (o.name == "itsoffset") {  // ffmpeg's input time offset: a time, negative too
        if (!common::parse_time(o.value, options.inputs.at(o.input).itsoffset))
          return cl.usage("-itsoffset: not a time: '" + o.value + "'");
        continue;
      }
      if (o.name == "re") {  // -readrate wins over -re, as in ffmpeg
        if (options.inputs.at(o.input).readrate == 0) options.inputs.at(o.input).readrate = 1;
        re_given.insert(o.input);
        continue;
      }
      if (o.name == "readrate") {
        double& rate = options.inputs.at(o.input).readrate;
        char* end = nullptr;
        rate = std::strtod(o.value.c_str(), &end);
        if (o.value.empty() || *end != '\0' || !(rate >= 0) || rate > 1e6)
          return cl.usage("-readrate: a speed from 0 (no limit), 1 being real time, not '" + o.value + "'");
        readrate_given.insert(o.input);
        continue;
      }
      if (o.name == "sseof") {  // a start counted back from the end: below 0, as ffmpeg's
        int64_t& sseof = options.inputs.at(o.input).sseof;
        if (!common::parse_time(o.value, sseof) || sseof >= 0)
          return cl.usage("-sseof: a time below 0 (before the end), not '" + o.value + "'");
        continue;
      }
      in_cut.at(o.input)[o.name == "ss" ? 0 : o.name == "t" ? 1 : 2] = o.value;
    }
    for (size_t k = 0; k < options.inputs.size(); ++k) {
      warning.clear();
      options.inputs[k].cut = common::make_cut_range(in_cut[k][0], in_cut[k][1], in_cut[k][2], warning);
      if (!warning.empty()) common::log_warning(warning + " (input " + std::to_string(k) + ")");
      if (re_given.count(k) && readrate_given.count(k))
        common::log_warning("-re and -readrate both given: using -readrate (input " + std::to_string(k) + "), as ffmpeg does");
      if (options.inputs[k].cut.has_start() && options.inputs[k].sseof != AV_NOPTS_VALUE) {
        common::log_warning("-ss and -sseof both given: using -ss (input " + std::to_string(k) + "), as ffmpeg does");
        options.inputs[k].sseof = AV_NOPTS_VALUE;
      }
    }
  } catch (const common::Error& e) {
    if (e.kind() == common::ErrorKind::kUsage) return cl.usage(e.context() + ": " + e.reason());
    common::log_error("", e.reason());
    return common::exit_status(e.kind());
  }
  if (options.start_at_zero && !options.copyts) options.start_at_zero = false;  // as ffmpeg: it only matters with -copyts
  if (options.concat) {
    if (options.inputs.size() < 2) return cl.usage("--concat joins two or more -i inputs");
    for (const InputSpec& in : options.inputs) {
      if (in.path == "-") return cl.usage("--concat opens its inputs by name: stdin cannot be one of them");
      if (in.cut.active() || !in.format.empty() || !in.demuxer_options.empty() || in.itsoffset != 0 ||
          in.sseof != AV_NOPTS_VALUE || in.readrate != 0 || in.stream_loop != 0 || !in.decoders.empty())
        return cl.usage("--concat: options before an -i do not apply to a joined input (cut the output instead)");
    }
  }
  if (!options.verify.empty()) {
    try {
      Receipt check(options.verify_hash);  // an unknown hash is a usage error now, not after the copy
    } catch (const common::Error& e) {
      return cl.usage(e.context() + ": " + e.reason());
    }
    if (cli::names_stdout(options.verify) && options.output == "-")
      return cl.usage("--verify=" + options.verify + ": stdout carries the media (--verify alone writes to stderr)");
  }
  if (progress && no_progress) return cl.usage("--progress and --no-progress together");
  if (progress) options.progress = true;
  if (no_progress) options.progress = false;
  if (stdin_inputs > 0) {
    why = cli::stdin_terminal_error("give -i INPUT");
    if (!why.empty()) return cl.usage(why);
  }
  if (options.format.empty() && options.output == "-")
    return cl.usage("no output format for stdout: give -f FORMAT (matroska, mp4, nut, mpegts, ...)");
  if (options.plan && !options.verify.empty()) return cl.usage("--plan writes nothing: there is nothing to --verify");
  if (options.plan && common::progress_descriptor(options.shared.progress_url) == 1)
    return cl.usage("--plan: stdout carries the plan");
  if (common::progress_descriptor(options.shared.progress_url) == 1 && options.output == "-")
    return cl.usage("-progress " + options.shared.progress_url + ": stdout carries the media (pipe:2, or a file)");
  if (options.output == "-" && !options.plan) {  // a plan is JSON, for a terminal too
    why = cli::stdout_terminal_error(output_named);
    if (!why.empty()) return cl.usage(why);
  }
  return std::nullopt;
}

}  // namespace memremux
