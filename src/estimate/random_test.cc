// Moments of the sampler's random variates (seeded, so deterministic): the Gibbs sampler and the
// bootstrap are only as right as these.
#include "estimate/internal/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace giai::estimate::internal {
namespace {

struct Moments {
  double mean = 0, variance = 0;
};

Moments Sample(const std::function<double()>& draw, int n = 200000) {
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    s += x;
    s2 += x * x;
  }
  Moments m;
  m.mean = s / n;
  m.variance = s2 / n - m.mean * m.mean;
  return m;
}

void ExpectMoments(const Moments& got, double mean, double variance, const char* what) {
  // 200,000 draws: the mean is within ~5 standard errors, the variance within ~3%.
  EXPECT_NEAR(got.mean, mean, 5 * std::sqrt(variance / 200000) + 1e-12) << what;
  EXPECT_NEAR(got.variance / variance, 1.0, 0.03) << what;
}

TEST(RandomTest, BinomialMomentsAcrossInversionAndRejectionRegimes) {
  Rng rng(1);
  struct Case {
    std::int64_t n;
    double p;
  } cases[] = {{1000, 0.3}, {50, 0.05}, {3000, 0.9}, {100000, 0.001}, {40, 0.5}, {7, 0.999}};
  for (const Case& c : cases) {
    ExpectMoments(Sample([&] { return static_cast<double>(rng.Binomial(c.n, c.p)); }), c.n * c.p,
                  c.n * c.p * (1 - c.p), "binomial");
  }
  EXPECT_EQ(rng.Binomial(0, 0.5), 0);
  EXPECT_EQ(rng.Binomial(10, 0), 0);
  EXPECT_EQ(rng.Binomial(10, 1), 10);
}

TEST(RandomTest, PoissonGammaBetaAndNegativeBinomialMoments) {
  Rng rng(2);
  for (double lambda : {3.0, 45.0, 900.0}) {
    ExpectMoments(Sample([&] { return static_cast<double>(rng.Poisson(lambda)); }), lambda, lambda,
                  "poisson");
  }
  for (double shape : {0.3, 1.0, 2.5, 60.0}) {
    ExpectMoments(Sample([&] { return rng.Gamma(shape); }), shape, shape, "gamma");
  }
  for (auto ab : {std::pair{1.0, 1.0}, {1.0, 7.0}, {4.0, 1.0}, {30.0, 200.0}}) {
    const double a = ab.first, b = ab.second;  // not a binding: clang 14 cannot capture those
    const double mean = a / (a + b);
    ExpectMoments(Sample([&] { return rng.Beta(a, b); }), mean, mean * (1 - mean) / (a + b + 1),
                  "beta");
  }
  // Failures before 100 successes with p = 0.25: mean 300, variance 1200.
  ExpectMoments(Sample([&] { return static_cast<double>(rng.NegativeBinomial(100, 0.25)); }), 300,
                1200, "negative binomial");
}

TEST(RandomTest, NormalMatchesTheDistributionFunctionInEveryZigguratRegion) {
  // The ziggurat has a fast rectangle path, wedge tests and a tail beyond 3.44: a slip in any
  // of them shows as a wrong probability of some interval. 2,000,000 draws: each probability is
  // checked within 5 binomial standard errors.
  Rng rng(7);
  constexpr int kDraws = 2000000;
  const double edges[] = {-4.0, -3.442619855899, -2.0, -1.0, -0.3, 0.0, 0.3, 1.0,
                          2.0,  3.442619855899,  4.0};
  constexpr int kBins = sizeof(edges) / sizeof(edges[0]) + 1;
  int counts[kBins] = {};
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.Normal();
    int bin = 0;
    while (bin + 1 < kBins && x >= edges[bin]) ++bin;
    ++counts[bin];
  }
  const auto cdf = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  for (int bin = 0; bin < kBins; ++bin) {
    const double lo = bin == 0 ? 0 : cdf(edges[bin - 1]);
    const double hi = bin + 1 == kBins ? 1 : cdf(edges[bin]);
    const double p = hi - lo;
    EXPECT_NEAR(static_cast<double>(counts[bin]) / kDraws, p, 5 * std::sqrt(p * (1 - p) / kDraws))
        << "bin " << bin;
  }
  ExpectMoments(Sample([&] { return rng.Normal(); }), 0, 1, "normal");
}

TEST(RandomTest, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
  }
}

}  // namespace
}  // namespace giai::estimate::internal
