// The video output of --no-display: nothing shown, waits by sleeping.
#include <chrono>
#include <thread>

#include "output.hpp"

namespace syncplay {
namespace {

class NullVideoOutput : public VideoOutput {
 public:
  void show(const AVFrame*) override {}
  void redraw() override {}
  void set_overlay(const SubtitleOverlay&) override {}
  void show_visual(int, int, const std::vector<uint32_t>&) override {}
  bool window_size(int&, int&) const override { return false; }
  void toggle_fullscreen() override {}
  void wait_events(double timeout, std::vector<UserCommand>&) override {
    if (timeout > 0) std::this_thread::sleep_for(std::chrono::duration<double>(timeout));
  }
};

}  // namespace

std::unique_ptr<VideoOutput> make_null_video_output() { return std::make_unique<NullVideoOutput>(); }

}  // namespace syncplay
