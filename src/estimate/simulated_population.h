// Simulated capture tables for tests and benchmarks of the latent-class sampler: a closed
// population in two latent classes with independent captures within class (the LCMCR model
// itself), so the true N is known. Header-only; used by latent_class_test and estimate_bench.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "estimate/capture_table.h"

namespace giai::estimate::testing {

// `n` people; a person is in class 0 with probability `first_class_share`, and seen on list j
// with probability probs[class][j]. Returns the observed (non-zero) patterns.
template <std::size_t J>
CaptureTable SimulateTwoClassCaptures(int n, double first_class_share,
                                      const std::array<std::array<double, J>, 2>& probs,
                                      std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::string> lists;
  for (std::size_t j = 0; j < J; ++j) lists.push_back(std::string(1, static_cast<char>('A' + j)));
  CaptureTable table = CaptureTable::Empty(lists);
  for (int i = 0; i < n; ++i) {
    const int cls = u(gen) < first_class_share ? 0 : 1;
    std::uint32_t pattern = 0;
    for (std::size_t j = 0; j < J; ++j) {
      if (u(gen) < probs[static_cast<std::size_t>(cls)][j]) pattern |= 1u << j;
    }
    if (pattern != 0) table.counts[pattern] += 1;
  }
  return table;
}

// The sampler benchmark's table: 5,670 people, 4,402 of them seen on 4 lists.
inline CaptureTable BenchmarkFourListTable() {
  return SimulateTwoClassCaptures<4>(5670, 0.7, {{{0.45, 0.35, 0.4, 0.5}, {0.15, 0.2, 0.1, 0.25}}},
                                     12345);
}

// The coverage check's population: `n` people, 60% / 40%, on 5 lists.
inline CaptureTable TwoClassFiveListTable(int n, std::uint64_t seed) {
  return SimulateTwoClassCaptures<5>(
      n, 0.6, {{{0.5, 0.4, 0.45, 0.5, 0.35}, {0.3, 0.25, 0.3, 0.25, 0.2}}}, seed);
}

}  // namespace giai::estimate::testing
