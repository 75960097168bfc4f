// Convergence diagnostics for Markov chain output: effective sample size (Geyer's initial
// monotone sequence on the chain-averaged autocorrelation, as in Stan) and split R-hat
// (Gelman et al., BDA3 §11.4). Pure functions, thread safe.
#pragma once

#include <vector>

namespace giai::estimate {

// Effective sample size of the pooled draws; chains must have equal length >= 4.
double EffectiveSampleSize(const std::vector<std::vector<double>>& chains);
// Split R-hat: each chain is halved, so a single chain still yields a diagnostic.
double SplitRhat(const std::vector<std::vector<double>>& chains);

}  // namespace giai::estimate
