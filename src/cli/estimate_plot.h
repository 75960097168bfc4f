// Hand-written SVG charts for `giai estimate --plot`: a histogram (posterior or bootstrap draws
// of N) and a profile-likelihood curve, each with the observed total, the estimate and the
// interval marked and both axes labelled. Returns SVG text; the caller writes the file.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace giai::cli {

struct PlotMarks {
  std::string title;
  std::string x_label = "Total population N";
  double observed = 0;
  double estimate = 0;
  double lower = 0, upper = 0;
};

std::string HistogramSvg(const std::vector<double>& values, const PlotMarks& marks);
// `curve` holds (N, 2 * (max log-likelihood - log-likelihood)); `threshold` is chi2_1(level).
std::string ProfileSvg(const std::vector<std::pair<double, double>>& curve, double threshold,
                       const PlotMarks& marks);

}  // namespace giai::cli
