// giai backup and giai restore: a consistent copy of a data directory taken while the server
// runs, and its restoration, checked by fsck. Keys are deliberately not in the backup: they are
// kept and moved separately (docs/OPERATIONS.md), so a stolen backup opens nothing.
#include <sys/stat.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"
#include "service/evidence_checks.h"
#include "store/sqlite/sqlite_backup.h"

namespace giai::cli {

namespace {

namespace fs = std::filesystem;

Status CopyTree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Status(Code::kUnavailable, "cannot create " + to.string() + ": " + ec.message());
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::none, ec);
    if (ec) return Status(Code::kUnavailable, "cannot copy " + entry.path().string());
  }
  if (ec) return Status(Code::kUnavailable, "cannot list " + from.string() + ": " + ec.message());
  return Status::Ok();
}

int RunBackup(const std::string& data, const std::string& out) {
  ::umask(077);
  if (!fs::exists(Runtime::DatabasePath(data))) return Fail(NotFound("no giai data in " + data));
  if (fs::exists(out)) return Fail(Conflict(out + " exists; choose a new directory"));
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Fail(Status(Code::kUnavailable, "cannot create " + out));
  // The database first: blobs are write-once, so every blob the snapshot refers to exists by
  // then and is copied next (blobs uploaded meanwhile are copied too, unreferenced, harmless).
  Status st = store::sqlite::BackupDatabase(Runtime::DatabasePath(data).string(),
                                            (fs::path(out) / "giai.db").string());
  if (st.ok()) {
    st = CopyTree(Runtime::VaultPath(data) / "objects", fs::path(out) / "vault" / "objects");
  }
  if (!st.ok()) return Fail(st);
  std::cout << "backup written to " << out << "\nKeys are NOT in it: keep a copy of "
            << (fs::path(data) / "keys") << " apart from the backup (restore needs --keys).\n";
  return 0;
}

int RunRestore(const std::string& from, const std::string& data, const std::string& keys) {
  ::umask(077);
  if (fs::exists(data)) return Fail(Conflict(data + " exists; restore into a new directory"));
  if (!fs::exists(fs::path(from) / "giai.db")) return Fail(NotFound("no backup in " + from));
  std::error_code ec;
  fs::create_directories(fs::path(data) / "keys", ec);
  if (ec) return Fail(Status(Code::kUnavailable, "cannot create " + data));
  ::chmod(data.c_str(), 0700);
  for (const char* key : {"master.key", "ledger.key"}) {
    fs::copy_file(fs::path(keys) / key, fs::path(data) / "keys" / key, ec);
    if (ec) return Fail(NotFound(std::string("cannot copy ") + key + " from " + keys));
    fs::permissions(fs::path(data) / "keys" / key, fs::perms::owner_read | fs::perms::owner_write);
  }
  fs::copy_file(fs::path(from) / "giai.db", Runtime::DatabasePath(data), ec);
  if (ec) return Fail(Status(Code::kUnavailable, "cannot copy the database"));
  Status st = CopyTree(fs::path(from) / "vault" / "objects", Runtime::VaultPath(data) / "objects");
  if (!st.ok()) return Fail(st);
  auto rt = Runtime::Open(data);
  if (!rt.ok()) return Fail(rt.status());
  auto report = service::Fsck(*(*rt)->evidence);
  if (!report.ok()) return Fail(report.status());
  for (const std::string& p : report->problems) std::cout << "PROBLEM " << p << "\n";
  if (!report->problems.empty()) return ExitCodeFor(Integrity("the restored data does not verify"));
  std::cout << "restored into " << data << "; fsck: " << report->items_checked << " originals and "
            << report->ledger_leaves << " ledger leaves verified\n";
  return 0;
}

}  // namespace

void RegisterBackupCommands(CLI::App& app, CommandContext& ctx) {
  auto data = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Copy the database (online, consistent) and evidence blobs; keys excluded");
  backup->add_option("--data", *data, "Data directory (the server may be running)")->required();
  backup->add_option("--out", *out, "New directory for the backup")->required();
  backup->callback([data, out, &ctx] { ctx.exit_code = RunBackup(*data, *out); });

  auto from = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>();
  auto keys = std::make_shared<std::string>();
  CLI::App* restore =
      app.add_subcommand("restore", "Restore a backup into a new data directory, then fsck it");
  restore->add_option("--from", *from, "Backup directory made by `giai backup`")->required();
  restore->add_option("--data", *target, "New data directory")->required();
  restore->add_option("--keys", *keys, "Directory holding master.key and ledger.key")->required();
  restore->callback(
      [from, target, keys, &ctx] { ctx.exit_code = RunRestore(*from, *target, *keys); });
}

}  // namespace giai::cli
