// EvidenceService: the use cases of the evidence vault (DESIGN.md §5, docs/EVIDENCE.md).
//
// An evidence item is registered first, with its acquisition (how, by whom, where, when), the
// SHA-256 the client computed and the original file name; its content then arrives as a stream
// (BeginUpload). The service hashes and encrypts while the vault writes, refuses content whose
// digest differs from the declared one (storing nothing), and only then, in one transaction,
// marks the item stored, keeps its wrapped data key, appends the "received" custody event and
// commits both to the ledger. Originals are write-once; derivatives (redacted, blurred,
// transcoded, metadata-stripped copies) are new items pointing to their parent, with tool and
// actor. Reads of content need a purpose and leave an "accessed" custody event; erasure destroys
// the item's key ("shredded").
//
// Items are records of kind "evidence" (ids evd_...). Their original file names are sealed like
// narratives (a name can identify a witness); nothing but hashes and ids reaches the ledger.
// Thread safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "access/audit.h"
#include "access/principal.h"
#include "crypto/hash.h"
#include "protect/key_ring.h"
#include "service/documentation_service.h"
#include "service/ledger_service.h"
#include "store/store.h"
#include "vault/vault.h"

namespace giai::service {

// The content of one item, arriving in pieces. Destroying it before Finish abandons the upload
// (nothing is stored).
class ContentUpload {
 public:
  virtual ~ContentUpload() = default;
  virtual Status Write(std::string_view bytes) = 0;
  // Checks the digest, makes the blob durable, records it; returns the stored item.
  virtual Result<nlohmann::json> Finish() = 0;
};

// The plaintext of one stored file, read in pieces (files may be many GiB). The last piece is
// held back until the whole file has been decrypted and its SHA-256 matches the one recorded at
// ingest: a reader of a file that no longer matches gets kIntegrity instead of the last piece,
// so a consumer never receives a complete copy of an altered file.
class ContentReader {
 public:
  ContentReader(std::unique_ptr<vault::BlobReader> blob, std::string item_id,
                std::string expected_sha256_hex, std::uint64_t size);
  std::uint64_t size() const { return size_; }
  // The next piece; empty at the end.
  Result<std::string> Next();

 private:
  std::unique_ptr<vault::BlobReader> blob_;
  std::string item_id_;
  std::string expected_;
  std::uint64_t size_;
  crypto::Sha256 sha_;
  std::string held_;  // the piece read ahead and not yet given out
  bool started_ = false;
  bool done_ = false;
};

struct Content {
  std::unique_ptr<ContentReader> reader;
  std::string media_type;
  std::string file_name;
  std::string sha256;  // hex, as recorded at ingest
};

class EvidenceService {
 public:
  EvidenceService(store::Store& store, protect::KeyRing& keys, vault::Vault& vault, Ledger& ledger,
                  std::uint64_t max_upload_bytes)
      : store_(store),
        keys_(keys),
        vault_(vault),
        ledger_(ledger),
        max_upload_bytes_(max_upload_bytes) {}

  std::uint64_t max_upload_bytes() const { return max_upload_bytes_; }
  // Set once at start-up (configuration), before requests are served.
  void set_max_upload_bytes(std::uint64_t limit) { max_upload_bytes_ = limit; }

  Result<nlohmann::json> Register(const access::Principal& who, const access::RequestInfo& request,
                                  const nlohmann::json& body);
  Result<nlohmann::json> RegisterDerivative(const access::Principal& who,
                                            const access::RequestInfo& request,
                                            const std::string& parent_id,
                                            const nlohmann::json& body);
  // `declared_length`: the Content-Length, if the client sent one (checked against the limit).
  Result<std::unique_ptr<ContentUpload>> BeginUpload(const access::Principal& who,
                                                     const access::RequestInfo& request,
                                                     const std::string& id,
                                                     std::optional<std::uint64_t> declared_length);
  // Items other organisations shared with the caller's are read and listed too (marked with
  // their origin, read-only, logged under the share; service/shared_reach.h), and their content
  // is read under a share whose scope is read_identity (SharedContentAllowed).
  Result<nlohmann::json> Get(const access::Principal& who, const access::RequestInfo& request,
                             const std::string& id);
  Result<Page> List(const access::Principal& who, const access::RequestInfo& request,
                    const std::string& incident_id, const std::string& cursor, int limit);
  Result<Content> ReadContent(const access::Principal& who, const access::RequestInfo& request,
                              const std::string& id);
  // The item's custody events, then its ancestors' up to the original.
  Result<nlohmann::json> Custody(const access::Principal& who, const std::string& id);
  // The C2SP tlog-proof of the item's ingest commitment against the latest checkpoint.
  Result<std::string> Proof(const access::Principal& who, const std::string& id);
  Result<nlohmann::json> Shred(const access::Principal& who, const access::RequestInfo& request,
                               const std::string& id);
  // Records that the item's original (its device, a sealed copy on a medium, or a digital copy)
  // was handed over to another organisation or to a mechanism's office: a "transferred" custody
  // event, committed to the ledger (service/evidence_transfer.cc). Needs a purpose.
  Result<nlohmann::json> RecordTransfer(const access::Principal& who,
                                        const access::RequestInfo& request, const std::string& id,
                                        const nlohmann::json& body);

  // For export and fsck (no principal: trusted callers inside the process).
  store::Store& store() { return store_; }
  protect::KeyRing& keys() { return keys_; }
  vault::Vault& vault() { return vault_; }
  Ledger& ledger() { return ledger_; }

  // Appends a custody event and its ledger commitment inside `tx`.
  Result<store::CustodyRow> RecordCustody(store::Tx& tx, const store::RecordRow& item,
                                          const std::string& event, const std::string& actor_id,
                                          const access::RequestInfo& request,
                                          nlohmann::json details);

 private:
  Result<nlohmann::json> RegisterItem(const access::Principal& who,
                                      const access::RequestInfo& request,
                                      const nlohmann::json& body, const store::RecordRow* parent);
  Result<store::RecordRow> LoadVisible(store::Tx& tx, const access::Principal& who,
                                       const std::string& id);
  // LoadVisible for a write: an item the caller reaches only under a share is forbidden
  // (read-only), not not_found.
  Result<store::RecordRow> LoadWritable(store::Tx& tx, const access::Principal& who,
                                        const std::string& id);
  // evidence_shared.cc: the shared side of Get, List and ReadContent.
  Result<nlohmann::json> GetShared(const access::Principal& who, const access::RequestInfo& request,
                                   const std::string& id);
  Result<Page> ListWithShared(const access::Principal& who, const access::RequestInfo& request,
                              const store::RecordQuery& query, std::vector<store::RecordRow> own,
                              int limit);
  // In ReadContent's transaction, for an item not the caller's: the shared item whose content
  // the caller may read now (access logged, custody `details` naming the share), not_found, or
  // a refusal left in `refusal` (with the share in `refused_under`) for the caller to log.
  Result<std::optional<store::RecordRow>> LoadSharedContent(
      store::Tx& tx, const access::Principal& who, const access::RequestInfo& request,
      const std::string& id, nlohmann::json& details, Status& refusal,
      store::RecordRow& refused_under);

  store::Store& store_;
  protect::KeyRing& keys_;
  vault::Vault& vault_;
  Ledger& ledger_;
  std::uint64_t max_upload_bytes_;
};

// The API shape of an item row.
nlohmann::json RenderEvidence(const store::RecordRow& row);
nlohmann::json RenderCustody(const store::CustodyRow& row);

}  // namespace giai::service
