#include "crypto/hash.h"

#include <gtest/gtest.h>

#include "crypto/random.h"

namespace giai::crypto {
namespace {

TEST(Sha256Test, MatchesFips180Vectors) {
  EXPECT_EQ(ToHex(Sha256Of("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256Of("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 h;
  h.Update("ab");
  h.Update("c");
  EXPECT_EQ(h.Finish(), Sha256Of("abc"));
}

TEST(HexTest, RoundTripsAndRejectsGarbage) {
  std::string out;
  ASSERT_TRUE(FromHex("00ff10", out));
  EXPECT_EQ(out, std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(FromHex("0", out));
  EXPECT_FALSE(FromHex("zz", out));
}

TEST(RandomTest, Base32UsesUnambiguousAlphabet) {
  ASSERT_TRUE(Init());
  std::string s = RandomBase32(200);
  EXPECT_EQ(s.size(), 200u);
  EXPECT_EQ(s.find_first_of("ILOU"), std::string::npos);
  EXPECT_NE(RandomToken(), RandomToken());
}

}  // namespace
}  // namespace giai::crypto
