#include "linkage/model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace giai::linkage {
namespace {

// Pairs drawn from a two-class mixture with known m, u and lambda (three comparisons with
// levels missing/exact/close/else); EM must recover them. Seeded, printed on failure.
TEST(EmModel, RecoversKnownMAndUFromSyntheticPatterns) {
  const std::uint64_t seed = 20240917;
  std::mt19937_64 rng(seed);
  const double lambda = 0.08;
  const std::vector<std::vector<double>> m = {
      {0, 0.85, 0.10, 0.05}, {0, 0.70, 0.20, 0.10}, {0, 0.90, 0.05, 0.05}};
  const std::vector<std::vector<double>> u = {
      {0, 0.02, 0.08, 0.90}, {0, 0.05, 0.15, 0.80}, {0, 0.01, 0.04, 0.95}};
  const std::size_t pairs = 200000;
  const std::size_t width = 3;
  std::vector<std::uint8_t> levels(pairs * width);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (std::size_t p = 0; p < pairs; ++p) {
    const bool match = uniform(rng) < lambda;
    for (std::size_t k = 0; k < width; ++k) {
      if (uniform(rng) < 0.05) {  // missing values carry no evidence
        levels[p * width + k] = 0;
        continue;
      }
      const auto& probs = match ? m[k] : u[k];
      double x = uniform(rng);
      std::uint8_t level = 1;
      while (level < 3 && x >= probs[level]) x -= probs[level++];
      levels[p * width + k] = level;
    }
  }
  const PatternCounts patterns = CountPatterns(levels.data(), pairs, width);
  EXPECT_LE(patterns.size(), 64u);  // 4^3 distinct patterns at most
  auto result = EstimateEm(patterns, InitialModel({4, 4, 4}, {}, 0.3), {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->converged);
  EXPECT_NEAR(result->model.lambda, lambda, 0.005) << "seed " << seed;
  for (std::size_t k = 0; k < width; ++k) {
    for (std::size_t l = 1; l < 4; ++l) {
      EXPECT_NEAR(result->model.params[k].m[l], m[k][l], 0.02)
          << "seed " << seed << " k" << k << " l" << l;
      EXPECT_NEAR(result->model.params[k].u[l], u[k][l], 0.01)
          << "seed " << seed << " k" << k << " l" << l;
    }
  }
  // A pattern agreeing everywhere is a match; disagreeing everywhere is not.
  const std::uint8_t agree[] = {1, 1, 1};
  const std::uint8_t disagree[] = {3, 3, 3};
  EXPECT_GT(MatchProbability(result->model, agree), 0.99);
  EXPECT_LT(MatchProbability(result->model, disagree), 0.001);
}

// Started with m and u exchanged, EM converges to the swapped labelling; the result must
// still call agreement a match.
TEST(EmModel, UndoesLabelSwitchingFromAnInvertedStart) {
  std::vector<std::uint8_t> levels;
  for (int i = 0; i < 900; ++i) levels.insert(levels.end(), {3, 3, 3});
  for (int i = 0; i < 90; ++i) levels.insert(levels.end(), {1, 1, 1});
  for (int i = 0; i < 10; ++i) levels.insert(levels.end(), {1, 2, 3});
  FsModel start = InitialModel({4, 4, 4}, {}, 0.9);
  for (ComparisonParams& p : start.params) std::swap(p.m, p.u);
  auto r = EstimateEm(CountPatterns(levels.data(), levels.size() / 3, 3), start, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->label_switched);
  EXPECT_LT(r->model.lambda, 0.5);
  const std::uint8_t agree[] = {1, 1, 1};
  EXPECT_GT(MatchProbability(r->model, agree), 0.9);
}

TEST(EmModel, FixedUStaysAtRandomPairEstimate) {
  std::vector<std::uint8_t> random_levels = {1, 3, 3, 3, 3, 2, 3, 3};  // width 1, 8 pairs
  auto u = UFromLevels(random_levels, 1, {4});
  ASSERT_EQ(u.size(), 1u);
  // Add-one smoothing: counts 1+1, 1+1, 6+1 over 11.
  EXPECT_NEAR(u[0][1], 2.0 / 11, 1e-12);
  EXPECT_NEAR(u[0][3], 7.0 / 11, 1e-12);
  std::vector<std::uint8_t> levels = {1, 1, 3, 3, 2, 3};
  EmOptions options;
  options.fix_u = true;
  auto r = EstimateEm(CountPatterns(levels.data(), levels.size(), 1), InitialModel({4}, u, 0.2),
                      options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->model.params[0].u, u[0]);
}

TEST(EmModel, RejectsEmptyInputAndOutOfRangeLevels) {
  EXPECT_FALSE(EstimateEm(PatternCounts{1, {}, {}}, InitialModel({3}, {}, 0.1), {}).ok());
  std::vector<std::uint8_t> levels = {7};
  EXPECT_FALSE(EstimateEm(CountPatterns(levels.data(), 1, 1), InitialModel({3}, {}, 0.1), {}).ok());
}

}  // namespace
}  // namespace giai::linkage
