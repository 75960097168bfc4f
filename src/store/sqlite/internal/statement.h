// Thin RAII wrappers over the SQLite C API, private to store/sqlite/.
// Every value reaches SQL through Bind (parameterised SQL only).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace giai::store::sqlite::internal {

// Maps a SQLite result code to a Status (busy/locked -> kUnavailable, constraint -> kConflict).
Status FromSqlite(int rc, sqlite3* db, std::string_view what);

class Statement {
 public:
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

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  Status prepared_;
  Status status_;
};

}  // namespace giai::store::sqlite::internal
