// Private to estimate/: distribution functions the estimators need (normal quantile, Poisson
// tails via the regularised incomplete gamma function) and sample quantiles. Pure functions.
#pragma once

#include <vector>

namespace giai::estimate::internal {

double NormalCdf(double x);
double NormalQuantile(double p);  // Acklam's rational approximation refined by one Newton step
// P(X <= k) for X ~ Poisson(lambda); 0 when k < 0.
double PoissonCdf(double k, double lambda);
// P(X >= k) for X ~ Poisson(lambda); 1 when k <= 0.
double PoissonUpperTail(double k, double lambda);
// Sample quantile (type 7, as R's default) of `values`; sorts a copy.
double Quantile(std::vector<double> values, double p);

}  // namespace giai::estimate::internal
