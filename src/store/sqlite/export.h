// Export of a SQLite giai database, table by table, for `giai migrate` (see store/table_copy.h).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/table_copy.h"

namespace giai::store::sqlite {

// Every giai table of the database at `path` (migrations applied first), in creation order.
Result<std::vector<TableCopy>> ExportTables(const std::string& path);

}  // namespace giai::store::sqlite
