#include "common/avfilter_listing.hpp"

#include <dlfcn.h>

#include <mutex>

namespace common {

namespace {

struct Loaded {
  AvfilterListing api{};
  bool ok = false;
  std::string why;
};

// dlsym gives a void*; a function pointer of the declared type is what the header promises at that name.
template <typename F>
bool lookup(void* lib, const char* name, F& out, std::string& why) {
  void* symbol = dlsym(lib, name);
  if (!symbol) {
    why = std::string(name) + " is missing from " + avfilter_soname();
    return false;
  }
  out = reinterpret_cast<F>(symbol);
  return true;
}

Loaded load() {
  Loaded l;
  // Never closed: its filters' static data is referenced by whatever the caller keeps.
  void* lib = dlopen(avfilter_soname().c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* e = dlerror();
    l.why = e ? e : ("cannot load " + avfilter_soname());
    return l;
  }
  l.ok = lookup(lib, "avfilter_version", l.api.version, l.why) &&
         lookup(lib, "av_filter_iterate", l.api.iterate, l.why) &&
         lookup(lib, "avfilter_filter_pad_count", l.api.pad_count, l.why) &&
         lookup(lib, "avfilter_pad_get_type", l.api.pad_type, l.why);
  return l;
}

}  // namespace

std::string avfilter_soname() { return "libavfilter.so." + std::to_string(LIBAVFILTER_VERSION_MAJOR); }

const AvfilterListing* avfilter_listing(std::string* why) {
  static const Loaded loaded = load();  // thread-safe once
  if (!loaded.ok && why) *why = loaded.why;
  return loaded.ok ? &loaded.api : nullptr;
}

}  // namespace common
