#include "estimate/loglinear_model.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "estimate/internal/simplex.h"
#include "estimate/internal/stats.h"

namespace giai::estimate {

Design BuildDesign(const CaptureTable& table, const std::vector<Term>& terms,
                   bool include_dark_cell, double dark_count) {
  Design design;
  const int num_lists = table.NumLists();
  for (Term term : terms) {
    if (table.MarginalCount(term) > 0) {
      design.fitted_terms.push_back(term);
    } else {
      design.empty_terms.push_back(term);
    }
  }
  for (std::uint32_t p = include_dark_cell ? 0u : 1u;
       p < static_cast<std::uint32_t>(table.NumCells()); ++p) {
    const bool dropped = std::any_of(design.empty_terms.begin(), design.empty_terms.end(),
                                     [p](Term t) { return (p & t) == t; });
    if (!dropped) design.cells.push_back(p);
  }
  const auto rows = static_cast<Eigen::Index>(design.cells.size());
  const auto cols = static_cast<Eigen::Index>(1 + num_lists + design.fitted_terms.size());
  design.x.setZero(rows, cols);
  design.y.resize(rows);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::uint32_t p = design.cells[static_cast<std::size_t>(r)];
    design.y[r] = p == 0 ? dark_count : table.counts[p];
    design.x(r, 0) = 1;
    for (int j = 0; j < num_lists; ++j) design.x(r, 1 + j) = (p >> j) & 1u;
    for (std::size_t k = 0; k < design.fitted_terms.size(); ++k) {
      const Term t = design.fitted_terms[k];
      design.x(r, static_cast<Eigen::Index>(1 + num_lists + k)) = (p & t) == t ? 1.0 : 0.0;
    }
  }
  return design;
}

ExistenceCheck CheckExistence(const CaptureTable& table, const std::vector<Term>& terms) {
  const Design design = BuildDesign(table, terms);
  ExistenceCheck check;
  check.identifiable =
      design.x.rows() >= design.x.cols() && ColumnRank(design.x) == design.x.cols();
  // Fienberg & Rinaldo (2012): the MLE exists iff some strictly positive table has the observed
  // sufficient statistics X'y. With x = y + t (y >= 0) maximise t; t* > 0 iff the MLE exists.
  const Eigen::Index cells = design.x.rows();
  const double total = design.y.sum();
  Eigen::MatrixXd a(design.x.cols(), cells + 1);
  a.leftCols(cells) = design.x.transpose();
  a.col(cells) = design.x.transpose() * Eigen::VectorXd::Ones(cells);
  const Eigen::VectorXd b = design.x.transpose() * design.y / total;
  Eigen::VectorXd c = Eigen::VectorXd::Zero(cells + 1);
  c[cells] = 1;
  const std::optional<double> best = internal::MaximizeStandardForm(a, b, c);
  check.mle_exists = best.has_value() && *best > 1e-9;
  return check;
}

Result<ModelFit> FitLogLinear(const CaptureTable& table, const std::vector<Term>& terms,
                              double level, bool check_existence) {
  GIAI_RETURN_IF_ERROR(table.Validate());
  for (Term t : terms) {
    if (std::popcount(t) < 2 || t >= static_cast<Term>(table.NumCells())) {
      return InvalidInput("interaction terms need at least two existing lists", "model");
    }
  }
  // Lists that say nothing: their main effect is infinite, which no model can absorb. Named
  // explicitly because "the MLE does not exist" would not tell the user what to fix.
  const double observed = table.ObservedTotal();
  for (int j = 0; j < table.NumLists(); ++j) {
    const double on_list = table.MarginalCount(1u << j);
    const std::string& name = table.list_names[static_cast<std::size_t>(j)];
    if (on_list == 0) {
      return InvalidInput("list '" + name + "' has no cases: remove it before estimating", name);
    }
    if (on_list == observed) {
      return InvalidInput("every observed case is on list '" + name +
                              "': the data say nothing about people it missed",
                          name);
    }
  }
  ModelFit fit;
  fit.terms = terms;
  fit.design = BuildDesign(table, terms);
  fit.empty_terms = fit.design.empty_terms;
  const Design& d = fit.design;
  if (d.x.rows() < d.x.cols()) {
    return InvalidInput(
        "model " + ModelName(table, terms) + " is not identifiable: more parameters than cells",
        "model");
  }
  if (ColumnRank(d.x) < d.x.cols()) {
    return InvalidInput("model " + ModelName(table, terms) +
                            " is not identifiable from these data (design rank deficient)",
                        "model");
  }
  if (check_existence && !CheckExistence(table, terms).mle_exists) {
    return InvalidInput("maximum likelihood estimate for model " + ModelName(table, terms) +
                            " does not exist: observed zero cells lie on a face of the model",
                        "model");
  }
  GIAI_ASSIGN_OR_RETURN(fit.glm, FitPoissonGlm(d.x, d.y));
  if (fit.glm.diverged) {
    return InvalidInput("maximum likelihood estimate for model " + ModelName(table, terms) +
                            " does not exist: parameters diverge (zero cells on a face)",
                        "model");
  }
  fit.observed = table.ObservedTotal();
  fit.dark = std::exp(fit.glm.beta[0]);
  fit.log_dark_se = std::sqrt(fit.glm.covariance(0, 0));
  fit.estimate = fit.observed + fit.dark;
  // Delta method for exp(intercept) plus the Poisson variation of the unobserved count itself.
  fit.estimate_se = std::sqrt(fit.dark * fit.dark * fit.glm.covariance(0, 0) + fit.dark);
  const double z = internal::NormalQuantile(0.5 + level / 2);
  fit.lower = fit.observed + std::exp(fit.glm.beta[0] - z * fit.log_dark_se);
  fit.upper = fit.observed + std::exp(fit.glm.beta[0] + z * fit.log_dark_se);
  if (!std::isfinite(fit.upper) || fit.log_dark_se > 20) {
    return InvalidInput("dark figure is not estimable under model " + ModelName(table, terms) +
                            " (intercept standard error explodes)",
                        "model");
  }
  fit.deviance = fit.glm.deviance;
  fit.log_likelihood = fit.glm.log_likelihood;
  fit.num_parameters = static_cast<int>(d.x.cols() + d.empty_terms.size());
  fit.residual_df = static_cast<int>(d.x.rows() - d.x.cols());
  fit.aic = -2 * fit.log_likelihood + 2 * fit.num_parameters;
  fit.bic = -2 * fit.log_likelihood + std::log(fit.observed) * fit.num_parameters;
  return fit;
}

std::string TermName(const CaptureTable& table, Term term) {
  std::string name;
  for (int j = 0; j < table.NumLists(); ++j) {
    if (term & (1u << j)) {
      if (!name.empty()) name += ':';
      name += table.list_names[static_cast<std::size_t>(j)];
    }
  }
  return name;
}

std::string ModelName(const CaptureTable& table, const std::vector<Term>& terms) {
  std::string name = "main effects";
  for (Term t : terms) name += " + " + TermName(table, t);
  return name;
}

}  // namespace giai::estimate
