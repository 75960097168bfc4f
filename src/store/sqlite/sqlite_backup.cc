#include "store/sqlite/sqlite_backup.h"

#include <sqlite3.h>

#include <filesystem>

namespace giai::store::sqlite {

namespace {
struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, Closer>;

Result<Db> Open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return Status(Code::kUnavailable, "cannot open " + path + ": " + sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(db.get(), 10000);
  return db;
}
}  // namespace

Status BackupDatabase(const std::string& source_path, const std::string& dest_path) {
  if (std::filesystem::exists(dest_path)) return Conflict(dest_path + " exists");
  GIAI_ASSIGN_OR_RETURN(Db source, Open(source_path, SQLITE_OPEN_READONLY));
  GIAI_ASSIGN_OR_RETURN(Db dest, Open(dest_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", source.get(), "main");
  if (backup == nullptr) {
    return Status(Code::kUnavailable, std::string("backup failed: ") + sqlite3_errmsg(dest.get()));
  }
  // One step copies every page under one read transaction: a consistent snapshot.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return Status(Code::kUnavailable, std::string("backup failed: ") + sqlite3_errstr(rc));
  }
  rc = sqlite3_exec(dest.get(), "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;", nullptr,
                    nullptr, nullptr);
  if (rc != SQLITE_OK) return Status(Code::kUnavailable, "cannot finish the backup");
  return Status::Ok();
}

}  // namespace giai::store::sqlite
