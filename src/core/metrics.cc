#include "core/metrics.h"

#include <array>
#include <cstdio>
#include <sstream>

namespace giai {

namespace {
constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                            0.05,   0.1,   0.25,   0.5,   1,    5};

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string WithLabel(const std::string& key, const std::string& extra) {
  if (key.empty()) return "{" + extra + "}";
  return key.substr(0, key.size() - 1) + "," + extra + "}";
}
}  // namespace

Metrics& Metrics::Global() {
  static Metrics* metrics = new Metrics();
  return *metrics;
}

std::string Metrics::Key(std::span<const Label> labels) {
  if (labels.empty()) return "";
  std::string key;
  key.reserve(64);
  key.push_back('{');
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) key.push_back(',');
    key.append(labels[i].first).append("=\"");
    for (char c : labels[i].second) {
      if (c == '\\' || c == '"') key.push_back('\\');
      if (c == '\n') {
        key.append("\\n");
        continue;
      }
      key.push_back(c);
    }
    key.push_back('"');
  }
  key.push_back('}');
  return key;
}

template <class Value>
Value& Metrics::Series(
    std::map<std::string, std::map<std::string, Value, std::less<>>, std::less<>>& families,
    std::string_view name, std::string&& key) {
  auto family = families.find(name);
  if (family == families.end()) family = families.try_emplace(std::string(name)).first;
  auto series = family->second.find(key);
  if (series == family->second.end()) series = family->second.try_emplace(std::move(key)).first;
  return series->second;
}

void Metrics::Increment(std::string_view name, std::initializer_list<Label> labels, double by) {
  std::string key = Key(labels);  // built before taking the lock every request thread shares
  std::lock_guard lock(mutex_);
  Series(counters_, name, std::move(key)) += by;
}

double Metrics::CounterValue(const std::string& name, const Labels& labels) const {
  std::vector<Label> views(labels.begin(), labels.end());
  std::string key = Key(views);
  std::lock_guard lock(mutex_);
  auto counter = counters_.find(name);
  if (counter == counters_.end()) return 0;
  auto value = counter->second.find(key);
  return value == counter->second.end() ? 0 : value->second;
}

void Metrics::Observe(std::string_view name, std::initializer_list<Label> labels, double seconds) {
  std::string key = Key(labels);
  std::lock_guard lock(mutex_);
  Histogram& h = Series(histograms_, name, std::move(key));
  if (h.buckets.empty()) h.buckets.assign(kBounds.size(), 0);
  for (std::size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) h.buckets[i] += 1;
  }
  h.sum += seconds;
  h.count += 1;
}

void Metrics::SetHelp(const std::string& name, const std::string& help, const std::string& type) {
  std::lock_guard lock(mutex_);
  help_[name] = {help, type};
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  auto header = [&](const std::string& name, const char* default_type) {
    auto it = help_.find(name);
    if (it != help_.end()) out << "# HELP " << name << " " << it->second.first << "\n";
    out << "# TYPE " << name << " " << (it != help_.end() ? it->second.second : default_type)
        << "\n";
  };
  for (const auto& [name, series] : counters_) {
    header(name, "counter");
    for (const auto& [key, value] : series) out << name << key << " " << Number(value) << "\n";
  }
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [key, h] : series) {
      for (std::size_t i = 0; i < kBounds.size(); ++i) {
        out << name << "_bucket" << WithLabel(key, "le=\"" + Number(kBounds[i]) + "\"") << " "
            << Number(h.buckets[i]) << "\n";
      }
      out << name << "_bucket" << WithLabel(key, "le=\"+Inf\"") << " " << Number(h.count) << "\n";
      out << name << "_sum" << key << " " << Number(h.sum) << "\n";
      out << name << "_count" << key << " " << Number(h.count) << "\n";
    }
  }
  return out.str();
}

}  // namespace giai
