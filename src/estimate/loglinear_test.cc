#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "estimate/loglinear_model.h"
#include "estimate/model_selection.h"
#include "estimate/profile_likelihood.h"
#include "estimate/test_data.h"

namespace giai::estimate {
namespace {

using testing::LoadTable;

// Relative tolerance helper: |actual/expected - 1| <= tol.
void ExpectWithin(double actual, double expected, double tol, const char* what) {
  EXPECT_NEAR(actual / expected, 1.0, tol) << what << ": got " << actual << ", want " << expected;
}

TEST(StepwiseTest, ReproducesUk2013FiveListEstimate) {
  const CaptureTable table = LoadTable("uk_modern_slavery/UKdat_5.csv");
  ASSERT_DOUBLE_EQ(table.ObservedTotal(), 2744);
  Result<ModelFit> fit = StepwiseSelect(table, {});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  std::cout << ModelName(table, fit->terms) << " " << fit->estimate << " [" << fit->lower << ", "
            << fit->upper << "]\n";
  ExpectWithin(fit->estimate, 11313, 0.005, "point");
  ExpectWithin(fit->lower, 9884, 0.005, "lower");
  ExpectWithin(fit->upper, 13027, 0.005, "upper");
}

TEST(StepwiseTest, ReproducesUk2013SixListEstimate) {
  const CaptureTable table = LoadTable("uk_modern_slavery/UKdat.csv");
  Result<ModelFit> fit = StepwiseSelect(table, {});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  std::cout << ModelName(table, fit->terms) << " " << fit->estimate << " [" << fit->lower << ", "
            << fit->upper << "]\n";
  ExpectWithin(fit->estimate, 11418, 0.005, "point");
  ExpectWithin(fit->lower, 9977, 0.005, "lower");
  ExpectWithin(fit->upper, 13146, 0.005, "upper");
}

struct TraffickingCase {
  const char* file;
  double estimate, lower, upper;
  const char* terms;
};

TEST(StepwiseTest, ReproducesSparseMseTraffickingTables) {
  const TraffickingCase cases[] = {
      {"sparsemse_trafficking/Ned.csv", 111139, 92440, 133992, ""},
      {"sparsemse_trafficking/Ned_5.csv", 121522, 98675, 150139, ""},
      {"sparsemse_trafficking/NewOrl.csv", 1184, 721, 2046, ""},
      {"sparsemse_trafficking/NewOrl_5.csv", 1034, 658, 1709, ""},
      {"sparsemse_trafficking/Western.csv", 2483, 1657, 3830, ""},
  };
  for (const TraffickingCase& c : cases) {
    const CaptureTable table = LoadTable(c.file);
    Result<ModelFit> fit = StepwiseSelect(table, {});
    ASSERT_TRUE(fit.ok()) << c.file << ": " << fit.status().ToString();
    std::cout << c.file << " " << ModelName(table, fit->terms) << " " << fit->estimate << " ["
              << fit->lower << ", " << fit->upper << "]\n";
    ExpectWithin(fit->estimate, c.estimate, 0.005, c.file);
    ExpectWithin(fit->lower, c.lower, 0.005, c.file);
    ExpectWithin(fit->upper, c.upper, 0.005, c.file);
  }
}

// Rcapture 1.4-4: closedpCI.t(HIV, dfreq=TRUE, mX=~.+c1:c2) gives abundance 12,318 (s.e. 1,189),
// deviance 7.61 on 9 df, AIC 86.65 and the profile interval [10,266, 14,992] (README). Rcapture
// rounds its profile search to integers, hence the 0.5% tolerance on the bounds.
TEST(ProfileLikelihoodTest, ReproducesRcaptureHivInterval) {
  const CaptureTable table = LoadTable("rcapture_epi/HIV.csv");
  ASSERT_DOUBLE_EQ(table.ObservedTotal(), 1896);
  const std::vector<Term> c1c2 = {0b0011};
  Result<ModelFit> fit = FitLogLinear(table, c1c2);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  ExpectWithin(fit->estimate, 12318, 0.001, "abundance");
  EXPECT_NEAR(fit->deviance, 7.61, 0.01);
  EXPECT_NEAR(fit->aic, 86.65, 0.01);
  EXPECT_NEAR(fit->estimate_se, 1189, 1);
  EXPECT_EQ(fit->residual_df, 9);
  Result<ProfileInterval> ci = ProfileLikelihoodInterval(table, c1c2, 0.95);
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  ExpectWithin(ci->lower, 10266, 0.005, "profile lower");
  ExpectWithin(ci->upper, 14992, 0.005, "profile upper");
  ExpectWithin(ci->mode, 12308, 0.002, "profile mode");
  EXPECT_FALSE(ci->curve.empty());
}

}  // namespace
}  // namespace giai::estimate
