#include "estimate/bootstrap.h"

#include <gtest/gtest.h>

#include <mutex>

#include "estimate/test_data.h"

namespace giai::estimate {
namespace {

// The bootstrap of the whole stepwise selection on the UK 5-list table: its interval should be
// of the same size as the model-based one (Silverman 2020 reports bootstrap intervals somewhat
// wider, because they include model-selection uncertainty) and contain the point estimate.
TEST(BootstrapTest, StepwiseBootstrapIntervalIsComparableToWaldInterval) {
  const CaptureTable table = testing::LoadTable("uk_modern_slavery/UKdat_5.csv");
  BootstrapOptions options;
  options.replicates = 100;  // enough for the width check; keeps the ASan run short
  options.seed = 11;
  Result<BootstrapResult> b = BootstrapStepwise(table, {}, options);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_NEAR(b->estimate, 11313, 1);
  EXPECT_EQ(b->failures, 0);
  EXPECT_LT(b->percentile_lower, b->estimate);
  EXPECT_GT(b->percentile_upper, b->estimate);
  EXPECT_LT(b->bca_lower, b->estimate);
  EXPECT_GT(b->bca_upper, b->estimate);
  const double wald_width = 13027 - 9884;
  const double width = b->bca_upper - b->bca_lower;
  EXPECT_GT(width, 0.7 * wald_width);
  EXPECT_LT(width, 2.5 * wald_width);
}

TEST(BootstrapTest, ResultsDoNotDependOnThreadCount) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/HIV.csv");
  BootstrapOptions options;
  options.replicates = 40;
  options.bca = false;
  options.threads = 1;
  Result<BootstrapResult> one = BootstrapStepwise(table, {}, options);
  options.threads = 3;
  Result<BootstrapResult> three = BootstrapStepwise(table, {}, options);
  ASSERT_TRUE(one.ok() && three.ok());
  EXPECT_EQ(one->by_replicate, three->by_replicate);
}

TEST(BootstrapTest, CountsFailuresAndRejectsTooFewReplicates) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/HIV.csv");
  BootstrapOptions options;
  options.replicates = 5;
  EXPECT_FALSE(BootstrapStepwise(table, {}, options).ok());
  options.replicates = 20;
  int calls = 0;
  std::mutex mu;
  const Estimator flaky = [&](const CaptureTable& t) -> Result<double> {
    std::lock_guard<std::mutex> lock(mu);
    if (++calls % 4 == 0) return InvalidInput("simulated failure");
    return t.ObservedTotal();
  };
  options.bca = false;
  options.threads = 1;
  Result<BootstrapResult> b = Bootstrap(table, flaky, options);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->failures, 5);  // calls 4, 8, ..., 20 of the 20 replicates (call 1 = original)
  EXPECT_EQ(b->replicates.size(), 15u);
}

}  // namespace
}  // namespace giai::estimate
