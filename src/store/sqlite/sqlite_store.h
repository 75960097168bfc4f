// The embedded SQLite back end of Store (the default).
//
// One database file in WAL mode with synchronous=FULL (an acknowledged write survives power
// loss), foreign keys on and secure_delete on (crypto-shredded keys are overwritten, not left in
// free pages). One writer connection serialised by a mutex, plus a pool of reader connections so
// reads proceed while a write is in progress. Migrations (schema.cc) run at open.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, SqliteStore::Create(dir + "/giai.db"));
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace giai::store::sqlite {

class SqliteStore : public Store {
 public:
  // `durable = false` (bulk loading of demo or benchmark data only) turns synchronous=FULL
  // into OFF: much faster, but a crash can lose the last transactions.
  static Result<std::unique_ptr<Store>> Create(const std::string& path, int max_readers = 8,
                                               bool durable = true);
};

}  // namespace giai::store::sqlite
