// AdminService: organisations, users, compartments, API tokens and the audit trail.
//
// Two callers: the CLI (`giai init`, `giai org add`, `giai user add`), which acts as the operator
// of the machine (audited as the "operator" actor), and organisation admins over the API,
// who manage their own organisation only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/principal.h"
#include "protect/key_ring.h"
#include "service/ledger_service.h"
#include "store/store.h"

namespace giai::service {

struct NewUser {
  std::string email;
  std::string display_name;
  std::string role;
  std::string password;  // at least 12 characters
  std::vector<std::string> compartments;
};

class AdminService {
 public:
  static constexpr std::size_t kMinPasswordLength = 12;

  AdminService(store::Store& store, protect::KeyRing& keys) : store_(store), keys_(keys) {}

  // Operator actions (CLI).
  // `mechanism_class` (icc, un_mechanism, national_prosecutor): only for kind "mechanism", the
  // recipient class the consent gate applies to shares with it (docs/SHARING.md).
  Result<store::OrganisationRow> CreateOrganisation(const std::string& name,
                                                    const std::string& kind,
                                                    const std::string& mechanism_class = "");
  Result<store::OrganisationRow> FindOrganisation(const std::string& id_or_name);
  Result<store::UserRow> CreateUser(const std::string& org_id, const NewUser& user);
  Result<store::CompartmentRow> CreateCompartment(const std::string& org_id,
                                                  const std::string& name);
  // Crypto-shreds a compartment: destroys its key (protect::KeyRing::ShredCompartmentKey), so
  // every identity, narrative and file sealed in it becomes unreadable for good, and nothing
  // can be sealed in it any more. Audited (`compartment.shred`, the reason as purpose) and
  // committed to the ledger as a `key_destroyed` leaf, in one transaction; returns the leaf
  // index. kNotFound if the compartment is not the organisation's, kConflict if already done.
  Result<std::uint64_t> ShredCompartment(const std::string& org_id,
                                         const std::string& compartment_id,
                                         const std::string& reason, Ledger& ledger);

  // Organisation admins (API).
  Result<nlohmann::json> CreateUserAs(const access::Principal& who,
                                      const access::RequestInfo& request,
                                      const nlohmann::json& body);
  Result<nlohmann::json> ListUsers(const access::Principal& who);
  Result<nlohmann::json> GetOrganisation(const access::Principal& who);
  Result<nlohmann::json> ListAudit(const access::Principal& who, const std::string& cursor,
                                   int limit);

 private:
  store::Store& store_;
  protect::KeyRing& keys_;
};

nlohmann::json UserToJson(const store::UserRow& user);

}  // namespace giai::service
