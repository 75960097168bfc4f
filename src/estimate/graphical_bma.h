// Bayesian model averaging over decomposable graphical models (Madigan & York 1997), as in R's
// dga `bma.cr` used by HRDAG: every decomposable graph on the J lists (3 <= J <= 5) is a
// log-linear model (edges = pairwise dependence, cliques = highest interactions); with a
// hyper-Dirichlet prior (delta per cell of the complete table) its marginal likelihood is
// closed-form, so the joint posterior over (graph, number unobserved) is computed exactly on a
// grid of N — no MCMC. Prior on N ∝ 1/N, uniform over graphs. Stateless and thread safe.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(BmaResult r, AverageDecomposableModels(table, {}));
//   std::cout << r.median << " [" << r.lower << ", " << r.upper << "]\n";
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "estimate/capture_table.h"

namespace giai::estimate {

struct BmaOptions {
  double delta = 0;        // hyper-Dirichlet parameter per cell; 0: dga's default 2^-J
  double max_factor = 20;  // grid of N from n to n + max_factor * n; error if mass remains there
  // > 0: fixed grid of 0..max_missing unobserved, as dga's `Nmissing`; the posterior is then
  // conditional on N - n <= max_missing and `truncated` reports leftover mass instead of an error
  // (the complete graph on 3 lists, for one, does not identify N).
  std::int64_t max_missing = 0;
  double level = 0.95;
  // Graphs allowed, as edge bitmasks (bit e = pair e in (0,1), (0,2), ..., (J-2,J-1) order);
  // empty: every decomposable graph. Non-decomposable masks are rejected.
  std::vector<std::uint32_t> only_graphs;
};

struct GraphWeight {
  std::uint32_t edges = 0;  // edge bitmask, pair order as in BmaOptions
  double probability = 0;   // posterior probability of the graph
  double mode = 0;          // posterior mode of N under this graph alone
};

struct BmaResult {
  double median = 0, mean = 0, lower = 0, upper = 0, mode = 0;
  std::vector<double> n_values;     // grid of N
  std::vector<double> posterior;    // p(N | data), model-averaged, same length
  std::vector<GraphWeight> graphs;  // sorted by decreasing probability
  bool truncated = false;           // posterior mass > 1e-6 at the top of the grid
};

Result<BmaResult> AverageDecomposableModels(const CaptureTable& table, const BmaOptions& options);

// "A-B, B-C" style edge list of a graph.
std::string GraphName(const CaptureTable& table, std::uint32_t edges);

}  // namespace giai::estimate
