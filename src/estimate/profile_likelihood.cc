#include "estimate/profile_likelihood.h"

#include <cmath>

#include "estimate/internal/stats.h"

namespace giai::estimate {
namespace {

// Profile log-likelihood at N (continuous; up to a constant).
Result<double> ProfileLogLikelihood(const CaptureTable& table, const std::vector<Term>& terms,
                                    double n_total) {
  const double n = table.ObservedTotal();
  const Design d = BuildDesign(table, terms, /*include_dark_cell=*/true, n_total - n);
  GIAI_ASSIGN_OR_RETURN(GlmFit fit, FitPoissonGlm(d.x, d.y));
  double ll = std::lgamma(n_total + 1) - std::lgamma(n_total - n + 1);
  for (Eigen::Index i = 0; i < d.y.size(); ++i) {
    if (d.y[i] > 0) ll += d.y[i] * std::log(fit.fitted[i] / n_total);
  }
  return ll;
}

}  // namespace

Result<ProfileInterval> ProfileLikelihoodInterval(const CaptureTable& table,
                                                  const std::vector<Term>& terms, double level) {
  GIAI_ASSIGN_OR_RETURN(ModelFit fit, FitLogLinear(table, terms, level));
  const Design full = BuildDesign(table, terms, true, 0);
  if (full.x.rows() <= full.x.cols()) {
    return InvalidInput("model is saturated on the complete table: N is not estimable", "model");
  }
  const double n = table.ObservedTotal();
  const auto ll = [&](double total) { return ProfileLogLikelihood(table, terms, total); };

  // Golden-section search for the mode on log(N - n), bracketing the Poisson estimate.
  double a = std::log(std::max(fit.dark / 20, 1e-3));
  double b = std::log(fit.dark * 20 + 1);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), e = a + g * (b - a);
  GIAI_ASSIGN_OR_RETURN(double fc, ll(n + std::exp(c)));
  GIAI_ASSIGN_OR_RETURN(double fe, ll(n + std::exp(e)));
  for (int it = 0; it < 80 && b - a > 1e-7; ++it) {
    if (fc > fe) {
      b = e, e = c, fe = fc;
      c = b - g * (b - a);
      GIAI_ASSIGN_OR_RETURN(fc, ll(n + std::exp(c)));
    } else {
      a = c, c = e, fc = fe;
      e = a + g * (b - a);
      GIAI_ASSIGN_OR_RETURN(fe, ll(n + std::exp(e)));
    }
  }
  ProfileInterval out;
  out.mode = n + std::exp((a + b) / 2);
  GIAI_ASSIGN_OR_RETURN(const double lmax, ll(out.mode));
  const double crit = std::pow(internal::NormalQuantile(0.5 + level / 2), 2);
  out.threshold = crit;
  const auto excess = [&](double total) -> Result<double> {
    GIAI_ASSIGN_OR_RETURN(double l, ll(total));
    return 2 * (lmax - l) - crit;
  };
  // Bisection on each side, in log(N - n).
  const auto solve = [&](double inside, double outside) -> Result<double> {
    for (int it = 0; it < 60; ++it) {
      const double mid = (inside + outside) / 2;
      GIAI_ASSIGN_OR_RETURN(double f, excess(n + std::exp(mid)));
      (f < 0 ? inside : outside) = mid;
    }
    return n + std::exp((inside + outside) / 2);
  };
  const double centre = std::log(out.mode - n);
  double low = centre;
  while (true) {
    low -= 1;
    if (low < std::log(1e-6)) {
      out.lower = n;  // the likelihood stays within the bound down to N = n
      break;
    }
    GIAI_ASSIGN_OR_RETURN(double f, excess(n + std::exp(low)));
    if (f > 0) {
      GIAI_ASSIGN_OR_RETURN(out.lower, solve(centre, low));
      break;
    }
  }
  double high = centre;
  while (true) {
    high += 0.5;
    if (n + std::exp(high) > 1000 * n) {
      return InvalidInput("profile likelihood is flat: no finite upper bound for N", "model");
    }
    GIAI_ASSIGN_OR_RETURN(double f, excess(n + std::exp(high)));
    if (f > 0) {
      GIAI_ASSIGN_OR_RETURN(out.upper, solve(centre, high));
      break;
    }
  }
  // A curve for plots: 60 points spanning a little beyond the interval.
  const double from = std::log(std::max(out.lower - n, 1e-3)) - 0.3;
  const double to = std::log(out.upper - n) + 0.3;
  for (int i = 0; i <= 60; ++i) {
    const double total = n + std::exp(from + (to - from) * i / 60);
    Result<double> l = ll(total);
    if (l.ok()) out.curve.emplace_back(total, 2 * (lmax - *l));
  }
  return out;
}

}  // namespace giai::estimate
