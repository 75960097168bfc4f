// SqliteTx: the Tx interface over one SQLite connection inside an open transaction.
// Private to store/sqlite/.
#pragma once

#include <sqlite3.h>

#include "store/sqlite/internal/statement.h"
#include "store/store.h"

namespace giai::store::sqlite {

class SqliteTx : public Tx {
 public:
  explicit SqliteTx(internal::StatementCache& statements)
      : statements_(statements), db_(statements.db()) {}

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
  // Ledger and custody (sqlite_tx_ledger.cc).
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
  Result<UserRow> LoadUser(const char* where_column, const std::string& value);
  Status WriteTerms(const RecordRow& row);
  Status RefreshChildTerms(const std::string& parent_id);
  Status AddChildTerms(const RecordRow& child);
  Result<std::vector<std::string>> LoadTerms(const std::string& record_id);
  // How many index entries carry a term (capped): decides how ListRecords plans its query.
  Result<int> CountTermEntries(const std::string& term, bool via_children);

  internal::StatementCache& statements_;
  sqlite3* db_;
};

}  // namespace giai::store::sqlite
