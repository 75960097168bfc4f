#include "crypto/hmac.h"

#include <gtest/gtest.h>

#include <string>

namespace giai::crypto {
namespace {

// RFC 4231 test case 2.
TEST(HmacSha256, MatchesRfc4231TestCase2) {
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 test case 1: key of twenty 0x0b bytes.
TEST(HmacSha256, MatchesRfc4231TestCase1) {
  EXPECT_EQ(ToHex(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, DifferentKeysGiveDifferentTags) {
  EXPECT_NE(HmacSha256("k1", "m"), HmacSha256("k2", "m"));
  EXPECT_NE(HmacSha256("", "m"), HmacSha256("k", "m"));
}

}  // namespace
}  // namespace giai::crypto
