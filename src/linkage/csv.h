// Minimal RFC 4180 CSV reader and writer for victim lists and linkage outputs.
//
// Quoted fields may hold commas, doubled quotes and newlines; a header row is required; every
// row must have as many fields as the header (a ragged row is an input error with its line
// number, never silently padded). Values are kept as raw bytes (UTF-8 is checked later by the
// normaliser, which knows which columns are text).
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(CsvTable t, ReadCsvFile("list.csv"));
//   int col = t.ColumnIndex("surname");  // -1 if absent
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace giai::linkage {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  int ColumnIndex(std::string_view name) const;
};

Result<CsvTable> ParseCsv(std::string_view text);
Result<CsvTable> ReadCsvFile(const std::string& path);

// Quotes a field when it contains a comma, quote or line break.
void WriteCsvField(std::ostream& out, std::string_view value);
void WriteCsvRow(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace giai::linkage
