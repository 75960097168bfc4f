#include "estimate/graphical_bma.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>

namespace giai::estimate {
namespace {

struct Pair {
  int a, b;
};

std::vector<Pair> Pairs(int num_lists) {
  std::vector<Pair> pairs;
  for (int a = 0; a < num_lists; ++a) {
    for (int b = a + 1; b < num_lists; ++b) pairs.push_back({a, b});
  }
  return pairs;
}

// For a chordal graph, the factorisation sets of a perfect elimination ordering found by maximum
// cardinality search: (C_i, C_i minus v_i) for each vertex, so that
// log ML = sum_i g(C_i) - g(C_i \ v_i) equals the clique/separator product. nullopt if the graph
// is not chordal (not decomposable).
std::optional<std::vector<std::pair<std::uint32_t, std::uint32_t>>> Factorisation(
    std::uint32_t edges, int num_lists, const std::vector<Pair>& pairs) {
  std::vector<std::uint32_t> adjacent(static_cast<std::size_t>(num_lists), 0);
  for (std::size_t e = 0; e < pairs.size(); ++e) {
    if (edges & (1u << e)) {
      adjacent[static_cast<std::size_t>(pairs[e].a)] |= 1u << pairs[e].b;
      adjacent[static_cast<std::size_t>(pairs[e].b)] |= 1u << pairs[e].a;
    }
  }
  std::uint32_t numbered = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sets;
  for (int step = 0; step < num_lists; ++step) {
    int best = -1, best_count = -1;
    for (int v = 0; v < num_lists; ++v) {
      if (numbered & (1u << v)) continue;
      const int count = std::popcount(adjacent[static_cast<std::size_t>(v)] & numbered);
      if (count > best_count) best = v, best_count = count;
    }
    const std::uint32_t earlier = adjacent[static_cast<std::size_t>(best)] & numbered;
    for (int u = 0; u < num_lists; ++u) {  // earlier neighbours must form a clique
      if ((earlier & (1u << u)) &&
          (adjacent[static_cast<std::size_t>(u)] & earlier) != (earlier & ~(1u << u))) {
        return std::nullopt;
      }
    }
    sets.emplace_back(earlier | (1u << best), earlier);
    numbered |= 1u << best;
  }
  return sets;
}

}  // namespace

std::string GraphName(const CaptureTable& table, std::uint32_t edges) {
  std::string name;
  const std::vector<Pair> pairs = Pairs(table.NumLists());
  for (std::size_t e = 0; e < pairs.size(); ++e) {
    if (!(edges & (1u << e))) continue;
    if (!name.empty()) name += ", ";
    name += table.list_names[static_cast<std::size_t>(pairs[e].a)] + "-" +
            table.list_names[static_cast<std::size_t>(pairs[e].b)];
  }
  return name.empty() ? "independence" : name;
}

Result<BmaResult> AverageDecomposableModels(const CaptureTable& table, const BmaOptions& options) {
  GIAI_RETURN_IF_ERROR(table.Validate());
  const int j = table.NumLists();
  if (j > 5) return InvalidInput("model averaging is limited to 3-5 lists", "lists");
  for (double c : table.counts) {
    if (c != std::floor(c)) return InvalidInput("model averaging needs integer counts", "counts");
  }
  const double n = table.ObservedTotal();
  const int cells = table.NumCells();
  const double delta = options.delta > 0 ? options.delta : std::ldexp(1.0, -j);
  const auto grid =
      options.max_missing > 0
          ? static_cast<std::size_t>(options.max_missing) + 1
          : static_cast<std::size_t>(std::max(10.0, std::ceil(options.max_factor * n))) + 1;

  // g(S, m): log Dirichlet-multinomial of the S-marginal of the complete table with m unobserved,
  // plus the shared normaliser, so that g(empty set) = 0. Marginal cell 0 holds the unobserved.
  const double total_alpha = delta * cells;
  std::vector<double> base(static_cast<std::size_t>(cells)), zero_count(base.size()),
      alpha(base.size());
  for (std::uint32_t s = 0; s < static_cast<std::uint32_t>(cells); ++s) {
    const double a = delta * std::ldexp(1.0, j - std::popcount(s));
    std::vector<double> marginal(std::size_t{1} << std::popcount(s), 0.0);
    for (std::uint32_t p = 1; p < static_cast<std::uint32_t>(cells); ++p) {
      std::uint32_t index = 0;  // p restricted to S, packed
      int bit = 0;
      for (int l = 0; l < j; ++l) {
        if (s & (1u << l)) {
          if (p & (1u << l)) index |= 1u << bit;
          ++bit;
        }
      }
      marginal[index] += table.counts[p];
    }
    double b = -std::lgamma(a);  // the zero cell's -lgamma(alpha); its count term is added per m
    for (std::size_t c = 1; c < marginal.size(); ++c)
      b += std::lgamma(marginal[c] + a) - std::lgamma(a);
    base[s] = b;
    zero_count[s] = marginal[0];
    alpha[s] = a;
  }
  // g[s * grid + m]
  std::vector<double> g(static_cast<std::size_t>(cells) * grid);
  for (std::uint32_t s = 0; s < static_cast<std::uint32_t>(cells); ++s) {
    for (std::size_t m = 0; m < grid; ++m) {
      const double big_n = n + static_cast<double>(m);
      g[s * grid + m] = base[s] + std::lgamma(zero_count[s] + static_cast<double>(m) + alpha[s]) +
                        std::lgamma(total_alpha) - std::lgamma(big_n + total_alpha);
    }
  }
  // Terms shared by all graphs: multinomial coefficient and the 1/N prior.
  std::vector<double> common(grid);
  double log_y_factorials = 0;
  for (std::uint32_t p = 1; p < static_cast<std::uint32_t>(cells); ++p)
    log_y_factorials += std::lgamma(table.counts[p] + 1);
  for (std::size_t m = 0; m < grid; ++m) {
    const double big_n = n + static_cast<double>(m);
    common[m] = std::lgamma(big_n + 1) - log_y_factorials -
                std::lgamma(static_cast<double>(m) + 1) - std::log(big_n);
  }

  const std::vector<Pair> pairs = Pairs(j);
  std::vector<std::uint32_t> graphs = options.only_graphs;
  if (graphs.empty()) {
    for (std::uint32_t e = 0; e < (1u << pairs.size()); ++e) graphs.push_back(e);
  }
  BmaResult result;
  std::vector<std::vector<double>> log_post;  // per graph, over m
  double global_max = -HUGE_VAL;
  for (std::uint32_t edges : graphs) {
    if (edges >= (1u << pairs.size()))
      return InvalidInput("graph names a missing list pair", "graphs");
    const auto sets = Factorisation(edges, j, pairs);
    if (!sets) {
      if (!options.only_graphs.empty()) return InvalidInput("graph is not decomposable", "graphs");
      continue;
    }
    std::vector<double> lp(common);
    for (const auto& [clique, rest] : *sets) {
      for (std::size_t m = 0; m < grid; ++m) lp[m] += g[clique * grid + m] - g[rest * grid + m];
    }
    GraphWeight w;
    w.edges = edges;
    const auto top = std::max_element(lp.begin(), lp.end());
    w.mode = n + static_cast<double>(top - lp.begin());
    global_max = std::max(global_max, *top);
    result.graphs.push_back(w);
    log_post.push_back(std::move(lp));
  }
  result.posterior.assign(grid, 0.0);
  double total = 0;
  for (std::size_t k = 0; k < log_post.size(); ++k) {
    double mass = 0;
    for (std::size_t m = 0; m < grid; ++m) {
      const double p = std::exp(log_post[k][m] - global_max);
      result.posterior[m] += p;
      mass += p;
    }
    result.graphs[k].probability = mass;
    total += mass;
  }
  for (double& p : result.posterior) p /= total;
  for (GraphWeight& w : result.graphs) w.probability /= total;
  std::sort(
      result.graphs.begin(), result.graphs.end(),
      [](const GraphWeight& a, const GraphWeight& b) { return a.probability > b.probability; });

  result.n_values.resize(grid);
  double cumulative = 0;
  bool have_lower = false, have_median = false, have_upper = false;
  std::size_t mode_index = 0;
  for (std::size_t m = 0; m < grid; ++m) {
    const double big_n = n + static_cast<double>(m);
    result.n_values[m] = big_n;
    result.mean += big_n * result.posterior[m];
    if (result.posterior[m] > result.posterior[mode_index]) mode_index = m;
    cumulative += result.posterior[m];
    if (!have_lower && cumulative >= (1 - options.level) / 2)
      result.lower = big_n, have_lower = true;
    if (!have_median && cumulative >= 0.5) result.median = big_n, have_median = true;
    if (!have_upper && cumulative >= (1 + options.level) / 2)
      result.upper = big_n, have_upper = true;
  }
  result.mode = n + static_cast<double>(mode_index);
  result.truncated = result.posterior.back() * static_cast<double>(grid) > 1e-6 || !have_upper;
  if (result.truncated && options.max_missing == 0) {
    return InvalidInput("posterior of N is not negligible at " +
                            std::to_string(static_cast<long long>(n * (1 + options.max_factor))) +
                            ": the data cannot bound N under some plausible graphs",
                        "model");
  }
  return result;
}

}  // namespace giai::estimate
