// Profile-likelihood confidence interval for N under a log-linear model (Cormack 1992; the
// interval Rcapture's closedpCI reports). For a candidate N the unobserved cell is filled with
// N - n, the model is refitted to the complete 2^J table, and the multinomial log-likelihood
//   l(N) = log N! - log (N - n)! + sum over all cells n_i log(mu_i / N)
// is profiled; the interval is {N : 2 (max l - l(N)) <= chi2_1(level)}. Unlike the Wald interval
// it is asymmetric and never goes below n. Stateless and thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(ProfileInterval ci, ProfileLikelihoodInterval(table, {0b0011}, 0.95));
#pragma once

#include <vector>

#include "core/status.h"
#include "estimate/capture_table.h"
#include "estimate/loglinear_model.h"

namespace giai::estimate {

struct ProfileInterval {
  double mode = 0;  // N maximising the profile likelihood (continuous)
  double lower = 0, upper = 0;
  double threshold = 0;                          // chi2_1(level): the deviance at the bounds
  std::vector<std::pair<double, double>> curve;  // (N, deviance from max) for plotting
};

// Errors when the model is saturated on the complete table (N not estimable) or the upper
// bound exceeds 1000 n (flat likelihood: report it, do not print a number).
Result<ProfileInterval> ProfileLikelihoodInterval(const CaptureTable& table,
                                                  const std::vector<Term>& terms, double level);

}  // namespace giai::estimate
