// Model selection for log-linear MSE models.
//
// StepwiseSelect is the procedure of Chan, Silverman & Vincent (2021), implemented by SparseMSE's
// `stepwisefit` and used for the UK 2013 modern-slavery estimate: start from main effects; at
// each step, for every pairwise term not yet in the model, compare the observed overlap count
// with its Poisson distribution under the current fit (two-sided-minimum p-value); skip terms
// whose model would fail the existence/identifiability check; add the smallest p-value if below
// `p_threshold` (default 0.02), else stop.
//
// CriterionSelect is a forward search over hierarchical models up to `max_order`-way terms: a
// term may enter only when all its sub-terms are in; the term that lowers AIC (or BIC) most is
// added until none does. Both are stateless and thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(ModelFit fit, StepwiseSelect(table, {}));
#pragma once

#include <vector>

#include "core/status.h"
#include "estimate/capture_table.h"
#include "estimate/loglinear_model.h"

namespace giai::estimate {

struct StepwiseOptions {
  double p_threshold = 0.02;
  double level = 0.95;
};
Result<ModelFit> StepwiseSelect(const CaptureTable& table, const StepwiseOptions& options);

enum class Criterion { kAic, kBic };
struct CriterionOptions {
  Criterion criterion = Criterion::kAic;
  int max_order = 2;  // 2: pairwise terms only; up to J-1
  double level = 0.95;
};
Result<ModelFit> CriterionSelect(const CaptureTable& table, const CriterionOptions& options);

}  // namespace giai::estimate
