#include "estimate/strata.h"

#include <gtest/gtest.h>

#include <cmath>

#include "estimate/model_selection.h"
#include "estimate/test_data.h"

namespace giai::estimate {
namespace {

// Splitting a table into two halves with the same capture structure: the summed interval must
// be narrower, relative to the total, than either stratum's, and wider than naive interval sums
// would never be (sum of lower bounds is too low: independent errors partly cancel).
TEST(StrataTest, LogNormalSumHasIndependentErrorsThatPartlyCancel) {
  const CaptureTable uk = testing::LoadTable("uk_modern_slavery/UKdat_5.csv");
  Result<ModelFit> a = FitLogLinear(uk, {});
  Result<ModelFit> b = FitLogLinear(uk, {0b00011});
  ASSERT_TRUE(a.ok() && b.ok());
  Result<SummedInterval> sum = SumLogLinearStrata({*a, *b}, 0.95, 3);
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_DOUBLE_EQ(sum->estimate, a->estimate + b->estimate);
  EXPECT_GT(sum->lower, a->lower + b->lower);
  EXPECT_LT(sum->upper, a->upper + b->upper);
  EXPECT_LT(sum->lower, sum->estimate);
  EXPECT_GT(sum->upper, sum->estimate);
}

TEST(StrataTest, BootstrapSumDropsReplicatesFailingInAnyStratum) {
  const double nan = std::nan("");
  std::vector<std::vector<double>> reps = {{1, 2, 3, nan}, {10, nan, 30, 40}};
  Result<SummedInterval> sum = SumBootstrapStrata(reps, {2, 20}, 0.95);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->draws, (std::vector<double>{11, 33}));
  EXPECT_DOUBLE_EQ(sum->estimate, 22);
  EXPECT_FALSE(SumBootstrapStrata(reps, {2}, 0.95).ok());
}

TEST(StrataTest, LatentClassDrawsAreSummedDrawByDraw) {
  LatentClassResult a = SummariseDraws({{1, 2, 3, 4}, {5, 6, 7, 8}}, 1, 0.9);
  LatentClassResult b = SummariseDraws({{10, 20, 30, 40}, {50, 60, 70, 80}}, 5, 0.9);
  Result<LatentClassResult> sum = SumLatentClassStrata({a, b}, 0.9);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->chains[1], (std::vector<double>{55, 66, 77, 88}));
  EXPECT_DOUBLE_EQ(sum->observed, 6);
  LatentClassResult c = SummariseDraws({{1, 2, 3, 4}}, 1, 0.9);
  EXPECT_FALSE(SumLatentClassStrata({a, c}, 0.9).ok());
}

}  // namespace
}  // namespace giai::estimate
