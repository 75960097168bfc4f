#include "access/rate_limiter.h"

#include <gtest/gtest.h>

namespace giai::access {
namespace {

using std::chrono::seconds;

TEST(RateLimiterTest, AllowsABurstThenOneActionPerInterval) {
  RateLimiter limiter(3, seconds(60));
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("usr_a", t0), 0) << i;
  EXPECT_EQ(limiter.Take("usr_a", t0), 60);
  EXPECT_EQ(limiter.Take("usr_a", t0 + seconds(45)), 15);  // refused: nothing spent
  EXPECT_EQ(limiter.Take("usr_a", t0 + seconds(60)), 0);
  EXPECT_EQ(limiter.Take("usr_a", t0 + seconds(60)), 60);
  // A long pause refills up to the burst, not beyond.
  const auto later = t0 + std::chrono::hours(5);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("usr_a", later), 0) << i;
  EXPECT_GT(limiter.Take("usr_a", later), 0);
}

TEST(RateLimiterTest, KeysHaveTheirOwnBuckets) {
  RateLimiter limiter(1, seconds(10));
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_EQ(limiter.Take("usr_a", t0), 0);
  EXPECT_EQ(limiter.Take("usr_a", t0), 10);
  EXPECT_EQ(limiter.Take("usr_b", t0), 0);
}

TEST(RateLimiterTest, AClockGoingBackwardsRefillsNothing) {
  RateLimiter limiter(1, seconds(10));
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_EQ(limiter.Take("usr_a", t0), 0);
  EXPECT_EQ(limiter.Take("usr_a", t0 - seconds(30)), 10);
}

}  // namespace
}  // namespace giai::access
