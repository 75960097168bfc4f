#include "crypto/signing.h"

#include <sodium.h>

#include <cstring>

namespace giai::crypto {
namespace {

static_assert(crypto_sign_ed25519_PUBLICKEYBYTES == kEd25519PublicKeyBytes);
static_assert(crypto_sign_ed25519_SEEDBYTES == kEd25519SeedBytes);
static_assert(crypto_sign_ed25519_BYTES == kEd25519SignatureBytes);
static_assert(crypto_sign_ed25519_SECRETKEYBYTES == 64);

std::span<const std::uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

Result<Ed25519SigningKey> Ed25519SigningKey::Generate() {
  std::array<std::uint8_t, kEd25519SeedBytes> seed{};
  randombytes_buf(seed.data(), seed.size());
  Result<Ed25519SigningKey> key = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<Ed25519SigningKey> Ed25519SigningKey::FromSeed(std::span<const std::uint8_t> seed) {
  if (seed.size() != kEd25519SeedBytes) {
    return InvalidInput("an Ed25519 seed is 32 bytes");
  }
  Ed25519SigningKey key;
  if (crypto_sign_ed25519_seed_keypair(key.public_key_.data(), key.secret_key_.data(),
                                       seed.data()) != 0) {
    return Internal("Ed25519 key derivation failed");
  }
  return key;
}

Result<Ed25519SigningKey> Ed25519SigningKey::FromSeed(std::string_view seed) {
  return FromSeed(AsBytes(seed));
}

Ed25519SigningKey::Ed25519SigningKey(Ed25519SigningKey&& other) noexcept
    : secret_key_(other.secret_key_), public_key_(other.public_key_) {
  other.Wipe();
}

Ed25519SigningKey& Ed25519SigningKey::operator=(Ed25519SigningKey&& other) noexcept {
  if (this != &other) {
    secret_key_ = other.secret_key_;
    public_key_ = other.public_key_;
    other.Wipe();
  }
  return *this;
}

Ed25519SigningKey::~Ed25519SigningKey() { Wipe(); }

void Ed25519SigningKey::Wipe() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

Ed25519Signature Ed25519SigningKey::Sign(std::span<const std::uint8_t> message) const {
  Ed25519Signature signature{};
  // Cannot fail for a well-formed secret key, which the constructor guarantees.
  crypto_sign_ed25519_detached(signature.data(), nullptr, message.data(), message.size(),
                               secret_key_.data());
  return signature;
}

Ed25519Signature Ed25519SigningKey::Sign(std::string_view message) const {
  return Sign(AsBytes(message));
}

std::string Ed25519SigningKey::ExportSeed() const {
  // The first half of libsodium's secret key is the seed.
  return std::string(reinterpret_cast<const char*>(secret_key_.data()), kEd25519SeedBytes);
}

Result<Ed25519PublicKey> Ed25519PublicKeyFromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kEd25519PublicKeyBytes) {
    return InvalidInput("an Ed25519 public key is 32 bytes");
  }
  Ed25519PublicKey key{};
  std::memcpy(key.data(), bytes.data(), key.size());
  // Converting to X25519 runs libsodium's small-order and canonical-encoding checks on the point.
  std::array<std::uint8_t, crypto_scalarmult_curve25519_BYTES> unused{};
  if (crypto_sign_ed25519_pk_to_curve25519(unused.data(), key.data()) != 0) {
    return InvalidInput("not a usable Ed25519 public key");
  }
  return key;
}

Result<Ed25519PublicKey> Ed25519PublicKeyFromBytes(std::string_view bytes) {
  return Ed25519PublicKeyFromBytes(AsBytes(bytes));
}

bool VerifyEd25519(const Ed25519PublicKey& key, std::span<const std::uint8_t> message,
                   std::span<const std::uint8_t> signature) {
  if (signature.size() != kEd25519SignatureBytes) return false;
  return crypto_sign_ed25519_verify_detached(signature.data(), message.data(), message.size(),
                                             key.data()) == 0;
}

bool VerifyEd25519(const Ed25519PublicKey& key, std::string_view message,
                   std::string_view signature) {
  return VerifyEd25519(key, AsBytes(message), AsBytes(signature));
}

void SecureWipe(std::string& secret) {
  sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

}  // namespace giai::crypto
