#include "linkage/metrics.h"

#include <gtest/gtest.h>

#include <string>

namespace giai::linkage {
namespace {

// Reference values from Winkler (1990) and the Python jellyfish / textdistance packages.
TEST(Metrics, JaroWinklerMatchesPublishedValues) {
  EXPECT_NEAR(Jaro("martha", "marhta"), 0.944444, 1e-5);
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961111, 1e-5);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 1e-5);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813333, 1e-5);
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(Metrics, LevenshteinMatchesKnownDistances) {
  EXPECT_EQ(Levenshtein("kitten", "sitting"), 3);
  EXPECT_EQ(Levenshtein("flaw", "lawn"), 2);
  EXPECT_EQ(Levenshtein("", "abc"), 3);
  EXPECT_EQ(Levenshtein("same", "same"), 0);
  EXPECT_EQ(Levenshtein("ab", "ba"), 2);
}

// The bit-parallel path (<= 64 bytes) and the DP path (longer) must agree.
TEST(Metrics, BitParallelLevenshteinAgreesWithDynamicProgramming) {
  std::uint64_t state = 12345;
  auto next = [&] {
    return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33;
  };
  for (int trial = 0; trial < 300; ++trial) {
    std::string a, b;
    const std::size_t la = next() % 70, lb = next() % 70;
    for (std::size_t i = 0; i < la; ++i) a.push_back(static_cast<char>('a' + next() % 4));
    for (std::size_t i = 0; i < lb; ++i) b.push_back(static_cast<char>('a' + next() % 4));
    // Reference: plain O(nm) DP.
    std::vector<int> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
      int diag = row[0];
      row[0] = static_cast<int>(i);
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const int up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
        diag = up;
      }
    }
    ASSERT_EQ(Levenshtein(a, b), row[b.size()])
        << "seed 12345 trial " << trial << " " << a << " " << b;
  }
}

TEST(Metrics, DamerauCountsAdjacentTranspositionOnce) {
  EXPECT_EQ(DamerauOsa("ab", "ba"), 1);
  EXPECT_EQ(DamerauOsa("19560409", "19564009"), 1);
  EXPECT_EQ(DamerauOsa("ca", "abc"), 3);  // OSA, not unrestricted Damerau
  EXPECT_EQ(DamerauOsa("", "ab"), 2);
}

TEST(Metrics, TokenSetIgnoresOrderAndExtraTokens) {
  EXPECT_DOUBLE_EQ(TokenSetSimilarity("ali hassan", "hassan ali"), 1.0);
  EXPECT_DOUBLE_EQ(TokenSetSimilarity("ali hassan", "hassan ali mahmoud"), 1.0);
  EXPECT_LT(TokenSetSimilarity("ali hassan", "omar khatib"), 0.7);
}

TEST(Metrics, PhoneticKeyGroupsTransliterations) {
  EXPECT_EQ(PhoneticKey("muhammad"), PhoneticKey("mohamed"));
  EXPECT_EQ(PhoneticKey("khaled"), PhoneticKey("khalid"));
  EXPECT_EQ(PhoneticKey("yusuf"), PhoneticKey("yousef"));
  EXPECT_NE(PhoneticKey("hassan"), PhoneticKey("khaled"));
  EXPECT_EQ(PhoneticKey("ali hassan"), PhoneticKey("aly hasan"));
}

TEST(Metrics, LongInputsAreClippedNotOverflowed) {
  const std::string a(500, 'a');
  const std::string b = a + "b";
  EXPECT_EQ(Levenshtein(a, b), 0);  // both clipped to kMaxMetricLength
  EXPECT_GT(JaroWinkler(a, b), 0.99);
  EXPECT_EQ(DamerauOsa(a, b), 0);
}

}  // namespace
}  // namespace giai::linkage

namespace giai::linkage {
namespace {

// Jaro has three implementations by length (SIMD <= 32 bytes, bit masks <= 64, arrays beyond);
// padding both strings with the same long suffix must not change which characters match.
TEST(Metrics, JaroImplementationsAgreeAcrossLengthBoundaries) {
  std::uint64_t state = 99;
  auto next = [&] {
    return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33;
  };
  auto reference = [](std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (a.empty()) return b.empty() ? 1.0 : 0.0;
    const std::size_t window = std::max<std::size_t>(b.size() / 2, 1) - 1;
    std::vector<bool> am(a.size()), bm(b.size());
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      for (std::size_t j = i > window ? i - window : 0; j < std::min(b.size(), i + window + 1);
           ++j) {
        if (!bm[j] && a[i] == b[j]) {
          am[i] = bm[j] = true;
          ++m;
          break;
        }
      }
    }
    if (m == 0) return 0.0;
    double t = 0;
    for (std::size_t i = 0, k = 0; i < a.size(); ++i) {
      if (!am[i]) continue;
      while (!bm[k]) ++k;
      t += a[i] != b[k++];
    }
    return (m / a.size() + m / b.size() + (m - t / 2) / m) / 3;
  };
  for (int trial = 0; trial < 2000; ++trial) {
    std::string a, b;
    const std::size_t la = next() % 80, lb = next() % 80;
    for (std::size_t i = 0; i < la; ++i) a.push_back(static_cast<char>('a' + next() % 5));
    for (std::size_t i = 0; i < lb; ++i) b.push_back(static_cast<char>('a' + next() % 5));
    ASSERT_NEAR(Jaro(a, b), reference(a, b), 1e-12)
        << "seed 99 trial " << trial << " " << a << " " << b;
  }
}

}  // namespace
}  // namespace giai::linkage

namespace giai::linkage {
namespace {

TEST(Metrics, JaroWinklerUpperBoundNeverUnderestimates) {
  std::uint64_t state = 7;
  auto next = [&] {
    return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33;
  };
  for (int trial = 0; trial < 3000; ++trial) {
    std::string a, b;
    const std::size_t la = next() % 40, lb = next() % 40;
    for (std::size_t i = 0; i < la; ++i)
      a.push_back(static_cast<char>(next() % 3 ? 'a' + next() % 8 : '0' + next() % 10));
    for (std::size_t i = 0; i < lb; ++i)
      b.push_back(static_cast<char>(next() % 3 ? 'a' + next() % 8 : ' '));
    ASSERT_GE(JaroWinklerUpperBound(a, MakeCharHistogram(a), b, MakeCharHistogram(b)) + 1e-12,
              JaroWinkler(a, b))
        << "seed 7 trial " << trial << " '" << a << "' '" << b << "'";
  }
  // Disjoint letters: the bound alone rules the pair out.
  EXPECT_LT(JaroWinklerUpperBound("michaela", MakeCharHistogram("michaela"), "zyx",
                                  MakeCharHistogram("zyx")),
            0.5);
}

TEST(Metrics, JaroWinklerFilterRejectsOnlyWhatTheBoundRejects) {
  std::uint64_t state = 11;
  auto next = [&] {
    return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33;
  };
  int rejected = 0;
  for (double threshold : {0.75, 0.8, 0.85, 0.9, 0.92}) {
    const JaroWinklerFilter filter(threshold);
    for (int trial = 0; trial < 3000; ++trial) {
      std::string a, b;
      const std::size_t la = 1 + next() % 20, lb = 1 + next() % 20;
      for (std::size_t i = 0; i < la; ++i) a.push_back(static_cast<char>('a' + next() % 6));
      for (std::size_t i = 0; i < lb; ++i) b.push_back(static_cast<char>('a' + next() % 6));
      const CharHistogram ha = MakeCharHistogram(a), hb = MakeCharHistogram(b);
      const bool bound_rejects = JaroWinklerUpperBound(a, ha, b, hb) < threshold;
      const bool filter_rejects = filter.Rejects(a, ha, b, hb);
      // Never more than the bound (levels stay exact); the same except within rounding.
      if (filter_rejects) {
        ASSERT_TRUE(bound_rejects) << "seed 11 trial " << trial << " '" << a << "' '" << b << "'";
        ++rejected;
      } else if (bound_rejects) {
        EXPECT_GT(JaroWinklerUpperBound(a, ha, b, hb), threshold - 1e-6) << a << " " << b;
      }
    }
  }
  EXPECT_GT(rejected, 1000);
  EXPECT_TRUE(JaroWinklerFilter(0.8).Rejects("michaela", MakeCharHistogram("michaela"), "zyx",
                                             MakeCharHistogram("zyx")));
}

}  // namespace
}  // namespace giai::linkage
