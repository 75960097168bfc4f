// Password hashing with Argon2id (libsodium), at parameters above OWASP ASVS 5's minimum
// (m = 64 MiB, t = 3). The stored string is libsodium's PHC-like encoding, carrying its own salt
// and parameters, so parameters can be raised later without breaking old hashes.
// Thread safe; each call costs ~64 MiB and tens of milliseconds by design.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace giai::crypto {

Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view stored_hash, std::string_view password);
// A fast keyed-free hash for high-entropy secrets (session and API tokens): hex SHA-256.
// Tokens carry 256 bits of randomness, so a slow hash would add nothing.
std::string HashToken(std::string_view token);

}  // namespace giai::crypto
