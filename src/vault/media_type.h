// Recognises a file's media type from its first bytes (libmagic), never from the name or the
// type the client declared: both are easy to forge, and a reviewer opening "photo.jpg" must know
// it is really a JPEG. The only file that calls libmagic.
// Thread safety: thread safe (one libmagic handle per thread).
#pragma once

#include <string>
#include <string_view>

namespace giai::vault {

// e.g. "image/jpeg", "application/pdf"; "application/octet-stream" when unknown.
std::string SniffMediaType(std::string_view head);

}  // namespace giai::vault
