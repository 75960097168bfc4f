#include "core/versioned_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace giai {
namespace {

TEST(VersionedCache, ServesAValueOnlyAtTheVersionItWasComputedAt) {
  VersionedCache<std::string> cache(1 << 20);
  cache.Keep("k", 7, "seven", 5);
  ASSERT_NE(cache.Find("k", 7), nullptr);
  EXPECT_EQ(*cache.Find("k", 7), "seven");
  EXPECT_EQ(cache.Find("other", 7), nullptr);
  // A newer version drops everything kept before it.
  EXPECT_EQ(cache.Find("k", 8), nullptr);
  EXPECT_EQ(cache.size(), 0u);
  // The data moved on: a value computed at an older version is neither kept nor served.
  cache.Keep("late", 7, "computed before the last commit", 10);
  EXPECT_EQ(cache.Find("late", 7), nullptr);
  EXPECT_EQ(cache.Find("late", 8), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VersionedCache, KeepingAtANewerVersionDropsTheOlderValues) {
  VersionedCache<std::string> cache(1 << 20);
  cache.Keep("a", 1, "a1", 2);
  cache.Keep("b", 2, "b2", 2);
  EXPECT_EQ(cache.Find("a", 2), nullptr);
  ASSERT_NE(cache.Find("b", 2), nullptr);
  EXPECT_EQ(cache.Find("b", 1), nullptr);  // an older caller gets nothing newer either
}

TEST(VersionedCache, StaysWithinItsByteBudget) {
  VersionedCache<std::string> cache(100);
  cache.Keep("too-big", 1, std::string(200, 'x'), 200);
  EXPECT_EQ(cache.Find("too-big", 1), nullptr);
  cache.Keep("a", 1, "a", 40);
  cache.Keep("b", 1, "b", 40);
  EXPECT_EQ(cache.size(), 2u);
  cache.Keep("c", 1, "c", 40);  // over budget: start over with just this one
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_NE(cache.Find("c", 1), nullptr);
  cache.Keep("c", 1, "c again", 40);  // replacing an entry frees its bytes
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(*cache.Find("c", 1), "c again");
}

TEST(VersionedCache, ZeroBytesKeepsNothing) {
  VersionedCache<std::string> cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.Keep("k", 1, "v", 1);
  EXPECT_EQ(cache.Find("k", 1), nullptr);
}

}  // namespace
}  // namespace giai
