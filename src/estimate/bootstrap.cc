#include "estimate/bootstrap.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "estimate/internal/random.h"
#include "estimate/internal/stats.h"

namespace giai::estimate {
namespace {

// Multinomial redraw of the observed total over the observed cells.
void Resample(const CaptureTable& original, double total, internal::Rng& rng, CaptureTable& out) {
  auto remaining = static_cast<std::int64_t>(std::llround(total));
  double mass = total;
  for (std::size_t p = 1; p < original.counts.size(); ++p) {
    const double c = original.counts[p];
    if (c <= 0 || remaining == 0) {
      out.counts[p] = 0;
      continue;
    }
    // The last observed cell takes the remainder, whatever rounding did to `mass`.
    const std::int64_t draw =
        c >= mass * (1 - 1e-12) ? remaining : rng.Binomial(remaining, std::min(1.0, c / mass));
    out.counts[p] = static_cast<double>(draw);
    remaining -= draw;
    mass -= c;
  }
}

}  // namespace

Result<BootstrapResult> Bootstrap(const CaptureTable& table, const Estimator& estimator,
                                  const BootstrapOptions& options) {
  GIAI_RETURN_IF_ERROR(table.Validate());
  if (options.replicates < 10)
    return InvalidInput("need at least 10 bootstrap replicates", "bootstrap");
  BootstrapResult result;
  GIAI_ASSIGN_OR_RETURN(result.estimate, estimator(table));
  const double total = table.ObservedTotal();
  if (total != std::floor(total)) return InvalidInput("bootstrap needs integer counts", "counts");

  const int reps = options.replicates;
  std::vector<double> values(static_cast<std::size_t>(reps), std::nan(""));
  std::atomic<int> next{0};
  std::atomic<std::int64_t> done{0};
  const auto worker = [&] {
    CaptureTable sample = table;
    for (int r = next++; r < reps; r = next++) {
      internal::Rng rng(options.seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(r) + 1);
      Resample(table, total, rng, sample);
      Result<double> n = estimator(sample);
      if (n.ok()) values[static_cast<std::size_t>(r)] = *n;
      ++done;
    }
  };
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = std::clamp(options.threads > 0 ? options.threads : hw, 1, reps);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  if (options.progress) {
    while (done.load() < reps) {
      options.progress(done.load(), reps);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    options.progress(reps, reps);
  }
  for (std::thread& t : pool) t.join();

  result.by_replicate = values;
  for (double v : values) {
    if (std::isnan(v)) {
      ++result.failures;
    } else {
      result.replicates.push_back(v);
    }
  }
  if (result.replicates.size() < static_cast<std::size_t>(reps) / 2) {
    return InvalidInput("more than half of the bootstrap replicates could not be estimated",
                        "bootstrap");
  }
  const double a_lo = (1 - options.level) / 2;
  const double a_hi = (1 + options.level) / 2;
  result.percentile_lower = internal::Quantile(result.replicates, a_lo);
  result.percentile_upper = internal::Quantile(result.replicates, a_hi);
  result.bca_lower = result.percentile_lower;
  result.bca_upper = result.percentile_upper;
  if (!options.bca) return result;

  // Bias correction: share of replicates below the original estimate.
  const double below =
      static_cast<double>(std::count_if(result.replicates.begin(), result.replicates.end(),
                                        [&](double v) { return v < result.estimate; }));
  const double z0 = internal::NormalQuantile(
      std::clamp(below / static_cast<double>(result.replicates.size()), 1e-6, 1 - 1e-6));
  // Acceleration: grouped jackknife, leaving out one individual of each observed pattern.
  double weight = 0, mean = 0;
  std::vector<std::pair<double, double>> jack;  // (count, estimate)
  CaptureTable reduced = table;
  for (std::size_t p = 1; p < table.counts.size(); ++p) {
    if (table.counts[p] <= 0) continue;
    reduced.counts[p] -= 1;
    Result<double> v = estimator(reduced);
    reduced.counts[p] += 1;
    if (!v.ok()) continue;
    jack.emplace_back(table.counts[p], *v);
    weight += table.counts[p];
    mean += table.counts[p] * *v;
  }
  if (weight <= 0) return result;
  mean /= weight;
  double num = 0, den = 0;
  for (const auto& [c, v] : jack) {
    num += c * std::pow(mean - v, 3);
    den += c * std::pow(mean - v, 2);
  }
  const double acc = den > 0 ? num / (6 * std::pow(den, 1.5)) : 0;
  const auto adjusted = [&](double alpha) {
    const double z = internal::NormalQuantile(alpha);
    return internal::NormalCdf(z0 + (z0 + z) / (1 - acc * (z0 + z)));
  };
  result.bca_lower = internal::Quantile(result.replicates, adjusted(a_lo));
  result.bca_upper = internal::Quantile(result.replicates, adjusted(a_hi));
  return result;
}

Result<BootstrapResult> BootstrapStepwise(const CaptureTable& table,
                                          const StepwiseOptions& stepwise,
                                          const BootstrapOptions& options) {
  const Estimator estimator = [&stepwise](const CaptureTable& t) -> Result<double> {
    GIAI_ASSIGN_OR_RETURN(ModelFit fit, StepwiseSelect(t, stepwise));
    return fit.estimate;
  };
  return Bootstrap(table, estimator, options);
}

}  // namespace giai::estimate
