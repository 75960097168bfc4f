#include "estimate/graphical_bma.h"

#include <gtest/gtest.h>

#include <numeric>

#include "estimate/loglinear_model.h"
#include "estimate/test_data.h"

namespace giai::estimate {
namespace {

// Decomposable graphical models are log-linear models; with a nearly flat prior (tiny delta) and
// thousands of cases the posterior mode of N under one graph must sit at the Poisson MLE.
TEST(GraphicalBmaTest, SingleGraphPosteriorModeMatchesLogLinearMle) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/lesbian.csv");
  BmaOptions options;
  options.delta = 1e-4;
  struct Case {
    std::uint32_t edges;
    std::vector<Term> terms;
  } cases[] = {{0b000000, {}}, {0b000001, {0b0011}}, {0b100001, {0b0011, 0b1100}}};
  for (const Case& c : cases) {
    options.only_graphs = {c.edges};
    Result<BmaResult> bma = AverageDecomposableModels(table, options);
    ASSERT_TRUE(bma.ok()) << bma.status().ToString();
    Result<ModelFit> mle = FitLogLinear(table, c.terms);
    ASSERT_TRUE(mle.ok());
    // The 1/N prior pulls the mode down by about var(N)/N (0.2% here), hence 0.5%.
    EXPECT_NEAR(bma->mode, mle->estimate, 0.005 * mle->estimate) << GraphName(table, c.edges);
  }
}

TEST(GraphicalBmaTest, AveragesOverAllDecomposableGraphsOfMadiganYorkTables) {
  const CaptureTable three = testing::LoadTable("madigan_york/madigan_york_3list.csv");
  // With the default open grid the saturated 3-list graph leaves N unbounded: an error, not a
  // number. dga's example conditions on at most 300 unobserved; so do we.
  EXPECT_EQ(AverageDecomposableModels(three, {}).status().code(), Code::kInvalidInput);
  BmaOptions capped;
  capped.max_missing = 300;
  Result<BmaResult> r3 = AverageDecomposableModels(three, capped);
  ASSERT_TRUE(r3.ok()) << r3.status().ToString();
  EXPECT_EQ(r3->graphs.size(), 8u);  // every graph on 3 vertices is decomposable
  const CaptureTable five = testing::LoadTable("madigan_york/madigan_york_5list.csv");
  BmaOptions options;
  options.delta = 0.5;  // as dga's example for this table
  options.max_missing = 300;
  Result<BmaResult> r5 = AverageDecomposableModels(five, options);
  ASSERT_TRUE(r5.ok()) << r5.status().ToString();
  EXPECT_EQ(r5->graphs.size(), 822u);  // decomposable graphs on 5 labelled vertices
  double total = std::accumulate(r5->posterior.begin(), r5->posterior.end(), 0.0);
  EXPECT_NEAR(total, 1.0, 1e-9);
  double graph_total = 0;
  for (const GraphWeight& g : r5->graphs) graph_total += g.probability;
  EXPECT_NEAR(graph_total, 1.0, 1e-9);
  EXPECT_GT(r5->lower, five.ObservedTotal());
  EXPECT_LT(r5->lower, r5->median);
  EXPECT_LT(r5->median, r5->upper);
  std::cout << "M&Y 3-list: median " << r3->median << " [" << r3->lower << ", " << r3->upper
            << "]; 5-list: median " << r5->median << " [" << r5->lower << ", " << r5->upper
            << "], top graph " << GraphName(five, r5->graphs[0].edges)
            << " p=" << r5->graphs[0].probability << "\n";
}

TEST(GraphicalBmaTest, RejectsNonDecomposableGraphsAndTooManyLists) {
  const CaptureTable four = testing::LoadTable("rcapture_epi/HIV.csv");
  BmaOptions options;
  // The 4-cycle 0-1, 1-3, 3-2, 2-0 (pairs 01=bit0, 02=bit1, 13=bit4, 23=bit5) has no chord.
  options.only_graphs = {0b110011};
  EXPECT_EQ(AverageDecomposableModels(four, options).status().code(), Code::kInvalidInput);
  const CaptureTable six = testing::LoadTable("uk_modern_slavery/UKdat.csv");
  EXPECT_FALSE(AverageDecomposableModels(six, {}).ok());
}

}  // namespace
}  // namespace giai::estimate
