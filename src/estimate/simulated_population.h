// Simulated capture tables for tests and benchmarks of the latent-class sampler: a closed
// population in latent classes with independent captures within class (the LCMCR model itself),
// so the true N is known. Header-only; used by latent_class_test, calibration_test and
// estimate_bench (see docs/ESTIMATION.md, "Calibration").
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "estimate/capture_table.h"

namespace giai::estimate::testing {

// A population of latent classes: class k holds a share shares[k] of the people (summing to 1)
// and captures on list j with probability probs[k][j].
struct ClassPopulation {
  std::vector<double> shares;
  std::vector<std::vector<double>> probs;
};

// `n` people drawn from `population` (one uniform picks the class, one per list the captures).
// Returns the observed (non-zero) patterns.
inline CaptureTable SimulateCaptures(int n, const ClassPopulation& population, std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0, 1);
  const std::size_t num_lists = population.probs.front().size();
  std::vector<std::string> lists;
  for (std::size_t j = 0; j < num_lists; ++j) {
    lists.push_back(std::string(1, static_cast<char>('A' + j)));
  }
  CaptureTable table = CaptureTable::Empty(lists);
  for (int i = 0; i < n; ++i) {
    const double x = u(gen);
    std::size_t cls = 0;
    double cumulative = population.shares[0];
    while (x >= cumulative && cls + 1 < population.shares.size()) {
      cumulative += population.shares[++cls];
    }
    std::uint32_t pattern = 0;
    for (std::size_t j = 0; j < num_lists; ++j) {
      if (u(gen) < population.probs[cls][j]) pattern |= 1u << j;
    }
    if (pattern != 0) table.counts[pattern] += 1;
  }
  return table;
}

// Two classes: a person is in class 0 with probability `first_class_share`.
template <std::size_t J>
CaptureTable SimulateTwoClassCaptures(int n, double first_class_share,
                                      const std::array<std::array<double, J>, 2>& probs,
                                      std::uint64_t seed) {
  ClassPopulation population{{first_class_share, 1 - first_class_share}, {}};
  for (const auto& row : probs) population.probs.emplace_back(row.begin(), row.end());
  return SimulateCaptures(n, population, seed);
}

// The sampler benchmark's table: 5,670 people, 4,402 of them seen on 4 lists.
inline CaptureTable BenchmarkFourListTable() {
  return SimulateTwoClassCaptures<4>(5670, 0.7, {{{0.45, 0.35, 0.4, 0.5}, {0.15, 0.2, 0.1, 0.25}}},
                                     12345);
}

// Calibration scenarios, all on 5 lists (docs/ESTIMATION.md, "Calibration").
// (a) Homogeneous capture: the model holds exactly with one class.
inline CaptureTable HomogeneousFiveListTable(int n, std::uint64_t seed) {
  return SimulateCaptures(n, {{1.0}, {{0.3, 0.25, 0.35, 0.3, 0.2}}}, seed);
}

// (b) Two well-separated classes, 70% / 30%: capture 0.5-0.6 against 0.05-0.15.
inline CaptureTable SeparatedClassesFiveListTable(int n, std::uint64_t seed) {
  return SimulateTwoClassCaptures<5>(
      n, 0.7, {{{0.5, 0.6, 0.55, 0.5, 0.6}, {0.1, 0.05, 0.15, 0.1, 0.05}}}, seed);
}

// (c) Mild heterogeneity, 60% / 40%: capture 0.35-0.5 against 0.2-0.3.
inline CaptureTable TwoClassFiveListTable(int n, std::uint64_t seed) {
  return SimulateTwoClassCaptures<5>(
      n, 0.6, {{{0.5, 0.4, 0.45, 0.5, 0.35}, {0.3, 0.25, 0.3, 0.25, 0.2}}}, seed);
}

// (d) A population drawn from the sampler's own prior (simulation-based calibration, Talts et
// al. 2018): alpha ~ Gamma(shape, rate), stick-breaking weights V_k ~ Beta(1, alpha) truncated
// at `classes` (the last class takes the rest), capture probabilities ~ Beta(1, 1). Defaults
// match LatentClassOptions. N itself is fixed: p(N) ∝ 1/N is improper and cannot be drawn.
inline ClassPopulation DrawPopulationFromPrior(int classes, int lists, std::uint64_t seed,
                                               double alpha_shape = 0.25,
                                               double alpha_rate = 0.25) {
  std::mt19937_64 gen(seed ^ 0x5bc0ca11b7a7e5ULL);
  std::uniform_real_distribution<double> u(0, 1);
  const double alpha = std::gamma_distribution<double>(alpha_shape, 1 / alpha_rate)(gen);
  ClassPopulation population;
  double remaining = 1;
  for (int k = 0; k < classes; ++k) {
    // Beta(1, alpha) by inversion: 1 - U^(1/alpha); alpha -> 0 gives V = 1 (one class).
    const double v = k + 1 < classes ? 1 - std::pow(u(gen), 1 / alpha) : 1;
    population.shares.push_back(remaining * v);
    remaining *= 1 - v;
    std::vector<double> probs(static_cast<std::size_t>(lists));
    for (double& p : probs) p = u(gen);
    population.probs.push_back(std::move(probs));
  }
  return population;
}

inline CaptureTable PriorDrawFiveListTable(int n, int classes, std::uint64_t seed) {
  return SimulateCaptures(n, DrawPopulationFromPrior(classes, 5, seed), seed);
}

}  // namespace giai::estimate::testing
