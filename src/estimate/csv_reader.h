// Reads capture-history CSV files into CaptureTables. The estimate module's only input seam:
// it reads from a std::istream and never opens files itself.
//
// Accepted layouts (header row required, comma separated, optional surrounding quotes):
//   aggregated: 0/1 list columns, then a count column named count/freq/frequency/n/Freq
//               (e.g. "LA,NG,PF,GO,GP,count"); repeated patterns are summed.
//   per entity: one row per individual, 0/1 list columns only (e.g. "A,B,C,D").
// With `strata_column` set, that column (any text) splits the rows into strata and is not a list.
// Thread safe (no shared state).
//
// Example:
//   std::ifstream in("UKdat_5.csv");
//   GIAI_ASSIGN_OR_RETURN(StratifiedTables data, ReadCaptureCsv(in, {}));
#pragma once

#include <istream>
#include <string>

#include "core/status.h"
#include "estimate/capture_table.h"

namespace giai::estimate {

struct CsvOptions {
  std::string strata_column;  // empty: no strata
};

Result<StratifiedTables> ReadCaptureCsv(std::istream& in, const CsvOptions& options);

}  // namespace giai::estimate
