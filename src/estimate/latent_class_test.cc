#include "estimate/latent_class.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "estimate/mcmc_diagnostics.h"
#include "estimate/simulated_population.h"
#include "estimate/test_data.h"

namespace giai::estimate {
namespace {

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
  const CaptureTable table = testing::TwoClassFiveListTable(kTrueN, seed);
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

// With one class the model is M_t (independent lists, p(N) ∝ 1/N, lambda_j ~ Beta(1, 1)) and
// the posterior of N has a closed form once the lambdas are integrated out:
//   p(N | x) ∝ (1/N) N! / (N - n)! prod_j B(n_j + 1, N - n_j + 1),   N >= n.
// The sampler must reproduce its quantiles: this checks the data augmentation (the n0 full
// conditional NegBin(n, 1 - pi0)) and the lambda updates exactly, not just "close to the truth".
std::vector<double> ExactSingleClassQuantiles(const CaptureTable& table,
                                              const std::vector<double>& levels) {
  const double n = table.ObservedTotal();
  std::vector<double> marginal(static_cast<std::size_t>(table.NumLists()));
  for (int j = 0; j < table.NumLists(); ++j) marginal[j] = table.MarginalCount(1u << j);
  const auto log_post = [&](double big_n) {
    double v = -std::log(big_n) + std::lgamma(big_n + 1) - std::lgamma(big_n - n + 1);
    for (double nj : marginal)
      v += std::lgamma(nj + 1) + std::lgamma(big_n - nj + 1) - std::lgamma(big_n + 2);
    return v;
  };
  std::vector<double> weights;
  double top = -INFINITY;
  for (double big_n = n; big_n < 100 * n; ++big_n) {
    weights.push_back(log_post(big_n));
    top = std::max(top, weights.back());
    if (weights.back() < top - 50) break;  // the tail beyond holds < e^-40 of the mass
  }
  double total = 0;
  for (double& w : weights) total += (w = std::exp(w - top));
  std::vector<double> out;
  for (double level : levels) {
    double cumulative = 0;
    std::size_t i = 0;
    while (i + 1 < weights.size() && (cumulative += weights[i]) < level * total) ++i;
    out.push_back(n + static_cast<double>(i));
  }
  return out;
}

TEST(LatentClassTest, SingleClassPosteriorMatchesClosedForm) {
  const CaptureTable table = testing::LoadTable("rcapture_epi/HIV.csv");
  const std::vector<double> exact = ExactSingleClassQuantiles(table, {0.025, 0.5, 0.975});
  LatentClassOptions options = ShortRun(SeedFromEnvironment());
  options.max_classes = 1;
  options.chains = 4;
  options.burn_in = 1000;
  options.samples = 20000;
  options.thin = 2;
  Result<LatentClassResult> r = SampleLatentClass(table, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  SCOPED_TRACE(::testing::Message()
               << "exact " << exact[0] << " " << exact[1] << " " << exact[2] << ", sampled "
               << r->lower << " " << r->median << " " << r->upper);
  // With 80,000 draws the sampled quantiles were within 0.1% of the exact ones for seeds 1-6; a
  // flat prior on N (n0 ~ NegBin(n + 1, 1 - pi0), a plausible slip) moves the median by 0.6% and
  // the upper bound by 0.8%, and fails here.
  EXPECT_NEAR(r->median / exact[1], 1.0, 0.003);
  EXPECT_NEAR(r->lower / exact[0], 1.0, 0.005);
  EXPECT_NEAR(r->upper / exact[2], 1.0, 0.005);
}

TEST(LatentClassTest, PosteriorUnchangedByTheFastSampler) {
  // The benchmark's table (bench/estimate_bench.cc): 5,670 people in two classes, 4,402 seen on
  // 4 lists. Reference: the sampler before the speed work of December 2026 (per-pattern
  // allocation without pooling, polar normals), 4 chains x 1,000,000 iterations, seed 1:
  // median 5,349, 95% interval 5,196-5,763 (ESS 2,004); the current sampler gave 5,351,
  // 5,197-5,773 (ESS 1,838) in the same run. Here a shorter run (ESS ~100) must agree within
  // ~4 Monte Carlo standard errors.
  const CaptureTable table = testing::BenchmarkFourListTable();
  ASSERT_EQ(table.ObservedTotal(), 4402);
  LatentClassOptions options = ShortRun(SeedFromEnvironment());
  options.burn_in = 2000;
  options.samples = 20000;
  options.thin = 5;
  Result<LatentClassResult> r = SampleLatentClass(table, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(r->median, 5349, 80);
  EXPECT_NEAR(r->lower, 5196, 60);
  EXPECT_NEAR(r->upper, 5763, 170);
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
