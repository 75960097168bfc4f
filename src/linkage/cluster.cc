#include "linkage/cluster.h"

#include <algorithm>
#include <numeric>

#include "linkage/blocking.h"

namespace giai::linkage {
namespace {

class Clusters {
 public:
  Clusters(std::size_t n, const std::vector<std::uint16_t>& sources)
      : parent_(n), members_(n), source_mask_(n, 0) {
    std::iota(parent_.begin(), parent_.end(), 0u);
    for (std::uint32_t i = 0; i < n; ++i) {
      members_[i] = {i};
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
  const std::vector<std::uint32_t>& Members(std::uint32_t root) const { return members_[root]; }
  std::uint64_t SourceMask(std::uint32_t root) const { return source_mask_[root]; }
  void Union(std::uint32_t ra, std::uint32_t rb) {
    if (members_[ra].size() < members_[rb].size()) std::swap(ra, rb);
    parent_[rb] = ra;
    members_[ra].insert(members_[ra].end(), members_[rb].begin(), members_[rb].end());
    std::vector<std::uint32_t>().swap(members_[rb]);
    source_mask_[ra] |= source_mask_[rb];
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::vector<std::uint32_t>> members_;
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
    for (std::uint32_t x : clusters.Members(ra)) {
      for (std::uint32_t y : clusters.Members(rb)) {
        if (decisions.IsDifferent(x, y)) return true;
      }
    }
    return false;
  };
  auto cohesive = [&](std::uint32_t ra, std::uint32_t rb) {
    const auto& ma = clusters.Members(ra);
    const auto& mb = clusters.Members(rb);
    if (options.min_cohesion <= 0.0 || ma.size() * mb.size() == 1) return true;
    std::size_t above = 0;
    for (std::uint32_t x : ma) {
      for (std::uint32_t y : mb) {
        double w = 0.0;
        if (!known_weight(MakePair(x, y), w)) w = score(x, y);
        if (w >= options.threshold || decisions.IsSame(x, y)) ++above;
      }
    }
    return static_cast<double>(above) >=
           options.min_cohesion * static_cast<double>(ma.size() * mb.size());
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
    const bool too_big =
        clusters.Members(ra).size() + clusters.Members(rb).size() > options.max_cluster_size;
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
