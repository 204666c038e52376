#include "common/bsf.hpp"

#include <utility>

#include "common/cli_support.hpp"
#include "common/errors.hpp"

namespace common {

std::string bsf_spec_error(const std::string& spec) {
  if (spec.empty()) return "no filter named";
  AVBSFContext* raw = nullptr;
  AvLogCapture quiet;  // the caller's one line says it
  const int ret = av_bsf_list_parse_str(spec.c_str(), &raw);
  BsfPtr bsf(raw);
  if (ret >= 0) return "";
  const std::string said = quiet.text();
  return said.empty() ? av_error_text(ret) : said;
}

BsfChain::BsfChain(BsfPtr bsf, std::string spec) : bsf_(std::move(bsf)), spec_(std::move(spec)), out_(make_packet()) {}

std::unique_ptr<BsfChain> BsfChain::open(const std::string& option, const std::string& spec,
                                         const AVCodecParameters* par, AVRational time_base, const std::string& what) {
  AVBSFContext* raw = nullptr;
  int ret = av_bsf_list_parse_str(spec.c_str(), &raw);
  BsfPtr bsf(raw);
  if (ret < 0) throw usage_error(option, "'" + spec + "': " + av_error_text(ret));
  check(avcodec_parameters_copy(bsf->par_in, par), "opening bitstream filters", ErrorKind::kInternal);
  bsf->time_base_in = time_base;
  std::string why;
  {
    AvLogCapture capture;  // what the filter says of the stream it refuses completes our one line
    ret = av_bsf_init(bsf.get());
    if (ret < 0) why = capture.text();
  }
  if (ret < 0)
    throw usage_error(option, "'" + spec + "' cannot filter " + what + ": " + (why.empty() ? av_error_text(ret) : why));
  return std::unique_ptr<BsfChain>(new BsfChain(std::move(bsf), spec));
}

int BsfChain::filter(AVPacket* pkt, const std::function<int(AVPacket*)>& write, int& filter_error) {
  int ret = av_bsf_send_packet(bsf_.get(), pkt);  // takes the packet's reference
  if (ret < 0) {
    if (pkt) av_packet_unref(pkt);
    filter_error = ret;
    return 0;
  }
  while ((ret = av_bsf_receive_packet(bsf_.get(), out_.get())) >= 0) {
    ret = write(out_.get());
    av_packet_unref(out_.get());
    if (ret < 0) return ret;
  }
  if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF) filter_error = ret;
  return 0;
}

}  // namespace common
