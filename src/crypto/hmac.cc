#include "crypto/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace giai::crypto {

Digest256 HmacSha256(std::string_view key, std::string_view message) {
  Digest256 out{};
  unsigned int len = 0;
  // A zero-length key is valid for HMAC; OpenSSL wants a non-null pointer regardless.
  static const unsigned char kEmpty = 0;
  const void* key_data = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &len);
  return out;
}

}  // namespace giai::crypto
