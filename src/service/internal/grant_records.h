// Storage helpers shared by the grants use cases (private to service/). Grant records are
// ordinary store::RecordRow rows with their own kinds ("grant_fund", "grant_call", ...): the body
// is the record's API shape without its sealed fields, `parent_id` links a record to the one it
// belongs to (call -> fund, assignment -> application, tranche -> agreement), and `terms` carry the
// lookups ("applicant:org_x", "reviewer:usr_y", "fund:gfd_z"). The Store interface does not grow.
// Grant kinds are not documentation kinds (record_kinds.h), so the documentation routes can never
// resolve one. Sealed fields (bank details, declarations, COI statements, minutes) go through
// protect::KeyRing and are listed by name in `_sealed` (name -> version sealed at).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.h"
#include "access/principal.h"
#include "core/status.h"
#include "grants/money.h"
#include "grants/workflow.h"
#include "protect/key_ring.h"
#include "store/store.h"

namespace giai::service::internal {

struct GrantKind {
  std::string_view kind;
  std::string_view prefix;
  std::string_view name;  // in messages: "fund", "call", ...
};
inline constexpr GrantKind kFund{"grant_fund", "gfd", "fund"};
inline constexpr GrantKind kCall{"grant_call", "gcl", "call"};
inline constexpr GrantKind kApplication{"grant_application", "gap", "application"};
inline constexpr GrantKind kAssignment{"grant_assignment", "gas", "assignment"};
inline constexpr GrantKind kDecision{"grant_decision", "gdc", "decision"};
inline constexpr GrantKind kAgreement{"grant_agreement", "gag", "agreement"};
inline constexpr GrantKind kTranche{"grant_tranche", "gtr", "tranche"};
inline constexpr GrantKind kReport{"grant_report", "grp", "report"};
// Files attached to an application (service/grants_attachments.cc).
inline constexpr GrantKind kAttachment{"grant_attachment", "gat", "attachment"};

// not_found if `id` is absent or of another kind.
Result<store::RecordRow> LoadGrant(store::Tx& tx, const GrantKind& kind, const std::string& id);
nlohmann::json BodyOf(const store::RecordRow& row);
// The API shape: body without `_sealed`, metadata, and `sealed_fields` (names only).
nlohmann::json RenderGrant(const store::RecordRow& row);

// A new row of `kind` owned by `org_id`, created by `who` now; version 1.
store::RecordRow NewGrantRow(const GrantKind& kind, const access::Principal& who,
                             const std::string& org_id);
// Stores `body` in `row` (terms sorted and de-duplicated) and inserts it.
Status InsertGrant(store::Tx& tx, store::RecordRow& row, const nlohmann::json& body);
// Stores `body`, bumps the version and updates (optimistic: kPreconditionFailed if it moved).
Status SaveGrant(store::Tx& tx, store::RecordRow& row, const nlohmann::json& body);
// Seals `text` as `field` of the row at `version` and records it in body["_sealed"].
Status SealGrantField(protect::KeyRing& keys, store::Tx& tx, const store::RecordRow& row,
                      std::int64_t version, nlohmann::json& body, const std::string& field,
                      const std::string& text);
Result<std::optional<std::string>> OpenGrantField(protect::KeyRing& keys, store::Tx& tx,
                                                  const store::RecordRow& row,
                                                  const std::string& field);

// Checks and applies a state change, appending {state, at, by} to body["history"].
Status MoveState(nlohmann::json& body, grants::Machine machine, std::string_view to,
                 const access::Principal& who);
std::string StateOf(const nlohmann::json& body);

// {"amount": "1500.00", "currency": "EUR"} at body[name]; invalid_input naming `field`.
Result<grants::Money> MoneyField(const nlohmann::json& body, const char* name,
                                 const std::string& field, bool required = true);
nlohmann::json MoneyJson(const grants::Money& m);

// Every record of `kind` in `org_id` matching `parent_id` and `terms` (all of them), id order.
Result<std::vector<store::RecordRow>> ListGrants(store::Tx& tx, const GrantKind& kind,
                                                 const std::string& org_id,
                                                 const std::string& parent_id = "",
                                                 const std::vector<std::string>& terms = {});

// "YYYY-MM-DDTHH:MM:SSZ" (the form giai writes; compares as text).
bool IsUtcTimestamp(std::string_view text);
bool IsIsoDay(std::string_view text);

}  // namespace giai::service::internal

namespace giai::service::internal {

// forbidden naming the role and the action, unless access::AllowsGrant.
Status RequireGrant(const access::Principal& who, access::GrantAction action);
// True if the grant record is the caller's programme's (grants officer, reviewer).
inline bool OwnProgramme(const access::Principal& who, const store::RecordRow& row) {
  return !who.org_id.empty() && row.org_id == who.org_id && who.role != access::Role::kApplicant;
}
// The organisations that run programmes (every kind but subgrantee): where applicants look for
// calls and their applications.
Result<std::vector<std::string>> ProgrammeOrganisations(store::Tx& tx);
// Strings of body[name]: a non-empty list of non-empty strings (when required).
Result<std::vector<std::string>> Strings(const nlohmann::json& body, const char* name,
                                         bool required, std::size_t max_items = 200);
// A required non-empty string of at most `max` bytes.
Result<std::string> Str(const nlohmann::json& body, const char* name, bool required,
                        std::size_t max = 2000, const std::string& field = "");
Status Only(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);

}  // namespace giai::service::internal
