#include "estimate/latent_class.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "estimate/mcmc_diagnostics.h"
#include "estimate/test_data.h"

namespace giai::estimate {
namespace {

// Simulates a closed population of `n` people in two latent classes with independent captures
// within class (the LCMCR model itself), and returns the observed table.
CaptureTable SimulateTwoClassPopulation(int n, std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0, 1);
  const double probs[2][5] = {{0.5, 0.4, 0.45, 0.5, 0.35}, {0.3, 0.25, 0.3, 0.25, 0.2}};
  CaptureTable table = CaptureTable::Empty({"A", "B", "C", "D", "E"});
  for (int i = 0; i < n; ++i) {
    const int cls = u(gen) < 0.6 ? 0 : 1;
    std::uint32_t pattern = 0;
    for (int j = 0; j < 5; ++j) {
      if (u(gen) < probs[cls][j]) pattern |= 1u << j;
    }
    if (pattern != 0) table.counts[pattern] += 1;
  }
  return table;
}

std::uint64_t SeedFromEnvironment() {
  const char* text = std::getenv("GIAI_TEST_SEED");
  // Seeds 1-10 were all checked to pass; any failure prints the seed for replay.
  return text ? std::strtoull(text, nullptr, 10) : 1;
}

LatentClassOptions ShortRun(std::uint64_t seed) {
  LatentClassOptions options;
  options.seed = seed;
  options.chains = 2;
  options.burn_in = 2000;
  options.samples = 1000;
  options.thin = 5;
  return options;
}

TEST(LatentClassTest, RecoversSizeOfSimulatedHeterogeneousPopulation) {
  // Heterogeneous capture (classes differ 2-3x) biases independence models downwards; the
  // latent-class model is the data-generating model here, so its interval must cover N.
  constexpr int kTrueN = 10000;
  const std::uint64_t seed = SeedFromEnvironment();
  SCOPED_TRACE(::testing::Message() << "seed " << seed << " (replay with GIAI_TEST_SEED)");
  const CaptureTable table = SimulateTwoClassPopulation(kTrueN, seed);
  LatentClassOptions options = ShortRun(seed);
  options.burn_in = 5000;
  options.samples = 2000;  // x thin 5: 15,000 iterations per chain
  // A 99% interval: with chains this short a 95% interval misses the truth in ~1 seed of 10,
  // as calibration allows; the test must not depend on a lucky seed.
  options.level = 0.99;
  Result<LatentClassResult> r = SampleLatentClass(table, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_LT(r->lower, kTrueN);
  EXPECT_GT(r->upper, kTrueN);
  EXPECT_NEAR(r->median / kTrueN, 1.0, 0.08);
  EXPECT_GT(r->lower, table.ObservedTotal());
  EXPECT_EQ(r->draws.size(), 4000u);
  EXPECT_GT(r->ess, 1);
  EXPECT_TRUE(std::isfinite(r->rhat));
}

TEST(LatentClassTest, SameSeedGivesIdenticalDrawsAndOtherSeedDiffers) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/HIV.csv");
  LatentClassOptions options = ShortRun(99);
  options.burn_in = 200;
  options.samples = 200;
  options.thin = 2;
  Result<LatentClassResult> a = SampleLatentClass(table, options);
  options.threads = 1;  // scheduling must not matter
  Result<LatentClassResult> b = SampleLatentClass(table, options);
  options.seed = 100;
  Result<LatentClassResult> c = SampleLatentClass(table, options);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->chains, b->chains);
  EXPECT_NE(a->chains, c->chains);
}

TEST(McmcDiagnosticsTest, IndependentDrawsHaveFullEssAndStuckChainsHaveLargeRhat) {
  std::mt19937_64 gen(5);
  std::normal_distribution<double> normal(0, 1);
  std::vector<std::vector<double>> iid(4, std::vector<double>(1000));
  for (auto& chain : iid) {
    for (double& x : chain) x = normal(gen);
  }
  EXPECT_NEAR(EffectiveSampleSize(iid) / 4000, 1.0, 0.15);
  EXPECT_NEAR(SplitRhat(iid), 1.0, 0.01);
  std::vector<std::vector<double>> stuck = iid;
  for (double& x : stuck[0]) x += 5;  // one chain in another mode
  EXPECT_GT(SplitRhat(stuck), 1.5);
  std::vector<std::vector<double>> ar(1, std::vector<double>(20000));
  double state = 0;
  for (double& x : ar[0]) x = state = 0.9 * state + normal(gen);  // ESS ≈ n (1-0.9)/(1+0.9)
  EXPECT_NEAR(EffectiveSampleSize(ar) / (20000 * 0.1 / 1.9), 1.0, 0.25);
}

TEST(LatentClassTest, RejectsFractionalCountsAndBadOptions) {
  CaptureTable table = CaptureTable::Empty({"A", "B", "C"});
  table.counts[1] = 10.5;
  table.counts[3] = 2;
  EXPECT_EQ(SampleLatentClass(table, ShortRun(1)).status().code(), Code::kInvalidInput);
  table.counts[1] = 10;
  LatentClassOptions options = ShortRun(1);
  options.max_classes = 0;
  EXPECT_EQ(SampleLatentClass(table, options).status().code(), Code::kInvalidInput);
}

}  // namespace
}  // namespace giai::estimate
