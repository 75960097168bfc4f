// GrantAttachments: the files of a grant application (issue #10: "attachments through the evidence
// vault's storage, without the ledger where not needed"; docs/GRANTS.md "Attachments").
//
// An attachment is uploaded as a stream (PUT, raw body): hashed (SHA-256) and encrypted while the
// vault writes it, under its own data key wrapped by the programme organisation's key (grant
// records are never in a compartment). Unlike evidence, nothing is committed to the ledger and no
// custody chain is kept: an application's annex is not evidence. Attachments are write-once (one
// name, one file), at most kMaxBytes (or the server's upload limit, if smaller), and only the
// applicant organisation's `applicant` users add them while the application may be edited.
//
// Storage: one generic record of kind "grant_attachment" (ids gat_...) per file, parent_id the
// application, plus the vault blob; the file name (it may identify someone) is a sealed field.
// Who may list and read them is GrantsService's decision for the full application (applicant
// organisation, grants officer, reviewers cleared by their COI declaration); everything else is
// not_found. Reading content needs a purpose and is audited. Thread safe.
#pragma once

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "service/evidence_service.h"
#include "service/grants_service.h"
#include "vault/vault.h"

namespace giai::service {

class GrantAttachments {
 public:
  static constexpr std::uint64_t kMaxBytes = 25ull * 1024 * 1024;
  static constexpr std::size_t kMaxPerApplication = 100;

  // Files go where evidence files go (its store, key ring and vault); the smaller of kMaxBytes and
  // the server's upload limit (EvidenceService::max_upload_bytes) applies.
  GrantAttachments(GrantsService& grants, EvidenceService& evidence)
      : grants_(grants),
        evidence_(evidence),
        store_(evidence.store()),
        keys_(evidence.keys()),
        vault_(evidence.vault()) {}

  std::uint64_t limit() const { return std::min(kMaxBytes, evidence_.max_upload_bytes()); }

  // `declared_length`: the Content-Length, if the client sent one (checked against the limit).
  Result<std::unique_ptr<ContentUpload>> BeginUpload(const access::Principal& who,
                                                     const access::RequestInfo& request,
                                                     const std::string& application_id,
                                                     const std::string& name,
                                                     std::optional<std::uint64_t> declared_length);
  Result<nlohmann::json> List(const access::Principal& who, const std::string& application_id);
  // The file, verified against its SHA-256 as it is read. Needs a purpose; audited.
  Result<Content> Read(const access::Principal& who, const access::RequestInfo& request,
                       const std::string& application_id, const std::string& attachment_id);

 private:
  class Upload;

  GrantsService& grants_;
  EvidenceService& evidence_;
  store::Store& store_;
  protect::KeyRing& keys_;
  vault::Vault& vault_;
};

}  // namespace giai::service
