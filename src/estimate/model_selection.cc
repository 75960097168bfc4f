#include "estimate/model_selection.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "estimate/internal/stats.h"

namespace giai::estimate {
namespace {

std::vector<Term> PairTerms(int num_lists) {
  std::vector<Term> pairs;  // SparseMSE order: (1,2), (1,3), ..., (2,3), ...
  for (int i = 0; i < num_lists; ++i) {
    for (int j = i + 1; j < num_lists; ++j) pairs.push_back((1u << i) | (1u << j));
  }
  return pairs;
}

}  // namespace

Result<ModelFit> StepwiseSelect(const CaptureTable& table, const StepwiseOptions& options) {
  GIAI_RETURN_IF_ERROR(table.Validate());
  std::vector<Term> model;
  // As SparseMSE, the main-effects start is fitted without the existence test.
  GIAI_ASSIGN_OR_RETURN(ModelFit fit, FitLogLinear(table, model, options.level, false));
  const std::vector<Term> pairs = PairTerms(table.NumLists());
  std::vector<bool> included(pairs.size(), false);
  for (std::size_t cycle = 0; cycle < pairs.size(); ++cycle) {
    double best_p = 1;
    std::size_t best = pairs.size();
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      if (included[k]) continue;
      const Term pair = pairs[k];
      const double observed = table.MarginalCount(pair);
      double expected = 0;
      for (std::size_t r = 0; r < fit.design.cells.size(); ++r) {
        if ((fit.design.cells[r] & pair) == pair)
          expected += fit.glm.fitted[static_cast<Eigen::Index>(r)];
      }
      double p = std::min(internal::PoissonCdf(observed, expected),
                          internal::PoissonUpperTail(observed, expected));
      if (p < best_p) {  // only then is the (costlier) existence check worth running
        std::vector<Term> candidate = model;
        candidate.push_back(pair);
        if (!CheckExistence(table, candidate).ok()) p = 1;
      }
      if (p < best_p) {
        best_p = p;
        best = k;
      }
    }
    if (best == pairs.size() || best_p >= options.p_threshold) break;
    std::vector<Term> next = model;
    next.push_back(pairs[best]);
    Result<ModelFit> next_fit = FitLogLinear(table, next, options.level, false);
    if (!next_fit.ok()) break;  // passed the LP yet numerically degenerate: keep the last model
    model = std::move(next);
    fit = std::move(next_fit).value();
    included[best] = true;
  }
  return fit;
}

Result<ModelFit> CriterionSelect(const CaptureTable& table, const CriterionOptions& options) {
  GIAI_RETURN_IF_ERROR(table.Validate());
  const int num_lists = table.NumLists();
  if (options.max_order < 2 || options.max_order >= num_lists) {
    return InvalidInput("interaction order must be between 2 and J-1", "max_order");
  }
  const auto score = [&](const ModelFit& f) {
    return options.criterion == Criterion::kAic ? f.aic : f.bic;
  };
  std::vector<Term> model;
  GIAI_ASSIGN_OR_RETURN(ModelFit fit, FitLogLinear(table, model, options.level));
  const Term all = (1u << num_lists) - 1;
  while (true) {
    std::optional<ModelFit> best;
    for (Term t = 3; t < all; ++t) {
      const int order = std::popcount(t);
      if (order < 2 || order > options.max_order) continue;
      if (std::find(model.begin(), model.end(), t) != model.end()) continue;
      bool hierarchical = true;  // every sub-term of order >= 2 obtained by dropping one list
      for (int j = 0; j < num_lists && hierarchical; ++j) {
        const Term sub = t & ~(1u << j);
        if (sub != t && std::popcount(sub) >= 2 &&
            std::find(model.begin(), model.end(), sub) == model.end()) {
          hierarchical = false;
        }
      }
      if (!hierarchical) continue;
      std::vector<Term> candidate = model;
      candidate.push_back(t);
      if (!CheckExistence(table, candidate).ok()) continue;
      Result<ModelFit> f = FitLogLinear(table, candidate, options.level, false);
      if (!f.ok()) continue;
      if (!best || score(*f) < score(*best)) best = std::move(f).value();
    }
    if (!best || score(*best) >= score(fit)) break;
    model = best->terms;
    fit = std::move(*best);
  }
  return fit;
}

}  // namespace giai::estimate
