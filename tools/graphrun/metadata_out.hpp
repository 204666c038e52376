// --metadata-out FILE: what the analysis filters (silencedetect, blackdetect, scdet, ebur128, signalstats, ...) attach
// to the frames reaching the graph's outputs, as data: one JSON line per frame that carries metadata, instead of log
// lines to scrape. Keys and values are the frame's (those ffprobe -show_entries frame_tags reports for the same
// graph); a value that reads whole as a number is written as one.
#pragma once

#include <cstdio>
#include <string>

#include "common/ffmpeg.hpp"

namespace graphrun {

class MetadataWriter {
 public:
  // Opens PATH for writing ("-": stdout; a file is written in place, line by line, so that a reader can follow it).
  // Throws common::Error.
  explicit MetadataWriter(const std::string& path);
  ~MetadataWriter();
  MetadataWriter(const MetadataWriter&) = delete;
  MetadataWriter& operator=(const MetadataWriter&) = delete;

  // The line of a frame of output stream `stream` (label: the graph output's label, or "" for none), pts in
  // `time_base`; nothing when the frame carries no metadata. 0, or an AVERROR when the line cannot be written.
  int write(size_t stream, const std::string& label, const AVFrame* frame, AVRational time_base);
  int64_t lines() const { return lines_; }

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  int64_t lines_ = 0;
};

}  // namespace graphrun
