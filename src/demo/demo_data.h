// The fictional demo dataset: 3 organisations (and 2 sub-grantees), 2 countries, ~200 persons with
// names in Latin and Arabic script, ~60 incidents, ~300 acts with legal qualifications, units and
// testimonies, texts in French and English. NOTHING IN IT IS REAL: every organisation name and
// narrative says so. Generated through the same use cases as real data (so identities and
// narratives are sealed), from a fixed seed: the same options give the same records (ids aside).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/admin_service.h"
#include "service/case_service.h"
#include "service/consent_service.h"
#include "service/documentation_service.h"
#include "service/evidence_service.h"
#include "service/grants_service.h"
#include "service/share_service.h"

namespace giai::demo {

struct DemoLogin {
  std::string organisation;
  std::string email;
  std::string password;
  std::string role;
};

struct DemoOptions {
  int scale = 1;  // multiplies incidents, acts, persons, testimonies (benchmarks use 100)
  std::uint32_t seed = 2026;
};

struct DemoCounts {
  int organisations = 0, users = 0, persons = 0, consents = 0, incidents = 0, acts = 0, units = 0,
      testimonies = 0, cases = 0, charges = 0, assessments = 0, grant_funds = 0,
      grant_applications = 0, evidence = 0;
};

// Creates the demo organisations, users and records; one fictional case in the first
// organisation (built by its legal officer) with a complete and an incomplete charge, a
// contradicting item, and a testimony the consent gate withholds from the ICC; and the fictional
// sub-granting programme (demo_grants.h). With `shares`: a fictional ICC mechanism account and
// one approved, pseudonymised share of a person's file to it. With `evidence`: a fictional
// evidence item (a small text file, its content stored) that the case's complete charge relies
// on, so the demo case file carries an evidence file and its proof. Fails if they already exist.
Result<DemoCounts> CreateDemoData(service::AdminService& admin,
                                  service::DocumentationService& documentation,
                                  service::ConsentService& consent, service::CaseService& cases,
                                  service::GrantsService& grants, const DemoOptions& options,
                                  std::vector<DemoLogin>& logins,
                                  service::ShareService* shares = nullptr,
                                  service::EvidenceService* evidence = nullptr);

}  // namespace giai::demo
