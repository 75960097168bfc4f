// Online backup of a giai SQLite database (SQLite's backup API): a consistent snapshot taken
// through its own read connection, while the server keeps reading and writing. The copy is
// written to a new file and fsynced; it holds ciphertext only, like the original.
#pragma once

#include <string>

#include "core/status.h"

namespace giai::store::sqlite {

// kConflict if `dest_path` exists.
Status BackupDatabase(const std::string& source_path, const std::string& dest_path);

}  // namespace giai::store::sqlite
