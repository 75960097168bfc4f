// giai migrate --from sqlite:DIR --to postgresql://...: copies a deployment's SQLite database
// into an empty PostgreSQL database, table by table (ciphertexts and wrapped keys as bytes), then
// verifies every table's row count. The data directory keeps the keys (and blobs): afterwards
// serve with `giai serve --data DIR --database URL`.
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"
#include "ledger/log.h"
#include "store/ledger_leaf_store.h"
#include "store/postgres/import.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/export.h"
#include "store/sqlite/sqlite_store.h"

namespace giai::cli {

namespace {

// The transparency log of `store`: its size, root and latest checkpoint note.
struct LedgerState {
  std::uint64_t size = 0;
  ledger::Hash root{};
  std::string checkpoint;
};

Result<LedgerState> ReadLedger(store::Store& store, bool verify) {
  store::StoreLeafStore leaves(store);
  GIAI_ASSIGN_OR_RETURN(auto log, ledger::MerkleLog::Create(&leaves));
  if (verify) GIAI_RETURN_IF_ERROR(log->VerifyStoreIntegrity());
  LedgerState state{log->size(), log->Root(), ""};
  GIAI_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
    Result<store::CheckpointRow> latest = tx.LatestCheckpoint();
    if (latest.ok()) state.checkpoint = latest->note;
    return latest.ok() || latest.status().code() == Code::kNotFound ? Status::Ok()
                                                                    : latest.status();
  }));
  return state;
}

struct MigrateOptions {
  std::string from;
  std::string to;
};

Status Migrate(const MigrateOptions& o) {
  const std::string prefix = "sqlite:";
  if (o.from.rfind(prefix, 0) != 0) return InvalidInput("--from must be sqlite:DIR", "from");
  if (!store::postgres::IsPostgresUrl(o.to)) {
    return InvalidInput("--to must be a postgresql:// URL", "to");
  }
  std::filesystem::path dir = o.from.substr(prefix.size());
  if (!std::filesystem::exists(Runtime::DatabasePath(dir))) {
    return NotFound("no giai SQLite database in " + dir.string());
  }
  GIAI_ASSIGN_OR_RETURN(std::vector<store::TableCopy> tables,
                        store::sqlite::ExportTables(Runtime::DatabasePath(dir).string()));
  GIAI_RETURN_IF_ERROR(store::postgres::ImportTables(o.to, tables));
  std::vector<std::string> names;
  for (const auto& table : tables) names.push_back(table.name);
  GIAI_ASSIGN_OR_RETURN(auto counts, store::postgres::CountRows(o.to, names));
  std::cout << "Copied " << dir.string() << " to PostgreSQL:\n";
  for (const auto& table : tables) {
    std::int64_t expected = static_cast<std::int64_t>(table.rows.size());
    std::cout << "  " << table.name << ": " << counts[table.name] << " rows\n";
    if (counts[table.name] != expected) {
      return Integrity("table " + table.name + ": " + std::to_string(expected) +
                       " rows in SQLite, " + std::to_string(counts[table.name]) + " in PostgreSQL");
    }
  }
  // The copy must be usable with the directory's keys: open it as `giai serve` would.
  GIAI_ASSIGN_OR_RETURN(auto copy, Runtime::Open(dir, o.to));
  // The ledger: same size, same root, same latest checkpoint, and every stored inner node of
  // the copy re-derives from its leaves.
  GIAI_ASSIGN_OR_RETURN(auto source,
                        store::sqlite::SqliteStore::Create(Runtime::DatabasePath(dir).string(), 1));
  GIAI_ASSIGN_OR_RETURN(LedgerState before, ReadLedger(*source, /*verify=*/false));
  GIAI_ASSIGN_OR_RETURN(LedgerState after, ReadLedger(*copy->store, /*verify=*/true));
  if (before.size != after.size || before.root != after.root ||
      before.checkpoint != after.checkpoint) {
    return Integrity("the copied ledger differs from the source ledger");
  }
  std::cout << "Verified: every table's row count matches; the ledger (" << after.size
            << " leaves) has the same root and latest checkpoint.\n"
            << "Serve it with: giai serve --data " << dir.string() << " --database <URL>\n"
            << "(the data directory still holds the keys; back it up with the database).\n";
  return Status::Ok();
}

}  // namespace

void RegisterMigrateCommand(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<MigrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "migrate", "Copy a SQLite deployment into an empty PostgreSQL database and verify it");
  cmd->add_option("--from", o->from, "sqlite:DIR (a data directory made by `giai init`)")
      ->required();
  cmd->add_option("--to", o->to, "postgresql://... URL of an empty database")->required();
  cmd->callback([o, &ctx] {
    Status st = Migrate(*o);
    ctx.exit_code = st.ok() ? 0 : Fail(st);
  });
}

}  // namespace giai::cli
