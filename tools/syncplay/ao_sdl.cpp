#include "ao_sdl.hpp"

#include <SDL.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

#include "common/clock.hpp"

namespace syncplay {
namespace {

struct SdlAudioTuning {
  static constexpr int kMinBufferSamples = 512;
  static constexpr int kCallbacksPerSecond = 30;  // buffer of about 1/30 s (ffplay's choice)
};

class SdlAudioOutput : public AudioOutput {
 public:
  SdlAudioOutput() = default;
  ~SdlAudioOutput() override {
    if (device_) SDL_CloseAudioDevice(device_);
    if (initialized_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
  }
  SdlAudioOutput(const SdlAudioOutput&) = delete;
  SdlAudioOutput& operator=(const SdlAudioOutput&) = delete;

  bool open(int rate, int channels, int volume, std::string& error) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
      error = SDL_GetError();
      return false;
    }
    initialized_ = true;
    SDL_AudioSpec want{}, have{};
    want.freq = rate;
    want.format = AUDIO_S16SYS;
    want.channels = static_cast<Uint8>(std::clamp(channels, 1, 8));
    int samples = SdlAudioTuning::kMinBufferSamples;
    while (samples * 2 <= rate / SdlAudioTuning::kCallbacksPerSecond) samples *= 2;
    // SDL's dummy and disk drivers have no hardware buffer: they sleep one buffer's time after each callback.
    const char* driver = SDL_GetCurrentAudioDriver();
    bool sleeping_driver = driver && (std::strcmp(driver, "dummy") == 0 || std::strcmp(driver, "disk") == 0);
    want.samples = static_cast<Uint16>(samples);
    want.callback = &SdlAudioOutput::callback;
    want.userdata = this;
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have,
                                  SDL_AUDIO_ALLOW_FREQUENCY_CHANGE | SDL_AUDIO_ALLOW_CHANNELS_CHANGE);
    if (device_ == 0 && want.channels > 2) {
      want.channels = 2;
      device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
    }
    if (device_ == 0) {
      error = SDL_GetError();
      return false;
    }
    spec_.rate = have.freq;
    spec_.channels = have.channels;
    spec_.buffer_bytes = static_cast<int>(have.size);
    if (sleeping_driver) spec_.latency_buffers = 1;
    scratch_.resize(have.size);
    volume_ = volume;
    return true;
  }

  const AudioDeviceSpec& spec() const override { return spec_; }
  void start(AudioSource& source) override {
    source_ = &source;
    SDL_PauseAudioDevice(device_, 0);
  }
  void set_paused(bool paused) override { SDL_PauseAudioDevice(device_, paused ? 1 : 0); }
  void set_volume(int volume) override { volume_ = std::clamp(volume, 0, 100); }
  void set_muted(bool muted) override { muted_ = muted; }

 private:
  static void SDLCALL callback(void* self, Uint8* stream, int len) {
    static_cast<SdlAudioOutput*>(self)->pull(stream, len);
  }
  void pull(Uint8* stream, int len) {
    double now = common::now_seconds();
    if (!source_) {
      std::fill(stream, stream + len, Uint8{0});
      return;
    }
    int volume = muted_ ? 0 : volume_.load();
    if (volume == 100) {
      source_->fill(stream, len, now);
      return;
    }
    if (scratch_.size() < static_cast<size_t>(len)) scratch_.resize(static_cast<size_t>(len));
    source_->fill(scratch_.data(), len, now);
    std::fill(stream, stream + len, Uint8{0});
    SDL_MixAudioFormat(stream, scratch_.data(), AUDIO_S16SYS, static_cast<Uint32>(len), volume * SDL_MIX_MAXVOLUME / 100);
  }

  SDL_AudioDeviceID device_ = 0;
  bool initialized_ = false;
  AudioDeviceSpec spec_;
  std::vector<Uint8> scratch_;
  AudioSource* source_ = nullptr;
  std::atomic<int> volume_{100};
  std::atomic<bool> muted_{false};
};

}  // namespace

std::unique_ptr<AudioOutput> open_sdl_audio(int rate, int channels, int volume, std::string& error) {
  auto out = std::make_unique<SdlAudioOutput>();
  if (!out->open(rate, channels, volume, error)) return nullptr;
  return out;
}

}  // namespace syncplay
