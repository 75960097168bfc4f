// Clustering of scored pairs into entities, with guards against chaining.
//
// Plain connected components over "match" edges chain: A~B and B~C put A and C together even
// when A and C clearly differ, and one bad edge can glue two large clusters. Here edges are
// taken in decreasing weight (strongest evidence first) and two clusters merge only if
//   - no reviewer decided that a record of one is different from a record of the other,
//   - with `one_per_source`, the two clusters share no source (a deduplicated list contributes
//     at most one record per entity; for two lists this is best-link one-to-one matching),
//   - at least `min_cohesion` of the cross pairs score at or above the threshold (cross pairs
//     that were not candidates are scored on demand), and the result stays within
//     `max_cluster_size`.
// Pairs a reviewer decided "same" are merged first, before any guard but the "different" ones.
//
// Thread safety: pure function; `score` is called from the calling thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "linkage/review.h"

namespace giai::linkage {

struct ClusterOptions {
  double threshold = 0.0;  // match weight threshold
  bool one_per_source = false;
  double min_cohesion = 0.5;  // 0 disables the cohesion guard
  std::size_t max_cluster_size = 200;
};

// Weight of any pair of records (for cross pairs that were not candidates).
using PairScoreFn = std::function<double(std::uint32_t, std::uint32_t)>;

struct Clustering {
  std::vector<std::uint32_t> labels;  // cluster id per record: the smallest record index in it
  std::size_t rejected_merges = 0;    // merges refused by a guard
};

// `pairs` and `weights` are parallel (candidate pairs, best sorted ascending as blocking returns
// them); `sources` gives each record's list.
Clustering ClusterRecords(std::size_t records, const std::vector<std::uint64_t>& pairs,
                          const std::vector<float>& weights,
                          const std::vector<std::uint16_t>& sources,
                          const ReviewDecisions& decisions, const ClusterOptions& options,
                          const PairScoreFn& score);

}  // namespace giai::linkage
