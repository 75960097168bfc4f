#include "crypto/aead.h"

#include <gtest/gtest.h>

#include "crypto/password.h"
#include "crypto/random.h"

namespace giai::crypto {
namespace {

class AeadTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Init()); }
};

TEST_F(AeadTest, OpensWhatItSealed) {
  SecretKey k = SecretKey::Generate();
  std::string box = Seal(k, "Мухаммад محمد", "per_1|identity|1");
  EXPECT_EQ(box.find("Мухаммад"), std::string::npos);
  Result<std::string> back = Open(k, box, "per_1|identity|1");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "Мухаммад محمد");
}

TEST_F(AeadTest, CiphertextMovedToAnotherRecordFieldOrVersionFailsToOpen) {
  SecretKey k = SecretKey::Generate();
  std::string box = Seal(k, "narrative", "inc_1|narrative|2");
  for (const char* ad : {"inc_2|narrative|2", "inc_1|title|2", "inc_1|narrative|3", ""}) {
    Result<std::string> r = Open(k, box, ad);
    ASSERT_FALSE(r.ok()) << ad;
    EXPECT_EQ(r.status().code(), Code::kIntegrity);
  }
}

TEST_F(AeadTest, TamperedOrForeignCiphertextFails) {
  SecretKey k = SecretKey::Generate();
  std::string box = Seal(k, "x", "a");
  box[box.size() / 2] ^= 1;
  EXPECT_FALSE(Open(k, box, "a").ok());
  EXPECT_FALSE(Open(SecretKey::Generate(), Seal(k, "x", "a"), "a").ok());
  EXPECT_FALSE(Open(k, "short", "a").ok());
  EXPECT_FALSE(SecretKey::FromBytes("too short").ok());
}

TEST_F(AeadTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST_F(AeadTest, PasswordHashesVerifyOnlyTheRightPassword) {
  Result<std::string> h = HashPassword("correct horse battery staple");
  ASSERT_TRUE(h.ok());
  EXPECT_NE(h->find("$argon2id$"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword("garbage", "x"));
}

}  // namespace
}  // namespace giai::crypto
