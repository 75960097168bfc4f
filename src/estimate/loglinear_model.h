// Hierarchical log-linear models for a capture table, fitted as Poisson GLMs on the observed
// cells (the dark-figure cell is the intercept's extrapolation: N = n_obs + exp(intercept)).
//
// A model is the set of interaction terms beyond the main effects, each a bitmask of >= 2 lists
// (0b101 = lists 0 and 2). Following Chan, Silverman & Vincent (2021), a term whose lists were
// never observed together ("empty overlap") is fitted in the extended-MLE sense: the term goes
// to -infinity, so the cells containing it are dropped and the term is reported, not fitted;
// AIC is charged for it. Existence and identifiability are checked with the linear program of
// Fienberg & Rinaldo (2012) and the design rank (see CheckExistence).
// Stateless and thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(ModelFit fit, FitLogLinear(table, {0b011}));  // main + L0:L1
//   std::cout << fit.estimate << " [" << fit.lower << ", " << fit.upper << "]\n";
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "estimate/capture_table.h"
#include "estimate/poisson_glm.h"

namespace giai::estimate {

using Term = std::uint32_t;

struct Design {
  Eigen::MatrixXd x;                 // rows: kept cells, cols: intercept, mains, fitted terms
  Eigen::VectorXd y;                 // observed counts of the kept cells
  std::vector<std::uint32_t> cells;  // pattern of each row
  std::vector<Term> fitted_terms;    // terms with a column (non-empty overlap)
  std::vector<Term> empty_terms;     // terms with zero marginal count, handled by dropping cells
};

// Builds the design for main effects plus `terms` over all observed cells (pattern != 0).
// With `include_dark_cell`, row 0 (pattern 0, count `dark_count`) is added (profile likelihood).
Design BuildDesign(const CaptureTable& table, const std::vector<Term>& terms,
                   bool include_dark_cell = false, double dark_count = 0);

// Result of the Fienberg–Rinaldo linear program and the rank test.
struct ExistenceCheck {
  bool mle_exists = true;  // observed margins in the relative interior of the marginal cone
  bool identifiable = true;
  bool ok() const { return mle_exists && identifiable; }
};
ExistenceCheck CheckExistence(const CaptureTable& table, const std::vector<Term>& terms);

struct ModelFit {
  std::vector<Term> terms;        // as requested
  std::vector<Term> empty_terms;  // subset of terms with empty overlap
  double observed = 0;            // n
  double dark = 0;                // exp(intercept): estimated unobserved
  double log_dark_se = 0;         // s.e. of the intercept
  double estimate = 0;            // n + dark
  double estimate_se = 0;         // sqrt(dark^2 var(intercept) + dark), as Rcapture reports
  double lower = 0, upper = 0;    // Wald interval on log(dark), as SparseMSE reports
  double deviance = 0;
  double log_likelihood = 0;
  int num_parameters = 0;  // fitted + empty terms
  int residual_df = 0;
  double aic = 0;
  double bic = 0;  // penalty log(n observed individuals)
  GlmFit glm;
  Design design;
};

// Fits the model. Errors (kInvalidInput) when the model is not identifiable or the MLE does not
// exist (fitted parameters diverge), so no misleading number is produced. `level` is the
// two-sided confidence level of the Wald interval.
// `check_existence` = false skips the linear program when the caller has already run it.
Result<ModelFit> FitLogLinear(const CaptureTable& table, const std::vector<Term>& terms,
                              double level = 0.95, bool check_existence = true);

// "L0:L2" style name of a term.
std::string TermName(const CaptureTable& table, Term term);
std::string ModelName(const CaptureTable& table, const std::vector<Term>& terms);

}  // namespace giai::estimate
