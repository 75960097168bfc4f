// Bayesian latent-class multiple-recapture estimation (LCMCR), Manrique-Vallier (2016),
// "Bayesian population size estimation using Dirichlet process mixtures", Biometrics 72(4).
//
// Model: each individual belongs to one of K latent classes (truncated Dirichlet-process
// stick-breaking prior, concentration alpha ~ Gamma(0.25, 0.25)); given its class, list captures
// are independent Bernoulli(lambda_jk), lambda_jk ~ Beta(1, 1); p(N) ∝ 1/N. The Gibbs sampler
// augments the data with the unobserved individuals: n0 | . ~ NegBinomial(n, 1 - pi0).
// Individuals with the same capture pattern are exchangeable, so class allocations are drawn per
// pattern as multinomials: the hot loop costs O(patterns x K) per iteration, not O(n x K), and
// allocates nothing.
//
// Chains run in parallel std::threads; chain c is seeded from (seed, c), so results are
// reproducible for a given seed and chain count whatever the scheduling. SampleLatentClass is
// thread safe; `progress` is called from the calling thread only.
//
// Example:
//   LatentClassOptions options;
//   options.seed = 42;
//   GIAI_ASSIGN_OR_RETURN(LatentClassResult r, SampleLatentClass(table, options));
//   std::cout << r.median << " [" << r.lower << ", " << r.upper << "] R-hat " << r.rhat << "\n";
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/status.h"
#include "estimate/capture_table.h"

namespace giai::estimate {

struct LatentClassOptions {
  int max_classes = 10;  // K, truncation of the stick-breaking prior
  int chains = 4;
  std::int64_t burn_in = 20000;
  std::int64_t samples = 5000;  // kept draws per chain
  int thin = 20;                // iterations between kept draws
  std::uint64_t seed = 1;
  double alpha_shape = 0.25, alpha_rate = 0.25;
  double level = 0.95;  // credible interval mass
  int threads = 0;      // 0: min(chains, hardware threads)
  // Called about every 100 ms with (iterations done, total) across chains.
  std::function<void(std::int64_t, std::int64_t)> progress;
};

struct LatentClassResult {
  std::vector<std::vector<double>> chains;  // kept draws of N per chain
  std::vector<double> draws;                // all chains concatenated
  double observed = 0;
  double median = 0, mean = 0, lower = 0, upper = 0;
  double ess = 0;                    // effective sample size of N across chains
  double rhat = 0;                   // split R-hat of N (needs >= 2 chains; 1 chain: split halves)
  double iterations_per_second = 0;  // per chain, per second of chain-thread CPU time
};

Result<LatentClassResult> SampleLatentClass(const CaptureTable& table,
                                            const LatentClassOptions& options);

// Summarises existing draws (used for strata sums): quantiles, ESS, R-hat.
LatentClassResult SummariseDraws(std::vector<std::vector<double>> chains, double observed,
                                 double level);

}  // namespace giai::estimate
