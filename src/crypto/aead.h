// Authenticated encryption of small values (identities, narratives, wrapped keys):
// XChaCha20-Poly1305-IETF from libsodium, with a random 192-bit nonce per message.
//
// The associated data binds a ciphertext to where it belongs (object id, field, version): moved
// to another record, field or version, it fails to open. Keys are 32 bytes held in SecretKey,
// which lives in locked, zeroed-on-free memory.
//
// Example:
//   SecretKey k = SecretKey::Generate();
//   std::string box = Seal(k, "secret", "per_X|identity|3");
//   Result<std::string> back = Open(k, box, "per_X|identity|3");
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace giai::crypto {

class SecretKey {
 public:
  static constexpr std::size_t kSize = 32;
  static SecretKey Generate();
  // Fails unless `bytes` is exactly kSize bytes long.
  static Result<SecretKey> FromBytes(std::string_view bytes);

  SecretKey(const SecretKey& other);
  SecretKey& operator=(const SecretKey& other);
  SecretKey(SecretKey&&) noexcept = default;
  SecretKey& operator=(SecretKey&&) noexcept = default;
  ~SecretKey();

  const unsigned char* data() const { return bytes_.get(); }
  // Copies the raw key out (only to wrap it or write the key file).
  std::string Reveal() const;

 private:
  struct Free {
    void operator()(unsigned char* p) const;
  };
  SecretKey();
  std::unique_ptr<unsigned char, Free> bytes_;
};

// nonce || ciphertext || tag.
std::string Seal(const SecretKey& key, std::string_view plaintext, std::string_view associated);
// kIntegrity if the box was altered, moved (other associated data) or sealed under another key.
Result<std::string> Open(const SecretKey& key, std::string_view box, std::string_view associated);

// Constant-time equality (tokens, hashes): time does not depend on where inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace giai::crypto
