#include "crypto/password.h"

#include <sodium.h>

#include "crypto/hash.h"

namespace giai::crypto {

namespace {
constexpr unsigned long long kOpsLimit = 3;
constexpr std::size_t kMemLimit = 64ull << 20;
}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Unavailable("out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  std::string hash(stored_hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string HashToken(std::string_view token) { return ToHex(Sha256Of(token)); }

}  // namespace giai::crypto
