#include "core/utf8.h"

#include <gtest/gtest.h>

namespace giai {
namespace {

TEST(Utf8, AcceptsLatinArabicCyrillicAndEmoji) {
  EXPECT_TRUE(IsValidUtf8("Amina"));
  EXPECT_TRUE(IsValidUtf8("أمينة"));
  EXPECT_TRUE(IsValidUtf8("Оксана"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x93\xB7"));
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(Utf8, RejectsOverlongSurrogatesTruncationAndOutOfRange) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xD8"));              // truncated
  EXPECT_FALSE(IsValidUtf8("ab\xFF"));
}

}  // namespace
}  // namespace giai
