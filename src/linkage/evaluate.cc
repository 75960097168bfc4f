#include "linkage/evaluate.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "linkage/blocking.h"

namespace giai::linkage {
namespace {

// Truth ids as small integers; -1 for "unknown".
std::vector<std::int64_t> TruthIndex(const Table& table) {
  std::unordered_map<std::string_view, std::int64_t> index;
  std::vector<std::int64_t> out(table.size(), -1);
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table.truth[i].empty()) continue;
    out[i] = index.emplace(table.truth[i], static_cast<std::int64_t>(index.size())).first->second;
  }
  return out;
}

// Pairs within groups given by sorted keys (group, source): all pairs, minus same-source pairs
// when only cross-source pairs count.
std::uint64_t CountPairs(std::vector<std::pair<std::int64_t, std::uint16_t>> keys,
                         bool cross_only) {
  std::sort(keys.begin(), keys.end());
  std::uint64_t total = 0;
  for (std::size_t p = 0; p < keys.size();) {
    std::size_t q = p;
    std::uint64_t group_pairs = 0;
    std::uint64_t same_source = 0;
    while (q < keys.size() && keys[q].first == keys[p].first) {
      std::size_t r = q;
      while (r < keys.size() && keys[r] == keys[q]) ++r;
      const std::uint64_t run = r - q;
      same_source += run * (run - 1) / 2;
      q = r;
    }
    const std::uint64_t size = q - p;
    group_pairs = size * (size - 1) / 2;
    total += cross_only ? group_pairs - same_source : group_pairs;
    p = q;
  }
  return total;
}

}  // namespace

PairMetrics EvaluateClusters(const Table& table, const std::vector<std::uint32_t>& labels,
                             bool cross_source_only) {
  const std::vector<std::int64_t> truth = TruthIndex(table);
  std::vector<std::pair<std::int64_t, std::uint16_t>> true_keys;
  std::vector<std::pair<std::int64_t, std::uint16_t>> predicted_keys;
  std::vector<std::pair<std::int64_t, std::uint16_t>> both_keys;
  const std::int64_t n = static_cast<std::int64_t>(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    predicted_keys.emplace_back(labels[i], table.source[i]);
    if (truth[i] < 0) continue;
    true_keys.emplace_back(truth[i], table.source[i]);
    both_keys.emplace_back(static_cast<std::int64_t>(labels[i]) * n + truth[i], table.source[i]);
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
  std::vector<std::pair<std::int64_t, std::uint16_t>> true_keys;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (truth[i] >= 0) true_keys.emplace_back(truth[i], table.source[i]);
  }
  m.true_pairs = CountPairs(std::move(true_keys), cross_source_only);
  for (std::uint64_t pair : candidates) {
    const std::int64_t ta = truth[PairFirst(pair)];
    if (ta >= 0 && ta == truth[PairSecond(pair)]) ++m.true_candidates;
  }
  std::vector<std::pair<std::int64_t, std::uint16_t>> all;
  for (std::size_t i = 0; i < table.size(); ++i) all.emplace_back(0, table.source[i]);
  const std::uint64_t comparable = CountPairs(std::move(all), cross_source_only);
  m.pairs_completeness = m.true_pairs ? static_cast<double>(m.true_candidates) / m.true_pairs : 0.0;
  m.reduction_ratio =
      comparable ? 1.0 - static_cast<double>(m.candidates) / static_cast<double>(comparable) : 0.0;
  return m;
}

}  // namespace giai::linkage
