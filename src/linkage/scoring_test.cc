#include "linkage/scoring.h"

#include <gtest/gtest.h>

#include "linkage/blocking.h"

namespace giai::linkage {
namespace {

Table SurnameTable() {
  // "smith" is common (6 of 10 records), "zaitsev" rare.
  auto csv = ParseCsv(
      "id,surname,dob\n"
      "1,smith,1980-01-01\n2,smith,1980-01-01\n3,smith,1975-05-05\n4,smith,1960-02-02\n"
      "5,smith,1990-03-03\n6,smith,1950-04-04\n7,zaitsev,1981-06-06\n8,zaitsev,1981-06-06\n"
      "9,okafor,1970-07-07\n10,haddad,1965-08-08\n");
  EXPECT_TRUE(csv.ok());
  FieldSpec surname;
  surname.name = surname.column = "surname";
  surname.type = FieldType::kName;
  FieldSpec dob;
  dob.name = dob.column = "dob";
  dob.type = FieldType::kDate;
  auto t = BuildTable({surname, dob}, {&*csv}, BuildOptions{"id", "", nullptr, 1});
  EXPECT_TRUE(t.ok());
  return std::move(t).value();
}

FsModel SimpleModel() {
  FsModel model;
  model.lambda = 0.1;
  model.params = {{{0, 0.9, 0.05, 0.05}, {0, 0.1, 0.2, 0.7}}, {{0, 0.9, 0.1}, {0, 0.05, 0.95}}};
  return model;
}

TEST(Scoring, TermFrequencyAdjustmentWeighsRareAgreementMore) {
  const Table t = SurnameTable();
  ComparisonSpec surname{"surname", Method::kJaroWinkler, {0.9}, false, true, {}};
  ComparisonSpec dob{"dob", Method::kExact, {}, false, false, {}};
  auto c = Comparator::Create(t, {surname, dob});
  ASSERT_TRUE(c.ok());
  const Scorer scorer = Scorer::Create(*c, SimpleModel());
  std::uint8_t levels[2];
  c->Compare(0, 1, levels);  // smith / smith
  const double common = scorer.Weight(0, 1, levels);
  c->Compare(6, 7, levels);  // zaitsev / zaitsev
  const double rare = scorer.Weight(6, 7, levels);
  EXPECT_GT(rare, common + 1.5);  // log2(6/2) ~ 1.58 bits apart
  // Without adjustment both agreements weigh the same.
  surname.tf_adjust = false;
  auto plain = Comparator::Create(t, {surname, dob});
  ASSERT_TRUE(plain.ok());
  const Scorer plain_scorer = Scorer::Create(*plain, SimpleModel());
  plain->Compare(0, 1, levels);
  const double w1 = plain_scorer.Weight(0, 1, levels);
  plain->Compare(6, 7, levels);
  EXPECT_DOUBLE_EQ(plain_scorer.Weight(6, 7, levels), w1);
}

TEST(Scoring, ProbabilityAndThresholdWeightAreInverse) {
  const Table t = SurnameTable();
  auto c = Comparator::Create(
      t, {ComparisonSpec{"surname", Method::kJaroWinkler, {0.9}, false, false, {}},
          ComparisonSpec{"dob", Method::kExact, {}, false, false, {}}});
  ASSERT_TRUE(c.ok());
  const Scorer scorer = Scorer::Create(*c, SimpleModel());
  for (double p : {0.1, 0.5, 0.9, 0.999}) {
    EXPECT_NEAR(scorer.Probability(scorer.WeightAtProbability(p)), p, 1e-12);
  }
}

// The exhaustive scan with early exit must keep exactly the pairs whose full weight passes.
TEST(Scoring, ExhaustiveScanMatchesFullScoring) {
  const Table t = SurnameTable();
  auto c = Comparator::Create(
      t, {ComparisonSpec{"surname", Method::kJaroWinkler, {0.9}, false, true, {}},
          ComparisonSpec{"dob", Method::kExact, {}, false, false, {}}});
  ASSERT_TRUE(c.ok());
  const Scorer scorer = Scorer::Create(*c, SimpleModel());
  for (double threshold : {-5.0, 0.0, 3.0, 6.0}) {
    std::vector<std::uint64_t> expected;
    for (std::uint32_t a = 0; a < t.size(); ++a) {
      for (std::uint32_t b = a + 1; b < t.size(); ++b) {
        std::uint8_t levels[2];
        c->Compare(a, b, levels);
        if (scorer.Weight(a, b, levels) >= threshold) expected.push_back(MakePair(a, b));
      }
    }
    std::vector<std::uint64_t> found;
    for (const ScoredPair& p : ScanAllPairs(scorer, threshold, false, 2)) found.push_back(p.pair);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, expected) << "threshold " << threshold;
  }
}

}  // namespace
}  // namespace giai::linkage
