// Field comparisons with discrete agreement levels, as in Fellegi–Sunter.
//
// Each Comparison maps a pair of records to a level: 0 = a value is missing (contributes no
// evidence), 1 = exact agreement, then one level per threshold from strongest to weakest, and a
// last level for disagreement. Methods:
//   exact        level 1 or "else"
//   jaro_winkler thresholds are similarities, e.g. [0.92, 0.85]
//   levenshtein / damerau  thresholds are edit distances, e.g. [1, 2]
//   token_set    Monge–Elkan Jaro–Winkler over tokens, thresholds are similarities
//   phonetic     one extra level: same PhoneticKey
//   name         same PhoneticKey, then Jaro–Winkler thresholds: for names written in several
//                scripts (phonetic catches "mhmd"/"muhammad", Jaro–Winkler catches typos)
//   date         optional "typo" level (Damerau <= 1 on the digits, FEBRL-style keying errors),
//                then thresholds in days between the EDTF ranges (0 = ranges overlap)
//   age          thresholds in years of absolute difference
//   place        fixed levels: one place contains the other, same parent, same top level
//   dice         privacy mode: Dice coefficient of Bloom-filter encodings, thresholds are Dice
// Compare() is allocation-free and thread safe; it reads only the table.
//
// Example:
//   Comparator c(table, specs);  std::array<std::uint8_t, kMaxComparisons> levels;
//   c.Compare(i, j, levels.data());
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/metrics.h"
#include "linkage/record.h"

namespace giai::linkage {

inline constexpr std::size_t kMaxComparisons = 32;

enum class Method {
  kExact,
  kJaroWinkler,
  kLevenshtein,
  kDamerau,
  kTokenSet,
  kPhonetic,
  kName,
  kDate,
  kAge,
  kPlace,
  kDice
};

Result<Method> ParseMethod(std::string_view name);
std::string_view MethodName(Method method);

struct ComparisonSpec {
  std::string field;
  Method method = Method::kExact;
  std::vector<double> thresholds;
  bool date_typo_level = false;  // date: add the "digits within one keying error" level
  bool tf_adjust = false;        // term-frequency adjustment of exact agreement (names)
  // Privacy mode: Dice thresholds used when `method` is replaced by dice on encodings.
  std::vector<double> privacy_thresholds;
};

// Number of levels including "missing" (0) and "else" (last).
std::size_t LevelCount(const ComparisonSpec& spec);
// A short label of a level, e.g. "exact", "jw>=0.92", "else", for reports.
std::string LevelLabel(const ComparisonSpec& spec, std::size_t level);

class Comparator {
 public:
  // Checks that every spec names a field of the table with a compatible type. Indexes the
  // fields' distinct values on `threads` threads (0 = all cores).
  static Result<Comparator> Create(const Table& table, std::vector<ComparisonSpec> specs,
                                   unsigned threads = 0);

  std::size_t size() const { return specs_.size(); }
  const std::vector<ComparisonSpec>& specs() const { return specs_; }
  const Table& table() const { return *table_; }
  // Writes size() levels to `levels`.
  void Compare(std::uint32_t a, std::uint32_t b, std::uint8_t* levels) const;
  // Level of a single comparison (used for early exit in exhaustive scans).
  std::uint8_t CompareOne(std::size_t k, std::uint32_t a, std::uint32_t b) const;
  // For Jaro–Winkler and name comparisons: a level no weaker than CompareOne's, from the
  // histogram bound (no full metric); true in `exact` when it is CompareOne's level itself.
  // Other methods return CompareOne.
  std::uint8_t BestPossibleLevel(std::size_t k, std::uint32_t a, std::uint32_t b,
                                 bool& exact) const;
  // Per record, the id of its value of comparison k's field (equal ids for equal texts, 0 for
  // missing, ids dense from 1); nullptr for comparisons not made on text (date, age, dice).
  const std::vector<std::uint32_t>* ValueIds(std::size_t k) const {
    const auto& ids = value_ids_[static_cast<std::size_t>(fields_[k])];
    return ids.empty() && table_->size() > 0 ? nullptr : &ids;
  }
  bool Boundable(std::size_t k) const {
    return specs_[k].method == Method::kJaroWinkler || specs_[k].method == Method::kName;
  }

 private:
  Comparator(const Table& table, std::vector<ComparisonSpec> specs, std::vector<int> fields)
      : table_(&table), specs_(std::move(specs)), fields_(std::move(fields)) {}
  const Table* table_;
  std::vector<ComparisonSpec> specs_;
  std::vector<int> fields_;
  std::vector<std::uint8_t> else_levels_;
  // Per field compared on its text: each record's value as a number, equal for equal texts and
  // 0 for missing (empty for other fields). Missing and exact agreement, the commonest outcomes,
  // are then decided without reading the strings.
  std::vector<std::vector<std::uint32_t>> value_ids_;
  // The same ids, one row of size() per record (0 for comparisons not made on text): a pair's
  // comparisons read two short rows instead of one array per field.
  std::vector<std::uint32_t> rows_;
  // Per comparison made on text, each distinct value (by value id) with its character
  // histogram in one cache line: most pairs of Jaro–Winkler comparisons are ruled out by the
  // histogram bound before the metric runs, reading this line only.
  struct alignas(64) DistinctValue {
    CharHistogram histogram;
    const char* data = nullptr;
    std::uint32_t size = 0;
    std::string_view view() const { return {data, size}; }
  };
  std::vector<std::vector<DistinctValue>> values_;
  // Level of comparison k between records a and b whose value ids are ia and ib.
  std::uint8_t Level(std::size_t k, std::uint32_t a, std::uint32_t b, std::uint32_t ia,
                     std::uint32_t ib) const;
  // Per comparison, the bound's test against its weakest threshold (Jaro–Winkler and name).
  std::vector<JaroWinklerFilter> filters_;
};

}  // namespace giai::linkage
