#include "linkage/scoring.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <thread>
#include <unordered_map>

#include "linkage/blocking.h"

namespace giai::linkage {

Scorer Scorer::Create(const Comparator& comparator, const FsModel& model) {
  Scorer s;
  s.comparator_ = &comparator;
  s.model_ = model;
  s.prior_log_odds_ = std::log2(model.lambda / (1.0 - model.lambda));
  const Table& table = comparator.table();
  for (std::size_t k = 0; k < comparator.size(); ++k) {
    const ComparisonParams& p = model.params[k];
    std::vector<double> w(p.m.size(), 0.0);
    double best = 0.0;
    for (std::size_t l = 1; l < p.m.size(); ++l) {
      w[l] = std::log2(p.m[l] / p.u[l]);
      best = std::max(best, w[l]);
    }
    std::vector<float> log_tf;
    const ComparisonSpec& spec = comparator.specs()[k];
    if (spec.tf_adjust) {
      const int f = table.FieldIndex(spec.field);
      const StringPool& values = table.columns[static_cast<std::size_t>(f)].text;
      // Frequencies per value: counted on the comparator's value ids when it has them (no
      // hashing of strings), else on the strings.
      std::vector<std::uint32_t> id_storage;
      const std::vector<std::uint32_t>* ids = comparator.ValueIds(k);
      if (ids == nullptr) {
        std::unordered_map<std::string_view, std::uint32_t> index;
        id_storage.assign(values.size(), 0);
        for (std::size_t r = 0; r < values.size(); ++r) {
          if (values.Get(r).empty()) continue;
          id_storage[r] =
              index.try_emplace(values.Get(r), static_cast<std::uint32_t>(index.size() + 1))
                  .first->second;
        }
        ids = &id_storage;
      }
      std::vector<std::uint32_t> counts;
      std::size_t present = 0;
      for (std::uint32_t id : *ids) {
        if (id == 0) continue;
        if (id >= counts.size()) counts.resize(id + 1, 0);
        ++counts[id];
        ++present;
      }
      log_tf.assign(values.size(), 0.0f);
      double min_log_tf = 0.0;
      for (std::size_t r = 0; r < values.size(); ++r) {
        const std::uint32_t id = (*ids)[r];
        if (id == 0) continue;
        const double tf = static_cast<double>(counts[id]) / static_cast<double>(present);
        log_tf[r] = static_cast<float>(std::log2(tf));
        min_log_tf = std::min(min_log_tf, static_cast<double>(log_tf[r]));
      }
      best = std::max(best, std::log2(p.m[1]) - min_log_tf);
    }
    std::vector<double> best_from(w.size(), 0.0);
    for (std::size_t l = w.size(); l-- > 1;) {
      best_from[l] = l + 1 < w.size() ? std::max(w[l], best_from[l + 1]) : w[l];
    }
    s.best_from_.push_back(std::move(best_from));
    s.weights_.push_back(std::move(w));
    s.max_weight_.push_back(best);
    s.log_tf_.push_back(std::move(log_tf));
    s.log2_m_exact_.push_back(p.m.size() > 1 ? std::log2(p.m[1]) : 0.0);
  }
  for (double m : s.max_weight_) s.total_max_weight_ += m;
  s.order_.resize(comparator.size());
  for (std::size_t k = 0; k < s.order_.size(); ++k) s.order_[k] = k;
  // Early exit saves most when cheap comparisons run first: string metrics are 10-50x dearer
  // than comparing dates or exact codes.
  auto cost = [&](std::size_t k) {
    switch (comparator.specs()[k].method) {
      case Method::kLevenshtein:
      case Method::kDamerau: return 1;
      case Method::kJaroWinkler:
      case Method::kName:
      case Method::kDice: return 2;
      case Method::kTokenSet: return 3;
      default: return 0;
    }
  };
  std::sort(s.order_.begin(), s.order_.end(), [&](std::size_t x, std::size_t y) {
    if (cost(x) != cost(y)) return cost(x) < cost(y);
    return s.max_weight_[x] > s.max_weight_[y];
  });
  return s;
}

double Scorer::Weight(std::uint32_t a, std::uint32_t b, const std::uint8_t* levels) const {
  double total = 0.0;
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    const std::uint8_t level = levels[k];
    if (level == 1 && !log_tf_[k].empty()) {
      total += log2_m_exact_[k] - std::max(log_tf_[k][a], log_tf_[k][b]);
    } else {
      total += weights_[k][level];
    }
  }
  return total;
}

bool Scorer::ScoreIfAbove(std::uint32_t a, std::uint32_t b, double threshold,
                          double& weight) const {
  auto exact_weight = [&](std::size_t k, std::uint8_t level) {
    if (level == 1 && !log_tf_[k].empty()) {
      return log2_m_exact_[k] - std::max(log_tf_[k][a], log_tf_[k][b]);
    }
    return weights_[k][level];
  };
  // Phase 1: exact levels for cheap comparisons, upper bounds for string metrics.
  std::array<double, kMaxComparisons> pending{};  // upper-bound weight still to be replaced
  std::array<bool, kMaxComparisons> is_pending{};
  double remaining = total_max_weight_;
  double total = 0.0;  // exact weights plus upper bounds: an upper bound of the final weight
  for (std::size_t k : order_) {
    bool exact = true;
    const std::uint8_t level = comparator_->BestPossibleLevel(k, a, b, exact);
    if (exact) {
      total += exact_weight(k, level);
    } else {
      pending[k] = best_from_[k][level];
      is_pending[k] = true;
      total += pending[k];
    }
    remaining -= max_weight_[k];
    if (total + remaining < threshold) return false;
  }
  // Phase 2: the full metrics, only for pairs that can still pass.
  for (std::size_t k : order_) {
    if (!is_pending[k]) continue;
    total += exact_weight(k, comparator_->CompareOne(k, a, b)) - pending[k];
    if (total < threshold) return false;
  }
  weight = total;
  return true;
}

double Scorer::Probability(double weight) const {
  return 1.0 / (1.0 + std::exp2(-(weight + prior_log_odds_)));
}

double Scorer::WeightAtProbability(double probability) const {
  return std::log2(probability / (1.0 - probability)) - prior_log_odds_;
}

std::vector<std::uint8_t> CompareAll(const Comparator& comparator,
                                     const std::vector<std::uint64_t>& pairs, unsigned threads) {
  const std::size_t width = comparator.size();
  std::vector<std::uint8_t> levels(pairs.size() * width);
  ParallelFor(pairs.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t p = begin; p < end; ++p) {
      comparator.Compare(PairFirst(pairs[p]), PairSecond(pairs[p]), &levels[p * width]);
    }
  });
  return levels;
}

std::vector<float> ScoreAll(const Scorer& scorer, const std::vector<std::uint64_t>& pairs,
                            const std::vector<std::uint8_t>& levels, unsigned threads) {
  const std::size_t width = scorer.comparator().size();
  std::vector<float> weights(pairs.size());
  ParallelFor(pairs.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t p = begin; p < end; ++p) {
      weights[p] = static_cast<float>(
          scorer.Weight(PairFirst(pairs[p]), PairSecond(pairs[p]), &levels[p * width]));
    }
  });
  return weights;
}

}  // namespace giai::linkage

namespace giai::linkage {

std::vector<ScoredPair> ScanAllPairs(const Scorer& scorer, double threshold, bool cross_source_only,
                                     unsigned threads) {
  const Table& table = scorer.comparator().table();
  const std::uint32_t n = static_cast<std::uint32_t>(table.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::vector<ScoredPair>> found(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      // Interleaved rows balance the triangular loop across threads.
      for (std::uint32_t a = t; a < n; a += threads) {
        for (std::uint32_t b = a + 1; b < n; ++b) {
          if (cross_source_only && table.source[a] == table.source[b]) continue;
          double weight = 0.0;
          if (scorer.ScoreIfAbove(a, b, threshold, weight)) {
            found[t].push_back({MakePair(a, b), static_cast<float>(weight)});
          }
        }
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  std::vector<ScoredPair> out;
  for (auto& part : found) out.insert(out.end(), part.begin(), part.end());
  return out;
}

}  // namespace giai::linkage
