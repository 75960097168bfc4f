#include "access/login_throttle.h"

#include <gtest/gtest.h>

namespace giai::access {
namespace {

TEST(LoginThrottleTest, BlocksAfterRepeatedFailuresWithGrowingDelay) {
  LoginThrottle t;
  auto now = LoginThrottle::Clock::now();
  for (int i = 0; i < LoginThrottle::kFreeAttempts; ++i) {
    EXPECT_EQ(t.RetryAfterSeconds("a@x", "1.1.1.1", now), 0);
    t.RecordFailure("a@x", "1.1.1.1", now);
  }
  EXPECT_GT(t.RetryAfterSeconds("a@x", "9.9.9.9", now), 0);  // same account, other address
  EXPECT_GT(t.RetryAfterSeconds("b@x", "1.1.1.1", now), 0);  // same address, other account
  EXPECT_EQ(t.RetryAfterSeconds("b@x", "9.9.9.9", now), 0);
  for (int i = 0; i < 5; ++i) t.RecordFailure("a@x", "1.1.1.1", now);
  long longer = t.RetryAfterSeconds("a@x", "9.9.9.9", now);
  EXPECT_GE(longer, 32);
  EXPECT_EQ(
      t.RetryAfterSeconds("a@x", "9.9.9.9", now + LoginThrottle::kWindow + std::chrono::seconds(1)),
      0);
}

TEST(LoginThrottleTest, SuccessClearsTheAccount) {
  LoginThrottle t;
  auto now = LoginThrottle::Clock::now();
  for (int i = 0; i < 6; ++i) t.RecordFailure("a@x", "1.1.1.1", now);
  t.RecordSuccess("a@x");
  EXPECT_EQ(t.RetryAfterSeconds("a@x", "2.2.2.2", now), 0);
}

}  // namespace
}  // namespace giai::access
