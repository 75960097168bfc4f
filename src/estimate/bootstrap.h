// Nonparametric bootstrap of a whole estimation procedure (including its model selection), as
// Silverman, Chan & Vincent recommend: each replicate redraws the n observed individuals from the
// observed capture-pattern frequencies (multinomial), re-runs the estimator (e.g. the stepwise
// selection), and records its N. Reports percentile and BCa intervals (BCa acceleration from the
// grouped jackknife: one pattern's count lowered by one).
//
// Replicate r uses its own generator seeded from (seed, r), so results do not depend on the
// number of threads. The estimator is called concurrently from worker threads and must be thread
// safe (the functions in this module are). `progress` is called from the calling thread.
//
// Example:
//   BootstrapOptions options;
//   options.replicates = 1000;
//   GIAI_ASSIGN_OR_RETURN(BootstrapResult b, BootstrapStepwise(table, {}, options));
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/status.h"
#include "estimate/capture_table.h"
#include "estimate/model_selection.h"

namespace giai::estimate {

struct BootstrapOptions {
  int replicates = 1000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: hardware threads
  double level = 0.95;
  bool bca = true;  // also compute the BCa interval (costs one estimator call per pattern)
  std::function<void(std::int64_t, std::int64_t)> progress;
};

struct BootstrapResult {
  double estimate = 0;               // estimator on the original data
  std::vector<double> replicates;    // successful replicate estimates, in replicate order
  std::vector<double> by_replicate;  // every replicate, NaN where it failed (strata sums)
  int failures = 0;                  // replicates where the estimator returned an error
  double percentile_lower = 0, percentile_upper = 0;
  double bca_lower = 0, bca_upper = 0;  // equal to the percentile bounds when bca is off
};

using Estimator = std::function<Result<double>(const CaptureTable&)>;

Result<BootstrapResult> Bootstrap(const CaptureTable& table, const Estimator& estimator,
                                  const BootstrapOptions& options);

// Bootstrap of StepwiseSelect's point estimate.
Result<BootstrapResult> BootstrapStepwise(const CaptureTable& table,
                                          const StepwiseOptions& stepwise,
                                          const BootstrapOptions& options);

}  // namespace giai::estimate
