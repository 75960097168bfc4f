#include "linkage/evaluate.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "linkage/blocking.h"
#include "linkage/radix_sort.h"

namespace giai::linkage {
namespace {

// Truth ids as small integers; -1 for "unknown". Open addressing over the distinct ids (indices
// of their first record): no node allocated per entity.
std::vector<std::int64_t> TruthIndex(const Table& table) {
  std::vector<std::int64_t> out(table.size(), -1);
  std::size_t capacity = 64;
  while (capacity < 2 * table.size()) capacity *= 2;
  constexpr std::uint32_t kEmpty = ~0u;
  std::vector<std::uint32_t> slots(capacity, kEmpty);  // a record holding the truth id
  const std::size_t mask = capacity - 1;
  const std::hash<std::string_view> hash;
  std::int64_t next = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string_view truth = table.truth[i];
    if (truth.empty()) continue;
    std::size_t s = hash(truth) & mask;
    while (slots[s] != kEmpty && table.truth[slots[s]] != truth) s = (s + 1) & mask;
    if (slots[s] == kEmpty) {
      slots[s] = static_cast<std::uint32_t>(i);
      out[i] = next++;
    } else {
      out[i] = out[slots[s]];
    }
  }
  return out;
}

// A record's group (entity, cluster, or cluster and entity) with its source.
struct GroupKey {
  std::uint64_t group;
  std::uint16_t source;
  bool operator==(const GroupKey& o) const { return group == o.group && source == o.source; }
};

// Pairs within groups: all pairs, minus same-source pairs when only cross-source pairs count.
// Keys are sorted by (group, source) with two stable radix sorts.
std::uint64_t CountPairs(std::vector<GroupKey> keys, bool cross_only) {
  RadixSortBy(keys, [](const GroupKey& k) { return std::uint64_t{k.source}; });
  RadixSortBy(keys, [](const GroupKey& k) { return k.group; });
  std::uint64_t total = 0;
  for (std::size_t p = 0; p < keys.size();) {
    std::size_t q = p;
    std::uint64_t same_source = 0;
    while (q < keys.size() && keys[q].group == keys[p].group) {
      std::size_t r = q;
      while (r < keys.size() && keys[r] == keys[q]) ++r;
      const std::uint64_t run = r - q;
      same_source += run * (run - 1) / 2;
      q = r;
    }
    const std::uint64_t size = q - p;
    const std::uint64_t group_pairs = size * (size - 1) / 2;
    total += cross_only ? group_pairs - same_source : group_pairs;
    p = q;
  }
  return total;
}

}  // namespace

PairMetrics EvaluateClusters(const Table& table, const std::vector<std::uint32_t>& labels,
                             bool cross_source_only) {
  const std::vector<std::int64_t> truth = TruthIndex(table);
  std::vector<GroupKey> true_keys;
  std::vector<GroupKey> predicted_keys;
  std::vector<GroupKey> both_keys;
  const auto n = static_cast<std::uint64_t>(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    predicted_keys.push_back({labels[i], table.source[i]});
    if (truth[i] < 0) continue;
    const auto entity = static_cast<std::uint64_t>(truth[i]);
    true_keys.push_back({entity, table.source[i]});
    both_keys.push_back({std::uint64_t{labels[i]} * n + entity, table.source[i]});
  }
  PairMetrics m;
  m.true_pairs = CountPairs(std::move(true_keys), cross_source_only);
  m.predicted_pairs = CountPairs(std::move(predicted_keys), cross_source_only);
  m.true_positives = CountPairs(std::move(both_keys), cross_source_only);
  m.precision = m.predicted_pairs ? static_cast<double>(m.true_positives) / m.predicted_pairs : 0.0;
  m.recall = m.true_pairs ? static_cast<double>(m.true_positives) / m.true_pairs : 0.0;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
  return m;
}

BlockingMetrics EvaluateBlocking(const Table& table, const std::vector<std::uint64_t>& candidates,
                                 bool cross_source_only) {
  const std::vector<std::int64_t> truth = TruthIndex(table);
  BlockingMetrics m;
  m.candidates = candidates.size();
  std::vector<GroupKey> true_keys;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (truth[i] >= 0) true_keys.push_back({static_cast<std::uint64_t>(truth[i]), table.source[i]});
  }
  m.true_pairs = CountPairs(std::move(true_keys), cross_source_only);
  for (std::uint64_t pair : candidates) {
    const std::int64_t ta = truth[PairFirst(pair)];
    if (ta >= 0 && ta == truth[PairSecond(pair)]) ++m.true_candidates;
  }
  // All pairs, or those across sources: counted per source, no sort needed.
  std::vector<std::uint64_t> per_source;
  for (std::uint16_t source : table.source) {
    if (source >= per_source.size()) per_source.resize(source + 1, 0);
    ++per_source[source];
  }
  const std::uint64_t records = table.size();
  std::uint64_t comparable = records > 0 ? records * (records - 1) / 2 : 0;
  if (cross_source_only) {
    for (std::uint64_t count : per_source) comparable -= count > 0 ? count * (count - 1) / 2 : 0;
  }
  m.pairs_completeness = m.true_pairs ? static_cast<double>(m.true_candidates) / m.true_pairs : 0.0;
  m.reduction_ratio =
      comparable ? 1.0 - static_cast<double>(m.candidates) / static_cast<double>(comparable) : 0.0;
  return m;
}

}  // namespace giai::linkage
