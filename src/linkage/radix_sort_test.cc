#include "linkage/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <utility>

namespace giai::linkage {
namespace {

TEST(RadixSort, SortsLikeStdSort) {
  std::mt19937_64 random(5);
  for (std::size_t n : {0, 1, 2, 100, 10000}) {
    std::vector<std::uint64_t> values(n);
    // Small numbers (pairs of record numbers: most bytes agree) and full 64-bit hashes.
    for (std::size_t i = 0; i < n; ++i) values[i] = i % 2 ? random() : (random() % 5000) << 32;
    std::vector<std::uint64_t> expected = values;
    std::sort(expected.begin(), expected.end());
    RadixSortBy(values, [](std::uint64_t v) { return v; });
    EXPECT_EQ(values, expected) << "seed 5, n " << n;
  }
}

TEST(RadixSort, IsStableSoKeyedIndexesComeOutAsSortedPairs) {
  std::mt19937_64 random(9);
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
  for (std::uint32_t i = 0; i < 5000; ++i) keyed.emplace_back(random() % 300, i);
  auto expected = keyed;
  std::sort(expected.begin(), expected.end());
  RadixSortBy(keyed, [](const auto& p) { return p.first; });
  EXPECT_EQ(keyed, expected);
}

TEST(RadixSort, AllEqualKeysKeepTheirOrder) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed = {{7, 3}, {7, 1}, {7, 2}};
  RadixSortBy(keyed, [](const auto& p) { return p.first; });
  EXPECT_EQ(keyed[0].second, 3u);
  EXPECT_EQ(keyed[2].second, 2u);
}

}  // namespace
}  // namespace giai::linkage
