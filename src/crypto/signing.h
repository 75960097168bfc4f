// Ed25519 signatures (RFC 8032, libsodium): key generation, signing, verification and the raw
// (de)serialisation of keys.
//
// Ed25519SigningKey owns its secret key and wipes it when destroyed or moved from. The secret is
// exported only as the 32-byte RFC 8032 seed (ExportSeed), which is what key files store; higher
// layers wrap it in their own formats (the ledger's note signer key, the key hierarchy of
// DESIGN.md §4). Verification uses libsodium's strict checks: non-canonical signatures and
// small-order or non-canonical public keys are rejected, so a signature cannot be malleated into
// a second valid one.
// Thread safety: a const Ed25519SigningKey may be used from several threads; free functions are
// thread safe. crypto::Init() (random.h) must have been called once before use.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(Ed25519SigningKey key, Ed25519SigningKey::Generate());
//   Ed25519Signature sig = key.Sign(message);
//   bool ok = VerifyEd25519(key.public_key(), message, sig);
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace giai::crypto {

inline constexpr std::size_t kEd25519PublicKeyBytes = 32;
inline constexpr std::size_t kEd25519SeedBytes = 32;
inline constexpr std::size_t kEd25519SignatureBytes = 64;

using Ed25519PublicKey = std::array<std::uint8_t, kEd25519PublicKeyBytes>;
using Ed25519Signature = std::array<std::uint8_t, kEd25519SignatureBytes>;

class Ed25519SigningKey {
 public:
  // A fresh key from the CSPRNG.
  static Result<Ed25519SigningKey> Generate();
  // The key derived from a 32-byte seed (RFC 8032 "private key"); kInvalidInput on wrong length.
  static Result<Ed25519SigningKey> FromSeed(std::span<const std::uint8_t> seed);
  static Result<Ed25519SigningKey> FromSeed(std::string_view seed);

  Ed25519SigningKey(Ed25519SigningKey&& other) noexcept;
  Ed25519SigningKey& operator=(Ed25519SigningKey&& other) noexcept;
  Ed25519SigningKey(const Ed25519SigningKey&) = delete;
  Ed25519SigningKey& operator=(const Ed25519SigningKey&) = delete;
  ~Ed25519SigningKey();

  const Ed25519PublicKey& public_key() const { return public_key_; }

  // Deterministic: the same key and message always give the same signature.
  Ed25519Signature Sign(std::span<const std::uint8_t> message) const;
  Ed25519Signature Sign(std::string_view message) const;

  // The 32-byte seed. Secret: write it only to protected storage and wipe copies after use.
  std::string ExportSeed() const;

 private:
  Ed25519SigningKey() = default;
  void Wipe();

  // libsodium's expanded secret key: seed (32 bytes) followed by the public key (32 bytes).
  std::array<std::uint8_t, 64> secret_key_{};
  Ed25519PublicKey public_key_{};
};

// A public key from its 32 raw bytes; kInvalidInput on wrong length or a point libsodium would
// refuse to verify against (small order, non-canonical).
Result<Ed25519PublicKey> Ed25519PublicKeyFromBytes(std::span<const std::uint8_t> bytes);
Result<Ed25519PublicKey> Ed25519PublicKeyFromBytes(std::string_view bytes);

// True only if `signature` is exactly 64 bytes and a valid signature of `message` under `key`.
bool VerifyEd25519(const Ed25519PublicKey& key, std::span<const std::uint8_t> message,
                   std::span<const std::uint8_t> signature);
bool VerifyEd25519(const Ed25519PublicKey& key, std::string_view message,
                   std::string_view signature);

// Overwrites `secret` with zeros in a way the compiler cannot optimise away, then clears it.
// For strings that held key material (seeds, decoded signer keys).
void SecureWipe(std::string& secret);

}  // namespace giai::crypto
