// PostgresTx: the Tx interface over one libpqxx transaction. Private to store/postgres/.
//
// Every statement is prepared once per connection (Connection::prepared maps SQL text to the
// statement's name) and every value is a parameter. Inserts use ON CONFLICT DO NOTHING and report
// kConflict when no row was written, as SQLite's constraint errors do, without aborting the
// PostgreSQL transaction (a later statement of the same use case still runs). Serialisation
// failures and deadlocks set `outcome.retry` so the store reruns the whole unit of work.
#pragma once

#include <map>
#include <pqxx/pqxx>
#include <string>

#include "store/store.h"

namespace giai::store::postgres {

// One pooled connection and the statements prepared on it.
struct Connection {
  explicit Connection(const std::string& url) : c(url) {}
  pqxx::connection c;
  std::map<std::string, std::string, std::less<>> prepared;  // SQL -> statement name
};

// What happened to the transaction besides the returned Statuses.
struct TxOutcome {
  bool retry = false;   // serialisation failure or deadlock: rerun the work
  bool broken = false;  // the connection is lost: do not return it to the pool
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
  Status InsertRecord(const RecordRow& row) override;
  Result<RecordRow> GetRecord(const std::string& id) override;
  Status UpdateRecord(const RecordRow& row, std::int64_t expected_version) override;
  Result<std::vector<RecordRow>> ListRecords(const RecordQuery& query) override;
  Status PutSealed(const SealedRow& row) override;
  Result<SealedRow> GetSealed(const std::string& object_id, const std::string& field) override;
  Status ShredSealed(const std::string& object_id, const std::string& field) override;
  Status AppendAudit(const AuditRow& event) override;
  Result<std::vector<AuditRow>> ListAudit(const std::string& org_id, const std::string& after_id,
                                          int limit) override;
  Result<IdempotencyRow> GetIdempotency(const std::string& user_id,
                                        const std::string& key) override;
  Status PutIdempotency(const IdempotencyRow& row) override;

 private:
  // Runs `sql` (prepared on first use) with `args`; libpqxx exceptions become Statuses.
  template <typename... Args>
  Result<pqxx::result> Exec(const std::string& sql, Args&&... args);
  Status Failed(const std::exception& e, const std::string& sql);
  const std::string& StatementName(const std::string& sql);

  Result<UserRow> LoadUser(const char* where_column, const std::string& value);
  Status WriteTerms(const RecordRow& row);
  Status RefreshChildTerms(const std::string& parent_id);
  Result<std::vector<std::string>> LoadTerms(const std::string& record_id);

  pqxx::transaction_base& tx_;
  Connection& connection_;
  TxOutcome& outcome_;
};

// Maps a libpqxx exception to a Status (and notes retryable or broken in `outcome`).
Status FromPqxx(const std::exception& e, const std::string& what, TxOutcome& outcome);

}  // namespace giai::store::postgres
