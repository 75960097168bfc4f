#include "estimate/strata.h"

#include <cmath>

#include "estimate/internal/random.h"
#include "estimate/internal/stats.h"

namespace giai::estimate {

Result<SummedInterval> SumLogLinearStrata(const std::vector<ModelFit>& fits, double level,
                                          std::uint64_t seed, int draws) {
  if (fits.empty() || draws < 100) return InvalidInput("nothing to combine", "strata");
  SummedInterval out;
  out.draws.assign(static_cast<std::size_t>(draws), 0.0);
  internal::Rng rng(seed);
  for (const ModelFit& fit : fits) {
    out.estimate += fit.estimate;
    const double mu = std::log(fit.dark);
    for (double& d : out.draws) d += fit.observed + std::exp(mu + fit.log_dark_se * rng.Normal());
  }
  out.lower = internal::Quantile(out.draws, (1 - level) / 2);
  out.upper = internal::Quantile(out.draws, (1 + level) / 2);
  return out;
}

Result<SummedInterval> SumBootstrapStrata(const std::vector<std::vector<double>>& by_replicate,
                                          const std::vector<double>& estimates, double level) {
  if (by_replicate.empty() || by_replicate.size() != estimates.size()) {
    return InvalidInput("strata and estimates differ in number", "strata");
  }
  SummedInterval out;
  for (double e : estimates) out.estimate += e;
  const std::size_t reps = by_replicate[0].size();
  for (std::size_t r = 0; r < reps; ++r) {
    double total = 0;
    for (const auto& stratum : by_replicate) {
      if (stratum.size() != reps)
        return InvalidInput("strata have different replicate counts", "strata");
      total += stratum[r];
    }
    if (!std::isnan(total)) out.draws.push_back(total);
  }
  if (out.draws.size() < reps / 2) {
    return InvalidInput("most bootstrap replicates failed in some stratum", "strata");
  }
  out.lower = internal::Quantile(out.draws, (1 - level) / 2);
  out.upper = internal::Quantile(out.draws, (1 + level) / 2);
  return out;
}

Result<LatentClassResult> SumLatentClassStrata(const std::vector<LatentClassResult>& strata,
                                               double level) {
  if (strata.empty()) return InvalidInput("nothing to combine", "strata");
  std::vector<std::vector<double>> chains = strata[0].chains;
  double observed = strata[0].observed;
  for (std::size_t s = 1; s < strata.size(); ++s) {
    if (strata[s].chains.size() != chains.size())
      return InvalidInput("chain counts differ", "strata");
    observed += strata[s].observed;
    for (std::size_t c = 0; c < chains.size(); ++c) {
      if (strata[s].chains[c].size() != chains[c].size()) {
        return InvalidInput("draw counts differ", "strata");
      }
      for (std::size_t i = 0; i < chains[c].size(); ++i) chains[c][i] += strata[s].chains[c][i];
    }
  }
  LatentClassResult out = SummariseDraws(std::move(chains), observed, level);
  out.iterations_per_second = strata[0].iterations_per_second;
  return out;
}

}  // namespace giai::estimate
