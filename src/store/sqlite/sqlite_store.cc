#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/sqlite/internal/statement.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_tx.h"

namespace giai::store::sqlite {
namespace {

using internal::FromSqlite;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Status Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  return FromSqlite(rc, db, "exec");
}

Result<Db> OpenConnection(const std::string& path, bool writer, bool durable = true) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return FromSqlite(rc, raw, "open " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  // WAL: readers never block the writer. synchronous=FULL: a COMMIT is on stable storage before
  // the client hears "201 Created". secure_delete: freed pages (shredded keys) are zeroed.
  GIAI_RETURN_IF_ERROR(Exec(raw, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"));
  if (writer) {
    GIAI_RETURN_IF_ERROR(Exec(raw, durable
                                       ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                       : "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;"));
  }
  return db;
}

Result<int> UserVersion(sqlite3* db) {
  internal::Statement s(db, "PRAGMA user_version");
  GIAI_RETURN_IF_ERROR(s.prepared());
  if (!s.Step()) return s.status().ok() ? Internal("no user_version") : s.status();
  return static_cast<int>(s.Int(0));
}

Status Migrate(sqlite3* db) {
  GIAI_ASSIGN_OR_RETURN(int current, UserVersion(db));
  const auto& migrations = Migrations();
  if (current > static_cast<int>(migrations.size())) {
    return Unavailable("the database was written by a newer giai (schema " +
                       std::to_string(current) + ")");
  }
  for (std::size_t i = static_cast<std::size_t>(current); i < migrations.size(); ++i) {
    GIAI_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    Status st = Exec(db, std::string(migrations[i]));
    if (st.ok()) st = Exec(db, "PRAGMA user_version = " + std::to_string(i + 1));
    if (!st.ok()) {
      (void)Exec(db, "ROLLBACK");
      return st;
    }
    GIAI_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  }
  return Status::Ok();
}

// A connection and its prepared statements (destroyed first: they belong to the connection).
struct Connection {
  explicit Connection(Db handle) : db(std::move(handle)), statements(db.get()) {}
  Db db;
  internal::StatementCache statements;
  // Readers only (see DataVersion): `PRAGMA data_version`, prepared once and held here rather
  // than in the cache (every request runs it), and the last value it gave.
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalize> data_version_statement;
  std::optional<std::int64_t> seen_data_version;

  std::optional<std::int64_t> AskDataVersion() {
    if (!data_version_statement) {
      sqlite3_stmt* s = nullptr;
      if (sqlite3_prepare_v3(db.get(), "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &s,
                             nullptr) != SQLITE_OK) {
        sqlite3_finalize(s);
        return std::nullopt;
      }
      data_version_statement.reset(s);
    }
    sqlite3_stmt* s = data_version_statement.get();
    std::optional<std::int64_t> out;
    if (sqlite3_step(s) == SQLITE_ROW) out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return out;
  }
};

class SqliteStoreImpl : public Store {
 public:
  SqliteStoreImpl(std::string path, Db writer, int max_readers)
      : path_(std::move(path)),
        writer_(std::make_unique<Connection>(std::move(writer))),
        max_readers_(max_readers) {}

  Status Write(const std::function<Status(Tx&)>& work) override {
    std::lock_guard lock(writer_mutex_);
    Status st = RunInTransaction(*writer_, "BEGIN IMMEDIATE", work);
    // Moved after the commit (or the rollback, harmlessly): see DataVersion.
    data_version_.fetch_add(1);
    return st;
  }

  Status Read(const std::function<Status(Tx&)>& work) override {
    GIAI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
    Status st = RunInTransaction(*reader, "BEGIN", work);
    ReleaseReader(std::move(reader));
    return st;
  }

  Result<int> SchemaVersion() override {
    std::lock_guard lock(writer_mutex_);
    return UserVersion(writer_->db.get());
  }

  // SQLite's `PRAGMA data_version` changes, on one connection, whenever another connection (of
  // this process or another one, such as the CLI) has committed since that connection last
  // asked. Readers never write, so every commit is another connection's to them. Each reader
  // remembers its last answer, and any change moves the process-wide counter. Invariant: every
  // commit that completed before a reader last asked has moved the counter, so a counter read
  // after asking (below) covers every commit before that moment; a commit that lands after it
  // moves the counter later, so nothing computed before it can be reused after it.
  std::optional<std::uint64_t> DataVersion() override {
    Result<std::unique_ptr<Connection>> reader = AcquireReader();
    if (!reader.ok()) return std::nullopt;
    const std::optional<std::int64_t> now = (*reader)->AskDataVersion();
    if (!now) {
      ReleaseReader(std::move(reader).value());
      return std::nullopt;  // cannot tell: reuse nothing
    }
    if ((*reader)->seen_data_version != now) {
      (*reader)->seen_data_version = now;
      data_version_.fetch_add(1);
    }
    const std::uint64_t version = data_version_.load();
    ReleaseReader(std::move(reader).value());
    return version;
  }

 private:
  static Status RunInTransaction(Connection& connection, const char* begin,
                                 const std::function<Status(Tx&)>& work) {
    sqlite3* db = connection.db.get();
    // BEGIN and COMMIT run as cached statements too: they are two of every request's queries.
    auto run = [&](const char* sql) {
      return internal::Statement(connection.statements, sql).Run();
    };
    GIAI_RETURN_IF_ERROR(run(begin));
    SqliteTx tx(connection.statements);
    Status st = work(tx);
    if (!st.ok()) {
      (void)Exec(db, "ROLLBACK");
      return st;
    }
    st = run("COMMIT");
    if (!st.ok()) (void)Exec(db, "ROLLBACK");
    return st;
  }

  Result<std::unique_ptr<Connection>> AcquireReader() {
    {
      std::lock_guard lock(readers_mutex_);
      if (!idle_readers_.empty()) {
        std::unique_ptr<Connection> c = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return c;
      }
    }
    GIAI_ASSIGN_OR_RETURN(Db db, OpenConnection(path_, /*writer=*/false));
    return std::make_unique<Connection>(std::move(db));
  }

  void ReleaseReader(std::unique_ptr<Connection> c) {
    std::lock_guard lock(readers_mutex_);
    if (static_cast<int>(idle_readers_.size()) < max_readers_) {
      idle_readers_.push_back(std::move(c));
    }
  }

  std::string path_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  int max_readers_;
  std::atomic<std::uint64_t> data_version_{0};
};

}  // namespace

Result<std::unique_ptr<Store>> SqliteStore::Create(const std::string& path, int max_readers,
                                                   bool durable) {
  GIAI_ASSIGN_OR_RETURN(Db writer, OpenConnection(path, /*writer=*/true, durable));
  GIAI_RETURN_IF_ERROR(Migrate(writer.get()));
  return std::unique_ptr<Store>(new SqliteStoreImpl(path, std::move(writer), max_readers));
}

}  // namespace giai::store::sqlite
