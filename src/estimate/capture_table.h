// CaptureTable: the 2^J contingency table of capture histories that every MSE method consumes.
//
// A capture pattern is a bitmask: bit j is set when the individual appears on list j. Pattern 0
// (on no list) is the unobserved "dark figure" cell; its count is never observed and is ignored.
// The table is a plain value type (copyable, no shared state); functions on it are thread safe.
//
// Example:
//   CaptureTable t = CaptureTable::Empty({"LA", "NG", "PF"});
//   t.counts[0b011] = 12;  // 12 people on LA and NG only
//   double n = t.ObservedTotal();
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace giai::estimate {

inline constexpr int kMinLists = 3;
inline constexpr int kMaxLists = 15;

struct CaptureTable {
  std::vector<std::string> list_names;  // size J
  std::vector<double> counts;           // size 2^J, indexed by pattern; counts[0] unused (0)

  static CaptureTable Empty(std::vector<std::string> names);

  int NumLists() const { return static_cast<int>(list_names.size()); }
  int NumCells() const { return static_cast<int>(counts.size()); }
  double ObservedTotal() const;
  // Number of individuals seen on every list in `mask` (regardless of the other lists).
  double MarginalCount(std::uint32_t mask) const;
  // Checks 3 <= J <= 15, counts non-negative and finite, at least one individual observed.
  Status Validate() const;
};

// A table per stratum (one stratum named "" when the input has no strata column).
struct StratifiedTables {
  std::vector<std::string> stratum_names;
  std::vector<CaptureTable> tables;
};

// Renders a pattern as list names joined by '+', e.g. "LA+PF".
std::string PatternName(const CaptureTable& table, std::uint32_t pattern);

}  // namespace giai::estimate
