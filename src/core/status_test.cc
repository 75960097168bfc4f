#include "core/status.h"

#include <gtest/gtest.h>

namespace giai {
namespace {

Result<int> ParsePositive(int x) {
  if (x <= 0) return InvalidInput("must be positive", "x");
  return x;
}

Result<int> Doubled(int x) {
  GIAI_ASSIGN_OR_RETURN(int v, ParsePositive(x));
  return 2 * v;
}

TEST(StatusTest, PropagatesErrorsWithCodeAndField) {
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalidInput);
  EXPECT_EQ(bad.status().field(), "x");
  EXPECT_EQ(CodeName(bad.status().code()), "invalid_input");
  Result<int> good = Doubled(4);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 8);
}

}  // namespace
}  // namespace giai
