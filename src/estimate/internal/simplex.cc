#include "estimate/internal/simplex.h"

#include <vector>

namespace giai::estimate::internal {
namespace {

constexpr double kEps = 1e-9;

// Tableau: m constraint rows plus objective row; last column is the right-hand side.
struct Tableau {
  Eigen::MatrixXd t;
  std::vector<Eigen::Index> basis;

  void Pivot(Eigen::Index row, Eigen::Index col) {
    t.row(row) /= t(row, col);
    for (Eigen::Index r = 0; r < t.rows(); ++r) {
      if (r != row && t(r, col) != 0) t.row(r) -= t(r, col) * t.row(row);
    }
    basis[static_cast<std::size_t>(row)] = col;
  }

  // Runs simplex iterations on objective row `obj` (minimising: entering column has negative
  // reduced cost) over columns [0, allowed). Returns false if unbounded.
  bool Run(Eigen::Index obj, Eigen::Index allowed) {
    const Eigen::Index m = static_cast<Eigen::Index>(basis.size());
    const Eigen::Index rhs = t.cols() - 1;
    for (int guard = 0; guard < 100000; ++guard) {
      Eigen::Index enter = -1;
      for (Eigen::Index j = 0; j < allowed; ++j) {
        if (t(obj, j) < -kEps) {
          enter = j;
          break;
        }
      }
      if (enter < 0) return true;
      Eigen::Index leave = -1;
      double best = 0;
      for (Eigen::Index r = 0; r < m; ++r) {
        if (t(r, enter) > kEps) {
          const double ratio = t(r, rhs) / t(r, enter);
          if (leave < 0 || ratio < best - kEps ||
              (ratio < best + kEps &&
               basis[static_cast<std::size_t>(r)] < basis[static_cast<std::size_t>(leave)])) {
            leave = r;
            best = ratio;
          }
        }
      }
      if (leave < 0) return false;
      Pivot(leave, enter);
    }
    return true;
  }
};

}  // namespace

std::optional<double> MaximizeStandardForm(const Eigen::MatrixXd& a, const Eigen::VectorXd& b,
                                           const Eigen::VectorXd& c) {
  const Eigen::Index m = a.rows();
  const Eigen::Index n = a.cols();
  // Columns: n structural, m artificial, rhs. Rows: m constraints, phase-2 row, phase-1 row.
  Tableau tab;
  tab.t = Eigen::MatrixXd::Zero(m + 2, n + m + 1);
  tab.t.topLeftCorner(m, n) = a;
  tab.t.block(0, n, m, m).setIdentity();
  tab.t.col(n + m).head(m) = b;
  tab.t.row(m).head(n) = -c.transpose();  // minimise -c'x
  for (Eigen::Index r = 0; r < m; ++r) tab.t.row(m + 1) -= tab.t.row(r);
  tab.t.block(m + 1, n, 1, m).setZero();
  tab.basis.resize(static_cast<std::size_t>(m));
  for (Eigen::Index r = 0; r < m; ++r) tab.basis[static_cast<std::size_t>(r)] = n + r;

  tab.Run(m + 1, n + m);
  if (-tab.t(m + 1, n + m) > 1e-7 * (1 + b.cwiseAbs().sum())) return std::nullopt;  // infeasible
  // Drive artificial variables out of the basis; rows where that is impossible are redundant.
  for (Eigen::Index r = 0; r < m; ++r) {
    if (tab.basis[static_cast<std::size_t>(r)] < n) continue;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (std::abs(tab.t(r, j)) > kEps) {
        tab.Pivot(r, j);
        break;
      }
    }
  }
  if (!tab.Run(m, n)) return std::nullopt;
  return tab.t(m, n + m);
}

}  // namespace giai::estimate::internal
