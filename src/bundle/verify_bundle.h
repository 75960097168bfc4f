// Offline verification of an evidence export bundle (layout: service/evidence_checks.h). Needs
// nothing but the bundle directory and, ideally, the log's public key obtained separately: no
// data directory, no network. `giai verify` prints the result.
//
// Checks, item by item: the file's SHA-256 and size equal the manifest's; its tlog-proof leads
// from a ledger leaf committing to that SHA-256 and item id to the root of the bundle's
// checkpoint; and once for the bundle: the checkpoint's signature under the log key, and the
// proof that SHA-256(manifest.json) was committed to the log. A giai-bundle/2 manifest also
// lists documents (a case file's matrix as JSON and HTML…): each one's SHA-256 and size must
// equal the manifest's, which the manifest's proof anchors. Changing any byte of any file,
// document, proof, the manifest or the checkpoint fails at least one of these.
// Thread safety: thread safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace giai::bundle {

struct ItemResult {
  std::string id;
  bool verified = false;
  std::string reason;  // why not, when not verified
};

struct BundleReport {
  bool manifest_verified = false;
  std::string manifest_reason;
  bool key_from_bundle = false;  // no trusted key given: the bundle's own log.pub was used
  std::string origin;
  std::uint64_t checkpoint_size = 0;
  std::vector<ItemResult> items;
  std::vector<ItemResult> documents;  // id: the document's path
  std::vector<std::string> withheld;  // "id: reason", as listed by the exporter
  bool ok() const;
};

// `trusted_key`: the log's verifier key as published (empty: use the bundle's log.pub).
// kInvalidInput if `dir` is not a bundle at all.
Result<BundleReport> VerifyBundle(const std::filesystem::path& dir, const std::string& trusted_key);

}  // namespace giai::bundle
