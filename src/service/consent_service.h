// ConsentService: recording, withdrawing and reading a person's consent, and erasing their
// identity (crypto-shredding). Consent versions are records of kind "consent" under the person,
// append-only: a withdrawal is a new version. `LatestConsent` is what every identity read asks
// DecideConsent about, inside the same transaction, so a withdrawal takes effect for the very
// next request.
//
// Restriction (GDPR Art. 18, consent_restriction.cc): while an administrator has restricted a
// person's processing (a dispute about accuracy, lawfulness or a withdrawal is being resolved),
// LatestConsent reports `restricted`, so DecideConsent refuses identity and account reads,
// shares and exports; only the reviewer the restriction names (by default the administrator
// who set it), reading with X-Purpose "restriction-review...", passes
// (Purpose::kRestrictionReview). Restriction versions are records of kind "restriction" under the
// person, append-only, each with a reason, committed to the ledger like consent versions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "access/audit.h"
#include "access/principal.h"
#include "core/consent.h"
#include "protect/key_ring.h"
#include "service/ledger_service.h"
#include "store/store.h"

namespace giai::service {

// The person's restriction, from its latest version.
struct RestrictionState {
  bool restricted = false;
  std::string reviewer_id;  // the user who may read for the review (while restricted)
};
Result<RestrictionState> CurrentRestriction(store::Tx& tx, const std::string& org_id,
                                            const std::string& person_id);
inline Result<bool> IsRestricted(store::Tx& tx, const std::string& org_id,
                                 const std::string& person_id) {
  GIAI_ASSIGN_OR_RETURN(RestrictionState r, CurrentRestriction(tx, org_id, person_id));
  return r.restricted;
}

// The person's restriction as its latest version states it (fails closed: an unreadable
// version means restricted, with no reviewer).
RestrictionState RestrictionOfLatest(const store::RecordRow& latest_version);

// The latest consent of a person (nullopt: none recorded), with `restricted` set from the
// latest restriction version.
Result<std::optional<Consent>> LatestConsent(store::Tx& tx, const std::string& org_id,
                                             const std::string& person_id);
// LatestConsent of every one of `person_ids` (each gets an entry), with one store query
// (Tx::LatestChildren) instead of two per person: for jobs that read a whole organisation.
Result<std::unordered_map<std::string, std::optional<Consent>>> LatestConsents(
    store::Tx& tx, const std::string& org_id, const std::vector<std::string>& person_ids);

class ConsentService {
 public:
  // With a ledger, every consent version is committed to it in the transaction that writes it.
  // `keys` seals the free-text reasons of restrictions and lifts (they may name people).
  ConsentService(store::Store& store, protect::KeyRing& keys, Ledger* ledger = nullptr)
      : store_(store), keys_(keys), ledger_(ledger) {}

  Result<nlohmann::json> Record(const access::Principal& who, const access::RequestInfo& request,
                                const std::string& person_id, const nlohmann::json& body);
  Result<nlohmann::json> Withdraw(const access::Principal& who, const access::RequestInfo& request,
                                  const std::string& person_id);
  Result<nlohmann::json> History(const access::Principal& who, const std::string& person_id);
  // Crypto-shreds the person's identity: its data key is deleted, so no copy of the ciphertext
  // (backups included) can be read again. Recorded in the audit trail.
  Result<nlohmann::json> EraseIdentity(const access::Principal& who,
                                       const access::RequestInfo& request,
                                       const std::string& person_id);

  // Restricts the person's processing (administrators only). Body: {"reason": "...",
  // "legal_basis": "...", "review_date": "YYYY-MM-DD", "reviewer_id": "usr_..."}; reason
  // required; the reviewer (a user of the organisation) defaults to the caller. kConflict if
  // already restricted.
  Result<nlohmann::json> Restrict(const access::Principal& who, const access::RequestInfo& request,
                                  const std::string& person_id, const nlohmann::json& body);
  // Lifts it (administrators only). Body: {"reason": "..."}. kConflict if not restricted.
  // Reasons are sealed like narratives (field "reason" of the version, under the person's key
  // scope); versions read back carry them, or null once the scope's key was destroyed.
  Result<nlohmann::json> LiftRestriction(const access::Principal& who,
                                         const access::RequestInfo& request,
                                         const std::string& person_id, const nlohmann::json& body);
  // {"person_id", "restricted": bool, "items": [versions, oldest first]}.
  Result<nlohmann::json> Restriction(const access::Principal& who, const std::string& person_id);

 private:
  Result<nlohmann::json> AppendRestriction(const access::Principal& who,
                                           const access::RequestInfo& request,
                                           const std::string& person_id, nlohmann::json body,
                                           bool restricted);
  Result<nlohmann::json> Append(const access::Principal& who, const access::RequestInfo& request,
                                const std::string& person_id, const Consent& consent,
                                const std::string& action);
  store::Store& store_;
  protect::KeyRing& keys_;
  Ledger* ledger_;
};

}  // namespace giai::service
