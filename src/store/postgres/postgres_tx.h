// PostgresTx: the Tx interface over one libpqxx transaction. Private to store/postgres/.
//
// Every statement is prepared once per connection (Connection::prepared maps SQL text to the
// statement's name) and every value is a parameter. Inserts use ON CONFLICT DO NOTHING and report
// kConflict when no row was written, as SQLite's constraint errors do, without aborting the
// PostgreSQL transaction (a later statement of the same use case still runs). Serialisation
// failures and deadlocks set `outcome.retry` so the store reruns the whole unit of work.
#pragma once

#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "store/store.h"

namespace giai::store::postgres {

namespace internal {

// A text parameter that is SQL NULL when empty (as BindNullIfEmpty in SQLite).
inline const char* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

// An integer parameter that may be NULL; lives until the end of the full expression.
struct OptionalInt {
  explicit OptionalInt(std::optional<std::int64_t> v)
      : text(v ? std::to_string(*v) : std::string()), null(!v) {}
  const char* get() const { return null ? nullptr : text.c_str(); }
  std::string text;
  bool null;
};

inline std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }
inline std::int64_t Int(const pqxx::field& f) { return f.is_null() ? 0 : f.as<std::int64_t>(); }
inline std::optional<std::int64_t> MaybeInt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::int64_t>();
}
inline std::string Bytes(const pqxx::field& f) {
  return f.is_null() ? std::string() : pqxx::binarystring(f).str();
}

}  // namespace internal

// One pooled connection and the statements prepared on it.
struct Connection {
  explicit Connection(const std::string& url) : c(url) {}
  pqxx::connection c;
  std::map<std::string, std::string, std::less<>> prepared;  // SQL -> statement name
};

// What happened to the transaction besides the returned Statuses.
struct TxOutcome {
  bool retry = false;     // serialisation failure or deadlock: rerun the work
  bool broken = false;    // the connection is lost: do not return it to the pool
  bool in_doubt = false;  // lost during COMMIT: the work may or may not have been committed
};

class PostgresTx : public Tx {
 public:
  PostgresTx(pqxx::transaction_base& tx, Connection& connection, TxOutcome& outcome)
      : tx_(tx), connection_(connection), outcome_(outcome) {}

  Status InsertOrganisation(const OrganisationRow& org) override;
  Status SetOrganisationKey(const std::string& id, const std::string& wrapped_key) override;
  Result<OrganisationRow> GetOrganisation(const std::string& id) override;
  Result<std::vector<OrganisationRow>> ListOrganisations() override;
  Status InsertUser(const UserRow& user) override;
  Result<UserRow> GetUser(const std::string& id) override;
  Result<UserRow> GetUserByEmail(const std::string& email) override;
  Result<std::vector<UserRow>> ListUsers(const std::string& org_id) override;
  Status InsertCompartment(const CompartmentRow& compartment) override;
  Result<std::vector<CompartmentRow>> ListCompartments(const std::string& org_id) override;
  Status InsertSession(const SessionRow& session) override;
  Result<SessionRow> GetSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status InsertApiToken(const ApiTokenRow& token) override;
  Result<ApiTokenRow> GetApiToken(const std::string& token_hash) override;
  Result<CredentialHolder> GetCredentialHolder(CredentialKind kind,
                                               const std::string& token_hash) override;
  Status InsertRecord(const RecordRow& row) override;
  Result<RecordRow> GetRecord(const std::string& id) override;
  Status UpdateRecord(const RecordRow& row, std::int64_t expected_version) override;
  Result<std::vector<RecordRow>> ListRecords(const RecordQuery& query) override;
  Result<std::vector<RecordRow>> LatestChildren(
      const std::string& org_id, const std::vector<std::string>& kinds,
      const std::vector<std::string>& parent_ids) override;
  Status PutSealed(const SealedRow& row) override;
  Result<SealedRow> GetSealed(const std::string& object_id, const std::string& field) override;
  Status ShredSealed(const std::string& object_id, const std::string& field) override;
  Status AppendAudit(const AuditRow& event) override;
  Result<std::vector<AuditRow>> ListAudit(const std::string& org_id, const std::string& after_id,
                                          int limit) override;
  Result<IdempotencyRow> GetIdempotency(const std::string& user_id,
                                        const std::string& key) override;
  Status PutIdempotency(const IdempotencyRow& row) override;
  // Ledger and custody (postgres_tx_ledger.cc).
  Result<std::uint64_t> LedgerSize() override;
  Status LedgerAppend(std::uint64_t expected_size, const std::vector<LedgerLeafRow>& leaves,
                      const std::vector<LedgerNodeRow>& nodes) override;
  Result<std::string> LedgerNode(std::uint32_t level, std::uint64_t index) override;
  Result<std::vector<LedgerLeafRow>> LedgerLeaves(std::uint64_t from, int limit) override;
  Status PutCheckpoint(const CheckpointRow& row,
                       std::optional<std::uint64_t> previous_size) override;
  Result<CheckpointRow> LatestCheckpoint() override;
  Result<std::vector<CheckpointRow>> ListCheckpoints(std::uint64_t after_size, int limit) override;
  Status AppendCustody(const CustodyRow& event) override;
  Result<std::vector<CustodyRow>> ListCustody(const std::string& item_id) override;

 private:
  // Runs `sql` (prepared on first use) with `args`; libpqxx exceptions become Statuses.
  template <typename... Args>
  Result<pqxx::result> Exec(const std::string& sql, Args&&... args);
  Status Failed(const std::exception& e, const std::string& sql);
  const std::string& StatementName(const std::string& sql);

  Result<UserRow> LoadUser(const char* where_column, const std::string& value);
  Status WriteTerms(const RecordRow& row);
  Status RefreshChildTerms(const std::string& parent_id);
  Status AddChildTerms(const RecordRow& child);
  Result<std::vector<std::string>> LoadTerms(const std::string& record_id);

  pqxx::transaction_base& tx_;
  Connection& connection_;
  TxOutcome& outcome_;
};

template <typename... Args>
Result<pqxx::result> PostgresTx::Exec(const std::string& sql, Args&&... args) {
  try {
    return tx_.exec_prepared(StatementName(sql), std::forward<Args>(args)...);
  } catch (const std::exception& e) {
    return Failed(e, sql);
  }
}

// Maps a libpqxx exception to a Status (and notes retryable or broken in `outcome`).
Status FromPqxx(const std::exception& e, const std::string& what, TxOutcome& outcome);

}  // namespace giai::store::postgres
