#include "store/sqlite/export.h"

#include "store/sqlite/internal/statement.h"
#include "store/sqlite/sqlite_store.h"

namespace giai::store::sqlite {

namespace {
struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
}  // namespace

Result<std::vector<TableCopy>> ExportTables(const std::string& path) {
  // Opening through the store applies pending migrations, so both sides share one schema.
  { GIAI_ASSIGN_OR_RETURN(auto store, SqliteStore::Create(path, 1)); }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  if (rc != SQLITE_OK) return internal::FromSqlite(rc, raw, "open " + path);
  // One read transaction: a consistent snapshot even if a server still writes.
  internal::Statement begin(raw, "BEGIN");
  GIAI_RETURN_IF_ERROR(begin.Run());
  std::vector<TableCopy> tables;
  {
    internal::Statement s(raw,
                          "SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
    GIAI_RETURN_IF_ERROR(s.prepared());
    while (s.Step()) tables.push_back({s.Text(0), {}, {}});
    GIAI_RETURN_IF_ERROR(s.status());
  }
  for (TableCopy& table : tables) {
    // Table names come from sqlite_master, not from input; quoted as identifiers.
    internal::Statement s(raw, "SELECT * FROM \"" + table.name + "\"");
    GIAI_RETURN_IF_ERROR(s.prepared());
    int columns = s.ColumnCount();
    for (int i = 0; i < columns; ++i) table.columns.push_back(s.ColumnName(i));
    while (s.Step()) {
      std::vector<Cell> row;
      for (int i = 0; i < columns; ++i) {
        switch (s.Type(i)) {
          case SQLITE_NULL: row.push_back({Cell::Kind::kNull, ""}); break;
          case SQLITE_INTEGER:
            row.push_back({Cell::Kind::kInteger, std::to_string(s.Int(i))});
            break;
          case SQLITE_BLOB: row.push_back({Cell::Kind::kBlob, s.Text(i)}); break;
          default: row.push_back({Cell::Kind::kText, s.Text(i)}); break;
        }
      }
      table.rows.push_back(std::move(row));
    }
    GIAI_RETURN_IF_ERROR(s.status());
  }
  return tables;
}

}  // namespace giai::store::sqlite
