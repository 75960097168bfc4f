#include "crypto/hash.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace giai::crypto {

struct Sha256::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  // Allocation failure of a tiny context is not a recoverable user-input error.
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) != 1) {
    throw std::bad_alloc();
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(impl_->ctx); }

void Sha256::Update(std::span<const std::uint8_t> bytes) {
  EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size());
}

void Sha256::Update(std::string_view bytes) {
  EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size());
}

Digest256 Sha256::Finish() {
  Digest256 out{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, out.data(), &len);
  return out;
}

namespace {

// One-shot hashing is the hot path of the Merkle log (two hashes per append, ~log2(n) per proof
// check). Reusing a per-thread context and an explicitly fetched algorithm avoids an allocation
// and OpenSSL 3's implicit algorithm lookup on every call, which cost more than the hash itself.
class OneShotSha256 {
 public:
  OneShotSha256() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {
    if (md_ == nullptr || ctx_ == nullptr) throw std::bad_alloc();
  }
  ~OneShotSha256() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  OneShotSha256(const OneShotSha256&) = delete;
  OneShotSha256& operator=(const OneShotSha256&) = delete;

  Digest256 Hash(const void* data, std::size_t size) {
    Digest256 out{};
    unsigned int len = 0;
    if (EVP_DigestInit_ex(ctx_, md_, nullptr) != 1 || EVP_DigestUpdate(ctx_, data, size) != 1 ||
        EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1) {
      throw std::bad_alloc();  // only on allocation failure inside OpenSSL
    }
    return out;
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

OneShotSha256& ThreadSha256() {
  thread_local OneShotSha256 hasher;
  return hasher;
}

}  // namespace

Digest256 Sha256Of(std::span<const std::uint8_t> bytes) {
  return ThreadSha256().Hash(bytes.data(), bytes.size());
}

Digest256 Sha256Of(std::string_view bytes) {
  return ThreadSha256().Hash(bytes.data(), bytes.size());
}

std::string ToHex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  char* p = out.data();
  for (std::uint8_t b : bytes) {
    *p++ = kDigits[b >> 4];
    *p++ = kDigits[b & 0xF];
  }
  return out;
}

bool FromHex(std::string_view hex, std::string& out) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  out.clear();
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return true;
}

}  // namespace giai::crypto
