#include "estimate/capture_table.h"

#include <cmath>

namespace giai::estimate {

CaptureTable CaptureTable::Empty(std::vector<std::string> names) {
  CaptureTable table;
  const std::size_t cells = std::size_t{1} << names.size();
  table.list_names = std::move(names);
  table.counts.assign(cells, 0.0);
  return table;
}

double CaptureTable::ObservedTotal() const {
  double total = 0;
  for (std::size_t p = 1; p < counts.size(); ++p) total += counts[p];
  return total;
}

double CaptureTable::MarginalCount(std::uint32_t mask) const {
  double total = 0;
  for (std::size_t p = 1; p < counts.size(); ++p) {
    if ((p & mask) == mask) total += counts[p];
  }
  return total;
}

Status CaptureTable::Validate() const {
  const int j = NumLists();
  if (j < kMinLists || j > kMaxLists) {
    return InvalidInput(
        "multiple systems estimation needs between 3 and 15 lists, got " + std::to_string(j),
        "lists");
  }
  if (counts.size() != (std::size_t{1} << j))
    return InvalidInput("table size is not 2^J", "counts");
  for (double c : counts) {
    if (!std::isfinite(c) || c < 0) return InvalidInput("counts must be finite and >= 0", "counts");
  }
  if (ObservedTotal() <= 0) return InvalidInput("no individual observed on any list", "counts");
  return Status::Ok();
}

std::string PatternName(const CaptureTable& table, std::uint32_t pattern) {
  std::string name;
  for (int j = 0; j < table.NumLists(); ++j) {
    if (pattern & (1u << j)) {
      if (!name.empty()) name += '+';
      name += table.list_names[static_cast<std::size_t>(j)];
    }
  }
  return name.empty() ? "(none)" : name;
}

}  // namespace giai::estimate
