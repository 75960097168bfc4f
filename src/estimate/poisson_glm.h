// Poisson generalised linear model with log link, fitted by iteratively reweighted least squares
// (Eigen does the linear algebra). The numerical core of every log-linear MSE model.
//
// Contract: `x` is the n x p design (full column rank expected), `y` the non-negative counts,
// `offset` (optional, size n or empty) is added to the linear predictor. Returns an error Status
// when the design is rank deficient (non-identifiable) or the iteration fails; a fit whose
// parameters run off to infinity (MLE on the boundary) is returned with `diverged` set so callers
// can report it rather than print a number. Stateless and thread safe.
#pragma once

#include <Eigen/Dense>

#include "core/status.h"

namespace giai::estimate {

struct GlmFit {
  Eigen::VectorXd beta;        // p coefficients
  Eigen::MatrixXd covariance;  // (X' W X)^-1 at the optimum
  Eigen::VectorXd fitted;      // n fitted means
  double deviance = 0;
  double log_likelihood = 0;  // full Poisson log-likelihood, including -log(y!)
  int iterations = 0;
  bool diverged = false;  // some fitted mean -> 0 or |beta| huge: MLE does not exist
};

struct GlmOptions {
  int max_iterations = 100;
  double tolerance = 1e-10;  // relative change in deviance
};

Result<GlmFit> FitPoissonGlm(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                             const Eigen::VectorXd& offset = Eigen::VectorXd(),
                             const GlmOptions& options = {});

// Column rank of `x` (rank-revealing QR with a relative threshold).
int ColumnRank(const Eigen::MatrixXd& x);

}  // namespace giai::estimate
