#include "crypto/secret_stream.h"

#include <gtest/gtest.h>

#include "crypto/random.h"

namespace giai::crypto {
namespace {

struct Sealed {
  std::string header;
  std::vector<std::string> chunks;
};

Sealed SealChunks(const SecretKey& key, const std::vector<std::string>& plain) {
  StreamEncryptor enc(key);
  Sealed s{enc.header(), {}};
  for (std::size_t i = 0; i < plain.size(); ++i) {
    std::string out;
    enc.Push(plain[i], "ad", i + 1 == plain.size(), out);
    s.chunks.push_back(out);
  }
  return s;
}

TEST(SecretStream, RoundTripsAndMarksTheFinalChunk) {
  ASSERT_TRUE(Init());
  SecretKey key = SecretKey::Generate();
  Sealed s = SealChunks(key, {"first", "second", ""});
  auto dec = StreamDecryptor::Create(key, s.header);
  ASSERT_TRUE(dec.ok());
  StreamChunk c;
  ASSERT_TRUE((*dec)->Pull(s.chunks[0], "ad", c).ok());
  EXPECT_EQ(c.plaintext, "first");
  EXPECT_FALSE(c.final);
  ASSERT_TRUE((*dec)->Pull(s.chunks[1], "ad", c).ok());
  ASSERT_TRUE((*dec)->Pull(s.chunks[2], "ad", c).ok());
  EXPECT_TRUE(c.final);
  EXPECT_EQ((*dec)->Pull(s.chunks[2], "ad", c).code(), Code::kIntegrity);
}

TEST(SecretStream, RejectsReorderedAlteredOrMovedChunks) {
  ASSERT_TRUE(Init());
  SecretKey key = SecretKey::Generate();
  Sealed s = SealChunks(key, {"a", "b"});
  StreamChunk c;
  auto reordered = StreamDecryptor::Create(key, s.header);
  EXPECT_EQ((*reordered)->Pull(s.chunks[1], "ad", c).code(), Code::kIntegrity);
  auto moved = StreamDecryptor::Create(key, s.header);
  EXPECT_EQ((*moved)->Pull(s.chunks[0], "other item", c).code(), Code::kIntegrity);
  auto altered = StreamDecryptor::Create(key, s.header);
  s.chunks[0][3] ^= 1;
  EXPECT_EQ((*altered)->Pull(s.chunks[0], "ad", c).code(), Code::kIntegrity);
  auto wrong_key = StreamDecryptor::Create(SecretKey::Generate(), s.header);
  EXPECT_EQ((*wrong_key)->Pull(s.chunks[1], "ad", c).code(), Code::kIntegrity);
}

}  // namespace
}  // namespace giai::crypto
