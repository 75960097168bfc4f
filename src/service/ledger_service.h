// Ledger: giai's transparency log as the rest of the system uses it (DESIGN.md §5,
// docs/LEDGER.md). It appends commitments (ledger/leaf.h: hashes, event codes, pseudonymous ids,
// never personal data) inside the caller's write transaction and signs the new checkpoint in
// that same transaction, through ledger::SignNextCheckpoint (which refuses to sign a tree that is
// inconsistent with the last checkpoint) and Tx::PutCheckpoint (compare-and-swap): a checkpoint
// therefore never covers data that is not committed, and two writers can never fork the log.
//
// The log key (Ed25519, C2SP note signer) lives in DIR/keys/ledger.key (0600); its name is the
// log's origin. Verifiers need only the public key (VerifierKey()).
// Thread safety: thread safe (the signer is immutable; appends run inside Store::Write).
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(std::uint64_t index,
//                         ledger.Commit(tx, ledger::CommitmentKind::kEvidenceIngested, item_id,
//                                       sha256_hex));
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/checkpoint.h"
#include "ledger/leaf.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tlog_proof.h"
#include "store/store.h"

namespace giai::service {

class Ledger {
 public:
  // Writes a new log key named `origin` to `path` (0600); kConflict if the file exists.
  static Status CreateKeyFile(const std::filesystem::path& path, const std::string& origin);
  static Result<std::unique_ptr<Ledger>> Open(const std::filesystem::path& key_path);

  const std::string& origin() const { return signer_.verifier().name; }
  // "<origin>+<key hash>+<base64 key>": what an auditor needs to verify checkpoints.
  std::string VerifierKey() const { return signer_.verifier().ToString(); }
  const ledger::NoteVerifier& verifier() const { return signer_.verifier(); }

  // Appends one commitment (time = now) and re-signs; returns its leaf index.
  Result<std::uint64_t> Commit(store::Tx& tx, ledger::CommitmentKind kind, const std::string& id,
                               const std::string& sha256_hex);
  // Commits one version of a record (incident, act, person, consent...): the hash of its id,
  // version and stored body (which holds no protected field; sealed fields are listed there by
  // version). Proves later that this version existed at that time, unchanged.
  Result<std::uint64_t> CommitRecordVersion(store::Tx& tx, const store::RecordRow& row,
                                            ledger::CommitmentKind kind);
  // Appends several commitments as one batch and signs once; returns the first index.
  Result<std::uint64_t> Append(store::Tx& tx, const std::vector<ledger::Commitment>& commitments);

  // The latest signed checkpoint (kNotFound while the log is empty).
  Result<store::CheckpointRow> Latest(store::Tx& tx);
  Result<std::vector<ledger::Hash>> InclusionProof(store::Tx& tx, std::uint64_t index,
                                                   std::uint64_t tree_size);
  Result<std::vector<ledger::Hash>> ConsistencyProof(store::Tx& tx, std::uint64_t size1,
                                                     std::uint64_t size2);
  // A C2SP tlog-proof of leaf `index` against the latest checkpoint, for offline verification.
  Result<ledger::TlogProof> ItemProof(store::Tx& tx, std::uint64_t index);

  // The full audit of the log, for `giai fsck`: every leaf re-hashed from its bytes, every inner
  // node re-derived, the latest checkpoint verified against the tree, and every earlier
  // checkpoint proven consistent with it. kIntegrity names what differs.
  struct AuditReport {
    std::uint64_t leaves = 0;
    std::uint64_t checkpoints = 0;
    std::map<std::string, std::uint64_t> leaves_by_kind;  // "record_version" -> count
  };
  Result<AuditReport> Audit(store::Tx& tx);

 private:
  explicit Ledger(ledger::NoteSigner signer) : signer_(std::move(signer)) {}
  ledger::NoteSigner signer_;
};

}  // namespace giai::service
