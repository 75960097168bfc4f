#include "crypto/aead.h"

#include <sodium.h>

#include <cstring>
#include <new>

namespace giai::crypto {

void SecretKey::Free::operator()(unsigned char* p) const { sodium_free(p); }

SecretKey::SecretKey() {
  auto* p = static_cast<unsigned char*>(sodium_malloc(kSize));
  if (p == nullptr) throw std::bad_alloc();
  bytes_.reset(p);
}

SecretKey SecretKey::Generate() {
  SecretKey k;
  crypto_aead_xchacha20poly1305_ietf_keygen(k.bytes_.get());
  return k;
}

Result<SecretKey> SecretKey::FromBytes(std::string_view bytes) {
  if (bytes.size() != kSize) return Integrity("a key must be 32 bytes");
  SecretKey k;
  std::memcpy(k.bytes_.get(), bytes.data(), kSize);
  return k;
}

SecretKey::SecretKey(const SecretKey& other) : SecretKey() {
  std::memcpy(bytes_.get(), other.bytes_.get(), kSize);
}

SecretKey& SecretKey::operator=(const SecretKey& other) {
  if (this != &other) {
    if (!bytes_) *this = SecretKey();
    std::memcpy(bytes_.get(), other.bytes_.get(), kSize);
  }
  return *this;
}

SecretKey::~SecretKey() = default;

std::string SecretKey::Reveal() const {
  return std::string(reinterpret_cast<const char*>(bytes_.get()), kSize);
}

std::string Seal(const SecretKey& key, std::string_view plaintext, std::string_view associated) {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  std::string box(kNonce + plaintext.size() + kTag, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonce, &written, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(associated.data()),
      associated.size(), nullptr, out, key.data());
  box.resize(kNonce + written);
  return box;
}

Result<std::string> Open(const SecretKey& key, std::string_view box, std::string_view associated) {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (box.size() < kNonce + kTag) return Integrity("ciphertext too short");
  std::string plain(box.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(box.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, in + kNonce,
          box.size() - kNonce, reinterpret_cast<const unsigned char*>(associated.data()),
          associated.size(), in, key.data()) != 0) {
    return Integrity("ciphertext failed authentication");
  }
  plain.resize(written);
  return plain;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace giai::crypto
