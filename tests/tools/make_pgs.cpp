// make_pgs: writes a PGS (HDMV presentation graphics, Blu-ray's .sup) stream for the bitmap subtitle tests, which
// FFmpeg has no encoder for: per START-END pair a display set at START that shows a white box (200x40 at 60,180 of a
// 320x240 picture; an epoch start: PCS, WDS, PDS, ODS with the run-length coded box, END) and a display set at END
// that clears it (a PCS with no object, WDS, END), as a Blu-ray's subtitles are ended.
// Usage: make_pgs OUT.sup START-END [START-END...]   (seconds)
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr int kWidth = 320, kHeight = 240;
constexpr int kBoxX = 60, kBoxY = 180, kBoxW = 200, kBoxH = 40;
constexpr uint8_t kPds = 0x14, kOds = 0x15, kPcs = 0x16, kWds = 0x17, kEnd = 0x80;

int die(const std::string& what) {
  std::fprintf(stderr, "make_pgs: %s\n", what.c_str());
  return 1;
}

void be16(std::vector<uint8_t>& b, unsigned v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void be24(std::vector<uint8_t>& b, unsigned v) {
  b.push_back(static_cast<uint8_t>(v >> 16));
  be16(b, v & 0xffff);
}
void be32(std::vector<uint8_t>& b, uint32_t v) {
  be16(b, v >> 16);
  be16(b, v & 0xffff);
}

// One segment: "PG", PTS and DTS (90 kHz; DTS 0, as most discs have it), type, length, payload.
void segment(std::vector<uint8_t>& out, uint32_t pts, uint8_t type, const std::vector<uint8_t>& payload) {
  out.push_back('P');
  out.push_back('G');
  be32(out, pts);
  be32(out, 0);
  out.push_back(type);
  be16(out, static_cast<unsigned>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

// The presentation composition: the video size, 25 fps, composition number, state (0x80 epoch start, 0 normal),
// palette 0, and the objects shown (object 0 in window 0 at the box's place, or none).
std::vector<uint8_t> pcs(unsigned number, bool epoch_start, bool with_object) {
  std::vector<uint8_t> p;
  be16(p, kWidth);
  be16(p, kHeight);
  p.push_back(0x10);  // frame rate code
  be16(p, number);
  p.push_back(epoch_start ? 0x80 : 0x00);
  p.push_back(0x00);  // palette update flag
  p.push_back(0x00);  // palette id
  p.push_back(with_object ? 1 : 0);
  if (with_object) {
    be16(p, 0);         // object id
    p.push_back(0x00);  // window id
    p.push_back(0x00);  // not cropped
    be16(p, kBoxX);
    be16(p, kBoxY);
  }
  return p;
}

std::vector<uint8_t> wds() {
  std::vector<uint8_t> p;
  p.push_back(1);     // one window
  p.push_back(0x00);  // window id
  be16(p, kBoxX);
  be16(p, kBoxY);
  be16(p, kBoxW);
  be16(p, kBoxH);
  return p;
}

// Palette 0: entry 0 transparent, entry 1 opaque white (Y Cr Cb A, studio range).
std::vector<uint8_t> pds() {
  return {0x00, 0x00,                     // palette id, version
          0x00, 0x10, 0x80, 0x80, 0x00,   // entry 0: black, alpha 0
          0x01, 0xeb, 0x80, 0x80, 0xff};  // entry 1: white, opaque
}

// A run of `n` pixels of colour `c` in PGS's run-length code.
void run(std::vector<uint8_t>& rle, uint8_t c, unsigned n) {
  if (n == 1 && c != 0) {
    rle.push_back(c);
    return;
  }
  rle.push_back(0x00);
  const uint8_t flags = static_cast<uint8_t>((c ? 0x80 : 0) | (n > 63 ? 0x40 : 0));
  if (n > 63) {
    rle.push_back(static_cast<uint8_t>(flags | (n >> 8)));
    rle.push_back(static_cast<uint8_t>(n & 0xff));
  } else {
    rle.push_back(static_cast<uint8_t>(flags | n));
  }
  if (c) rle.push_back(c);
}

// The object: the box, white (1) inside a one-pixel transparent (0) frame, each line ended by 00 00.
std::vector<uint8_t> ods() {
  std::vector<uint8_t> rle;
  for (int y = 0; y < kBoxH; ++y) {
    if (y == 0 || y == kBoxH - 1) {
      run(rle, 0, kBoxW);
    } else {
      run(rle, 0, 1);
      run(rle, 1, kBoxW - 2);
      run(rle, 0, 1);
    }
    rle.push_back(0x00);
    rle.push_back(0x00);
  }
  std::vector<uint8_t> p;
  be16(p, 0);         // object id
  p.push_back(0x00);  // version
  p.push_back(0xc0);  // first and last in sequence
  be24(p, static_cast<unsigned>(rle.size() + 4));  // the data's length, with the size below
  be16(p, kBoxW);
  be16(p, kBoxH);
  p.insert(p.end(), rle.begin(), rle.end());
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return die("usage: make_pgs OUT.sup START-END...");
  const char* out = argv[1];
  std::vector<std::pair<double, double>> boxes;
  for (int i = 2; i < argc; ++i) {
    double a = 0, b = 0;
    if (std::sscanf(argv[i], "%lf-%lf", &a, &b) != 2 || b <= a || a < 0 || b > 40000)
      return die(std::string("not START-END: ") + argv[i]);
    boxes.emplace_back(a, b);
  }
  std::vector<uint8_t> data;
  unsigned number = 0;
  auto ticks = [](double s) { return static_cast<uint32_t>(s * 90000 + 0.5); };
  for (const auto& [start, end] : boxes) {
    segment(data, ticks(start), kPcs, pcs(number++, true, true));
    segment(data, ticks(start), kWds, wds());
    segment(data, ticks(start), kPds, pds());
    segment(data, ticks(start), kOds, ods());
    segment(data, ticks(start), kEnd, {});
    segment(data, ticks(end), kPcs, pcs(number++, false, false));
    segment(data, ticks(end), kWds, wds());
    segment(data, ticks(end), kEnd, {});
  }
  std::FILE* f = std::fopen(out, "wb");
  if (!f) return die(std::string(out) + ": " + std::strerror(errno));
  const bool written = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  if (std::fclose(f) != 0 || !written) return die(std::string(out) + ": " + std::strerror(errno));
  return 0;
}
