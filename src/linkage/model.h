// Fellegi–Sunter model: per comparison, m (P(level | match)) and u (P(level | non-match)),
// and the prior proportion of matches among compared pairs; learned by Expectation–Maximisation
// over the distinct comparison patterns (conditional independence of comparisons given the
// match status). Level 0 ("missing") carries no evidence and is skipped everywhere.
//
// u can also be measured on random pairs (almost all non-matches), which is what anchors EM
// when the candidate pairs hold many matches; `fix_u` keeps it fixed during EM.
//
// Thread safety: plain values; the functions are pure.
//
// Example:
//   PatternCounts p = CountPatterns(levels.data(), n_pairs, width);
//   FsModel init = InitialModel(level_counts, random_u);
//   GIAI_ASSIGN_OR_RETURN(EmResult r, EstimateEm(p, init, {}));
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"

namespace giai::linkage {

struct ComparisonParams {
  std::vector<double> m;  // indexed by level; m[0] and u[0] unused (missing)
  std::vector<double> u;
};

struct FsModel {
  double lambda = 0.01;  // prior P(match) among the pairs EM was run on
  std::vector<ComparisonParams> params;
};

// Distinct level vectors (`width` bytes each) with their multiplicities.
struct PatternCounts {
  std::size_t width = 0;
  std::vector<std::uint8_t> levels;
  std::vector<double> counts;
  std::size_t size() const { return counts.size(); }
};

// Counted on `threads` threads (0 = all cores); the result does not depend on them.
PatternCounts CountPatterns(const std::uint8_t* levels, std::size_t pairs, std::size_t width,
                            unsigned threads = 1);

// Uninformed start: m decreasing and u increasing with the level; `random_u` (may be empty)
// replaces u where given.
FsModel InitialModel(const std::vector<std::size_t>& level_counts,
                     const std::vector<std::vector<double>>& random_u, double lambda);

// u as level frequencies over pairs of random records (add-one smoothing).
std::vector<std::vector<double>> UFromLevels(const std::vector<std::uint8_t>& levels,
                                             std::size_t width,
                                             const std::vector<std::size_t>& level_counts);

struct EmOptions {
  int max_iterations = 200;
  double tolerance = 1e-7;  // stop when no parameter moves more than this
  bool fix_u = false;
  double floor = 1e-6;  // keeps log-weights finite
};

struct EmResult {
  FsModel model;
  int iterations = 0;
  bool converged = false;
  bool label_switched = false;  // EM had converged with the classes swapped; fixed
};

Result<EmResult> EstimateEm(const PatternCounts& patterns, FsModel start, const EmOptions& options);

// P(match | pattern) under the model.
double MatchProbability(const FsModel& model, const std::uint8_t* pattern);

}  // namespace giai::linkage
