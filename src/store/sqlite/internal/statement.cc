#include "store/sqlite/internal/statement.h"

namespace giai::store::sqlite::internal {

Status FromSqlite(int rc, sqlite3* db, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return Status::Ok();
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Unavailable(message);
    case SQLITE_CONSTRAINT: return Conflict(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Integrity(message);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY: return Unavailable(message);
    default: return Internal(message);
  }
}

StatementCache::~StatementCache() {
  for (auto& [sql, statements] : idle_) {
    for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
  }
}

sqlite3_stmt* StatementCache::Take(std::string_view sql, int& rc) {
  rc = SQLITE_OK;
  auto it = idle_.find(sql);
  if (it != idle_.end() && !it->second.empty()) {
    sqlite3_stmt* stmt = it->second.back();
    it->second.pop_back();
    --idle_count_;
    return stmt;
  }
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                          &stmt, nullptr);
  return rc == SQLITE_OK ? stmt : nullptr;
}

void StatementCache::Give(std::string_view sql, sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  // Lists build their SQL from their filters; bound the number kept.
  auto it = idle_.find(sql);
  if (idle_count_ >= 256 || (it == idle_.end() && idle_.size() >= 256)) {
    sqlite3_finalize(stmt);
    return;
  }
  if (it == idle_.end()) it = idle_.try_emplace(std::string(sql)).first;
  it->second.push_back(stmt);
  ++idle_count_;
}

Statement::Statement(StatementCache& cache, std::string_view sql)
    : db_(cache.db()), cache_(&cache), sql_(sql) {
  int rc = SQLITE_OK;
  stmt_ = cache.Take(sql, rc);
  if (rc != SQLITE_OK) prepared_ = FromSqlite(rc, db_, "prepare");
  status_ = prepared_;
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), 0, &stmt_, nullptr);
  if (rc != SQLITE_OK) prepared_ = FromSqlite(rc, db, "prepare");
  status_ = prepared_;
}

Statement::~Statement() {
  if (cache_ && stmt_) {
    cache_->Give(sql_, stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement& Statement::Bind(int index, std::string_view text) {
  if (stmt_)
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  if (stmt_)
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  if (stmt_) sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::optional<std::int64_t> value) {
  if (!stmt_) return *this;
  if (value) {
    sqlite3_bind_int64(stmt_, index, *value);
  } else {
    sqlite3_bind_null(stmt_, index);
  }
  return *this;
}

Statement& Statement::BindNullIfEmpty(int index, std::string_view text) {
  if (!stmt_) return *this;
  if (text.empty()) {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }
  return Bind(index, text);
}

bool Statement::Step() {
  if (!stmt_ || !status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = FromSqlite(rc, db_, "step");
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  return status_;
}

std::string Statement::Text(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

int Statement::ColumnCount() const { return stmt_ ? sqlite3_column_count(stmt_) : 0; }

std::string Statement::ColumnName(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name ? name : "";
}

int Statement::Type(int column) const { return sqlite3_column_type(stmt_, column); }

}  // namespace giai::store::sqlite::internal
