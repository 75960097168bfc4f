#include "crypto/base64.h"

#include <sodium.h>

namespace giai::crypto {

std::string Base64Encode(std::span<const std::uint8_t> bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.pop_back();  // sodium writes a terminating NUL inside the length it reports
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  return Base64Encode(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

bool Base64Decode(std::string_view text, std::string& out) {
  out.assign(text.size() / 4 * 3 + 3, '\0');
  std::size_t decoded_len = 0;
  // A null b64_end makes libsodium fail on any trailing byte; it also rejects non-zero padding
  // bits, so only the canonical encoding of a byte string is accepted.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), /*ignore=*/nullptr, &decoded_len, /*b64_end=*/nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  out.resize(decoded_len);
  return true;
}

}  // namespace giai::crypto
