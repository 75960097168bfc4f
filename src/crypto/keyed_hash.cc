#include "crypto/keyed_hash.h"

#include <sodium.h>

#include <algorithm>

namespace giai::crypto {

std::string KeyedHash(const SecretKey& key, std::string_view message, std::size_t out_len) {
  out_len =
      std::clamp<std::size_t>(out_len, crypto_generichash_BYTES_MIN, crypto_generichash_BYTES_MAX);
  std::string out(out_len, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                     key.data(), SecretKey::kSize);
  return out;
}

SecretKey DeriveSubKey(const SecretKey& parent, std::string_view context) {
  std::string raw = KeyedHash(parent, "giai/v1|subkey|" + std::string(context), SecretKey::kSize);
  Result<SecretKey> key = SecretKey::FromBytes(raw);
  sodium_memzero(raw.data(), raw.size());
  return std::move(key).value();
}

}  // namespace giai::crypto
