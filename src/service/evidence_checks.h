// Evidence integrity checks, for the operator command `giai fsck`.
//
// Fsck re-hashes every stored original (decrypting it), compares it with its recorded SHA-256
// and with the digest committed in its ledger leaf, lists blobs nothing refers to, and audits
// the whole ledger (Ledger::Audit), and re-hashes every sealed audit batch (AuditSealer::Verify).
// Each problem names the item, leaf or batch; blobs nothing refers to are listed separately.
//
// Export bundles: service/evidence_bundle.h.
// Thread safety: as EvidenceService.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "service/evidence_service.h"

namespace giai::service {

struct FsckReport {
  std::uint64_t items_checked = 0;
  std::uint64_t bytes_checked = 0;
  std::uint64_t ledger_leaves = 0;
  std::map<std::string, std::uint64_t> leaves_by_kind;  // see ledger/leaf.h for the kinds
  std::uint64_t checkpoints = 0;
  std::uint64_t audit_batches = 0;  // sealed audit batches re-hashed (service/audit_seal.h)
  std::uint64_t audit_events = 0;
  std::vector<std::string> problems;  // empty: everything verified
  // Blobs no item refers to: uploads a crash interrupted after the file was durable but before
  // the database acknowledged it. Never acknowledged to anyone, so not a failure.
  std::vector<std::string> unreferenced_blobs;
};
Result<FsckReport> Fsck(EvidenceService& evidence);

}  // namespace giai::service
