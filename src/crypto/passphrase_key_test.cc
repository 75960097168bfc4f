#include "crypto/passphrase_key.h"

#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "crypto/random.h"

namespace giai::crypto {
namespace {

std::string Hex(const SecretKey& key) {
  std::string raw = key.Reveal();
  return ToHex(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
}

PassphraseKdfParams Floor(std::string salt) {
  PassphraseKdfParams p;
  p.opslimit = 3;
  p.memlimit = PassphraseKdfParams::kMinMemLimit;
  p.salt = std::move(salt);
  return p;
}

// Expected output computed independently with the Argon2 reference implementation (libargon2,
// argon2id_hash_raw(t=3, m=47104 KiB, p=1)): libsodium must produce the same bytes.
TEST(PassphraseKey, MatchesTheArgon2ReferenceImplementation) {
  ASSERT_TRUE(Init());
  auto key = DerivePassphraseKey("correct horse battery staple", Floor("giai-salt-16byte"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(Hex(*key), "072b45337ff415fae5d100bbf487e78ca70cc19b3bfa31103313577124551c36");
}

TEST(PassphraseKey, DefaultsAreAboveTheAsvsFloorWithAFreshSalt) {
  ASSERT_TRUE(Init());
  PassphraseKdfParams a = PassphraseKdfParams::Default();
  PassphraseKdfParams b = PassphraseKdfParams::Default();
  EXPECT_EQ(a.algorithm, "argon2id13");
  EXPECT_GE(a.opslimit, 3u);
  EXPECT_GE(a.memlimit, PassphraseKdfParams::kMinMemLimit);
  EXPECT_EQ(a.salt.size(), 16u);
  EXPECT_NE(a.salt, b.salt);
}

TEST(PassphraseKey, SaltAndPassphraseBothChangeTheKey) {
  ASSERT_TRUE(Init());
  auto base = DerivePassphraseKey("passphrase one", Floor("0123456789abcdef"));
  auto other_salt = DerivePassphraseKey("passphrase one", Floor("0123456789abcdeF"));
  auto other_pass = DerivePassphraseKey("passphrase onE", Floor("0123456789abcdef"));
  auto again = DerivePassphraseKey("passphrase one", Floor("0123456789abcdef"));
  ASSERT_TRUE(base.ok() && other_salt.ok() && other_pass.ok() && again.ok());
  EXPECT_EQ(Hex(*base), Hex(*again));
  EXPECT_NE(Hex(*base), Hex(*other_salt));
  EXPECT_NE(Hex(*base), Hex(*other_pass));
}

TEST(PassphraseKey, RefusesWeakOrMalformedParameters) {
  ASSERT_TRUE(Init());
  PassphraseKdfParams weak_memory = Floor("0123456789abcdef");
  weak_memory.memlimit = 8u << 20;
  PassphraseKdfParams weak_time = Floor("0123456789abcdef");
  weak_time.opslimit = 0;
  PassphraseKdfParams short_salt = Floor("short");
  PassphraseKdfParams unknown = Floor("0123456789abcdef");
  unknown.algorithm = "scrypt";
  for (const auto& p : {weak_memory, weak_time, short_salt, unknown}) {
    EXPECT_EQ(DerivePassphraseKey("a passphrase", p).status().code(), Code::kInvalidInput);
  }
  EXPECT_EQ(DerivePassphraseKey("", Floor("0123456789abcdef")).status().code(),
            Code::kInvalidInput);
}

}  // namespace
}  // namespace giai::crypto
