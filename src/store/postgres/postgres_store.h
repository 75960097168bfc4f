// The PostgreSQL back end of Store, for deployments that outgrow one machine (many concurrent
// users, replication, standard backups). Selected with `--database postgresql://...`.
//
// Concurrency: writers are serialised by a session-level advisory lock taken before each write
// transaction begins (every write appends to the one transparency log, so concurrent writers
// would only collide on its tail and fail after retries); `Write` then runs its work in a
// SERIALIZABLE transaction, as a second line of defence; a serialisation failure or
// a deadlock (SQLSTATE class 40) reruns the whole work in a fresh transaction, at most
// kMaxWriteAttempts times with jittered backoff, then reports kUnavailable. Work functions must
// therefore have no effect outside the Tx except on their own captured outputs (which a rerun
// overwrites). Version checks (UpdateRecord) still report kPreconditionFailed: a rerun sees the
// competing commit. `Read` runs in a READ ONLY REPEATABLE READ snapshot and never waits for
// writers. Connections come from a bounded pool (callers wait when all are busy); each keeps its
// prepared statements. A lost connection (server restart, failover, terminated session) closes
// every idle connection and reruns the work once on a fresh one, unless it was lost during
// COMMIT, whose outcome is unknown (kUnavailable; counted in giai_db_reconnects_total). Migrations
// (schema.cc) run at open, under an advisory lock, so several giai processes may start against one
// database at once.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
//                         PostgresStore::Create("postgresql://giai@db.internal/giai"));
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace giai::store::postgres {

inline constexpr int kMaxWriteAttempts = 12;

class PostgresStore : public Store {
 public:
  // Connects, applies pending migrations. kUnavailable if the server cannot be reached.
  static Result<std::unique_ptr<Store>> Create(const std::string& url, int pool_size = 16);
};

// True for "postgresql://..." and "postgres://..." (libpq connection URIs).
bool IsPostgresUrl(const std::string& url);

// Test and tool support: creates database `name` ([a-z0-9_] only) on the server of `server_url`
// and returns the URL of the new database; DropDatabase removes it (connections are closed).
Result<std::string> CreateDatabase(const std::string& server_url, const std::string& name);
Status DropDatabase(const std::string& server_url, const std::string& name);

}  // namespace giai::store::postgres
