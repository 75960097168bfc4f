// Non-existence and non-identifiability must surface as errors, never as a printed number.
#include <gtest/gtest.h>

#include "estimate/loglinear_model.h"
#include "estimate/model_selection.h"
#include "estimate/profile_likelihood.h"
#include "estimate/test_data.h"

namespace giai::estimate {
namespace {

constexpr Term kAB = 0b011, kAC = 0b101, kBC = 0b110;

// Chan, Silverman & Vincent (2021) Table 2 / SparseMSE `checkident` examples.
TEST(IdentifiabilityTest, AllPairsOnArtificialTableIsNotIdentifiable) {
  const CaptureTable table = testing::LoadTable("sparsemse_trafficking/Artificial_3.csv");
  const ExistenceCheck check = CheckExistence(table, {kAB, kAC, kBC});
  EXPECT_FALSE(check.identifiable);
  Result<ModelFit> fit = FitLogLinear(table, {kAB, kAC, kBC});
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), Code::kInvalidInput);
  EXPECT_NE(fit.status().message().find("not identifiable"), std::string::npos);
}

TEST(IdentifiabilityTest, ZeroCellsOnAFaceMeanTheMleDoesNotExist) {
  const CaptureTable table = testing::LoadTable("sparsemse_trafficking/Artificial_3.csv");
  EXPECT_FALSE(CheckExistence(table, {kAB}).mle_exists);
  Result<ModelFit> fit = FitLogLinear(table, {kAB});
  ASSERT_FALSE(fit.ok());
  EXPECT_NE(fit.status().message().find("does not exist"), std::string::npos);
  // Without the linear program, the IRLS divergence backstop must still refuse to answer.
  EXPECT_FALSE(FitLogLinear(table, {kAB}, 0.95, /*check_existence=*/false).ok());
}

TEST(IdentifiabilityTest, EmptyOverlapTermsAreFittedInExtendedSense) {
  const CaptureTable table = testing::LoadTable("sparsemse_trafficking/Artificial_3.csv");
  EXPECT_TRUE(CheckExistence(table, {kAC, kBC}).ok());
  Result<ModelFit> fit = FitLogLinear(table, {kAC, kBC});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_EQ(fit->empty_terms.size(), 2u);
  EXPECT_GT(fit->estimate, table.ObservedTotal());
}

TEST(IdentifiabilityTest, StepwiseNeverAddsATermThatBreaksExistence) {
  const CaptureTable table = testing::LoadTable("sparsemse_trafficking/Artificial_3.csv");
  Result<ModelFit> fit = StepwiseSelect(table, {});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_TRUE(CheckExistence(table, fit->terms).ok());
}

TEST(IdentifiabilityTest, NamesListsWithNoCasesOrWithEveryCase) {
  CaptureTable table = CaptureTable::Empty({"A", "B", "C", "D"});
  table.counts[0b0001] = 10;
  table.counts[0b0010] = 12;
  table.counts[0b0011] = 3;
  table.counts[0b0100] = 7;
  table.counts[0b0101] = 2;
  Result<ModelFit> fit = StepwiseSelect(table, {});
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().field(), "D");
  CaptureTable all = CaptureTable::Empty({"A", "B", "C"});
  all.counts[0b001] = 10;
  all.counts[0b011] = 12;
  all.counts[0b101] = 3;
  fit = FitLogLinear(all, {});
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().field(), "A");
}

TEST(IdentifiabilityTest, RejectsTermsNamingMissingListsOrSingleLists) {
  const CaptureTable table = testing::LoadTable("sparsemse_trafficking/Artificial_3.csv");
  EXPECT_FALSE(FitLogLinear(table, {0b001}).ok());
  EXPECT_FALSE(FitLogLinear(table, {0b1001}).ok());
}

TEST(IdentifiabilityTest, SaturatedModelHasNoProfileInterval) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/HIV.csv");
  // All 11 interactions of order 2 and 3: 15 parameters for 15 observed cells plus the dark
  // cell; N is not estimable from the complete-table profile when the 4-way term is implied.
  std::vector<Term> terms;
  for (Term t = 3; t < 15; ++t) {
    if (std::popcount(t) >= 2) terms.push_back(t);
  }
  terms.push_back(15);
  EXPECT_FALSE(FitLogLinear(table, terms).ok());
}

TEST(CriterionSelectTest, AicSelectionIsALocalOptimum) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/lesbian.csv");
  CriterionOptions options;
  options.max_order = 3;
  Result<ModelFit> best = CriterionSelect(table, options);
  ASSERT_TRUE(best.ok()) << best.status().ToString();
  Result<ModelFit> main_only = FitLogLinear(table, {});
  ASSERT_TRUE(main_only.ok());
  EXPECT_LE(best->aic, main_only->aic);
  // No single pairwise term added to the chosen model lowers AIC further.
  for (Term t : {0b0011u, 0b0101u, 0b1001u, 0b0110u, 0b1010u, 0b1100u}) {
    if (std::find(best->terms.begin(), best->terms.end(), t) != best->terms.end()) continue;
    std::vector<Term> more = best->terms;
    more.push_back(t);
    Result<ModelFit> f = FitLogLinear(table, more);
    if (f.ok()) {
      EXPECT_GE(f->aic, best->aic - 1e-9) << TermName(table, t);
    }
  }
}

TEST(CriterionSelectTest, RejectsInteractionOrderOutOfRange) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/lesbian.csv");
  CriterionOptions options;
  options.max_order = 4;
  EXPECT_EQ(CriterionSelect(table, options).status().code(), Code::kInvalidInput);
}

}  // namespace
}  // namespace giai::estimate
