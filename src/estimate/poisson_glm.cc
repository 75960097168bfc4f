#include "estimate/poisson_glm.h"

#include <cmath>

namespace giai::estimate {
namespace {

double Deviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double d = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    d += (y[i] > 0 ? y[i] * std::log(y[i] / mu[i]) : 0.0) - (y[i] - mu[i]);
  }
  return 2 * d;
}

}  // namespace

int ColumnRank(const Eigen::MatrixXd& x) {
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  qr.setThreshold(1e-9);
  return static_cast<int>(qr.rank());
}

Result<GlmFit> FitPoissonGlm(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                             const Eigen::VectorXd& offset, const GlmOptions& options) {
  const Eigen::Index n = x.rows();
  const Eigen::Index p = x.cols();
  if (y.size() != n || (offset.size() != 0 && offset.size() != n)) {
    return InvalidInput("design, counts and offset sizes differ", "design");
  }
  if (n < p) return InvalidInput("more parameters than cells: model not identifiable", "model");
  const Eigen::VectorXd off = offset.size() == 0 ? Eigen::VectorXd::Zero(n) : offset;

  // Start from the data (as R's glm does) so the first step is already close.
  Eigen::VectorXd mu = (y.array() + 0.1).matrix();
  Eigen::VectorXd eta = mu.array().log().matrix();
  GlmFit fit;
  double dev_old = Deviance(y, mu);
  Eigen::MatrixXd xtwx(p, p);
  Eigen::LDLT<Eigen::MatrixXd> ldlt;
  bool converged = false;
  for (int it = 1; it <= options.max_iterations; ++it) {
    const Eigen::VectorXd z = (eta - off).array() + (y - mu).array() / mu.array();
    xtwx.noalias() = x.transpose() * mu.asDiagonal() * x;
    ldlt.compute(xtwx);
    if (ldlt.info() != Eigen::Success ||
        !(ldlt.vectorD().array() > 1e-12 * xtwx.diagonal().maxCoeff()).all()) {
      // Either the design is rank deficient or weights collapsed to zero on a face.
      if (ColumnRank(x) < p) {
        return Status(Code::kInvalidInput,
                      "design matrix is rank deficient: model not identifiable", "model");
      }
      fit.diverged = true;
      break;
    }
    fit.beta = ldlt.solve(x.transpose() * (mu.array() * z.array()).matrix());
    eta = x * fit.beta + off;
    mu = eta.array().min(700.0).exp().matrix();
    const double dev = Deviance(y, mu);
    fit.iterations = it;
    if (!std::isfinite(dev)) return Internal("Poisson IRLS produced a non-finite deviance");
    if (std::abs(dev - dev_old) / (std::abs(dev) + 0.1) < options.tolerance) {
      converged = true;
      dev_old = dev;
      break;
    }
    dev_old = dev;
  }
  if (fit.beta.size() != p) return Internal("Poisson IRLS failed before the first step");
  fit.fitted = mu;
  fit.deviance = dev_old;
  double ll = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    ll += (y[i] > 0 ? y[i] * std::log(mu[i]) : 0.0) - mu[i] - std::lgamma(y[i] + 1);
  }
  fit.log_likelihood = ll;
  xtwx.noalias() = x.transpose() * mu.asDiagonal() * x;
  fit.covariance = xtwx.ldlt().solve(Eigen::MatrixXd::Identity(p, p));
  // Coefficients beyond e^40 mark an MLE at infinity that IRLS chased until the deviance stalled.
  // This is only a backstop: the exact test is the linear program in loglinear_model.h.
  if (!converged || fit.beta.cwiseAbs().maxCoeff() > 40) {
    fit.diverged = true;
  }
  return fit;
}

}  // namespace giai::estimate
