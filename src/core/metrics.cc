#include "core/metrics.h"

#include <array>
#include <cstdio>
#include <sstream>

namespace giai {

namespace {
constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                            0.05,   0.1,   0.25,   0.5,   1,    5};

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

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

std::string Metrics::Key(const Labels& labels) {
  if (labels.empty()) return "";
  std::string key = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) key += ",";
    key += labels[i].first + "=\"" + Escape(labels[i].second) + "\"";
  }
  return key + "}";
}

void Metrics::Increment(const std::string& name, const Labels& labels, double by) {
  std::string key = Key(labels);  // built before taking the lock every request thread shares
  std::lock_guard lock(mutex_);
  counters_[name][key] += by;
}

double Metrics::CounterValue(const std::string& name, const Labels& labels) const {
  std::string key = Key(labels);
  std::lock_guard lock(mutex_);
  auto counter = counters_.find(name);
  if (counter == counters_.end()) return 0;
  auto value = counter->second.find(key);
  return value == counter->second.end() ? 0 : value->second;
}

void Metrics::Observe(const std::string& name, const Labels& labels, double seconds) {
  std::string key = Key(labels);
  std::lock_guard lock(mutex_);
  Histogram& h = histograms_[name][key];
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
