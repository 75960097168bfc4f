// HMAC-SHA-256 (RFC 2104) over OpenSSL: the keyed hash behind privacy-preserving record linkage
// (Bloom-filter bit positions and blocking keys derived from a consortium secret).
//
// Thread safety: the free function is safe; an HmacSha256Key may be shared by threads once built
// (it only holds the key bytes).
//
// Example:
//   Digest256 tag = HmacSha256("secret key", "message");
#pragma once

#include <string>
#include <string_view>

#include "crypto/hash.h"

namespace giai::crypto {

Digest256 HmacSha256(std::string_view key, std::string_view message);

}  // namespace giai::crypto
