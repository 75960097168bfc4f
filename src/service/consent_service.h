// ConsentService: recording, withdrawing and reading a person's consent, and erasing their
// identity (crypto-shredding). Consent versions are records of kind "consent" under the person,
// append-only: a withdrawal is a new version. `LatestConsent` is what every identity read asks
// DecideConsent about, inside the same transaction, so a withdrawal takes effect for the very
// next request.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "access/audit.h"
#include "access/principal.h"
#include "core/consent.h"
#include "service/ledger_service.h"
#include "store/store.h"

namespace giai::service {

// The latest consent of a person (nullopt: none recorded).
Result<std::optional<Consent>> LatestConsent(store::Tx& tx, const std::string& org_id,
                                             const std::string& person_id);

class ConsentService {
 public:
  // With a ledger, every consent version is committed to it in the transaction that writes it.
  explicit ConsentService(store::Store& store, Ledger* ledger = nullptr)
      : store_(store), ledger_(ledger) {}

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

 private:
  Result<nlohmann::json> Append(const access::Principal& who, const access::RequestInfo& request,
                                const std::string& person_id, const Consent& consent,
                                const std::string& action);
  store::Store& store_;
  Ledger* ledger_;
};

}  // namespace giai::service
