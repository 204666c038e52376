#include "common/avfilter_listing.hpp"

#include <dlfcn.h>

namespace common {

namespace {

struct Loaded {
  AvfilterListing api{};
  bool ok = false;
};

// dlsym gives a void*; a function pointer of the declared type is what the header promises at that name.
template <typename F>
bool lookup(void* lib, const char* name, F& out) {
  void* symbol = dlsym(lib, name);
  out = reinterpret_cast<F>(symbol);
  return symbol != nullptr;
}

Loaded load() {
  Loaded l;
  // Never closed: its filters' static data is referenced by whatever the caller keeps.
  void* lib = dlopen(avfilter_soname().c_str(), RTLD_NOW | RTLD_LOCAL);
  l.ok = lib && lookup(lib, "avfilter_version", l.api.version) && lookup(lib, "av_filter_iterate", l.api.iterate) &&
         lookup(lib, "avfilter_filter_pad_count", l.api.pad_count) &&
         lookup(lib, "avfilter_pad_get_type", l.api.pad_type);
  return l;
}

}  // namespace

std::string avfilter_soname() { return "libavfilter.so." + std::to_string(LIBAVFILTER_VERSION_MAJOR); }

const AvfilterListing* avfilter_listing() {
  static const Loaded loaded = load();  // thread-safe once
  return loaded.ok ? &loaded.api : nullptr;
}

}  // namespace common
