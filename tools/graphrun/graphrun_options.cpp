#include "graphrun_options.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "cli/command_line.hpp"
#include "common/cli_support.hpp"
#include "common/decode.hpp"
#include "common/demux.hpp"
#include "common/encode.hpp"
#include "common/mux.hpp"
#include "common/video_sync.hpp"

namespace graphrun {

int parse_options(int argc, char** argv, Options& o) {
  cli::CommandLine cl("graphrun",
                      "[OPTIONS] [-i INPUT]... -filter_complex GRAPH [OUTPUT]\n"
                      "[OPTIONS] [-i INPUT]... (-vf CHAIN | -af CHAIN) [OUTPUT]",
                      "Runs an ffmpeg filter graph (ffmpeg -filter_complex) over media and writes every graph output "
                      "as a stream of one container (NUT by default) on stdout or OUTPUT. The inputs are the -i list "
                      "in order ('-' is stdin); with no -i, stdin (or INPUT) is input 0.");
  std::vector<std::string> positional, dash_i;
  std::vector<cli::Specified> codecs, vcodecs, acodecs, frames, vframes, aframes;
  std::vector<cli::InputScoped> input_options;
  cli::MetadataArgs metadata;
  std::string ss, t, to;
  std::vector<cli::Named> avoptions;
  std::vector<std::string> enc_opts;
  std::string output;
  std::vector<cli::Specified> pix_fmts, sample_fmts, rates, channels, frame_rates, fps_modes, autoscales, sizes,
      aspects, passes, pass_logs, tags, vtags, atags, queue_sizes, queue_thresholds, key_frames;
  cli::BsfArgs bsfs;
  bool noautoscale = false;
  cl.option("ARGS", positional, "INPUT and OUTPUT", "")->expected(0, 2);
  cl.option("-i,--input", dash_i, "an input, repeatable: input 0, 1, ... in order ('-' or pipe:0 is stdin)", "INPUT")
      ->allow_extra_args(false);
  cl.option("-filter_complex,-lavfi,--graph", o.graph, "the filter graph, as for ffmpeg -filter_complex (-lavfi)",
            "GRAPH");
  // -g is graphrun's short -filter_complex, and ffmpeg's key-frame interval of the video encoder: a whole number
  // (no graph is one) is ffmpeg's.
  std::vector<std::string> g_args;
  cl.option("-g", g_args, "the filter graph, as -filter_complex; a whole number N is ffmpeg's -g N (the video "
            "encoder's key-frame interval)", "GRAPH|N")
      ->allow_extra_args(false);
  cl.option("-filter_complex_script,--graph-file", o.graph_file, "read the filter graph from FILE", "FILE");
  cl.option("-vf,--vf", o.vf, "a video filter chain on [0:v] (ffmpeg -vf)", "CHAIN");
  cl.option("-af,--af", o.af, "an audio filter chain on [0:a] (ffmpeg -af)", "CHAIN");
  std::vector<cli::Specified> filters;
  cl.specified("-filter", filters, "-filter:v is -vf, -filter:a is -af (ffmpeg's longer names)", ":v|:a CHAIN");
  std::vector<cli::Specified> filter_scripts;
  cl.specified("-filter_script", filter_scripts, "-filter:v or -filter:a read from FILE (ffmpeg's)", ":v|:a FILE");
  cl.option("-o,--output", output, "the output file ('-' or pipe:1: stdout, the default); or give it last", "OUTPUT");
  cl.option("-f,--format", o.format, "output container (default: from OUTPUT's extension, else nut)", "FORMAT");
  cl.specified("-c,-codec,--codec", codecs,
               "encoder for the video (:v) or audio (:a) outputs; default rawvideo and PCM in the graph's format",
               "[:v|:a] ENCODER");
  cl.specified("-vcodec,--video-codec", vcodecs, "the video encoder, as -c:v", "ENCODER");
  cl.specified("-acodec,--audio-codec", acodecs, "the audio encoder, as -c:a", "ENCODER");
  std::vector<cli::Specified> qscales;
  cl.specified("-q,-qscale", qscales,
               "the encoder's fixed quality, as ffmpeg's (-q:v 2 for mpeg4, mjpeg, mpeg2video: lower is better; "
               "-q:a for libmp3lame, libvorbis, aac); a negative one is none",
               "[:v|:a] Q");
  cl.option("--enc-opt", enc_opts, "an encoder option KEY=VALUE, repeatable (or by name as ffmpeg takes them: -crf 23, "
            "-preset fast, -b:v 1M)", "KEY=VALUE")
      ->allow_extra_args(false);
  // FFmpeg's options by name, as ffmpeg passes them: before an -i a demuxer's or a decoder's (-probesize 1M,
  // -video_size 320x240, -threads 1, -skip_frame nokey), after the last one an encoder's or the muxer's (-crf 23,
  // -movflags +faststart).
  cl.avoptions([](const std::string& name, bool for_input) {
    return for_input ? common::is_demuxer_option(name) || common::is_decoder_option(name)
                     : common::is_encoder_option(name) || common::is_muxer_option(name);
  }, avoptions);
  cl.option("--dump-graph", o.dump_graph, "print the configured graph: text, dot or json", "FORMAT")
      ->complete({"text", "dot", "json"});
  cl.option("--dump-graph-file", o.dump_graph_file, "write the --dump-graph output to FILE ('-': stdout) instead of stderr",
            "FILE");
  cl.flag("-stats,--stats", o.stats, "print frames in and out of every filter at the end");
  std::string threads_mode = "threaded";
  cl.option("--threads-mode", threads_mode,
            "threaded (default: each input read and decoded in a thread of its own, the output encoded and muxed in "
            "another, the filter graph in the main one) or serial (one thread takes turns, as ffmpeg 5.1); the "
            "output is the same",
            "MODE")
      ->complete(std::vector<std::string>{"threaded", "serial"});
  cl.option("--trace", o.trace_file, "write scheduler events to FILE ('-': stdout) as JSON Lines", "FILE");
  cl.option("--metadata-out", o.metadata_out,
            "write what analysis filters attach to frames (silencedetect, blackdetect, scdet, ebur128=metadata=1, "
            "signalstats ...) to FILE ('-': stdout, with -f null or a named output) as JSON Lines: one line per "
            "frame that carries metadata at a graph output",
            "FILE");
  cl.flag("--progress", o.progress, "show progress on stderr even when it is not a terminal");
  cl.flag("-copyts,--copyts", o.copyts, "keep input timestamps (do not start each input at 0)");
  cl.flag("-start_at_zero", o.start_at_zero, "with -copyts: still shift each input's start time to zero");
  cl.option("-filter_threads,--filter-threads", o.filter_threads, "filter graph threads (0: one per core)", "N");
  cl.option("--max-queued-frames", o.max_queued_frames, "frames allowed to wait in the graph when no input is starved",
            "N");
  cl.group("Cutting (as ffmpeg cuts)");
  // Before an -i these are that input's (and -f its demuxer, -s/-pix_fmt/-r/-ar/-ac its raw format), as in ffmpeg.
  // -c:v NAME before an -i chooses that input's decoder, as in ffmpeg (after the last -i, the encoder).
  cl.input_scoped({"ss", "sseof", "t", "to", "f", "s", "pix_fmt", "r", "ar", "ac", "itsoffset", "readrate",
                   "stream_loop", "autorotate"},
                  input_options,
                  {"re", "noautorotate"}, {"c", "codec", "vcodec", "acodec"});
  cl.option("-ss", ss,
            "after the last -i: the output starts at this time (ffmpeg's trim on every output stream, timestamps "
            "from 0); before an -i: that input is seeked there (decoded from the key frame before it, the frames "
            "before it dropped; on a pipe, read up to it) and starts at 0",
            "TIME");
  cl.option("-t", t, "the output (or, before an -i, that input) lasts at most this long", "DURATION");
  cl.option("-to", to, "stop at this time (counted as -ss is); -t wins when both are given", "TIME");
  cl.specified("-frames", frames,
               "the most frames of an output stream (-frames:v 1, -frames:a 100); when a stream has them, the "
               "output ends, as ffmpeg's",
               "[:STREAM] N");
  cl.specified("-vframes", vframes, "-frames:v", "N");
  cl.flag("-shortest,--shortest", o.shortest,
          "end the output with its shortest stream: when a stream ends, the others end there too (as ffmpeg: the "
          "outputs of a -filter_complex graph once all of them have ended)");
  cl.specified("-aframes", aframes, "-frames:a", "N");
  std::string fs;
  cl.option("-fs", fs,
            "end the output once it has this many bytes (ffmpeg's: 100k, 10M, 1Gi): the encoders are flushed and "
            "the output finished, a little past it",
            "SIZE");
  cl.group("Tags, chapters and dispositions (as ffmpeg sets them)");
  // By default the output has the first input's tags and chapters, and each stream taken from an input its tags.
  cli::metadata_options(cl, metadata);
  cl.option("-timecode", o.timecode,
            "the output's timecode, as ffmpeg's -timecode: its timecode tag (-metadata timecode=TC) and the GOP "
            "timecode of MPEG-2 video streams (HH:MM:SS:FF, or HH:MM:SS;FF for drop frame)",
            "TC");
  cl.group("Streams (as ffmpeg chooses them)");
  cl.option("-map,--map", o.maps,
            "which output streams, in order: a graph output ('[v]'), or input streams passed through unfiltered "
            "(0:a, 1:v:0; -0:s removes, 0:s? may match nothing); repeatable. Default: the graph's unlabeled "
            "outputs, then the best video and audio stream of the inputs for types the graph does not make",
            "[LABEL]|SPEC")
      ->allow_extra_args(false);
  cl.flag("-vn,--no-video", o.no_video, "no video stream chosen from the inputs (automatically or by -map)");
  cl.flag("-an,--no-audio", o.no_audio, "no audio stream chosen from the inputs (automatically or by -map)");
  cl.flag("-sn,--no-subtitles", o.no_subtitles, "leave out the subtitle streams a -map names (graphrun writes video "
          "and audio only)");
  cl.flag("-dn,--no-data", o.no_data, "leave out the data streams a -map names");
  cl.specified("-pix_fmt,--pix-fmt", pix_fmts, "the pixel format of video output streams (the graph converts)",
               "[:STREAM] FORMAT");
  cl.specified("-sample_fmt,--sample-fmt", sample_fmts,
               "the sample format of audio output streams (the graph converts; an encoder that does not take it "
               "fails, as in ffmpeg)",
               "[:STREAM] FORMAT");
  cl.specified("-s", sizes,
               "after the last -i: the frame size of video output streams (WxH or a name: hd720, vga...); the graph "
               "ends in a scale to it, as ffmpeg's. Before an -i: that raw input's size",
               "[:STREAM] SIZE");
  cl.specified("-aspect", aspects,
               "the display aspect ratio video output streams say (16:9, 1.7777): the encoder's and the container's, "
               "the pictures unchanged",
               "[:STREAM] RATIO");
  cl.option("-sws_flags", o.sws_flags,
            "the scaler's algorithm and flags (lanczos, neighbor, bilinear+accurate_rnd...), as ffmpeg's: for the "
            "scale filters of -vf and those inserted to convert formats there, and for -s and -autoscale (not for "
            "the scale filters of a -filter_complex graph, which say their own: scale=W:H:flags=lanczos)",
            "FLAGS");
  cl.specified("-force_key_frames", key_frames,
               "key frames of video output streams where ffmpeg's would be: expr:EXPR (of n, n_forced, "
               "prev_forced_n, prev_forced_t, t: expr:gte(t,n_forced*2) every 2 s), source (the input's), or times "
               "(10,20,1:00)",
               "[:STREAM] SPEC");
  cl.specified("-tag", tags, "the codec tag (FourCC) output streams say: -tag:v hvc1 for HEVC in MP4 that Apple "
               "players take; a number is taken as such", "[:STREAM] FOURCC");
  cl.specified("-vtag", vtags, "-tag:v", "FOURCC");
  cl.specified("-atag", atags, "-tag:a", "FOURCC");
  cli::bsf_options(cl, bsfs,
                   "bitstream filters on output streams' encoded packets, as ffmpeg's -bsf: -bsf:v "
                   "'h264_metadata=sample_aspect_ratio=1/1', -bsf:v dump_extra");
  cl.specified("-max_muxing_queue_size", queue_sizes,
               "the most packets an output stream keeps while the header waits for the other streams' first frames, "
               "once it holds -muxing_queue_data_threshold bytes (ffmpeg's; default 128)",
               "[:STREAM] N");
  cl.specified("-muxing_queue_data_threshold", queue_thresholds,
               "the bytes an output stream keeps waiting for the header before -max_muxing_queue_size applies "
               "(default 52428800, 50 MiB)",
               "[:STREAM] BYTES");
  cl.specified("-pass", passes,
               "ffmpeg's two-pass encoding of video streams: 1 writes the encoder's statistics to the log (with "
               "-f null, nothing else is written), 2 encodes from them; 3 both",
               "[:STREAM] 1|2|3");
  cl.specified("-passlogfile", pass_logs, "the two-pass log's prefix: PREFIX-N.log for output stream N "
               "(default ffmpeg2pass)", "[:STREAM] PREFIX");
  cl.specified("-autoscale", autoscales,
               "1 (default): when an input changes size mid-stream and the graph is rebuilt, a video output keeps its "
               "first size (a scale to it ends the graph), as ffmpeg's; 0: the new size goes on, which the encoder, "
               "opened for the first, refuses (status 1)",
               "[:STREAM] 0|1");
  cl.flag("-noautoscale", noautoscale, "-autoscale 0 for every video stream");
  cl.specified("-r,--rate", frame_rates,
               "the frame rate of video output streams: ffmpeg's frame rate control duplicates and drops frames to "
               "keep it (-fps_mode); 25, 30000/1001, ntsc...",
               "[:STREAM] RATE");
  cl.specified("-fps_mode,--fps-mode", fps_modes,
               "ffmpeg's frame rate control of video output streams: passthrough, cfr, vfr, drop or auto (by the "
               "muxer); without it and -r, timestamps pass as the graph makes them",
               "[:STREAM] MODE");
  cl.specified("-vsync", fps_modes, "-fps_mode for every video stream (ffmpeg's older name; also 0, 1, 2, -1)", "MODE");
  std::vector<cli::Specified> enc_time_bases;
  cl.specified("-enc_time_base", enc_time_bases,
               "the encoder's time base, as ffmpeg's: a ratio (1:90000), 0 (1/frame rate, 1/sample rate: the "
               "default) or -1 (the input stream's)",
               "[:STREAM] TB");
  cl.option("-frame_drop_threshold", o.frame_drop_threshold,
            "with a constant rate (cfr), drop each frame after the first that ends less than FRAMES ticks after "
            "where the output is, as ffmpeg's (default 0: only those over 1.1 ticks behind)",
            "FRAMES");
  cl.specified("-ar,--ar", rates, "the sample rate of audio output streams (the graph resamples)", "[:STREAM] HZ");
  cl.specified("-ac,--ac", channels, "the channel count of audio output streams (the graph remixes)",
               "[:STREAM] N");
  cl.group("Options");
  bool re_after = false, noautorotate_after = false;
  std::string readrate_after, sseof_after, loop_after, autorotate_after;
  cl.option("-sseof", sseof_after,
            "before -i: start that input this long before its end, as -ss does there (-sseof -10: its last 10 s); on "
            "a pipe without a duration, read it to its end keeping only its tail",
            "-TIME");
  cl.flag("-re", re_after, "before -i: read that input at its own pace (real time), for a live destination");
  cl.flag("-noautorotate", noautorotate_after,
          "before -i: leave that input's pictures as stored (by default, as ffmpeg, a display matrix - a phone's "
          "portrait video - turns them upright before the graph: transpose, hflip/vflip or rotate)");
  cl.option("-autorotate", autorotate_after, "before -i: 0 is -noautorotate, 1 the default", "0|1");
  cl.option("-readrate", readrate_after, "before -i: read that input at SPEED times real time (-re is 1)", "SPEED");
  cl.option("-stream_loop", loop_after,
            "before -i: read that input N more times, each pass after the last (-1: forever); a pipe is spooled "
            "to be read again",
            "N");
  cl.common(cli::kEveryTool | cli::kOverwrite | cli::kProgress | cli::kMuxing, o.shared);
  if (auto status = cl.parse(argc, argv)) return *status;
  // Input options: after the last -i refused (as ffmpeg); without any -i, input 0's.
  if ((re_after || !readrate_after.empty() || !sseof_after.empty() || !loop_after.empty() ||
       !autorotate_after.empty() || noautorotate_after) &&
      !dash_i.empty())
    return cl.usage(std::string(re_after                   ? "-re"
                                : !readrate_after.empty() ? "-readrate"
                                : !sseof_after.empty()    ? "-sseof"
                                : !autorotate_after.empty() ? "-autorotate"
                                : noautorotate_after      ? "-noautorotate"
                                                          : "-stream_loop") +
                    " applies to an input: give it before the -i it belongs to");
  if (!loop_after.empty()) input_options.push_back({0, "stream_loop", loop_after, ""});
  if (!sseof_after.empty()) input_options.push_back({0, "sseof", sseof_after, ""});
  if (re_after) input_options.push_back({0, "re", "", ""});
  if (!autorotate_after.empty()) input_options.push_back({0, "autorotate", autorotate_after, ""});
  if (noautorotate_after) input_options.push_back({0, "noautorotate", "", ""});
  if (!readrate_after.empty()) input_options.push_back({0, "readrate", readrate_after, ""});

  // ffmpeg's inputs: exactly the -i list when there is one; else stdin, or INPUT, is input 0.
  // (A lone "-" argument has always been both "stdin" and "stdout" to graphrun: it names no input.)
  o.inputs_named = !dash_i.empty() || (!positional.empty() && !cli::names_stdin(positional[0]));
  if (std::string why = cli::inputs_and_output(dash_i, positional, o.inputs, output); !why.empty()) return cl.usage(why);
  int stdin_count = 0;
  for (auto& in : o.inputs) {
    if (cli::names_stdin(in)) {
      in = "-";
      ++stdin_count;
    }
  }
  if (stdin_count > 1) return cl.usage("stdin can be read only once (-i - given twice)");
  const bool output_named = !output.empty();
  if (output_named) o.output = cli::names_stdout(output) ? "-" : output;

  for (const auto& [list, kind] : {std::pair{&vcodecs, "v"}, {&acodecs, "a"}, {&vframes, "v"}, {&aframes, "a"}}) {
    for (const auto& c : *list) {
      if (!c.spec.empty()) return cl.usage("-" + std::string(kind) + "codec/-" + kind + "frames take no stream specifier");
      (list == &vcodecs || list == &acodecs ? codecs : frames).push_back({kind, c.value});
    }
  }
  if (!fs.empty()) {
    const std::optional<int64_t> bytes = cli::file_size_limit(fs);
    if (!bytes) return cl.usage(cli::file_size_limit_usage(fs));
    o.limit_filesize = *bytes;
  }
  for (const auto& f : frames) {
    char* end = nullptr;
    const long long n = std::strtoll(f.value.c_str(), &end, 10);
    if (f.value.empty() || *end || n < 0) return cl.usage("-frames: '" + f.value + "' is not a frame count");
    o.max_frames.push_back({f.spec, std::to_string(n)});
  }
  for (const auto& c : codecs) {
    const char kind = c.spec.empty() ? '\0' : c.spec[0];
    if (kind == 'v' || kind == '\0') o.video_codec = c.value;
    if (kind == 'a' || kind == '\0') o.audio_codec = c.value;
    if (kind != 'v' && kind != 'a' && kind != '\0') return cl.usage("-c:" + c.spec + ": give :v or :a");
    if (c.value == "copy") return cl.usage("-c copy: graphrun decodes and filters, so it encodes; memremux copies");
  }
  for (const auto& q : qscales) {
    // ffmpeg reads it as a double (av_strtod: 2, 2.5, 1e1), for every stream without a specifier.
    char* end = nullptr;
    const double n = av_strtod(q.value.c_str(), &end);
    if (q.value.empty() || *end || !std::isfinite(n)) return cl.usage("-q: '" + q.value + "' is not a number");
    if (q.spec != "" && q.spec != "v" && q.spec != "a") return cl.usage("-q:" + q.spec + ": give :v or :a");
    if (q.spec != "a") o.video_qscale = n;
    if (q.spec != "v") o.audio_qscale = n;
  }
  for (const std::string& g : g_args) {
    const bool number = !g.empty() && std::all_of(g.begin() + (g[0] == '-' ? 1 : 0), g.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    }) && g != "-";
    if (number) {
      o.video_opts.emplace_back("g", g);
    } else {
      if (!o.graph.empty()) return cl.usage("-g: give the filter graph once (-filter_complex or -g)");
      o.graph = g;
    }
  }
  for (const auto& kv : enc_opts) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return cl.usage("--enc-opt '" + kv + "' is not KEY=VALUE");
    o.enc_opts.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  o.input_specs.assign(o.inputs.size(), {});
  for (const auto& a : avoptions) {
    if (a.input != cli::Named::kOutput) {  // before an -i: that input's demuxer's, decoders' or both (as ffmpeg)
      const bool demuxer = a.spec.empty() && common::is_demuxer_option(a.name);
      const bool decoder = common::is_decoder_option(a.name);
      if (!demuxer && !decoder)
        return cl.usage("-" + a.name + ":" + a.spec + ": a demuxer option takes no stream specifier");
      if (a.input >= o.input_specs.size()) return cl.usage("-" + a.name + ": given before an -i that is not there");
      if (demuxer) o.input_specs[a.input].demuxer_options.emplace_back(a.name, a.value);
      if (decoder) {
        if (std::string why = common::invalid_codec_option_value(a.name, a.value); !why.empty())
          return cl.usage("-" + a.name + (a.spec.empty() ? "" : ":" + a.spec) + ": " + why);
        o.input_specs[a.input].decoder_options.push_back({a.name, a.spec, a.value});
      }
      continue;
    }
    if (common::is_muxer_option(a.name) && !common::is_encoder_option(a.name)) {  // the container's (-fflags, -movflags)
      if (!a.spec.empty()) return cl.usage("-" + a.name + ":" + a.spec + ": a container option takes no stream specifier");
      o.muxer_options.emplace_back(a.name, a.value);
      continue;
    }
    // Both the container's and the encoders' (-strict -2: an experimental codec in MP4 asks both): as ffmpeg, both
    // take it when it names no stream.
    if (a.spec.empty() && common::is_muxer_option(a.name)) o.muxer_options.emplace_back(a.name, a.value);
    const char kind = a.spec.empty() ? '\0' : a.spec[0];
    if (kind != 'v' && kind != 'a' && kind != '\0') return cl.usage("-" + a.name + ":" + a.spec + ": give :v or :a");
    if (kind == 'v') o.video_opts.emplace_back(a.name, a.value);
    else if (kind == 'a') o.audio_opts.emplace_back(a.name, a.value);
    else o.enc_opts.emplace_back(a.name, a.value);
  }
  for (const auto& f : sample_fmts) {
    if (av_get_sample_fmt(f.value.c_str()) == AV_SAMPLE_FMT_NONE)
      return cl.usage("-sample_fmt: unknown sample format '" + f.value + "' (s16, s32, flt, fltp...)");
    o.sample_fmts.push_back({f.spec, f.value});
  }
  for (const auto& f : filters) {
    if (f.spec != "v" && f.spec != "a") return cl.usage("-filter: give -filter:v (-vf) or -filter:a (-af)");
    (f.spec == "v" ? o.vf : o.af) = f.value;
  }
  for (const auto& etb : enc_time_bases) {
    AVRational q{0, 1};
    common::AvLogCapture quiet;  // (the expression parser's complaint: ours is the one line)
    if (av_parse_ratio(&q, etb.value.c_str(), INT_MAX, 0, nullptr) < 0 || q.den <= 0)
      return cl.usage("-enc_time_base: '" + etb.value + "' is not a time base (1:90000, 0 or -1)");
    o.enc_time_bases.push_back({etb.spec, etb.value});
  }
  for (const auto& f : filter_scripts) {
    if (f.spec != "v" && f.spec != "a") return cl.usage("-filter_script: give -filter_script:v or -filter_script:a");
    std::string& chain = f.spec == "v" ? o.vf : o.af;
    // As ffmpeg 5.1's: a stream has its filters from one place.
    if (!chain.empty()) return cl.usage("-filter_script:" + f.spec + " and -filter:" + f.spec + " (-" + f.spec + "f) together");
    std::ifstream in(f.value);
    if (!in) return cl.usage("-filter_script:" + f.spec + ": cannot open '" + f.value + "'");
    std::stringstream script;
    script << in.rdbuf();
    const std::string text = script.str();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      return cl.usage("-filter_script:" + f.spec + ": '" + f.value + "' holds no filters");
    chain = text;
  }
  for (const auto& v : sizes) {
    int w = 0, h = 0;
    if (av_parse_video_size(&w, &h, v.value.c_str()) < 0)
      return cl.usage("-s: '" + v.value + "' is not a frame size (640x360, hd720, vga...)");
    o.sizes.push_back({v.spec, std::to_string(w) + "x" + std::to_string(h)});
  }
  for (const auto& v : aspects) {
    AVRational q{0, 1};
    if (av_parse_ratio(&q, v.value.c_str(), 255, 0, nullptr) < 0 || q.num <= 0 || q.den <= 0)
      return cl.usage("-aspect: '" + v.value + "' is not an aspect ratio (16:9, 4:3, 1.7777)");
    o.aspects.push_back({v.spec, std::to_string(q.num) + ":" + std::to_string(q.den)});
  }
  for (const auto& p : passes) {
    if (p.value != "1" && p.value != "2" && p.value != "3") return cl.usage("-pass: 1, 2 or 3, not '" + p.value + "'");
    o.passes.push_back({p.spec, p.value});
  }
  for (const auto& p : pass_logs) o.pass_logs.push_back({p.spec, p.value});
  for (const auto& k : key_frames) o.key_frames.push_back({k.spec, k.value});
  if (!o.sws_flags.empty()) {
    SwsContext* sws = sws_alloc_context();
    int ret = AVERROR(ENOMEM);
    if (sws) {
      common::AvLogCapture quiet;  // (swscale's own complaint: ours is the one line)
      ret = av_opt_set(sws, "sws_flags", o.sws_flags.c_str(), 0);
    }
    sws_freeContext(sws);
    if (ret < 0) return cl.usage("-sws_flags: '" + o.sws_flags + "' is not a scaler flag (bicubic, lanczos, neighbor...)");
  }
  for (const auto& [list, kind] : {std::pair{&tags, ""}, {&vtags, "v"}, {&atags, "a"}}) {
    for (const auto& tg : *list) {
      if (*kind && !tg.spec.empty()) return cl.usage("-" + std::string(kind) + "tag takes no stream specifier");
      char* end = nullptr;
      std::strtoul(tg.value.c_str(), &end, 0);
      if (tg.value.empty() || (tg.value.size() > 4 && *end))
        return cl.usage("-tag: '" + tg.value + "' is not a FourCC (hvc1, avc1, XVID) or a number");
      o.codec_tags.push_back({*kind ? kind : tg.spec, tg.value});
    }
  }
  std::vector<std::pair<std::string, std::string>> chains;
  if (const std::string bad = cli::parse_bsf_args(bsfs, chains); !bad.empty()) return cl.usage(bad);
  for (auto& [spec, chain] : chains) o.bitstream_filters.push_back({spec, chain});
  for (const auto& [list, into, name] : {std::tuple{&queue_sizes, &o.queue_sizes, "-max_muxing_queue_size"},
                                         {&queue_thresholds, &o.queue_thresholds, "-muxing_queue_data_threshold"}}) {
    for (const auto& q : *list) {
      char* end = nullptr;
      const long long n = std::strtoll(q.value.c_str(), &end, 10);
      if (q.value.empty() || *end || n < 1) return cl.usage(std::string(name) + ": '" + q.value + "' is not a count of 1 or more");
      into->push_back({q.spec, q.value});
    }
  }
  if (noautoscale) o.autoscale.push_back({"", "0"});
  for (const auto& a : autoscales) {
    // ffmpeg's boolean options take a number (0 off, anything else on).
    char* end = nullptr;
    const long long n = std::strtoll(a.value.c_str(), &end, 10);
    if (a.value.empty() || *end) return cl.usage("-autoscale: '" + a.value + "' is not 0 or 1");
    o.autoscale.push_back({a.spec, n ? "1" : "0"});
  }
  for (const auto& p : pix_fmts) {
    if (av_get_pix_fmt(p.value.c_str()) == AV_PIX_FMT_NONE) return cl.usage("-pix_fmt: unknown pixel format '" + p.value + "'");
    o.pix_fmts.push_back({p.spec, p.value});
  }
  for (const auto& [list, name, into] : {std::tuple{&rates, "-ar", &o.sample_rates}, {&channels, "-ac", &o.channels}}) {
    for (const auto& v : *list) {
      // ffmpeg reads these with av_strtod: "44.1k" is 44100, and the value must be a whole number.
      char* end = nullptr;
      const double n = av_strtod(v.value.c_str(), &end);
      if (v.value.empty() || *end || n != std::floor(n) || n <= 0 || n > (name[2] == 'r' ? 1e9 : 64))
        return cl.usage(std::string(name) + ": '" + v.value + "' is not a positive " +
                        (name[2] == 'r' ? "sample rate" : "channel count (at most 64)"));
      into->push_back({v.spec, v.value});
    }
  }
  for (const auto& r : frame_rates) {
    AVRational rate{0, 1};
    if (av_parse_video_rate(&rate, r.value.c_str()) < 0 || rate.num <= 0 || rate.den <= 0)
      return cl.usage("-r: '" + r.value + "' is not a frame rate (25, 30000/1001, ntsc)");
    o.rates.push_back({r.spec, r.value});
  }
  for (const auto& m : fps_modes) {
    common::FpsMode mode;
    if (!common::parse_fps_mode(m.value, mode))
      return cl.usage("-fps_mode: passthrough, cfr, vfr, drop or auto, not '" + m.value + "'");
    o.fps_modes.push_back({m.spec, m.value});
  }
  try {
    // ffmpeg's opt_timecode: a global tag as -metadata gives it (a later -metadata timecode=X counts over it).
    if (!o.timecode.empty()) metadata.sets.insert(metadata.sets.begin(), cli::Specified{"", "timecode=" + o.timecode});
    if (std::string why = cli::parse_metadata_args(metadata, o.metadata); !why.empty()) return cl.usage(why);
    std::string warning;
    o.output_cut = common::make_cut_range(ss, t, to, warning);
    if (!warning.empty()) common::log_warning(warning);
    std::vector<std::array<std::string, 3>> in_cut(o.inputs.size());  // -ss, -t, -to of each input
    std::vector<cli::InputScoped> raw_rate_channels;
    std::set<size_t> re_given, readrate_given;
    for (const auto& in : input_options) {
      Options::InputSpec& spec = o.input_specs.at(in.input);
      const std::string& v = in.value;
      if (in.name == "f") {  // -f before -i forces the demuxer, as in ffmpeg
        if (v == "lavfi")  // a device of libavdevice in ffmpeg; graphrun's graph holds its own sources
          return cl.usage("-f lavfi (input): put the source in the graph itself (-filter_complex "
                          "'testsrc2=d=5[v]')");
        if (!av_find_input_format(v.c_str())) return cl.usage("-f " + v + " (input): unknown input format");
        spec.format = v;
      } else if (in.name == "s" || in.name == "pix_fmt" || in.name == "ar") {
        // ffmpeg's open_input_file: the demuxer's options of a raw input (an error where the demuxer has none).
        spec.demuxer_options.emplace_back(in.name == "s" ? "video_size" : in.name == "ar" ? "sample_rate" : "pixel_format", v);
      } else if (in.name == "sseof") {  // a start counted back from the end: below 0, as ffmpeg's
        if (!common::parse_time(v, spec.sseof) || spec.sseof >= 0)
          return cl.usage("-sseof: a time below 0 (before the end), not '" + v + "'");
      } else if (in.name == "re") {  // -readrate wins over -re, as in ffmpeg
        if (spec.readrate == 0) spec.readrate = 1;
        re_given.insert(in.input);
      } else if (in.name == "noautorotate") {  // the last one given wins, as in ffmpeg
        spec.autorotate = false;
      } else if (in.name == "autorotate") {  // ffmpeg's: an integer, 0 for off
        char* end = nullptr;
        const long on = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0') return cl.usage("-autorotate: 0 or 1, not '" + v + "'");
        spec.autorotate = on != 0;
      } else if (in.name == "readrate") {
        char* end = nullptr;
        spec.readrate = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0' || !(spec.readrate >= 0) || spec.readrate > 1e6)
          return cl.usage("-readrate: a speed from 0 (no limit), 1 being real time, not '" + v + "'");
        readrate_given.insert(in.input);
      } else if (in.name == "stream_loop") {
        if (std::string why = cli::stream_loop_count(v, spec.stream_loop); !why.empty()) return cl.usage(why);
      } else if (in.name == "itsoffset") {  // ffmpeg's input time offset: a time, negative too
        if (!common::parse_time(v, spec.itsoffset)) return cl.usage("-itsoffset: not a time: '" + v + "'");
      } else if (cli::is_decoder_choice(in)) {  // ffmpeg's decoder choice
        common::CodecOption decoder;
        if (std::string why = cli::decoder_choice(in, "graphrun decodes; memremux copies", decoder); !why.empty())
          return cl.usage(why);
        spec.decoders.push_back(decoder);
      } else if (in.name == "r" || in.name == "ac") {
        raw_rate_channels.push_back(in);  // once the input's -f is known, wherever it stands before the -i
      } else {
        in_cut.at(in.input)[in.name == "ss" ? 0 : in.name == "t" ? 1 : 2] = v;
      }
    }
    for (const auto& in : raw_rate_channels) {
      // ffmpeg sets them only for a demuxer that takes them (framerate; ch_layout as "NC"); for any other input
      // ffmpeg's -r forces the decoded frames' rate, which graphrun does not do (say it in the graph: fps=, setpts=).
      Options::InputSpec& spec = o.input_specs.at(in.input);
      const AVInputFormat* f = spec.format.empty() ? nullptr : av_find_input_format(spec.format.c_str());
      const char* option = in.name == "r" ? "framerate" : "ch_layout";
      const AVClass* priv = f ? f->priv_class : nullptr;
      if (!priv || !av_opt_find(&priv, option, nullptr, 0, AV_OPT_SEARCH_FAKE_OBJ))
        return cl.usage("-" + in.name + " before -i: honoured for a raw input whose demuxer takes it (-f rawvideo, "
                        "-f s16le ...), not for input " + std::to_string(in.input));
      spec.demuxer_options.emplace_back(option, in.name == "r" ? in.value : in.value + "C");
    }
    for (size_t k = 0; k < o.inputs.size(); ++k) {
      warning.clear();
      o.input_specs[k].cut = common::make_cut_range(in_cut[k][0], in_cut[k][1], in_cut[k][2], warning);
      if (!warning.empty()) common::log_warning(warning + " (input " + std::to_string(k) + ")");
      if (o.input_specs[k].cut.has_start() && o.input_specs[k].sseof != AV_NOPTS_VALUE) {
        common::log_warning("-ss and -sseof both given: using -ss (input " + std::to_string(k) + "), as ffmpeg does");
        o.input_specs[k].sseof = AV_NOPTS_VALUE;
      }
      if (re_given.count(k) && readrate_given.count(k))
        common::log_warning("-re and -readrate both given: using -readrate (input " + std::to_string(k) + "), as ffmpeg does");
    }
  } catch (const common::Error& e) {
    if (e.kind() == common::ErrorKind::kUsage) return cl.usage(e.context() + ": " + e.reason());
    common::log_error("", e.reason());
    return common::exit_status(e.kind());
  }
  if (!o.dump_graph.empty() && o.dump_graph != "text" && o.dump_graph != "dot" && o.dump_graph != "json")
    return cl.usage("--dump-graph: text, dot or json, not '" + o.dump_graph + "'");
  if (o.filter_threads < 0) return cl.usage("-filter_threads: 0 or more");
  if (o.max_queued_frames < 0) return cl.usage("--max-queued-frames: 1 or more");
  int sources = !o.graph.empty() + !o.graph_file.empty() + (!o.vf.empty() || !o.af.empty());
  // With no graph at all the inputs' streams are decoded and encoded as they are (ffmpeg without a filter); only
  // for named inputs, so that a bare "graphrun" still says what it needs.
  if (sources == 0 && !o.inputs_named)
    return cl.usage("no filter graph (give -filter_complex, -filter_complex_script, -vf or -af)");
  if (sources > 1) return cl.usage("give only one of -filter_complex, -filter_complex_script and -vf/-af");
  if (!o.dump_graph_file.empty() && o.dump_graph.empty()) o.dump_graph = "text";
  // (A terminal on stdin is refused where input 0 is opened: a graph of sources alone never reads it.)
  if (common::progress_descriptor(o.shared.progress_url) == 1 && o.output == "-")
    return cl.usage("-progress " + o.shared.progress_url + ": stdout carries the media (pipe:2, or a file)");
  if (threads_mode != "threaded" && threads_mode != "serial")
    return cl.usage("--threads-mode: threaded or serial, not '" + threads_mode + "'");
  o.serial = threads_mode == "serial";
  const bool media_on_stdout = o.output == "-" && o.format != "null";  // -f null writes nothing
  for (const std::string& f : {o.trace_file, o.dump_graph_file})
    if (f == "-" && media_on_stdout) return cl.usage("stdout carries the media: give --trace/--dump-graph-file a file");
  if (o.metadata_out == "-" && media_on_stdout)
    return cl.usage("--metadata-out -: stdout carries the media (give a file, an output with -o, or -f null)");
  if (media_on_stdout) {
    std::string why = cli::stdout_terminal_error(output_named);
    if (!why.empty()) return cl.usage(why);
  }
  return -1;
}

}  // namespace graphrun
