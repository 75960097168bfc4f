// Evidence integrity checks and export bundles, for the operator commands `giai fsck` and
// `giai export` (and the export route).
//
// Fsck re-hashes every stored original (decrypting it), compares it with its recorded SHA-256
// and with the digest committed in its ledger leaf, lists blobs nothing refers to, and audits
// the whole ledger (Ledger::Audit). Each problem names the item or leaf; blobs nothing refers
// to are listed separately.
//
// ExportBundle writes, for one recipient, a directory a prosecutor can verify offline with
// `giai verify` or standard tools (VERIFY.md inside explains how):
//   manifest.json            items (hashes, acquisition, derivation, custody chains) and the
//                            items the consent gate withheld, with reasons
//   files/<id>-<name>        the decrypted originals
//   proofs/<id>.tlog-proof   inclusion of each item's ingest commitment (C2SP tlog-proof)
//   proofs/manifest.tlog-proof  inclusion of the export's own commitment to manifest.json
//   checkpoint.txt           the signed checkpoint all proofs lead to
//   log.pub                  the log's verifier key (check it against the published one!)
// The export itself is a custody event ("exported") of each item, committed to the ledger with
// the manifest's hash, so changing any byte of the manifest breaks its proof.
// Thread safety: as EvidenceService.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "service/evidence_service.h"

namespace giai::service {

struct FsckReport {
  std::uint64_t items_checked = 0;
  std::uint64_t bytes_checked = 0;
  std::uint64_t ledger_leaves = 0;
  std::uint64_t checkpoints = 0;
  std::vector<std::string> problems;  // empty: everything verified
  // Blobs no item refers to: uploads a crash interrupted after the file was durable but before
  // the database acknowledged it. Never acknowledged to anyone, so not a failure.
  std::vector<std::string> unreferenced_blobs;
};
Result<FsckReport> Fsck(EvidenceService& evidence);

struct ExportRequest {
  std::string org_id;  // the exporting organisation
  std::string actor_id;
  std::vector<std::string> item_ids;
  std::string recipient;  // ngo_partner, national_prosecutor, icc, un_mechanism
  std::string purpose;
  std::filesystem::path out_dir;  // must not exist
};
struct ExportReport {
  std::vector<std::string> exported;
  std::vector<std::pair<std::string, std::string>> withheld;  // item id, reason
};
Result<ExportReport> ExportBundle(EvidenceService& evidence, const ExportRequest& request);

}  // namespace giai::service
