// Thin RAII wrappers over the SQLite C API, private to store/sqlite/.
// Every value reaches SQL through Bind (parameterised SQL only).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace giai::store::sqlite::internal {

// Maps a SQLite result code to a Status (busy/locked -> kUnavailable, constraint -> kConflict).
Status FromSqlite(int rc, sqlite3* db, std::string_view what);

// Prepared statements of one connection, kept for reuse: preparing costs more than running most
// of giai's queries. Used by one thread at a time, like its connection.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  sqlite3* db() const { return db_; }
  // A prepared statement for `sql`, reset; nullptr (and rc set) if preparing failed.
  sqlite3_stmt* Take(std::string_view sql, int& rc);
  void Give(std::string_view sql, sqlite3_stmt* stmt);

 private:
  sqlite3* db_;
  // Idle statements by SQL text; a text may have several (nested use on one connection). The
  // entries stay when their statements are taken, so taking and giving back allocate nothing.
  std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> idle_;
  std::size_t idle_count_ = 0;
};

class Statement {
 public:
  Statement(StatementCache& cache, std::string_view sql);
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  const Status& prepared() const { return prepared_; }
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::optional<std::int64_t> value);
  Statement& BindNullIfEmpty(int index, std::string_view text);
  // Advances; true while a row is available. Errors are kept in status().
  bool Step();
  // Runs to completion (writes).
  Status Run();
  const Status& status() const { return status_; }

  std::string Text(int column) const;
  std::int64_t Int(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  // Result shape (table export): column count, names, and a column's storage class.
  int ColumnCount() const;
  std::string ColumnName(int column) const;
  int Type(int column) const;

 private:
  sqlite3* db_;
  StatementCache* cache_ = nullptr;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  Status prepared_;
  Status status_;
};

}  // namespace giai::store::sqlite::internal
