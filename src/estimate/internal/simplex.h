// Private to estimate/: a small dense two-phase simplex for max c'x s.t. A x = b, x >= 0, b >= 0.
// Only used by the existence check, whose programs have at most a few hundred rows.
#pragma once

#include <Eigen/Dense>
#include <optional>

namespace giai::estimate::internal {

// Optimal objective value, or nullopt if infeasible or unbounded. Bland's rule (no cycling).
std::optional<double> MaximizeStandardForm(const Eigen::MatrixXd& a, const Eigen::VectorXd& b,
                                           const Eigen::VectorXd& c);

}  // namespace giai::estimate::internal
