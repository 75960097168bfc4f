// Key derivation from a human passphrase with Argon2id (libsodium crypto_pwhash, RFC 9106): the
// key-encryption key that wraps giai's master key in passphrase mode (protect/master_key.h).
//
// Parameters are explicit and recorded next to what the key protects, so they can be raised
// later. The defaults (t = 3, m = 256 MiB, p = 1: libsodium's MODERATE) are well above the floor
// of OWASP ASVS 5 Appendix C (t = 1 with m >= 47,104 KiB, p = 1), which DerivePassphraseKey
// refuses to go below (a tampered parameter record cannot weaken the derivation).
//
// Thread safety: stateless; each call costs `memlimit` bytes of memory and ~0.5-1 s by design.
//
// Example:
//   PassphraseKdfParams p = PassphraseKdfParams::Default();   // fresh random salt
//   GIAI_ASSIGN_OR_RETURN(SecretKey kek, DerivePassphraseKey("correct horse ...", p));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "crypto/aead.h"

namespace giai::crypto {

struct PassphraseKdfParams {
  static constexpr std::uint64_t kMinOpsLimit = 1;
  static constexpr std::uint64_t kMinMemLimit = 47104ull << 10;  // ASVS 5 Appendix C floor
  static constexpr std::size_t kSaltSize = 16;
  static constexpr std::size_t kMinPassphraseSize = 12;

  std::string algorithm = "argon2id13";
  std::uint64_t opslimit = 3;
  std::uint64_t memlimit = 256ull << 20;
  std::string salt;  // kSaltSize random bytes

  // The default parameters with a fresh random salt.
  static PassphraseKdfParams Default();
};

// kInvalidInput if the passphrase is empty or the parameters are unknown, malformed or below
// the floor; kUnavailable if the memory cannot be had.
Result<SecretKey> DerivePassphraseKey(std::string_view passphrase,
                                      const PassphraseKdfParams& params);

}  // namespace giai::crypto
