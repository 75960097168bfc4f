// Keyed BLAKE2b (libsodium crypto_generichash with a key): a PRF for blind indexes and for
// deriving sub-keys from a key (e.g. an organisation's blind-index key from its organisation
// key). Without the key, outputs reveal nothing about their inputs beyond equality.
//
// Thread safety: stateless.
//
// Example:
//   std::string tag = KeyedHash(index_key, "giai/v1|name|mukhammad", 16);  // 16 raw bytes
#pragma once

#include <string>
#include <string_view>

#include "crypto/aead.h"

namespace giai::crypto {

// `out_len` raw bytes, 16..64.
std::string KeyedHash(const SecretKey& key, std::string_view message, std::size_t out_len);
// A 32-byte key derived from `parent` for `context` (domain-separated keyed BLAKE2b).
SecretKey DeriveSubKey(const SecretKey& parent, std::string_view context);

}  // namespace giai::crypto
