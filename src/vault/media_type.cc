#include "vault/media_type.h"

#include <magic.h>

#include <memory>

namespace giai::vault {

namespace {
struct MagicClose {
  void operator()(magic_t m) const { magic_close(m); }
};
using Magic = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicClose>;

magic_t ThreadMagic() {
  thread_local Magic handle = [] {
    Magic m(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF));
    if (m && magic_load(m.get(), nullptr) != 0) m.reset();
    return m;
  }();
  return handle.get();
}
}  // namespace

std::string SniffMediaType(std::string_view head) {
  magic_t m = ThreadMagic();
  if (m == nullptr || head.empty()) return "application/octet-stream";
  const char* type = magic_buffer(m, head.data(), head.size());
  if (type == nullptr) return "application/octet-stream";
  return type;
}

}  // namespace giai::vault
