#include "service/ledger_service.h"

#include <sys/stat.h>

#include <fstream>

#include "core/clock.h"
#include "crypto/hash.h"
#include "ledger/checkpointer.h"
#include "ledger/log.h"
#include "store/ledger_leaf_store.h"

namespace giai::service {

namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(WallNow().time_since_epoch())
      .count();
}

// The last checkpoint, opened and verified with our own key (a forged row does not count).
Result<std::optional<ledger::Checkpoint>> LastSigned(store::Tx& tx,
                                                     const ledger::NoteSigner& signer) {
  Result<store::CheckpointRow> row = tx.LatestCheckpoint();
  if (!row.ok()) {
    if (row.status().code() == Code::kNotFound) return std::optional<ledger::Checkpoint>();
    return row.status();
  }
  Result<ledger::Checkpoint> cp =
      ledger::OpenCheckpoint(row->note, signer.verifier().name, signer.verifier());
  if (!cp.ok()) return Integrity("the latest stored checkpoint does not verify");
  return std::optional<ledger::Checkpoint>(*cp);
}

}  // namespace

Status Ledger::CreateKeyFile(const std::filesystem::path& path, const std::string& origin) {
  if (std::filesystem::exists(path)) return Conflict("the log key exists already");
  GIAI_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ledger::NoteSigner::Generate(origin));
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    std::filesystem::permissions(
        tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    out << signer.ToSecretString() << "\n";
    out.flush();
    if (!out) return Status(Code::kUnavailable, "cannot write the log key");
  }
  std::filesystem::rename(tmp, path);
  return Status::Ok();
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::filesystem::path& key_path) {
  struct stat st {};
  if (::stat(key_path.c_str(), &st) != 0) return NotFound("no log key at " + key_path.string());
  if ((st.st_mode & 077) != 0) {
    return Status(Code::kForbidden, "the log key must not be readable by group or others");
  }
  std::ifstream in(key_path);
  std::string line;
  std::getline(in, line);
  GIAI_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ledger::NoteSigner::Parse(line));
  return std::unique_ptr<Ledger>(new Ledger(std::move(signer)));
}

Result<std::uint64_t> Ledger::Commit(store::Tx& tx, ledger::CommitmentKind kind,
                                     const std::string& id, const std::string& sha256_hex) {
  GIAI_ASSIGN_OR_RETURN(ledger::Commitment c,
                        ledger::Commitment::Create(kind, id, sha256_hex, NowMs()));
  return Append(tx, {c});
}

Result<std::uint64_t> Ledger::CommitRecordVersion(store::Tx& tx, const store::RecordRow& row,
                                                  ledger::CommitmentKind kind) {
  const std::string canonical = row.id + "\n" + std::to_string(row.version) + "\n" + row.body;
  return Commit(tx, kind, row.id, crypto::ToHex(crypto::Sha256Of(canonical)));
}

Result<std::uint64_t> Ledger::Append(store::Tx& tx,
                                     const std::vector<ledger::Commitment>& commitments) {
  GIAI_ASSIGN_OR_RETURN(std::optional<ledger::Checkpoint> previous, LastSigned(tx, signer_));
  store::TxLeafStore leaves(tx);
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<ledger::MerkleLog> log, ledger::MerkleLog::Create(&leaves));
  std::vector<std::string> data;
  std::vector<ledger::Hash> hashes;
  for (const ledger::Commitment& c : commitments) {
    GIAI_ASSIGN_OR_RETURN(std::string leaf, ledger::EncodeLeaf(c));
    hashes.push_back(ledger::HashLeaf(leaf));
    data.push_back(std::move(leaf));
  }
  leaves.StageLeafData(std::move(data));
  GIAI_ASSIGN_OR_RETURN(std::uint64_t first, log->AppendLeafHashes(hashes));
  GIAI_ASSIGN_OR_RETURN(std::string note,
                        ledger::SignNextCheckpoint(*log, origin(), previous, signer_));
  GIAI_RETURN_IF_ERROR(
      tx.PutCheckpoint({log->size(), note, NowRfc3339()},
                       previous ? std::optional<std::uint64_t>(previous->size) : std::nullopt));
  return first;
}

Result<store::CheckpointRow> Ledger::Latest(store::Tx& tx) { return tx.LatestCheckpoint(); }

Result<std::vector<ledger::Hash>> Ledger::InclusionProof(store::Tx& tx, std::uint64_t index,
                                                         std::uint64_t tree_size) {
  store::TxLeafStore leaves(tx);
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<ledger::MerkleLog> log, ledger::MerkleLog::Create(&leaves));
  if (tree_size == 0 || tree_size > log->size() || index >= tree_size) {
    return InvalidInput("needs index < tree_size <= the log's size", "tree_size");
  }
  return log->InclusionProof(index, tree_size);
}

Result<std::vector<ledger::Hash>> Ledger::ConsistencyProof(store::Tx& tx, std::uint64_t size1,
                                                           std::uint64_t size2) {
  store::TxLeafStore leaves(tx);
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<ledger::MerkleLog> log, ledger::MerkleLog::Create(&leaves));
  if (size1 == 0 || size1 > size2 || size2 > log->size()) {
    return InvalidInput("needs 0 < first <= second <= the log's size", "first");
  }
  return log->ConsistencyProof(size1, size2);
}

Result<ledger::TlogProof> Ledger::ItemProof(store::Tx& tx, std::uint64_t index) {
  GIAI_ASSIGN_OR_RETURN(store::CheckpointRow latest, tx.LatestCheckpoint());
  GIAI_ASSIGN_OR_RETURN(std::vector<store::LedgerLeafRow> leaf, tx.LedgerLeaves(index, 1));
  if (leaf.empty() || leaf[0].index != index) return NotFound("no such ledger leaf");
  store::TxLeafStore leaves(tx);
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<ledger::MerkleLog> log, ledger::MerkleLog::Create(&leaves));
  return ledger::MakeTlogProof(*log, index, leaf[0].data, latest.note);
}

Result<Ledger::AuditReport> Ledger::Audit(store::Tx& tx) {
  AuditReport report;
  store::TxLeafStore leaves(tx);
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<ledger::MerkleLog> log, ledger::MerkleLog::Create(&leaves));
  // Leaf bytes -> leaf hashes.
  for (std::uint64_t from = 0;;) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::LedgerLeafRow> batch, tx.LedgerLeaves(from, 4096));
    if (batch.empty()) break;
    for (const store::LedgerLeafRow& row : batch) {
      Result<ledger::Hash> stored = ledger::HashFromBytes(row.hash);
      if (!stored.ok() || ledger::HashLeaf(row.data) != *stored) {
        return Integrity("ledger leaf " + std::to_string(row.index) +
                         " does not hash to its stored leaf hash");
      }
      Result<ledger::Commitment> leaf = ledger::DecodeLeaf(row.data);
      if (!leaf.ok()) {
        return Integrity("ledger leaf " + std::to_string(row.index) + " is not a valid leaf");
      }
      ++report.leaves;
      ++report.leaves_by_kind[std::string(ledger::CommitmentKindName(leaf->kind))];
    }
    from = batch.back().index + 1;
  }
  // Leaf hashes -> inner nodes -> root.
  GIAI_RETURN_IF_ERROR(log->VerifyStoreIntegrity());
  // Checkpoints: the latest must be of this tree; every earlier one consistent with it.
  GIAI_ASSIGN_OR_RETURN(std::optional<ledger::Checkpoint> latest, LastSigned(tx, signer_));
  if (!latest) {
    if (log->size() != 0) return Integrity("the log has leaves but no checkpoint");
    return report;
  }
  if (latest->size != log->size() || latest->root != log->Root()) {
    return Integrity("the latest checkpoint does not match the log (size " +
                     std::to_string(latest->size) + " vs " + std::to_string(log->size()) + ")");
  }
  for (std::uint64_t after = 0;;) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::CheckpointRow> rows, tx.ListCheckpoints(after, 1024));
    if (rows.empty()) break;
    for (const store::CheckpointRow& row : rows) {
      Result<ledger::Checkpoint> cp = ledger::OpenCheckpoint(row.note, origin(), verifier());
      if (!cp.ok() || cp->size != row.size) {
        return Integrity("checkpoint at size " + std::to_string(row.size) + " does not verify");
      }
      GIAI_ASSIGN_OR_RETURN(std::vector<ledger::Hash> proof,
                            log->ConsistencyProof(cp->size, latest->size));
      Status consistent =
          ledger::VerifyConsistency(cp->size, latest->size, proof, cp->root, latest->root);
      if (!consistent.ok()) {
        return Integrity("checkpoint at size " + std::to_string(row.size) +
                         " is not consistent with the latest");
      }
      ++report.checkpoints;
    }
    after = rows.back().size;
  }
  return report;
}

}  // namespace giai::service
