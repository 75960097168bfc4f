#include "crypto/random.h"

#include <sodium.h>

#include <array>
#include <chrono>

namespace giai::crypto {

bool Init() { return sodium_init() >= 0; }

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::uint32_t RandomUniform(std::uint32_t upper_bound) { return randombytes_uniform(upper_bound); }

std::string RandomBase32(std::size_t length) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // Identifiers are drawn on every request (request ids, record ids) and each draw from the
  // kernel is a system call, so each thread takes its bytes from a pool refilled 512 bytes at a
  // time. The bytes are the CSPRNG's all the same; keys and tokens never come from this pool.
  // 256 is a multiple of 32, so taking 5 bits of each byte is unbiased.
  thread_local std::array<unsigned char, 512> pool;
  thread_local std::size_t used = pool.size();
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    if (used == pool.size()) {
      randombytes_buf(pool.data(), pool.size());
      used = 0;
    }
    out.push_back(kAlphabet[pool[used] & 31]);
    pool[used++] = 0;  // a drawn byte is not kept in memory
  }
  return out;
}

std::string RandomToken(std::size_t bytes) {
  std::string raw = RandomBytes(bytes);
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace giai::crypto

namespace giai::crypto {

std::string IdTimeBound(std::string_view prefix, std::chrono::system_clock::time_point t) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::string out(prefix);
  out.push_back('_');
  // 10 characters carry 50 bits: the 48-bit millisecond clock.
  for (int i = 9; i >= 0; --i) out.push_back(kAlphabet[(ms >> (5 * i)) & 31]);
  return out;
}

std::string NewId(std::string_view prefix) {
  return IdTimeBound(prefix, std::chrono::system_clock::now()) + RandomBase32(16);
}

}  // namespace giai::crypto
