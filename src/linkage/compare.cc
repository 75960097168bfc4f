#include "linkage/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "linkage/metrics.h"
#include "linkage/parallel.h"

namespace giai::linkage {
namespace {

struct MethodName_ {
  Method method;
  std::string_view name;
};
constexpr MethodName_ kMethods[] = {{Method::kExact, "exact"},
                                    {Method::kJaroWinkler, "jaro_winkler"},
                                    {Method::kLevenshtein, "levenshtein"},
                                    {Method::kDamerau, "damerau"},
                                    {Method::kTokenSet, "token_set"},
                                    {Method::kPhonetic, "phonetic"},
                                    {Method::kName, "name"},
                                    {Method::kDate, "date"},
                                    {Method::kAge, "age"},
                                    {Method::kPlace, "place"},
                                    {Method::kDice, "dice"}};

bool IsDistance(Method m) {
  return m == Method::kLevenshtein || m == Method::kDamerau || m == Method::kDate ||
         m == Method::kAge;
}

bool AllZero(const std::uint64_t* a, std::size_t words) {
  for (std::size_t w = 0; w < words; ++w) {
    if (a[w] != 0) return false;
  }
  return true;
}

// Level for a similarity (higher is closer) or a distance (lower is closer) past "exact".
std::uint8_t ThresholdLevel(const ComparisonSpec& spec, std::uint8_t first, double value) {
  const bool distance = IsDistance(spec.method);
  for (std::size_t t = 0; t < spec.thresholds.size(); ++t) {
    if (distance ? value <= spec.thresholds[t] : value >= spec.thresholds[t]) {
      return static_cast<std::uint8_t>(first + t);
    }
  }
  return static_cast<std::uint8_t>(first + spec.thresholds.size());
}

// Damerau (OSA) distance <= 1 between equal-length strings, without the DP: one substituted
// byte, or two adjacent bytes swapped. Dates are compared on every pair of an exhaustive scan.
bool WithinOneKeyingError(std::string_view a, std::string_view b) {
  std::size_t first = a.size();
  std::size_t differences = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (++differences > 2) return false;
    if (first == a.size()) first = i;
  }
  if (differences <= 1) return true;
  return first + 1 < a.size() && a[first] == b[first + 1] && a[first + 1] == b[first];
}

// Edit distance <= 1 (substitution, insertion or deletion; with `transpose`, also one adjacent
// swap) of two different strings, in one pass.
bool WithinOneEdit(std::string_view a, std::string_view b, bool transpose) {
  if (a.size() == b.size()) {
    if (transpose) return WithinOneKeyingError(a, b);
    std::size_t differences = 0;
    for (std::size_t i = 0; i < a.size(); ++i) differences += a[i] != b[i];
    return differences <= 1;
  }
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() != 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  return a.substr(i) == b.substr(i + 1);
}

std::string_view Parent(std::string_view place) {
  const std::size_t cut = place.rfind('>');
  return cut == std::string_view::npos ? std::string_view() : place.substr(0, cut);
}

std::string_view Top(std::string_view place) { return place.substr(0, place.find('>')); }

bool Contains(std::string_view outer, std::string_view inner) {
  return inner.size() > outer.size() && inner.substr(0, outer.size()) == outer &&
         inner[outer.size()] == '>';
}

}  // namespace

Result<Method> ParseMethod(std::string_view name) {
  for (const auto& m : kMethods) {
    if (m.name == name) return m.method;
  }
  return InvalidInput("unknown comparison method '" + std::string(name) + "'", "method");
}

std::string_view MethodName(Method method) {
  for (const auto& m : kMethods) {
    if (m.method == method) return m.name;
  }
  return "?";
}

std::size_t LevelCount(const ComparisonSpec& spec) {
  switch (spec.method) {
    case Method::kExact: return 3;
    case Method::kPhonetic: return 4;
    case Method::kPlace: return 6;
    case Method::kName: return 4 + spec.thresholds.size();
    case Method::kDate: return 3 + (spec.date_typo_level ? 1 : 0) + spec.thresholds.size();
    default: return 3 + spec.thresholds.size();
  }
}

std::string LevelLabel(const ComparisonSpec& spec, std::size_t level) {
  if (level == 0) return "missing";
  if (level == 1) return "exact";
  if (level + 1 == LevelCount(spec)) return "else";
  switch (spec.method) {
    case Method::kPhonetic: return "phonetic";
    case Method::kName:
      if (level == 2) return "phonetic";
      --level;
      break;
    case Method::kPlace: {
      constexpr std::string_view kPlaceLevels[] = {"contains", "same_parent", "same_top"};
      return std::string(kPlaceLevels[level - 2]);
    }
    case Method::kDate:
      if (spec.date_typo_level) {
        if (level == 2) return "typo";
        --level;
      }
      break;
    default: break;
  }
  const double t = spec.thresholds[level - 2];
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s%s%g", std::string(MethodName(spec.method)).c_str(),
                IsDistance(spec.method) ? "<=" : ">=", t);
  return buffer;
}

Result<Comparator> Comparator::Create(const Table& table, std::vector<ComparisonSpec> specs,
                                      unsigned threads) {
  if (specs.empty()) return InvalidInput("no comparisons configured", "comparisons");
  if (specs.size() > kMaxComparisons) return InvalidInput("too many comparisons", "comparisons");
  std::vector<int> fields;
  for (const ComparisonSpec& spec : specs) {
    const int f = table.FieldIndex(spec.field);
    if (f < 0)
      return InvalidInput("comparison names unknown field '" + spec.field + "'", "comparisons");
    const FieldType type = table.fields[static_cast<std::size_t>(f)].type;
    const bool ok = [&] {
      switch (spec.method) {
        case Method::kDate: return type == FieldType::kDate;
        case Method::kAge: return type == FieldType::kAge;
        case Method::kPlace: return type == FieldType::kPlace;
        case Method::kPhonetic:
        case Method::kName: return type == FieldType::kName;
        case Method::kDice: return table.columns[static_cast<std::size_t>(f)].bloom_words > 0;
        default: return true;
      }
    }();
    if (!ok) {
      return InvalidInput("method " + std::string(MethodName(spec.method)) +
                              " does not apply to field '" + spec.field + "'",
                          "comparisons");
    }
    if (LevelCount(spec) > 250) return InvalidInput("too many thresholds", spec.field);
    fields.push_back(f);
  }
  Comparator comparator(table, std::move(specs), std::move(fields));
  for (const ComparisonSpec& spec : comparator.specs_) {
    comparator.else_levels_.push_back(static_cast<std::uint8_t>(LevelCount(spec) - 1));
    // Without thresholds the filter is never asked; 2.0 would reject everything.
    comparator.filters_.emplace_back(spec.thresholds.empty() ? 0.0 : spec.thresholds.back());
  }
  // Distinct values per field compared on text (value id 0 = missing), one task per field.
  Comparator& c = comparator;
  c.value_ids_.resize(table.columns.size());
  c.values_.resize(c.specs_.size());
  std::vector<std::size_t> id_fields;
  for (std::size_t k = 0; k < c.specs_.size(); ++k) {
    const Method m = c.specs_[k].method;
    if (m == Method::kDate || m == Method::kAge || m == Method::kDice) continue;
    const auto f = static_cast<std::size_t>(c.fields_[k]);
    if (std::find(id_fields.begin(), id_fields.end(), f) == id_fields.end()) id_fields.push_back(f);
  }
  ParallelTasks(id_fields.size(), threads, [&](std::size_t task) {
    const std::size_t f = id_fields[task];
    const StringPool& text = table.columns[f].text;
    std::vector<std::uint32_t>& ids = c.value_ids_[f];
    ids.assign(text.size(), 0);
    std::vector<std::string_view> distinct{std::string_view()};
    // Open addressing over the distinct values (indices into `distinct`): no node per value.
    std::size_t capacity = 64;
    while (capacity < 2 * text.size()) capacity *= 2;
    std::vector<std::uint32_t> slots(capacity, 0);
    const std::size_t mask = capacity - 1;
    const std::hash<std::string_view> hash;
    for (std::size_t r = 0; r < text.size(); ++r) {
      const std::string_view v = text.Get(r);
      if (v.empty()) continue;  // ids[r] stays 0
      std::size_t s = hash(v) & mask;
      while (slots[s] != 0 && distinct[slots[s]] != v) s = (s + 1) & mask;
      if (slots[s] == 0) {
        slots[s] = static_cast<std::uint32_t>(distinct.size());
        distinct.push_back(v);
      }
      ids[r] = slots[s];
    }
    for (std::size_t k = 0; k < c.specs_.size(); ++k) {
      const Method m = c.specs_[k].method;
      if (static_cast<std::size_t>(c.fields_[k]) != f) continue;
      if (m == Method::kDate || m == Method::kAge || m == Method::kDice) continue;
      const bool histogram = m == Method::kJaroWinkler || m == Method::kName;
      std::vector<DistinctValue>& values = c.values_[k];
      values.resize(distinct.size());
      for (std::size_t v = 0; v < distinct.size(); ++v) {
        values[v].data = distinct[v].data();
        values[v].size = static_cast<std::uint32_t>(distinct[v].size());
        if (histogram) values[v].histogram = MakeCharHistogram(distinct[v]);
      }
    }
  });
  const std::size_t width = c.specs_.size();
  c.rows_.assign(table.size() * width, 0);
  for (std::size_t k = 0; k < width; ++k) {
    if (c.values_[k].empty()) continue;
    const std::vector<std::uint32_t>& ids = c.value_ids_[static_cast<std::size_t>(c.fields_[k])];
    for (std::size_t r = 0; r < ids.size(); ++r) c.rows_[r * width + k] = ids[r];
  }
  return comparator;
}

std::uint8_t Comparator::CompareOne(std::size_t k, std::uint32_t a, std::uint32_t b) const {
  const ComparisonSpec& spec = specs_[k];
  const Column& col = table_->columns[static_cast<std::size_t>(fields_[k])];
  const std::uint8_t else_level = else_levels_[k];
  switch (spec.method) {
    case Method::kDate: {
      const std::string_view ta = col.text.Get(a);
      const std::string_view tb = col.text.Get(b);
      const bool range_a = col.earliest[a] != kNoDay;
      const bool range_b = col.earliest[b] != kNoDay;
      if ((ta.empty() && !range_a) || (tb.empty() && !range_b)) return 0;
      const bool precise = range_a && range_b && col.earliest[a] == col.latest[a] &&
                           col.earliest[b] == col.latest[b];
      if (precise && col.earliest[a] == col.earliest[b]) return 1;
      if (!range_a && !range_b && !ta.empty() && ta == tb) return 1;
      std::uint8_t next = 2;
      if (spec.date_typo_level) {
        if (ta.size() == tb.size() && ta.size() >= 6 && ta != tb && WithinOneKeyingError(ta, tb)) {
          return 2;
        }
        next = 3;
      }
      if (!range_a || !range_b) return else_level;
      const std::int64_t gap = std::max<std::int64_t>(
          0, std::max(col.earliest[a], col.earliest[b]) - std::min(col.latest[a], col.latest[b]));
      return ThresholdLevel(spec, next, static_cast<double>(gap));
    }
    case Method::kAge: {
      if (col.number[a] < 0 || col.number[b] < 0) return 0;
      if (col.number[a] == col.number[b]) return 1;
      return ThresholdLevel(spec, 2, std::abs(col.number[a] - col.number[b]));
    }
    case Method::kDice: {
      const std::uint64_t* ba = col.bloom.data() + a * col.bloom_words;
      const std::uint64_t* bb = col.bloom.data() + b * col.bloom_words;
      if (AllZero(ba, col.bloom_words) || AllZero(bb, col.bloom_words)) return 0;
      if (col.text.Get(a) == col.text.Get(b)) return 1;  // equal keyed hashes
      return ThresholdLevel(spec, 2, DiceCoefficient(ba, bb, col.bloom_words));
    }
    default: break;
  }
  const std::size_t width = specs_.size();
  return Level(k, a, b, rows_[a * width + k], rows_[b * width + k]);
}

std::uint8_t Comparator::Level(std::size_t k, std::uint32_t a, std::uint32_t b, std::uint32_t ia,
                               std::uint32_t ib) const {
  const ComparisonSpec& spec = specs_[k];
  const std::uint8_t else_level = else_levels_[k];
  switch (spec.method) {
    case Method::kDate:
    case Method::kAge:
    case Method::kDice: return CompareOne(k, a, b);
    default: break;
  }
  if (ia == 0 || ib == 0) return 0;
  if (ia == ib) return 1;
  const Column& col = table_->columns[static_cast<std::size_t>(fields_[k])];
  const DistinctValue& x = values_[k][ia];
  const DistinctValue& y = values_[k][ib];
  const std::string_view va = x.view();
  const std::string_view vb = y.view();
  switch (spec.method) {
    case Method::kExact: return else_level;
    case Method::kJaroWinkler:
      if (!spec.thresholds.empty() && filters_[k].Rejects(va, x.histogram, vb, y.histogram)) {
        return else_level;
      }
      return ThresholdLevel(spec, 2, JaroWinkler(va, vb));
    case Method::kTokenSet: return ThresholdLevel(spec, 2, TokenSetSimilarity(va, vb));
    case Method::kLevenshtein:
    case Method::kDamerau: {
      // Lengths bound the distance from below; a bound of one edit has a linear-time test.
      const double widest = spec.thresholds.empty() ? 0.0 : spec.thresholds.back();
      const std::size_t gap = va.size() > vb.size() ? va.size() - vb.size() : vb.size() - va.size();
      if (static_cast<double>(gap) > widest) return else_level;
      if (widest < 2.0) {
        const bool close = spec.method == Method::kDamerau ? WithinOneEdit(va, vb, true)
                                                           : WithinOneEdit(va, vb, false);
        return close && widest >= 1.0 ? 2 : else_level;
      }
      return ThresholdLevel(
          spec, 2, spec.method == Method::kDamerau ? DamerauOsa(va, vb) : Levenshtein(va, vb));
    }
    case Method::kPhonetic: return col.phonetic.Get(a) == col.phonetic.Get(b) ? 2 : else_level;
    case Method::kName:
      if (col.phonetic.Get(a) == col.phonetic.Get(b)) return 2;
      if (!spec.thresholds.empty() && filters_[k].Rejects(va, x.histogram, vb, y.histogram)) {
        return else_level;
      }
      return ThresholdLevel(spec, 3, JaroWinkler(va, vb));
    case Method::kPlace:
      if (Contains(va, vb) || Contains(vb, va)) return 2;
      if (!Parent(va).empty() && Parent(va) == Parent(vb)) return 3;
      if (Top(va) == Top(vb)) return 4;
      return else_level;
    default: return else_level;
  }
}

std::uint8_t Comparator::BestPossibleLevel(std::size_t k, std::uint32_t a, std::uint32_t b,
                                           bool& exact) const {
  exact = true;
  if (!Boundable(k)) return CompareOne(k, a, b);
  const ComparisonSpec& spec = specs_[k];
  const Column& col = table_->columns[static_cast<std::size_t>(fields_[k])];
  const std::size_t width = specs_.size();
  const std::uint32_t ia = rows_[a * width + k], ib = rows_[b * width + k];
  if (ia == 0 || ib == 0) return 0;
  if (ia == ib) return 1;
  const DistinctValue& x = values_[k][ia];
  const DistinctValue& y = values_[k][ib];
  const std::string_view va = x.view();
  const std::string_view vb = y.view();
  std::uint8_t first = 2;
  if (spec.method == Method::kName) {
    if (col.phonetic.Get(a) == col.phonetic.Get(b)) return 2;
    first = 3;
  }
  // Most pairs of an exhaustive scan fail even the weakest threshold: the cheap test settles
  // them with the level the bound would give (else), exactly.
  if (!spec.thresholds.empty() && filters_[k].Rejects(va, x.histogram, vb, y.histogram)) {
    return else_levels_[k];
  }
  const double bound = JaroWinklerUpperBound(va, x.histogram, vb, y.histogram);
  const std::uint8_t level = ThresholdLevel(spec, first, bound);
  exact = level == else_levels_[k];  // the bound already rules out every threshold
  return level;
}

void Comparator::Compare(std::uint32_t a, std::uint32_t b, std::uint8_t* levels) const {
  const std::size_t width = specs_.size();
  const std::uint32_t* row_a = &rows_[a * width];
  const std::uint32_t* row_b = &rows_[b * width];
  for (std::size_t k = 0; k < width; ++k) levels[k] = Level(k, a, b, row_a[k], row_b[k]);
}

}  // namespace giai::linkage
