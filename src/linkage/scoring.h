// Match weights of compared pairs under a Fellegi–Sunter model, and the parallel loops that
// compare and score candidate pairs.
//
// weight(pair) = sum over comparisons of log2(m[level] / u[level]) (0 for missing). With
// term-frequency adjustment, exact agreement on a value uses u = the value's frequency among the
// records (the larger of the two), so agreeing on "smith" weighs less than agreeing on "zaitsev".
// Posterior: P(match) = 1 / (1 + 2^-(weight + log2(lambda / (1 - lambda)))).
//
// Thread safety: a Scorer is immutable after Create; the loops use `threads` std::threads over
// contiguous chunks and write disjoint slices, with no allocation per pair.
//
// Example:
//   Scorer scorer = Scorer::Create(comparator, model);
//   std::vector<std::uint8_t> levels = CompareAll(comparator, pairs, 2);
//   std::vector<float> weights = ScoreAll(scorer, pairs, levels, 2);
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "linkage/compare.h"
#include "linkage/model.h"
#include "linkage/parallel.h"

namespace giai::linkage {

class Scorer {
 public:
  static Scorer Create(const Comparator& comparator, const FsModel& model);

  double Weight(std::uint32_t a, std::uint32_t b, const std::uint8_t* levels) const;
  // Compares and scores, stopping as soon as the weight cannot reach `threshold`; returns
  // false then. Cheap comparisons run first, then by decreasing maximum weight; string metrics
  // first contribute their histogram upper bound and run only if the pair can still pass.
  bool ScoreIfAbove(std::uint32_t a, std::uint32_t b, double threshold, double& weight) const;
  double Probability(double weight) const;
  double WeightAtProbability(double probability) const;
  const FsModel& model() const { return model_; }
  const Comparator& comparator() const { return *comparator_; }
  // log2(m/u) of a level, without term-frequency adjustment.
  double LevelWeight(std::size_t k, std::size_t level) const { return weights_[k][level]; }

 private:
  const Comparator* comparator_ = nullptr;
  FsModel model_;
  std::vector<std::vector<double>> weights_;
  std::vector<double> max_weight_;
  // best_from_[k][l]: the largest weight of levels l..else (an upper bound when only "at least
  // level l" is known).
  std::vector<std::vector<double>> best_from_;
  double total_max_weight_ = 0.0;
  std::vector<std::vector<float>> log_tf_;  // per comparison: per record, empty if not adjusted
  std::vector<double> log2_m_exact_;        // per comparison: log2 m[exact], for adjusted weights
  std::vector<std::size_t> order_;          // comparisons by decreasing max weight
  double prior_log_odds_ = 0.0;
};

// Levels of every pair, row-major (pairs.size() x comparator.size()).
std::vector<std::uint8_t> CompareAll(const Comparator& comparator,
                                     const std::vector<std::uint64_t>& pairs, unsigned threads);
std::vector<float> ScoreAll(const Scorer& scorer, const std::vector<std::uint64_t>& pairs,
                            const std::vector<std::uint8_t>& levels, unsigned threads);

struct ScoredPair {
  std::uint64_t pair;
  float weight;
};

// Exhaustive scan without blocking: every pair of records (across sources only, if asked) is
// compared with early exit and only pairs scoring >= threshold are kept, so memory grows with
// the matches, not with the n^2 pairs.
std::vector<ScoredPair> ScanAllPairs(const Scorer& scorer, double threshold, bool cross_source_only,
                                     unsigned threads);

}  // namespace giai::linkage
