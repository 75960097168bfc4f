// In-process metrics in the Prometheus text exposition format: counters and latency histograms
// keyed by a label set. Cheap enough for every request; rendered by GET /metrics.
// Thread safe.
//
// Example:
//   Metrics::Global().Observe("giai_http_request_seconds", {{"route", "/api/v1/incidents"}},
//   0.004); std::string text = Metrics::Global().Render();
#pragma once

#include <initializer_list>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace giai {

class Metrics {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;
  // Every request counts itself twice: labels are views (of literals, or of strings that live
  // through the call), so counting allocates nothing but the series key.
  using Label = std::pair<std::string_view, std::string_view>;

  static Metrics& Global();

  void Increment(std::string_view name, std::initializer_list<Label> labels, double by = 1);
  // Adds a sample to a histogram (seconds), exported as _bucket, _sum and _count.
  void Observe(std::string_view name, std::initializer_list<Label> labels, double seconds);
  // The current value of a counter (0 if never incremented), for tests and health checks.
  double CounterValue(const std::string& name, const Labels& labels) const;
  void SetHelp(const std::string& name, const std::string& help, const std::string& type);
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<double> buckets;  // cumulative counts per bound
    double sum = 0;
    double count = 0;
  };
  static std::string Key(std::span<const Label> labels);

  // Series of `name` in `families`, created on first use. Every request passes here twice, so
  // lookups take views (transparent comparators) and allocate only for a new series.
  template <class Value>
  static Value& Series(
      std::map<std::string, std::map<std::string, Value, std::less<>>, std::less<>>& families,
      std::string_view name, std::string&& key);

  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, double, std::less<>>, std::less<>> counters_;
  std::map<std::string, std::map<std::string, Histogram, std::less<>>, std::less<>> histograms_;
  std::map<std::string, std::pair<std::string, std::string>> help_;
};

}  // namespace giai
