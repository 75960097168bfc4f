#include "linkage/cluster.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "linkage/blocking.h"
#include "linkage/review.h"

namespace giai::linkage {
namespace {

// Records 0-1-2 form a chain: 0~1 and 1~2 score high, 0~2 scores very low. Records 3 and 4 are
// a clean pair.
struct Chain {
  std::vector<std::uint64_t> pairs = {MakePair(0, 1), MakePair(1, 2), MakePair(3, 4)};
  std::vector<float> weights = {12.0f, 10.0f, 9.0f};
  std::vector<std::uint16_t> sources = {0, 0, 0, 0, 0};
  PairScoreFn score = [](std::uint32_t a, std::uint32_t b) {
    return MakePair(a, b) == MakePair(0, 2) ? -20.0 : -5.0;
  };
};

TEST(Clustering, CohesionGuardStopsChaining) {
  Chain c;
  ClusterOptions options;
  options.threshold = 5.0;
  options.min_cohesion = 0.6;  // merging {0,1} with {2} needs 2 of 2 cross pairs above
  Clustering guarded = ClusterRecords(5, c.pairs, c.weights, c.sources, {}, options, c.score);
  EXPECT_EQ(guarded.labels[0], guarded.labels[1]);
  EXPECT_NE(guarded.labels[1], guarded.labels[2]);
  EXPECT_EQ(guarded.labels[3], guarded.labels[4]);
  EXPECT_EQ(guarded.rejected_merges, 1u);

  options.min_cohesion = 0.0;  // plain connected components chain all three
  Clustering chained = ClusterRecords(5, c.pairs, c.weights, c.sources, {}, options, c.score);
  EXPECT_EQ(chained.labels[0], chained.labels[2]);
}

TEST(Clustering, OnePerSourceGivesBestLinkMatching) {
  // a0 (source 0) matches b1 and b2 (source 1); only the stronger link is kept.
  std::vector<std::uint64_t> pairs = {MakePair(0, 1), MakePair(0, 2)};
  std::vector<float> weights = {8.0f, 11.0f};
  std::vector<std::uint16_t> sources = {0, 1, 1};
  ClusterOptions options;
  options.threshold = 5.0;
  options.one_per_source = true;
  Clustering r = ClusterRecords(3, pairs, weights, sources, {}, options,
                                [](std::uint32_t, std::uint32_t) { return 8.0; });
  EXPECT_EQ(r.labels[0], r.labels[2]);
  EXPECT_NE(r.labels[0], r.labels[1]);
}

TEST(Clustering, ReviewerDecisionsOverrideScores) {
  Chain c;
  ClusterOptions options;
  options.threshold = 5.0;
  ReviewDecisions decisions;
  decisions.Add(3, 4, Decision::kDifferent);  // a strong pair a reviewer rejected
  decisions.Add(2, 3, Decision::kSame);       // a pair the model never proposed
  Clustering r = ClusterRecords(5, c.pairs, c.weights, c.sources, decisions, options, c.score);
  EXPECT_NE(r.labels[3], r.labels[4]);
  EXPECT_EQ(r.labels[2], r.labels[3]);
  // "different" also blocks indirect merges: 4 cannot join 3's cluster through another record.
  decisions.Add(2, 4, Decision::kSame);
  Clustering r2 = ClusterRecords(5, c.pairs, c.weights, c.sources, decisions, options, c.score);
  EXPECT_NE(r2.labels[3], r2.labels[4]);
}

class DecisionsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    table_.ids = {"a", "b", "c"};
    path_ = ::testing::TempDir() + "decisions_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv";
  }
  void Write(const std::string& text) { std::ofstream(path_) << text; }
  Table table_;
  std::string path_;
};

TEST_F(DecisionsFile, LoadsSameAndDifferentAndSkipsUndecided) {
  Write("id_a,id_b,decision,weight,probability\na,b,same,1,0.5\nb,c,different,,\na,c,,2,0.6\n");
  auto d = LoadDecisions(path_, table_);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE(d->IsSame(1, 0));
  EXPECT_TRUE(d->IsDifferent(1, 2));
  EXPECT_EQ(d->size(), 2u);
}

TEST_F(DecisionsFile, RejectsUnknownIdsBadDecisionsAndMissingColumns) {
  Write("id_a,id_b,decision\na,zz,same\n");
  EXPECT_EQ(LoadDecisions(path_, table_).status().code(), Code::kInvalidInput);
  Write("id_a,id_b,decision\na,b,maybe\n");
  EXPECT_EQ(LoadDecisions(path_, table_).status().code(), Code::kInvalidInput);
  Write("left,right\na,b\n");
  EXPECT_EQ(LoadDecisions(path_, table_).status().code(), Code::kInvalidInput);
}

TEST_F(DecisionsFile, ReviewQueueRoundTripsIntoDecisions) {
  ASSERT_TRUE(WriteReviewQueue(path_, table_, {{0, 2, 1.5, 0.55}}).ok());
  auto undecided = LoadDecisions(path_, table_);
  ASSERT_TRUE(undecided.ok());
  EXPECT_EQ(undecided->size(), 0u);  // the decision column starts empty
}

}  // namespace
}  // namespace giai::linkage
