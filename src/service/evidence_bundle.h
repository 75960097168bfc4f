// Evidence export bundles: what a prosecutor receives and can verify offline with `giai verify`
// or standard tools (VERIFY.md inside explains how). Layout:
//   manifest.json            items (hashes, acquisition, derivation, custody chains) and the
//                            items the consent gate withheld, with reasons
//   files/<id>-<name>        the decrypted originals
//   proofs/<id>.tlog-proof   inclusion of each item's ingest commitment (C2SP tlog-proof)
//   proofs/manifest.tlog-proof  inclusion of the export's own commitment to manifest.json
//   checkpoint.txt           the signed checkpoint all proofs lead to
//   log.pub                  the log's verifier key (check it against the published one!)
//   <name>                   documents written beside the items (a case file's matrix, as JSON
//                            and HTML), each hashed into the manifest ("documents"): the
//                            manifest is then format giai-bundle/2, which older verifiers refuse
//                            rather than pass without checking the documents
//
// PrepareBundle decides item by item (the consent gate asks about every person an item
// concerns, for the recipient class, at pseudonymous level: no identity travels in a bundle),
// records the export as an "exported" custody event of each item, commits the manifest's hash
// to the ledger and builds the proofs, all before a byte of content is read. The bundle is then
// written out by WriteBundleDirectory (`giai export`) or streamed as a tar archive by
// BundleTarStream (the export route): files are decrypted piece by piece and re-hashed, and a
// file that no longer matches its ingest hash stops the bundle (ContentReader).
// Thread safety: as EvidenceService; a Bundle and its streams belong to one caller.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(Bundle bundle, PrepareBundle(evidence, request));
//   GIAI_RETURN_IF_ERROR(WriteBundleDirectory(evidence, bundle, "/media/usb/bundle-2026-11"));
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crypto/aead.h"
#include "service/evidence_service.h"

namespace giai::service {

struct ExportReport {
  std::string export_id;
  std::vector<std::string> exported;
  std::vector<std::pair<std::string, std::string>> withheld;  // item id, reason
};

// A small text file of the bundle that is not an evidence item (a case file's matrix). `path`
// is a plain file name at the top of the bundle (no '/', not one of the bundle's own files).
struct BundleDocument {
  std::string path;
  std::string text;
};

struct ExportRequest {
  std::string org_id;  // the exporting organisation
  std::string actor_id;
  std::vector<std::string> item_ids;
  // ngo_partner, national_prosecutor, icc, un_mechanism; or other: a recipient no consent class
  // covers, who receives only items that concern no person.
  std::string recipient;
  std::string purpose;
  // Exports over the API: items outside the caller's compartments are withheld like items of
  // another organisation (the reason does not reveal that they exist).
  std::optional<access::Principal> principal = std::nullopt;
  // Items the caller already withheld (a case file's testimonies and acts the consent gate
  // refused), listed in the manifest with the bundle's own refusals.
  std::vector<std::pair<std::string, std::string>> withheld_before = {};
  // The bundle's documents, made once the gate has decided (they may list its decisions); with
  // documents a bundle may have no evidence item at all. Hashed into the manifest.
  std::function<Result<std::vector<BundleDocument>>(const ExportReport&)> documents = nullptr;
  nlohmann::json about = nullptr;  // what the documents are (manifest "about"), e.g. the case
};

// One file of a bundle: small files are held as text, evidence files are read from the vault
// when written.
struct BundleEntry {
  struct StoredFile {
    std::string item_id;
    std::string blob;
    std::string sha256;  // hex, recorded at ingest
    crypto::SecretKey key;
  };
  std::string path;  // relative, '/'-separated, e.g. "files/evd_X-photo.jpg"
  std::uint64_t size = 0;
  std::string text;
  std::optional<StoredFile> file;
};

struct Bundle {
  ExportReport report;
  std::vector<BundleEntry> entries;  // in the order they are written
};

// Errors: kInvalidInput (no items and no documents, unknown recipient, a bad document name). Items
// outside the organisation, not stored or refused by the consent gate are withheld, not errors.
Result<Bundle> PrepareBundle(EvidenceService& evidence, const ExportRequest& request);

// The export route's use case: the legal role only (policy kind "export"); body
// {"items": [ids], "recipient": ..., "purpose": ...}; audited as evidence.export with the purpose.
Result<Bundle> ExportFor(EvidenceService& evidence, const access::Principal& who,
                         const access::RequestInfo& request, const nlohmann::json& body);

// The verified plaintext of a file entry.
Result<std::unique_ptr<ContentReader>> OpenBundleFile(EvidenceService& evidence,
                                                      const BundleEntry& entry);

// Writes the bundle into `out_dir`, which must not exist (kConflict otherwise).
Status WriteBundleDirectory(EvidenceService& evidence, const Bundle& bundle,
                            const std::filesystem::path& out_dir);

// The bundle as a POSIX pax tar archive, produced piece by piece (constant memory).
class BundleTarStream {
 public:
  BundleTarStream(EvidenceService& evidence, std::shared_ptr<const Bundle> bundle);
  ~BundleTarStream();
  BundleTarStream(const BundleTarStream&) = delete;
  BundleTarStream& operator=(const BundleTarStream&) = delete;
  // The next piece of the archive; empty at the end.
  Result<std::string> Next();

 private:
  struct Archive;  // libarchive, in evidence_bundle_tar.cc
  Status StartEntry(const BundleEntry& entry);
  EvidenceService& evidence_;
  std::shared_ptr<const Bundle> bundle_;
  std::unique_ptr<Archive> archive_;
  std::size_t next_entry_ = 0;
  std::unique_ptr<ContentReader> reader_;  // of the file entry being written
  bool closed_ = false;
};

}  // namespace giai::service
