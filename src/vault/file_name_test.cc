#include "vault/file_name.h"

#include <gtest/gtest.h>

namespace giai::vault {
namespace {

TEST(SanitiseFileName, KeepsOnlyTheLastComponentWithoutTricks) {
  EXPECT_EQ(SanitiseFileName("../../etc/passwd").value(), "passwd");
  EXPECT_EQ(SanitiseFileName("C:\\Users\\x\\photo.jpg").value(), "photo.jpg");
  EXPECT_EQ(SanitiseFileName("..hidden").value(), "hidden");
  EXPECT_EQ(SanitiseFileName("a\nb\x01.txt").value(), "ab.txt");
  EXPECT_EQ(SanitiseFileName("شهادة.pdf").value(), "شهادة.pdf");
  EXPECT_EQ(SanitiseFileName("a:b?.png").value(), "a_b_.png");
}

TEST(SanitiseFileName, RejectsEmptyAndInvalidNames) {
  EXPECT_EQ(SanitiseFileName("../..").status().code(), Code::kInvalidInput);
  EXPECT_EQ(SanitiseFileName("").status().code(), Code::kInvalidInput);
  EXPECT_EQ(SanitiseFileName("bad\xFF.jpg").status().code(), Code::kInvalidInput);
}

TEST(SanitiseFileName, CutsLongNamesOnACharacterBoundary) {
  std::string name;
  for (int i = 0; i < 150; ++i) name += "ж";  // 2 bytes each
  auto out = SanitiseFileName(name);
  ASSERT_TRUE(out.ok());
  EXPECT_LE(out->size(), 200u);
  EXPECT_EQ(out->size() % 2, 0u);
}

}  // namespace
}  // namespace giai::vault
