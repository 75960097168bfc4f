// Accuracy against ground truth (records sharing a truth id are the same entity).
//
// Pairwise measures: a "pair" is two records of the same entity (true) or of the same cluster
// (predicted); when linking lists (`cross_source_only`) only pairs across lists count. Blocking
// measures: pairs completeness (share of true pairs among candidates) and reduction ratio
// (1 - candidates / all comparable pairs). Records with an empty truth id are never in a true pair.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "linkage/record.h"

namespace giai::linkage {

struct PairMetrics {
  std::uint64_t true_pairs = 0;
  std::uint64_t predicted_pairs = 0;
  std::uint64_t true_positives = 0;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

PairMetrics EvaluateClusters(const Table& table, const std::vector<std::uint32_t>& labels,
                             bool cross_source_only);

struct BlockingMetrics {
  std::uint64_t candidates = 0;
  std::uint64_t true_pairs = 0;
  std::uint64_t true_candidates = 0;
  double pairs_completeness = 0.0;
  double reduction_ratio = 0.0;
};

BlockingMetrics EvaluateBlocking(const Table& table, const std::vector<std::uint64_t>& candidates,
                                 bool cross_source_only);

}  // namespace giai::linkage
