// Shared by the case use cases (case_service.cc, case_matrix_service.cc), private to service/:
// loading case records within the caller's reach, validating their bodies, rendering them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "access/principal.h"
#include "cases/matrix.h"
#include "core/vocabulary.h"
#include "store/store.h"

namespace giai::service::internal {

// A case within reach: legal role checked by the caller; same organisation and compartment
// (access::CanSee) and the caller in the team. Anything else is not_found.
Result<store::RecordRow> LoadCase(store::Tx& tx, const access::Principal& who,
                                  const std::string& id);
// A charge (and its case) within reach.
Result<store::RecordRow> LoadCharge(store::Tx& tx, const access::Principal& who,
                                    const std::string& id, store::RecordRow* case_row = nullptr);

// Every record of `kind` under `parent` (same organisation and compartment), in id order.
Result<std::vector<store::RecordRow>> Children(store::Tx& tx, const std::string& kind,
                                               const store::RecordRow& parent);
// The compartments a query needs to return the children of `parent`.
std::vector<std::string> CompartmentsOf(const store::RecordRow& parent);

// Validates a case body (title, mechanism, status, team, suspects, incident_ids, act_ids)
// against the caller's reach; fills the row's compartment, terms and body.
Status ValidateCase(store::Tx& tx, const access::Principal& who, const nlohmann::json& body,
                    store::RecordRow& row);

// A record's API shape: its body without internals, plus metadata.
nlohmann::json RenderRecord(const store::RecordRow& row);

// The crime, mode and elements of a stored charge.
struct ChargeInfo {
  const Crime* crime = nullptr;
  const ModeOfLiability* mode = nullptr;
  std::string suspect_id;
  std::vector<cases::ChargeElement> elements;
};
Result<ChargeInfo> ChargeOf(const store::RecordRow& charge, const Vocabulary& vocabulary);

Result<cases::Assessment> AssessmentOf(const store::RecordRow& row);

// The withdrawals of a charge's assessments (kind `assessment_withdrawal`, parent: the charge,
// term "assessment:asm_…"), by assessment id; append-only, at most one per assessment.
Result<std::map<std::string, cases::Assessment::Withdrawal>> WithdrawalsOf(
    store::Tx& tx, const store::RecordRow& charge);
// The API shape of a withdrawal (null when there is none).
nlohmann::json WithdrawalJson(const std::optional<cases::Assessment::Withdrawal>& w);

}  // namespace giai::service::internal
