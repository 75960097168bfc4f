#include "cli/estimate_plot.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace giai::cli {
namespace {

constexpr double kWidth = 720, kHeight = 420;
constexpr double kLeft = 70, kRight = 20, kTop = 40, kBottom = 60;

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Thousands(double value) {
  std::string digits = std::to_string(static_cast<long long>(std::llround(value)));
  for (int i = static_cast<int>(digits.size()) - 3;
       i > 0 && digits[static_cast<std::size_t>(i - 1)] != '-'; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

// "Nice" tick step covering `span` in about five intervals.
double TickStep(double span) {
  const double raw = span / 5;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

class Canvas {
 public:
  Canvas(double x_min, double x_max, double y_max, const PlotMarks& marks)
      : x_min_(x_min), x_max_(x_max), y_max_(y_max) {
    out_ << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\""
         << kHeight << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight
         << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
         << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
         << "<text x=\"" << kWidth / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">"
         << Escape(marks.title) << "</text>\n";
  }
  double X(double v) const {
    return kLeft + (v - x_min_) / (x_max_ - x_min_) * (kWidth - kLeft - kRight);
  }
  double Y(double v) const { return kHeight - kBottom - v / y_max_ * (kHeight - kTop - kBottom); }
  std::ostringstream& out() { return out_; }

  void Axes(const std::string& x_label, const std::string& y_label, bool y_ticks) {
    const double y0 = kHeight - kBottom;
    out_ << "<line x1=\"" << kLeft << "\" y1=\"" << y0 << "\" x2=\"" << kWidth - kRight
         << "\" y2=\"" << y0 << "\" stroke=\"black\"/>\n<line x1=\"" << kLeft << "\" y1=\"" << kTop
         << "\" x2=\"" << kLeft << "\" y2=\"" << y0 << "\" stroke=\"black\"/>\n";
    const double step = TickStep(x_max_ - x_min_);
    for (double t = std::ceil(x_min_ / step) * step; t <= x_max_; t += step) {
      out_ << "<line x1=\"" << X(t) << "\" y1=\"" << y0 << "\" x2=\"" << X(t) << "\" y2=\""
           << y0 + 5 << "\" stroke=\"black\"/><text x=\"" << X(t) << "\" y=\"" << y0 + 18
           << "\" text-anchor=\"middle\">" << Thousands(t) << "</text>\n";
    }
    if (y_ticks) {
      const double ystep = TickStep(y_max_);
      for (double t = 0; t <= y_max_; t += ystep) {
        out_ << "<text x=\"" << kLeft - 6 << "\" y=\"" << Y(t) + 4 << "\" text-anchor=\"end\">" << t
             << "</text>\n";
      }
    }
    out_ << "<text x=\"" << (kLeft + kWidth - kRight) / 2 << "\" y=\"" << kHeight - 18
         << "\" text-anchor=\"middle\">" << Escape(x_label)
         << "</text>\n<text transform=\"translate(18," << (kTop + kHeight - kBottom) / 2
         << ") rotate(-90)\" text-anchor=\"middle\">" << Escape(y_label) << "</text>\n";
  }

  void Marker(double v, const std::string& color, const std::string& label, bool dashed, int row) {
    if (v < x_min_ || v > x_max_) return;
    out_ << "<line x1=\"" << X(v) << "\" y1=\"" << kTop << "\" x2=\"" << X(v) << "\" y2=\""
         << kHeight - kBottom << "\" stroke=\"" << color << "\" stroke-width=\"2\""
         << (dashed ? " stroke-dasharray=\"6,4\"" : "") << "/>\n<text x=\"" << X(v) + 4 << "\" y=\""
         << kTop + 12 + 14 * row << "\" fill=\"" << color
         << "\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">" << Escape(label)
         << "</text>\n";
  }

  void Marks(const PlotMarks& m) {
    Marker(m.observed, "#b22222", "observed " + Thousands(m.observed), false, 0);
    Marker(m.estimate, "#1f4e99", "estimate " + Thousands(m.estimate), false, 1);
    Marker(m.lower, "#1f4e99", "lower " + Thousands(m.lower), true, 2);
    Marker(m.upper, "#1f4e99", "upper " + Thousands(m.upper), true, 2);
  }

  std::string Finish() {
    out_ << "</svg>\n";
    return out_.str();
  }

 private:
  double x_min_, x_max_, y_max_;
  std::ostringstream out_;
};

}  // namespace

std::string HistogramSvg(const std::vector<double>& values, const PlotMarks& marks) {
  if (values.empty()) return Canvas(0, 1, 1, marks).Finish();
  auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  double lo = std::min(*lo_it, marks.observed);
  double hi = std::max(*hi_it, lo + 1);
  const double pad = (hi - lo) * 0.04;
  lo -= pad, hi += pad;
  constexpr int kBins = 50;
  std::vector<int> bins(kBins, 0);
  for (double v : values) {
    const int b = std::clamp(static_cast<int>((v - lo) / (hi - lo) * kBins), 0, kBins - 1);
    ++bins[static_cast<std::size_t>(b)];
  }
  const int peak = *std::max_element(bins.begin(), bins.end());
  Canvas canvas(lo, hi, peak * 1.1, marks);
  canvas.Axes(marks.x_label, "Number of draws", true);
  for (int b = 0; b < kBins; ++b) {
    const double x0 = lo + (hi - lo) * b / kBins;
    const double x1 = lo + (hi - lo) * (b + 1) / kBins;
    const int h = bins[static_cast<std::size_t>(b)];
    canvas.out() << "<rect x=\"" << canvas.X(x0) << "\" y=\"" << canvas.Y(h) << "\" width=\""
                 << std::max(canvas.X(x1) - canvas.X(x0) - 1, 0.5) << "\" height=\""
                 << canvas.Y(0) - canvas.Y(h) << "\" fill=\"#9bb7d4\"/>\n";
  }
  canvas.Marks(marks);
  return canvas.Finish();
}

std::string ProfileSvg(const std::vector<std::pair<double, double>>& curve, double threshold,
                       const PlotMarks& marks) {
  if (curve.empty()) return Canvas(0, 1, 1, marks).Finish();
  const double lo = std::min(curve.front().first, marks.observed);
  const double hi = curve.back().first;
  double top = threshold * 1.5;
  for (const auto& point : curve) top = std::max(top, std::min(point.second, threshold * 3));
  Canvas canvas(lo, hi, top, marks);
  canvas.Axes(marks.x_label, "Deviance from maximum, 2 (max log L - log L)", true);
  canvas.out() << "<polyline fill=\"none\" stroke=\"black\" stroke-width=\"2\" points=\"";
  for (const auto& [n, dev] : curve) {
    if (dev <= top) canvas.out() << canvas.X(n) << ',' << canvas.Y(dev) << ' ';
  }
  canvas.out() << "\"/>\n<line x1=\"" << canvas.X(lo) << "\" y1=\"" << canvas.Y(threshold)
               << "\" x2=\"" << canvas.X(hi) << "\" y2=\"" << canvas.Y(threshold)
               << "\" stroke=\"gray\" stroke-dasharray=\"3,3\"/>\n";
  canvas.Marks(marks);
  return canvas.Finish();
}

}  // namespace giai::cli
