#include "linkage/cluster.h"

#include <algorithm>
#include <numeric>

#include "linkage/blocking.h"

namespace giai::linkage {
namespace {

// Union-find whose clusters also list their members, as circular linked lists through
// `next_` (one array for all records instead of one vector per record; merging splices two
// lists in O(1)).
class Clusters {
 public:
  Clusters(std::size_t n, const std::vector<std::uint16_t>& sources)
      : parent_(n), next_(n), size_(n, 1), source_mask_(n, 0) {
    std::iota(parent_.begin(), parent_.end(), 0u);
    std::iota(next_.begin(), next_.end(), 0u);
    for (std::uint32_t i = 0; i < n; ++i) {
      source_mask_[i] = sources[i] < 64 ? 1ULL << sources[i] : 0;
    }
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  std::size_t Size(std::uint32_t root) const { return size_[root]; }
  // Calls fn(member) for every record of the cluster of `root`; stops when fn returns true,
  // and returns whether it did.
  template <typename Fn>
  bool AnyMember(std::uint32_t root, Fn&& fn) const {
    std::uint32_t x = root;
    do {
      if (fn(x)) return true;
      x = next_[x];
    } while (x != root);
    return false;
  }
  std::uint64_t SourceMask(std::uint32_t root) const { return source_mask_[root]; }
  void Union(std::uint32_t ra, std::uint32_t rb) {
    if (size_[ra] < size_[rb]) std::swap(ra, rb);
    parent_[rb] = ra;
    std::swap(next_[ra], next_[rb]);  // splices the two circular lists
    size_[ra] += size_[rb];
    source_mask_[ra] |= source_mask_[rb];
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> next_;
  std::vector<std::uint32_t> size_;
  std::vector<std::uint64_t> source_mask_;
};

}  // namespace

Clustering ClusterRecords(std::size_t records, const std::vector<std::uint64_t>& pairs,
                          const std::vector<float>& weights,
                          const std::vector<std::uint16_t>& sources,
                          const ReviewDecisions& decisions, const ClusterOptions& options,
                          const PairScoreFn& score) {
  Clustering result;
  Clusters clusters(records, sources);
  // Candidate pairs arrive sorted (blocking output), so their weights are found by binary search
  // rather than a hash map of millions of entries.
  const bool sorted = std::is_sorted(pairs.begin(), pairs.end());
  auto known_weight = [&](std::uint64_t key, double& weight) {
    if (!sorted) return false;
    auto it = std::lower_bound(pairs.begin(), pairs.end(), key);
    if (it == pairs.end() || *it != key) return false;
    weight = weights[static_cast<std::size_t>(it - pairs.begin())];
    return true;
  };

  auto blocked_by_decision = [&](std::uint32_t ra, std::uint32_t rb) {
    if (decisions.different.empty()) return false;
    return clusters.AnyMember(ra, [&](std::uint32_t x) {
      return clusters.AnyMember(rb, [&](std::uint32_t y) { return decisions.IsDifferent(x, y); });
    });
  };
  auto cohesive = [&](std::uint32_t ra, std::uint32_t rb) {
    const std::size_t cross = clusters.Size(ra) * clusters.Size(rb);
    if (options.min_cohesion <= 0.0 || cross == 1) return true;
    std::size_t above = 0;
    clusters.AnyMember(ra, [&](std::uint32_t x) {
      clusters.AnyMember(rb, [&](std::uint32_t y) {
        double w = 0.0;
        if (!known_weight(MakePair(x, y), w)) w = score(x, y);
        if (w >= options.threshold || decisions.IsSame(x, y)) ++above;
        return false;
      });
      return false;
    });
    return static_cast<double>(above) >= options.min_cohesion * static_cast<double>(cross);
  };

  // Reviewer "same" decisions first: they are facts, not evidence.
  for (std::uint64_t key : decisions.same) {
    const std::uint32_t ra = clusters.Find(PairFirst(key));
    const std::uint32_t rb = clusters.Find(PairSecond(key));
    if (ra == rb || blocked_by_decision(ra, rb)) {
      if (ra != rb) ++result.rejected_merges;
      continue;
    }
    clusters.Union(ra, rb);
  }

  std::vector<std::size_t> order;
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    if (weights[p] >= options.threshold) order.push_back(p);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return weights[x] != weights[y] ? weights[x] > weights[y] : pairs[x] < pairs[y];
  });
  for (std::size_t p : order) {
    const std::uint32_t a = PairFirst(pairs[p]);
    const std::uint32_t b = PairSecond(pairs[p]);
    if (decisions.IsDifferent(a, b)) continue;
    const std::uint32_t ra = clusters.Find(a);
    const std::uint32_t rb = clusters.Find(b);
    if (ra == rb) continue;
    const bool source_clash =
        options.one_per_source && (clusters.SourceMask(ra) & clusters.SourceMask(rb)) != 0;
    const bool too_big = clusters.Size(ra) + clusters.Size(rb) > options.max_cluster_size;
    if (source_clash || too_big || blocked_by_decision(ra, rb) || !cohesive(ra, rb)) {
      ++result.rejected_merges;
      continue;
    }
    clusters.Union(ra, rb);
  }

  result.labels.resize(records);
  std::vector<std::uint32_t> smallest(records, static_cast<std::uint32_t>(records));
  for (std::uint32_t i = 0; i < records; ++i) {
    const std::uint32_t root = clusters.Find(i);
    smallest[root] = std::min(smallest[root], i);
  }
  for (std::uint32_t i = 0; i < records; ++i) result.labels[i] = smallest[clusters.Find(i)];
  return result;
}

}  // namespace giai::linkage
