// Import into an empty PostgreSQL giai database, for `giai migrate` (see store/table_copy.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/table_copy.h"

namespace giai::store::postgres {

// Copies `tables` in order, in one transaction, after applying the migrations. kConflict if the
// database already holds organisations; kInvalidInput if a table or column has no counterpart.
Status ImportTables(const std::string& url, const std::vector<TableCopy>& tables);

// Row count of each named table (verification after an import).
Result<std::map<std::string, std::int64_t>> CountRows(const std::string& url,
                                                      const std::vector<std::string>& tables);

}  // namespace giai::store::postgres
