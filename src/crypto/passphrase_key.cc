#include "crypto/passphrase_key.h"

#include <sodium.h>

#include <vector>

namespace giai::crypto {

PassphraseKdfParams PassphraseKdfParams::Default() {
  PassphraseKdfParams p;
  p.salt.resize(kSaltSize);
  randombytes_buf(p.salt.data(), p.salt.size());
  return p;
}

Result<SecretKey> DerivePassphraseKey(std::string_view passphrase,
                                      const PassphraseKdfParams& params) {
  static_assert(PassphraseKdfParams::kSaltSize == crypto_pwhash_SALTBYTES);
  if (passphrase.empty()) return InvalidInput("the passphrase is empty");
  if (params.algorithm != "argon2id13") {
    return InvalidInput("unknown passphrase KDF '" + params.algorithm + "' (expected argon2id13)");
  }
  if (params.salt.size() != PassphraseKdfParams::kSaltSize) {
    return InvalidInput("the passphrase KDF salt must be 16 bytes");
  }
  if (params.opslimit < PassphraseKdfParams::kMinOpsLimit ||
      params.memlimit < PassphraseKdfParams::kMinMemLimit ||
      params.opslimit > crypto_pwhash_OPSLIMIT_MAX || params.memlimit > (4ull << 30)) {
    return InvalidInput("Argon2id parameters out of range (minimum t = 1, m = 47104 KiB)");
  }
  std::vector<unsigned char> out(SecretKey::kSize);
  if (crypto_pwhash(out.data(), out.size(), passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(params.salt.data()), params.opslimit,
                    static_cast<std::size_t>(params.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Unavailable("out of memory while deriving the key from the passphrase");
  }
  Result<SecretKey> key =
      SecretKey::FromBytes(std::string_view(reinterpret_cast<const char*>(out.data()), out.size()));
  sodium_memzero(out.data(), out.size());
  return key;
}

}  // namespace giai::crypto
