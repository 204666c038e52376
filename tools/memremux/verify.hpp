// --verify: a receipt of the copy. Every copied stream's packets are hashed twice in the same pass: as the copy
// takes them from the input (after the cut and the skip to the first key frame) and as it hands them to the muxer
// (after the bitstream filters). Hashes are of the payloads only, in the format of ffmpeg's streamhash muxer
// ("0,v,SHA256=..."), so that either side can be checked with ffmpeg:
//   ffmpeg [-ss ...] -i IN [-map ...] -c copy -f streamhash -    the packets as read
//   ffmpeg -i OUT -map 0 -c copy -f streamhash -                  the packets as written (containers that give
//                                                                  packets back as they were muxed: MKV, MP4, NUT)
// A stream without a bitstream filter must come out as it went in: a packet lost or altered on the way (a write
// refused, a packet MP4 cannot hold, a filter's failure) makes it differ, and the run fail.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/ffmpeg.hpp"

namespace memremux {

class Receipt {
 public:
  static constexpr const char* kDefaultHash = "SHA256";  // as ffmpeg's streamhash muxer
  // Throws a usage error when `algorithm` is not one av_hash knows (MD5, SHA256, CRC32, ...).
  explicit Receipt(const std::string& algorithm = kDefaultHash);
  ~Receipt();
  Receipt(const Receipt&) = delete;
  Receipt& operator=(const Receipt&) = delete;

  // Output stream `index` (added in order) copies input stream `input_ref` ("0:1"); `filters` names its bitstream
  // filters ("" when none: then it must come out unchanged).
  void add_stream(const AVStream* input, const std::string& input_ref, const AVStream* output, const std::string& filters);
  // A packet of output stream `index` as read (timestamps as the input had them, in its time base), and as handed
  // to the muxer (in the output's time base).
  void read(int index, const AVPacket* pkt, int64_t pts, int64_t dts);
  void written(int index, const AVPacket* pkt);
  // How the copy ended ("complete", "damaged", ...), for the receipt.
  void set_outcome(const std::string& outcome) { outcome_ = outcome; }

  // The first stream that did not come out as it went in, as one line ("stream 1 (audio): 3 packets read, 2
  // written"); empty when every unfiltered stream is equal.
  std::string first_difference() const;
  // The receipt as one JSON document (ends with a newline).
  std::string json() const;
  // ffmpeg's streamhash lines of one side: "0,v,SHA256=..." per stream.
  std::vector<std::string> streamhash(bool written) const;

 private:
  struct Side {
    ~Side();
    AVHashContext* hash = nullptr;
    int64_t packets = 0;
    int64_t bytes = 0;
    int64_t first_pts = AV_NOPTS_VALUE, last_pts = AV_NOPTS_VALUE;
    int64_t first_dts = AV_NOPTS_VALUE, last_dts = AV_NOPTS_VALUE;
    AVRational time_base{0, 1};
    mutable std::string final_hash;  // "SHA256=hex", once taken
    void add(const AVPacket* pkt, int64_t pts, int64_t dts);
    const std::string& digest() const;
  };
  struct Stream {
    std::string input_ref;
    char type = 'd';  // streamhash's letter: v, a, s, d, t
    std::string codec_type;
    std::string codec_name;
    std::string filters;
    Side read, written;
    bool equal() const;
  };
  std::string algorithm_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::string outcome_ = "complete";
};

}  // namespace memremux
