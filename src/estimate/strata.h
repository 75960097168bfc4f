// Combining per-stratum estimates into a total with honest uncertainty. Strata (place, period,
// sex...) are estimated separately, because capture probabilities differ between them, and the
// totals are summed; the interval of a sum is not the sum of intervals, so:
//   - log-linear fits: independent draws of each stratum's dark figure from its asymptotic
//     log-normal distribution (the one behind the Wald interval) are summed (Monte Carlo);
//   - bootstrap: replicate r of every stratum is summed (replicates failing in any stratum are
//     dropped), which keeps any dependence introduced by model selection;
//   - latent class: posterior draws are summed draw by draw (strata are independent a priori, so
//     the sum of independent posterior draws is a draw of the total).
// Pure functions; thread safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "estimate/latent_class.h"
#include "estimate/loglinear_model.h"

namespace giai::estimate {

struct SummedInterval {
  double estimate = 0;  // sum of point estimates
  double lower = 0, upper = 0;
  std::vector<double> draws;  // draws of the total (for plots)
};

Result<SummedInterval> SumLogLinearStrata(const std::vector<ModelFit>& fits, double level,
                                          std::uint64_t seed, int draws = 20000);

// `by_replicate[s][r]`: replicate r of stratum s (NaN: failed); `estimates[s]`: point estimates.
Result<SummedInterval> SumBootstrapStrata(const std::vector<std::vector<double>>& by_replicate,
                                          const std::vector<double>& estimates, double level);

// All results must come from runs with the same number of chains and kept draws.
Result<LatentClassResult> SumLatentClassStrata(const std::vector<LatentClassResult>& strata,
                                               double level);

}  // namespace giai::estimate
