// ShareService: time-limited, revocable, consent-gated sharing of records between organisations
// (docs/SHARING.md), the access log of each share, recipients' contributions, and the follow-up
// tasks created when a person withdraws consent.
//
// A share goes from the owning organisation to a recipient organisation (another platform
// organisation, class ngo_partner, or a mechanism account whose recorded class is icc,
// un_mechanism or national_prosecutor). Its object is one record, a person's file, evidence items
// or a case; the service resolves it into items. Lifecycle: proposed (by documenter, support or
// legal) -> active (approved by an admin or legal officer of the owner who is NOT the proposer)
// -> revoked; expiry is a required, bounded date. Nothing is cached: every request of a
// recipient reloads the share, checks status and expiry against the clock, and asks the consent
// gate (DecideConsent, purpose sharing, the recipient's class) about every person the item
// concerns, in the same transaction as the read and its audit events.
//
// Storage is the generic record storage (no new table, so every back end gets it): kinds
// `share` (shr_, owner org; terms "recipient:org_…", "person:per_…", "item:…"), `share_access`
// (sac_, owner org, parent: the share), `contribution` (ctb_, recipient org, parent: the share;
// text sealed like a narrative), `task` (tsk_, the organisation that must act; terms
// "status:open|closed") and `mechanism_class` (mcl_, the mechanism organisation; term
// "class:icc").
//
// Recipients never write the owner's records: contributions are records of the recipient.
// Out of reach (another organisation's share, a share not yet approved) is not_found; a revoked
// or expired share is forbidden for its recipient. Thread safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "access/audit.h"
#include "access/principal.h"
#include "protect/identity_vault.h"
#include "protect/key_ring.h"
#include "service/documentation_service.h"
#include "service/evidence_service.h"
#include "store/store.h"

namespace giai::service {

struct ShareListRequest {
  std::string cursor;
  int limit = 50;
  std::string status;  // tasks: open, closed or "" (all)
};

class ShareService {
 public:
  static constexpr int kMaxExpiryDays = 366;
  static constexpr std::size_t kMaxItems = 1000;
  static constexpr std::size_t kMaxContributionBytes = 16 * 1024;

  // With `evidence`, approving a share records the custody event `transferred` (committed to
  // the ledger) for every evidence item it lets through.
  ShareService(store::Store& store, protect::KeyRing& keys, protect::IdentityVault& identities,
               EvidenceService* evidence = nullptr)
      : store_(store), keys_(keys), identities_(identities), evidence_(evidence) {}

  // Owner side.
  Result<nlohmann::json> Propose(const access::Principal& who, const access::RequestInfo& request,
                                 const nlohmann::json& body);
  Result<nlohmann::json> Approve(const access::Principal& who, const access::RequestInfo& request,
                                 const std::string& id);
  Result<nlohmann::json> Revoke(const access::Principal& who, const access::RequestInfo& request,
                                const std::string& id);
  // The organisations a share can go to (every other organisation of the platform, mechanisms
  // only once the operator recorded their class), for the proposer's recipient picker.
  Result<nlohmann::json> Recipients(const access::Principal& who);
  // The owner sees everything, refused items included; the recipient sees an active, revoked or
  // expired share without the refused items.
  Result<nlohmann::json> Get(const access::Principal& who, const std::string& id);
  Result<Page> ListGiven(const access::Principal& who, const ShareListRequest& list);
  Result<Page> ListReceived(const access::Principal& who, const ShareListRequest& list);
  Result<Page> AccessLog(const access::Principal& who, const std::string& id,
                         const ShareListRequest& list);

  // Recipient side: purpose required, every call audited for both organisations and logged
  // under the share.
  Result<nlohmann::json> ListItems(const access::Principal& who, const access::RequestInfo& request,
                                   const std::string& id);
  Result<nlohmann::json> GetItem(const access::Principal& who, const access::RequestInfo& request,
                                 const std::string& id, const std::string& item_id);
  Result<nlohmann::json> ReadNarrative(const access::Principal& who,
                                       const access::RequestInfo& request, const std::string& id,
                                       const std::string& item_id);
  Result<nlohmann::json> ReadIdentity(const access::Principal& who,
                                      const access::RequestInfo& request, const std::string& id,
                                      const std::string& person_id);
  Result<nlohmann::json> Contribute(const access::Principal& who,
                                    const access::RequestInfo& request, const std::string& id,
                                    const nlohmann::json& body);
  Result<nlohmann::json> ListContributions(const access::Principal& who,
                                           const access::RequestInfo& request,
                                           const std::string& id);

  // Data-sharing agreements (share_agreements.cc): created and changed (JSON merge patch,
  // If-Match; the parties never change) by admins and legal officers of a party, read by the
  // parties' share roles; another organisation's agreement is not_found.
  Result<nlohmann::json> CreateAgreement(const access::Principal& who,
                                         const access::RequestInfo& request,
                                         const nlohmann::json& body);
  Result<nlohmann::json> GetAgreement(const access::Principal& who, const std::string& id);
  Result<nlohmann::json> UpdateAgreement(const access::Principal& who,
                                         const access::RequestInfo& request, const std::string& id,
                                         std::int64_t expected_version,
                                         const nlohmann::json& patch);
  Result<Page> ListAgreements(const access::Principal& who, const ShareListRequest& list);

  // Follow-up tasks of the caller's organisation.
  Result<Page> ListTasks(const access::Principal& who, const ShareListRequest& list);
  Result<nlohmann::json> GetTask(const access::Principal& who, const std::string& id);
  Result<nlohmann::json> CloseTask(const access::Principal& who, const access::RequestInfo& request,
                                   const std::string& id, const nlohmann::json& body);

 private:
  store::Store& store_;
  protect::KeyRing& keys_;
  protect::IdentityVault& identities_;
  EvidenceService* evidence_;
};

// Called by ConsentService::Withdraw in the withdrawal's transaction: one task for the owner
// organisation, and one for each organisation holding an approved share that included the
// person ("consent withdrawn: remove copies / stop using").
// When an agreement is terminated or suspended, the shares made under it that are proposed or
// active are revoked at once (reason agreement_terminated / agreement_suspended), and each
// recipient that already received material gets a follow-up task; when its end date moves
// earlier, shares that would outlive it expire with it. Audited for each share's owner.
Status EndSharesUnderAgreement(store::Tx& tx, const access::Principal& who,
                               const access::RequestInfo& request, const std::string& agreement_id,
                               const nlohmann::json& agreement);
Status CreateWithdrawalTasks(store::Tx& tx, const access::Principal& who,
                             const access::RequestInfo& request, const std::string& person_id);

// Records the class of a mechanism organisation (icc, un_mechanism, national_prosecutor), which
// the consent gate uses as its recipient class.
Status SetMechanismClass(store::Tx& tx, const std::string& org_id, const std::string& cls);

}  // namespace giai::service
