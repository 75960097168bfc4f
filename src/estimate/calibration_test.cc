// A coarse, fast calibration check of the latent-class sampler (issue 6). The full study, 100
// replications per scenario, is bench/estimate_bench.cc (BM_Calibration*; figures in
// docs/ESTIMATION.md, "Calibration"); this test only has to fail when the interval is badly wrong.
#include <gtest/gtest.h>

#include <cstdio>

#include "estimate/latent_class.h"
#include "estimate/simulated_population.h"

namespace giai::estimate {
namespace {

TEST(LatentClassCalibrationTest, NominalIntervalsCoverTheTruthWhenTheModelHolds) {
  // Homogeneous capture on 5 lists: the model holds exactly (one class). 20 seeded
  // populations of N = 2,000, chains of 1,500 iterations. 19 of 20 intervals cover N; with 95%
  // coverage, fewer than 15 has probability 0.0003. The 50% interval of the same draws covers 12
  // and fails here, so an interval far too narrow (or off-centre by its own half-width) fails.
  constexpr int kTrueN = 2000;
  constexpr int kReplications = 20;
  int covered = 0;
  for (int rep = 1; rep <= kReplications; ++rep) {
    const auto seed = static_cast<std::uint64_t>(rep);
    const CaptureTable table = testing::HomogeneousFiveListTable(kTrueN, seed);
    LatentClassOptions options;
    options.seed = seed;
    options.chains = 2;
    options.burn_in = 500;
    options.samples = 500;
    options.thin = 2;
    Result<LatentClassResult> r = SampleLatentClass(table, options);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const bool hit = r->lower <= kTrueN && kTrueN <= r->upper;
    covered += hit;
    if (!hit) std::printf("seed %d missed: %.0f-%.0f\n", rep, r->lower, r->upper);
  }
  EXPECT_GE(covered, 15);
}

}  // namespace
}  // namespace giai::estimate
