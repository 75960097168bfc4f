#include "store/postgres/import.h"

#include <pqxx/pqxx>

#include "store/postgres/postgres_store.h"
#include "store/postgres/postgres_tx.h"

namespace giai::store::postgres {

namespace {
std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out = "\\x";
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}
}  // namespace

Status ImportTables(const std::string& url, const std::vector<TableCopy>& tables) {
  {
    // Applies the migrations: the target has exactly the schema the source was migrated to.
    GIAI_ASSIGN_OR_RETURN(auto store, PostgresStore::Create(url, 1));
  }
  TxOutcome outcome;
  try {
    pqxx::connection c(url);
    pqxx::transaction<pqxx::serializable> t(c);
    if (!t.exec("SELECT 1 FROM organisations LIMIT 1").empty()) {
      return Conflict("the target database already holds giai data");
    }
    for (const TableCopy& table : tables) {
      pqxx::result exists = t.exec_params(
          "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
          "AND table_name = $1",
          table.name);
      if (exists[0][0].as<int>() != 1) {
        return InvalidInput("table " + table.name + " has no PostgreSQL counterpart");
      }
      if (table.rows.empty()) continue;
      // Identifiers come from the source schema and are quoted; every value is a parameter.
      std::string sql = "INSERT INTO " + t.quote_name(table.name) + " (";
      std::string values;
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        sql += (i ? ", " : "") + t.quote_name(table.columns[i]);
        values += (i ? ", $" : "$") + std::to_string(i + 1);
      }
      sql += ") VALUES (" + values + ")";
      std::string name = "import_" + table.name;
      c.prepare(name, sql);
      std::vector<std::string> texts(table.columns.size());
      std::vector<const char*> params(table.columns.size());
      for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size() && i < params.size(); ++i) {
          const Cell& cell = row[i];
          // Text-format parameters; bytes go in PostgreSQL's hex bytea syntax, unchanged.
          texts[i] = cell.kind == Cell::Kind::kBlob ? Hex(cell.value) : cell.value;
          params[i] = cell.kind == Cell::Kind::kNull ? nullptr : texts[i].c_str();
        }
        t.exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
      }
    }
    t.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return FromPqxx(e, "import", outcome);
  }
}

Result<std::map<std::string, std::int64_t>> CountRows(const std::string& url,
                                                      const std::vector<std::string>& tables) {
  TxOutcome outcome;
  try {
    pqxx::connection c(url);
    pqxx::read_transaction t(c);
    std::map<std::string, std::int64_t> counts;
    for (const std::string& table : tables) {
      counts[table] = t.exec1("SELECT count(*) FROM " + t.quote_name(table))[0].as<std::int64_t>();
    }
    return counts;
  } catch (const std::exception& e) {
    return FromPqxx(e, "count", outcome);
  }
}

}  // namespace giai::store::postgres
