// Store: the one persistence interface of giai. Callers (use cases in service/) never see SQL;
// back ends (store/sqlite/, store/postgres/) implement it and pass the same conformance
// tests.
//
// All work happens inside a transaction. `Write` runs a function in a serialised read-write
// transaction and commits only if it returns OK: a use case's record, its protected fields and
// its audit event land together or not at all. `Read` runs a function in a read-only snapshot
// and may run concurrently with other reads and with the writer.
//
// `Write` may run `work` more than once: the PostgreSQL back end reruns it in a fresh transaction
// after a serialisation failure or deadlock. `work` must therefore have no effect outside the Tx
// except on its own outputs, which a rerun overwrites.
//
// Thread safety: a Store is shared by all request threads. A Tx is valid only inside the
// function it was passed to.
//
// Example:
//   GIAI_RETURN_IF_ERROR(store.Write([&](Tx& tx) -> Status {
//     GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
//     return tx.AppendAudit(event);
//   }));
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/rows.h"

namespace giai::store {

class Tx {
 public:
  virtual ~Tx() = default;

  // Organisations, users, compartments.
  virtual Status InsertOrganisation(const OrganisationRow& org) = 0;
  // Replaces the wrapped organisation key (master key rotation).
  virtual Status SetOrganisationKey(const std::string& id, const std::string& wrapped_key) = 0;
  virtual Result<OrganisationRow> GetOrganisation(const std::string& id) = 0;
  virtual Result<std::vector<OrganisationRow>> ListOrganisations() = 0;
  virtual Status InsertUser(const UserRow& user) = 0;  // kConflict if the e-mail exists
  virtual Result<UserRow> GetUser(const std::string& id) = 0;
  virtual Result<UserRow> GetUserByEmail(const std::string& email) = 0;
  virtual Result<std::vector<UserRow>> ListUsers(const std::string& org_id) = 0;
  virtual Status InsertCompartment(const CompartmentRow& compartment) = 0;
  virtual Result<std::vector<CompartmentRow>> ListCompartments(const std::string& org_id) = 0;

  // Sessions and API tokens, looked up by the hash of the secret.
  virtual Status InsertSession(const SessionRow& session) = 0;
  virtual Result<SessionRow> GetSession(const std::string& token_hash) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status InsertApiToken(const ApiTokenRow& token) = 0;
  virtual Result<ApiTokenRow> GetApiToken(const std::string& token_hash) = 0;
  // The user (with compartments) holding the API token or session whose hash is `token_hash`,
  // in one query: every authenticated request asks it. kNotFound if there is none.
  virtual Result<CredentialHolder> GetCredentialHolder(CredentialKind kind,
                                                       const std::string& token_hash) = 0;

  // Documentation records.
  virtual Status InsertRecord(const RecordRow& row) = 0;  // kConflict if the id exists
  virtual Result<RecordRow> GetRecord(const std::string& id) = 0;
  // Replaces the record if its stored version is `expected_version` (kPreconditionFailed if not);
  // `row.version` must be expected_version + 1.
  virtual Status UpdateRecord(const RecordRow& row, std::int64_t expected_version) = 0;
  virtual Result<std::vector<RecordRow>> ListRecords(const RecordQuery& query) = 0;
  // For each of `parent_ids` and each of `kinds`, the latest (highest id) child record of that
  // kind in `org_id` outside any compartment, i.e. the last row ListRecords would list for that
  // parent and kind: the current consent and restriction of every person a linkage job reads,
  // in one query instead of two per person. Parents without a child of a kind have no row for
  // it. Rows come in no particular order and without `terms`.
  virtual Result<std::vector<RecordRow>> LatestChildren(
      const std::string& org_id, const std::vector<std::string>& kinds,
      const std::vector<std::string>& parent_ids) = 0;

  // Protected fields (ciphertext only).
  virtual Status PutSealed(const SealedRow& row) = 0;  // insert or replace (object, field)
  virtual Result<SealedRow> GetSealed(const std::string& object_id, const std::string& field) = 0;
  // Crypto-shredding: forgets the data key and the ciphertext of (object, field); later reads
  // find an erased field (kNotFound from GetSealed would make it look never set, so the row is
  // kept with empty key and ciphertext). Storage overwrites the freed bytes (secure_delete).
  virtual Status ShredSealed(const std::string& object_id, const std::string& field) = 0;

  // Audit trail: append-only.
  virtual Status AppendAudit(const AuditRow& event) = 0;
  virtual Result<std::vector<AuditRow>> ListAudit(const std::string& org_id,
                                                  const std::string& after_id, int limit) = 0;

  // Transparency log (ledger/, docs/LEDGER.md): leaves and subtree nodes are immutable.
  virtual Result<std::uint64_t> LedgerSize() = 0;
  // Appends `leaves` (indexes expected_size, expected_size + 1, ...) with the inner nodes they
  // complete. Compare-and-swap: kConflict, changing nothing, unless the log has expected_size
  // leaves.
  virtual Status LedgerAppend(std::uint64_t expected_size, const std::vector<LedgerLeafRow>& leaves,
                              const std::vector<LedgerNodeRow>& nodes) = 0;
  // The 32-byte hash of node (level, index); level 0 is a leaf hash. kNotFound if absent.
  virtual Result<std::string> LedgerNode(std::uint32_t level, std::uint64_t index) = 0;
  virtual Result<std::vector<LedgerLeafRow>> LedgerLeaves(std::uint64_t from, int limit) = 0;
  // Stores `row` as the latest checkpoint if the latest stored one has `previous_size` leaves
  // (nullopt: there is none yet) and row.size is larger; kConflict otherwise, so two writers can
  // never fork the sequence of checkpoints.
  virtual Status PutCheckpoint(const CheckpointRow& row,
                               std::optional<std::uint64_t> previous_size) = 0;
  virtual Result<CheckpointRow> LatestCheckpoint() = 0;  // kNotFound if none yet
  // Checkpoints with size > after_size, by increasing size.
  virtual Result<std::vector<CheckpointRow>> ListCheckpoints(std::uint64_t after_size,
                                                             int limit) = 0;

  // Chain of custody of evidence items: append-only, in order of occurrence.
  virtual Status AppendCustody(const CustodyRow& event) = 0;
  virtual Result<std::vector<CustodyRow>> ListCustody(const std::string& item_id) = 0;

  // Idempotency of retried POSTs.
  virtual Result<IdempotencyRow> GetIdempotency(const std::string& user_id,
                                                const std::string& key) = 0;
  virtual Status PutIdempotency(const IdempotencyRow& row) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Status Write(const std::function<Status(Tx&)>& work) = 0;
  virtual Status Read(const std::function<Status(Tx&)>& work) = 0;
  // The applied schema version (number of the last migration).
  virtual Result<int> SchemaVersion() = 0;
  // A number that moves whenever committed data may have changed since it was last read: a
  // commit through this store, or through any other connection or process writing the same
  // database. Two equal values mean no commit happened in between, so an answer computed from
  // the data at the first may be reused at the second (http/read_cache.h). nullopt when the back
  // end cannot tell more cheaply than by reading the data itself (then nothing is reused).
  virtual std::optional<std::uint64_t> DataVersion() { return std::nullopt; }
};

}  // namespace giai::store
