#include "estimate/mcmc_diagnostics.h"

#include <cmath>
#include <numeric>

namespace giai::estimate {
namespace {

double Mean(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double Variance(const std::vector<double>& x) {  // unbiased
  const double m = Mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return s / static_cast<double>(x.size() - 1);
}

// Autocovariance at `lag` (biased, divided by n).
double Autocovariance(const std::vector<double>& x, double mean, std::size_t lag) {
  double s = 0;
  for (std::size_t i = 0; i + lag < x.size(); ++i) s += (x[i] - mean) * (x[i + lag] - mean);
  return s / static_cast<double>(x.size());
}

}  // namespace

double EffectiveSampleSize(const std::vector<std::vector<double>>& chains) {
  const std::size_t m = chains.size();
  if (m == 0 || chains[0].size() < 4) return 0;
  const std::size_t n = chains[0].size();
  std::vector<double> means(m), var0(m);
  for (std::size_t c = 0; c < m; ++c) {
    means[c] = Mean(chains[c]);
    var0[c] = Autocovariance(chains[c], means[c], 0);
  }
  const double w = std::accumulate(var0.begin(), var0.end(), 0.0) / static_cast<double>(m) *
                   static_cast<double>(n) / static_cast<double>(n - 1);
  const double b_over_n = m > 1 ? Variance(means) : 0.0;
  const double var_plus = w * static_cast<double>(n - 1) / static_cast<double>(n) + b_over_n;
  if (var_plus <= 0) return static_cast<double>(m * n);
  const auto rho = [&](std::size_t lag) {
    double acov = 0;
    for (std::size_t c = 0; c < m; ++c) acov += Autocovariance(chains[c], means[c], lag);
    acov /= static_cast<double>(m);
    return 1 - (w - acov) / var_plus;
  };
  // Geyer: sum consecutive pairs while positive, forcing them to be monotone.
  double tau = -1;
  double prev_pair = HUGE_VAL;
  for (std::size_t t = 0; t + 1 < n; t += 2) {
    double pair = rho(t) + rho(t + 1);
    if (pair <= 0) break;
    pair = std::min(pair, prev_pair);
    prev_pair = pair;
    tau += 2 * pair;
  }
  const double total = static_cast<double>(m * n);
  return std::min(total / std::max(tau, 1.0 / std::log10(total + 10)), total * std::log10(total));
}

double SplitRhat(const std::vector<std::vector<double>>& chains) {
  std::vector<std::vector<double>> halves;
  for (const auto& chain : chains) {
    const std::size_t h = chain.size() / 2;
    if (h < 2) return std::nan("");
    halves.emplace_back(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(h));
    halves.emplace_back(chain.end() - static_cast<std::ptrdiff_t>(h), chain.end());
  }
  const double n = static_cast<double>(halves[0].size());
  std::vector<double> means, vars;
  for (const auto& h : halves) {
    means.push_back(Mean(h));
    vars.push_back(Variance(h));
  }
  const double w = Mean(vars);
  const double b = n * Variance(means);
  if (w <= 0) return 1;
  const double var_plus = (n - 1) / n * w + b / n;
  return std::sqrt(var_plus / w);
}

}  // namespace giai::estimate
