#include "crypto/signing.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/base64.h"
#include "crypto/hash.h"
#include "crypto/random.h"

namespace giai::crypto {
namespace {

std::string Unhex(std::string_view hex) {
  std::string out;
  EXPECT_TRUE(FromHex(hex, out)) << hex;
  return out;
}

class SigningTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Init()); }
};

// RFC 8032 §7.1, TEST 1 and TEST 2.
struct Rfc8032Case {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};
constexpr Rfc8032Case kRfc8032Cases[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b"
     "4"
     "6bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11"
     "d"
     "8c387b2eaeb4302aeeb00d291612bb0c00"},
};

TEST_F(SigningTest, ReproducesRfc8032Vectors) {
  for (const Rfc8032Case& c : kRfc8032Cases) {
    Result<Ed25519SigningKey> key = Ed25519SigningKey::FromSeed(Unhex(c.seed));
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(ToHex(key->public_key()), c.public_key);
    std::string message = Unhex(c.message);
    Ed25519Signature signature = key->Sign(message);
    EXPECT_EQ(ToHex(signature), c.signature);
    EXPECT_TRUE(VerifyEd25519(
        key->public_key(), message,
        std::string_view(reinterpret_cast<const char*>(signature.data()), signature.size())));
  }
}

TEST_F(SigningTest, GeneratedKeysSignAndVerify) {
  Result<Ed25519SigningKey> key = Ed25519SigningKey::Generate();
  ASSERT_TRUE(key.ok());
  Ed25519Signature signature = key->Sign("custody event");
  const std::string_view message = "custody event";
  EXPECT_TRUE(
      VerifyEd25519(key->public_key(),
                    std::span<const std::uint8_t>(
                        reinterpret_cast<const std::uint8_t*>(message.data()), message.size()),
                    signature));
  Result<Ed25519SigningKey> other = Ed25519SigningKey::Generate();
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->public_key(), key->public_key());
}

TEST_F(SigningTest, RejectsTamperedMessageSignatureAndWrongKey) {
  Result<Ed25519SigningKey> key = Ed25519SigningKey::Generate();
  Result<Ed25519SigningKey> other = Ed25519SigningKey::Generate();
  ASSERT_TRUE(key.ok() && other.ok());
  const std::string message = "evidence sha256 commitment";
  Ed25519Signature signature = key->Sign(message);
  auto as_view = [](const Ed25519Signature& s) {
    return std::string_view(reinterpret_cast<const char*>(s.data()), s.size());
  };
  EXPECT_FALSE(VerifyEd25519(key->public_key(), message + "!", as_view(signature)));
  EXPECT_FALSE(VerifyEd25519(other->public_key(), message, as_view(signature)));
  for (std::size_t i = 0; i < signature.size(); ++i) {
    Ed25519Signature mutated = signature;
    mutated[i] ^= 0x01;
    EXPECT_FALSE(VerifyEd25519(key->public_key(), message, as_view(mutated))) << "byte " << i;
  }
  EXPECT_FALSE(VerifyEd25519(key->public_key(), message, as_view(signature).substr(0, 63)));
  EXPECT_FALSE(VerifyEd25519(key->public_key(), message, std::string(as_view(signature)) + "x"));
}

TEST_F(SigningTest, SeedRoundTripsToTheSameKey) {
  Result<Ed25519SigningKey> key = Ed25519SigningKey::Generate();
  ASSERT_TRUE(key.ok());
  std::string seed = key->ExportSeed();
  ASSERT_EQ(seed.size(), kEd25519SeedBytes);
  Result<Ed25519SigningKey> again = Ed25519SigningKey::FromSeed(seed);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key(), key->public_key());
  EXPECT_EQ(again->Sign("x"), key->Sign("x"));
}

TEST_F(SigningTest, RejectsSeedsAndPublicKeysOfWrongLength) {
  EXPECT_EQ(Ed25519SigningKey::FromSeed(std::string(31, 'a')).status().code(), Code::kInvalidInput);
  EXPECT_EQ(Ed25519SigningKey::FromSeed(std::string(33, 'a')).status().code(), Code::kInvalidInput);
  EXPECT_EQ(Ed25519PublicKeyFromBytes(std::string(31, 'a')).status().code(), Code::kInvalidInput);
  EXPECT_EQ(Ed25519PublicKeyFromBytes(std::string()).status().code(), Code::kInvalidInput);
}

TEST_F(SigningTest, RejectsSmallOrderPublicKey) {
  // The identity point (y = 1) has order 1: any "signature" could be forged against it.
  std::string identity(32, '\0');
  identity[0] = 1;
  EXPECT_EQ(Ed25519PublicKeyFromBytes(identity).status().code(), Code::kInvalidInput);
  Result<Ed25519SigningKey> key = Ed25519SigningKey::Generate();
  ASSERT_TRUE(key.ok());
  std::string raw(reinterpret_cast<const char*>(key->public_key().data()), 32);
  EXPECT_TRUE(Ed25519PublicKeyFromBytes(raw).ok());
}

TEST_F(SigningTest, MovingAKeyWipesTheSecretFromTheSource) {
  Result<Ed25519SigningKey> key = Ed25519SigningKey::Generate();
  ASSERT_TRUE(key.ok());
  std::string seed = key->ExportSeed();
  Ed25519SigningKey moved = std::move(key).value();
  EXPECT_EQ(moved.ExportSeed(), seed);
  // The moved-from object stays valid but its secret has been wiped.
  EXPECT_EQ(key->ExportSeed(),
            std::string(kEd25519SeedBytes, '\0'));  // NOLINT(bugprone-use-after-move)
}

TEST_F(SigningTest, SecureWipeLeavesAnEmptyString) {
  // That the bytes were zeroed first is sodium_memzero's contract; reading them back after the
  // string has been cleared would be undefined behaviour, so it is not tested here.
  std::string secret = "seed material";
  SecureWipe(secret);
  EXPECT_TRUE(secret.empty());
}

TEST(Base64Test, RoundTripsAllLengths) {
  std::string bytes;
  for (int len = 0; len < 40; ++len) {
    std::string decoded;
    ASSERT_TRUE(Base64Decode(Base64Encode(bytes), decoded));
    EXPECT_EQ(decoded, bytes);
    bytes.push_back(static_cast<char>(len * 37));
  }
  EXPECT_EQ(Base64Encode(std::string_view("abc")), "YWJj");
  EXPECT_EQ(Base64Encode(std::string_view("ab")), "YWI=");
}

TEST(Base64Test, RejectsNonCanonicalAndMalformedText) {
  std::string out;
  EXPECT_FALSE(Base64Decode("YWI", out));     // missing padding
  EXPECT_FALSE(Base64Decode("YWJ=", out));    // non-zero trailing bits: "ab" is YWI=
  EXPECT_FALSE(Base64Decode("YW I=", out));   // whitespace
  EXPECT_FALSE(Base64Decode("YWI=\n", out));  // trailing newline
  EXPECT_FALSE(Base64Decode("YWI==", out));   // extra padding
  EXPECT_FALSE(Base64Decode("YW-_", out));    // URL-safe alphabet
  EXPECT_TRUE(Base64Decode("", out));
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace giai::crypto
