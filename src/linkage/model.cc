#include "linkage/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <unordered_map>

#include "linkage/parallel.h"

namespace giai::linkage {

namespace {

std::uint64_t HashPattern(const std::uint8_t* pattern, std::size_t width) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ width;
  std::size_t i = 0;
  for (; i + 8 <= width; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, pattern + i, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, pattern + i, width - i);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

// Patterns keep the order of their first appearance (EM sums over them in that order). An
// open-addressing table of pattern indices replaces a map of strings: a hundred thousand
// lookups then cost a hash and a memcmp each, with no allocation.
PatternCounts CountPatternsOnce(const std::uint8_t* levels, const double* weights,
                                std::size_t pairs, std::size_t width) {
  PatternCounts out;
  out.width = width;
  if (width == 0) return out;
  constexpr std::uint32_t kEmpty = ~0u;
  std::vector<std::uint32_t> slots(1024, kEmpty);
  std::size_t mask = slots.size() - 1;
  auto place = [&](std::uint32_t index) {
    std::size_t s = HashPattern(&out.levels[index * width], width) & mask;
    while (slots[s] != kEmpty) s = (s + 1) & mask;
    slots[s] = index;
  };
  for (std::size_t p = 0; p < pairs; ++p) {
    const std::uint8_t* pattern = levels + p * width;
    std::size_t s = HashPattern(pattern, width) & mask;
    while (slots[s] != kEmpty && std::memcmp(&out.levels[slots[s] * width], pattern, width) != 0) {
      s = (s + 1) & mask;
    }
    const double weight = weights ? weights[p] : 1.0;
    if (slots[s] != kEmpty) {
      out.counts[slots[s]] += weight;
      continue;
    }
    const auto index = static_cast<std::uint32_t>(out.counts.size());
    out.levels.insert(out.levels.end(), pattern, pattern + width);
    out.counts.push_back(weight);
    slots[s] = index;
    if (2 * out.counts.size() > slots.size()) {  // keep the table at most half full
      slots.assign(slots.size() * 2, kEmpty);
      mask = slots.size() - 1;
      for (std::uint32_t i = 0; i < out.counts.size(); ++i) place(i);
    }
  }
  return out;
}

}  // namespace

PatternCounts CountPatterns(const std::uint8_t* levels, std::size_t pairs, std::size_t width,
                            unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t chunks = std::min<std::size_t>(threads, pairs / 8192);
  if (chunks <= 1 || width == 0) return CountPatternsOnce(levels, nullptr, pairs, width);
  // Contiguous chunks counted in parallel, then merged in chunk order: a pattern first seen in
  // chunk c comes after every pattern of chunks before c, so the order of first appearance, and
  // the counts (sums of whole numbers), are exactly those of one pass.
  std::vector<PatternCounts> parts(chunks);
  const std::size_t size = (pairs + chunks - 1) / chunks;
  ParallelTasks(chunks, threads, [&](std::size_t c) {
    const std::size_t begin = std::min(pairs, c * size);
    const std::size_t end = std::min(pairs, begin + size);
    parts[c] = CountPatternsOnce(levels + begin * width, nullptr, end - begin, width);
  });
  std::vector<std::uint8_t> all_levels;
  std::vector<double> all_counts;
  for (const PatternCounts& part : parts) {
    all_levels.insert(all_levels.end(), part.levels.begin(), part.levels.end());
    all_counts.insert(all_counts.end(), part.counts.begin(), part.counts.end());
  }
  return CountPatternsOnce(all_levels.data(), all_counts.data(), all_counts.size(), width);
}

FsModel InitialModel(const std::vector<std::size_t>& level_counts,
                     const std::vector<std::vector<double>>& random_u, double lambda) {
  FsModel model;
  model.lambda = lambda;
  for (std::size_t k = 0; k < level_counts.size(); ++k) {
    const std::size_t n = level_counts[k];
    ComparisonParams p;
    p.m.assign(n, 0.0);
    p.u.assign(n, 0.0);
    // Levels 1..n-1 run from exact to "else": matches mostly agree, non-matches mostly do not.
    double m_total = 0.0;
    double u_total = 0.0;
    for (std::size_t l = 1; l < n; ++l) {
      p.m[l] = std::pow(0.15, static_cast<double>(l - 1));
      p.u[l] = std::pow(4.0, static_cast<double>(l - 1));
      m_total += p.m[l];
      u_total += p.u[l];
    }
    for (std::size_t l = 1; l < n; ++l) {
      p.m[l] /= m_total;
      p.u[l] /= u_total;
    }
    if (k < random_u.size() && random_u[k].size() == n) p.u = random_u[k];
    model.params.push_back(std::move(p));
  }
  return model;
}

std::vector<std::vector<double>> UFromLevels(const std::vector<std::uint8_t>& levels,
                                             std::size_t width,
                                             const std::vector<std::size_t>& level_counts) {
  std::vector<std::vector<double>> u;
  const std::size_t pairs = width == 0 ? 0 : levels.size() / width;
  for (std::size_t k = 0; k < width; ++k) {
    std::vector<double> freq(level_counts[k], 0.0);
    for (std::size_t l = 1; l < freq.size(); ++l) freq[l] = 1.0;  // add-one smoothing
    for (std::size_t p = 0; p < pairs; ++p) {
      const std::uint8_t level = levels[p * width + k];
      if (level > 0 && level < freq.size()) freq[level] += 1.0;
    }
    double total = 0.0;
    for (std::size_t l = 1; l < freq.size(); ++l) total += freq[l];
    for (std::size_t l = 1; l < freq.size(); ++l) freq[l] /= total;
    u.push_back(std::move(freq));
  }
  return u;
}

double MatchProbability(const FsModel& model, const std::uint8_t* pattern) {
  double log_m = std::log(model.lambda);
  double log_u = std::log(1.0 - model.lambda);
  for (std::size_t k = 0; k < model.params.size(); ++k) {
    const std::uint8_t level = pattern[k];
    if (level == 0) continue;
    log_m += std::log(model.params[k].m[level]);
    log_u += std::log(model.params[k].u[level]);
  }
  const double diff = log_u - log_m;
  return diff > 700 ? 0.0 : 1.0 / (1.0 + std::exp(diff));
}

Result<EmResult> EstimateEm(const PatternCounts& patterns, FsModel start,
                            const EmOptions& options) {
  if (patterns.size() == 0) return InvalidInput("no candidate pairs to learn from", "model");
  if (patterns.width != start.params.size()) return Internal("pattern width differs from model");
  for (std::size_t i = 0; i < patterns.levels.size(); ++i) {
    if (patterns.levels[i] >= start.params[i % patterns.width].m.size()) {
      return Internal("pattern level out of range");
    }
  }
  EmResult result;
  result.model = std::move(start);
  FsModel& model = result.model;
  const std::size_t width = patterns.width;
  std::vector<std::vector<double>> m_acc(width);
  std::vector<std::vector<double>> u_acc(width);
  std::vector<std::vector<double>> log_m(width);
  std::vector<std::vector<double>> log_u(width);
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    for (std::size_t k = 0; k < width; ++k) {
      m_acc[k].assign(model.params[k].m.size(), 0.0);
      u_acc[k].assign(model.params[k].u.size(), 0.0);
    }
    double match_mass = 0.0;
    double total = 0.0;
    // The logarithms of m and u, once per level rather than once per pattern and level; the
    // sums below add the same values in the same order as MatchProbability.
    for (std::size_t k = 0; k < width; ++k) {
      log_m[k].resize(model.params[k].m.size());
      log_u[k].resize(model.params[k].u.size());
      for (std::size_t l = 1; l < log_m[k].size(); ++l) {
        log_m[k][l] = std::log(model.params[k].m[l]);
        log_u[k][l] = std::log(model.params[k].u[l]);
      }
    }
    const double log_lambda = std::log(model.lambda);
    const double log_not_lambda = std::log(1.0 - model.lambda);
    // E step: posterior of each pattern; M step accumulators in the same pass.
    for (std::size_t p = 0; p < patterns.size(); ++p) {
      const std::uint8_t* pattern = &patterns.levels[p * width];
      double pattern_log_m = log_lambda;
      double pattern_log_u = log_not_lambda;
      for (std::size_t k = 0; k < width; ++k) {
        if (pattern[k] == 0) continue;
        pattern_log_m += log_m[k][pattern[k]];
        pattern_log_u += log_u[k][pattern[k]];
      }
      const double diff = pattern_log_u - pattern_log_m;
      const double g = diff > 700 ? 0.0 : 1.0 / (1.0 + std::exp(diff));
      const double count = patterns.counts[p];
      match_mass += g * count;
      total += count;
      for (std::size_t k = 0; k < width; ++k) {
        if (pattern[k] == 0) continue;
        m_acc[k][pattern[k]] += g * count;
        u_acc[k][pattern[k]] += (1.0 - g) * count;
      }
    }
    double change = 0.0;
    const double lambda = std::clamp(match_mass / total, options.floor, 1.0 - options.floor);
    change = std::max(change, std::abs(lambda - model.lambda));
    model.lambda = lambda;
    for (std::size_t k = 0; k < width; ++k) {
      auto update = [&](std::vector<double>& target, const std::vector<double>& acc) {
        double sum = 0.0;
        for (std::size_t l = 1; l < acc.size(); ++l) sum += acc[l];
        if (sum <= 0.0) return;
        double renorm = 0.0;
        std::vector<double> next(acc.size(), 0.0);
        for (std::size_t l = 1; l < acc.size(); ++l) {
          next[l] = std::max(acc[l] / sum, options.floor);
          renorm += next[l];
        }
        for (std::size_t l = 1; l < acc.size(); ++l) {
          next[l] /= renorm;
          change = std::max(change, std::abs(next[l] - target[l]));
        }
        target = std::move(next);
      };
      update(model.params[k].m, m_acc[k]);
      if (!options.fix_u) update(model.params[k].u, u_acc[k]);
    }
    result.iterations = iteration;
    if (change < options.tolerance) {
      result.converged = true;
      break;
    }
  }
  // EM's two classes are exchangeable: from a poor start it can converge with "match" and
  // "non-match" swapped. Exact agreement must be evidence for a match, so when most comparisons
  // say the opposite the labels are swapped back (not possible with u fixed).
  if (!options.fix_u) {
    std::size_t inverted = 0;
    for (const ComparisonParams& p : model.params) inverted += p.m[1] < p.u[1] ? 1 : 0;
    if (2 * inverted > width) {
      for (ComparisonParams& p : model.params) std::swap(p.m, p.u);
      model.lambda = 1.0 - model.lambda;
      result.label_switched = true;
    }
  }
  return result;
}

}  // namespace giai::linkage
