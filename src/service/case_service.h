// CaseService: the use cases of case building (docs/CASES.md) — cases, charges, element
// assessments, open-source items, the coverage matrix with its gaps and suggested links, and the
// consent-gated case file for a mechanism.
//
// Storage is the generic record storage (store::RecordRow) with kinds `case` (cas_), `charge`
// (chg_, parent: the case), `assessment` (asm_, parent: the charge), `assessment_withdrawal`
// (awd_, parent: the charge, term "assessment:asm_…") and `source` (src_, an
// open-source item registered once per organisation); lookups go through `terms` ("team:usr_…",
// "item:…", "element:…"). The Store interface does not grow, so every back end gets cases for
// free. Documentation routes never return these kinds: they load records of their own kind only.
//
// Reach: a case is visible to the legal role (access::Allows), in its organisation and
// compartment (access::CanSee), and only to the members of its team; charges and assessments
// inherit the reach of their case. Out of reach is not_found, exactly like a missing record.
// Assessment notes may name people: they are sealed like narratives (protect::KeyRing, field
// "note") and read through ReadAssessmentNote with a purpose, audited.
//
// Each use case: authorise -> load and check reach -> decide -> store -> audit, in one
// transaction. Thread safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "access/audit.h"
#include "access/principal.h"
#include "core/vocabulary.h"
#include "protect/key_ring.h"
#include "service/documentation_service.h"
#include "store/store.h"

namespace giai::service {

struct CaseListRequest {
  std::string cursor;
  int limit = 50;
};

class CaseService {
 public:
  static constexpr std::size_t kMaxNoteBytes = 64 * 1024;
  static constexpr std::size_t kMaxReasonBytes = 1000;

  CaseService(store::Store& store, protect::KeyRing& keys, const Vocabulary& vocabulary)
      : store_(store), keys_(keys), vocabulary_(vocabulary) {}

  // Cases. The creator joins the team; a team is never empty.
  Result<nlohmann::json> CreateCase(const access::Principal& who,
                                    const access::RequestInfo& request, const nlohmann::json& body);
  Result<nlohmann::json> GetCase(const access::Principal& who, const std::string& id);
  Result<nlohmann::json> UpdateCase(const access::Principal& who,
                                    const access::RequestInfo& request, const std::string& id,
                                    std::int64_t expected_version, const nlohmann::json& patch);
  Result<Page> ListCases(const access::Principal& who, const CaseListRequest& list);

  // Charges: crime x mode of liability x one of the case's suspects.
  Result<nlohmann::json> CreateCharge(const access::Principal& who,
                                      const access::RequestInfo& request,
                                      const std::string& case_id, const nlohmann::json& body);
  Result<Page> ListCharges(const access::Principal& who, const std::string& case_id,
                           const CaseListRequest& list);

  // Element assessments: an item linked to an element of a charge.
  Result<nlohmann::json> CreateAssessment(const access::Principal& who,
                                          const access::RequestInfo& request,
                                          const std::string& charge_id, const nlohmann::json& body);
  Result<Page> ListAssessments(const access::Principal& who, const std::string& charge_id,
                               const CaseListRequest& list);
  // Withdraws an assessment (append-only: a withdrawal record with the reason, who and when;
  // the assessment itself is never changed). It no longer counts toward coverage, stays in the
  // history, and a withdrawn contradicting link stays listed (cases/matrix.h). Body {"reason"};
  // a second withdrawal is a conflict. Returns the assessment with its withdrawal.
  Result<nlohmann::json> WithdrawAssessment(const access::Principal& who,
                                            const access::RequestInfo& request,
                                            const std::string& assessment_id,
                                            const nlohmann::json& body);
  Result<nlohmann::json> ReadAssessmentNote(const access::Principal& who,
                                            const access::RequestInfo& request,
                                            const std::string& assessment_id);

  // Open-source items, registered once per organisation (same URL twice: conflict).
  Result<nlohmann::json> CreateSource(const access::Principal& who,
                                      const access::RequestInfo& request,
                                      const nlohmann::json& body);
  Result<nlohmann::json> GetSource(const access::Principal& who, const std::string& id);
  Result<Page> ListSources(const access::Principal& who, const CaseListRequest& list);

  // The coverage matrix of a charge ({charge, matrix, gaps}), its gaps alone, and the acts in
  // the case's scope qualified with the charge's crime, proposed for its conduct elements.
  Result<nlohmann::json> ChargeMatrix(const access::Principal& who, const std::string& charge_id);
  Result<nlohmann::json> ChargeGaps(const access::Principal& who, const std::string& charge_id);
  Result<nlohmann::json> Suggestions(const access::Principal& who, const std::string& charge_id);

  // The case file for the case's mechanism: every charge's matrix and gaps, descriptors of the
  // items shared, and the items the consent gate withheld with the reason (testimonies whose
  // person's consent does not cover sharing with that mechanism). Withheld items stay in the
  // matrix, marked withheld: their existence — contradicting ones above all — is never hidden.
  // Needs a purpose; audited (case.export).
  Result<nlohmann::json> ExportCaseFile(const access::Principal& who,
                                        const access::RequestInfo& request,
                                        const std::string& case_id);

 private:
  store::Store& store_;
  protect::KeyRing& keys_;
  const Vocabulary& vocabulary_;
};

}  // namespace giai::service
