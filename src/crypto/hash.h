// Cryptographic hashes used across giai (OpenSSL, with hardware SHA extensions where present).
//
// Sha256 is incremental so large evidence files can be hashed while they stream to disk.
// Thread safety: a Sha256 object is used by one thread at a time; the free functions are safe.
//
// Example:
//   Sha256 h; h.Update(chunk1); h.Update(chunk2); Digest256 d = h.Finish();
//   std::string hex = ToHex(Sha256Of("abc"));
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace giai::crypto {

using Digest256 = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::span<const std::uint8_t> bytes);
  void Update(std::string_view bytes);
  // Finishes the digest; the object must not be updated afterwards.
  Digest256 Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Digest256 Sha256Of(std::span<const std::uint8_t> bytes);
Digest256 Sha256Of(std::string_view bytes);

std::string ToHex(std::span<const std::uint8_t> bytes);
// Lower- or upper-case hex; returns false on odd length or a non-hex character.
bool FromHex(std::string_view hex, std::string& out);

}  // namespace giai::crypto
