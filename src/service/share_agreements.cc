// Data-sharing agreements between organisations (docs/SHARING.md, "Agreements"): the register
// that shares refer to. An agreement is a generic record (kind `agreement`, agr_), held by the
// organisation that registered it, with a `party:org_…` term for every party, so each party
// finds it; no new table. Admins and legal officers of a party create and change it; the
// parties' share roles read it. A share may name an agreement in force (a share to a mechanism
// must) and can never outlive it.
#include <algorithm>
#include <set>

#include "access/policy.h"
#include "access/share_policy.h"
#include "core/clock.h"
#include "core/edtf.h"
#include "crypto/random.h"
#include "service/internal/json_fields.h"
#include "service/internal/share_records.h"
#include "service/share_service.h"

namespace giai::service {

namespace {

using access::AllowsShare;
using access::Principal;
using access::RequestInfo;
using access::ShareAction;
using nlohmann::json;

constexpr std::size_t kMaxParties = 20;

Status Deny(const Principal& who, ShareAction action) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::ShareActionName(action)));
}

bool IsParty(const json& body, const std::string& org_id) {
  for (const json& p : body.value("parties", json::array())) {
    if (p == org_id) return true;
  }
  return false;
}

// An agreement the caller's organisation is a party to, or not_found.
Result<store::RecordRow> LoadAgreement(store::Tx& tx, const std::string& org_id,
                                       const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "agreement" || !IsParty(json::parse(row->body), org_id)) {
    return NotFound("no agreement " + id);
  }
  return row;
}

// Checks the fields of an agreement's body (after a merge patch, for updates).
Status Validate(const json& body) {
  GIAI_RETURN_IF_ERROR(internal::Text(body, "title", true, 200).status());
  GIAI_RETURN_IF_ERROR(
      internal::OneOf(body, "status", {"draft", "in_force", "suspended", "terminated"}, "draft")
          .status());
  const json scopes = body.value("scopes", json());
  if (!scopes.is_array() || scopes.empty()) {
    return InvalidInput("must be a non-empty list of share scopes", "scopes");
  }
  for (const json& s : scopes) {
    if (s != "read_pseudonymised" && s != "read_identity" && s != "contribute") {
      return InvalidInput("must hold read_pseudonymised, read_identity or contribute", "scopes");
    }
  }
  for (const char* field : {"starts_on", "ends_on"}) {
    const json v = body.value(field, json());
    if (!v.is_string() || v.get<std::string>().size() != 10 ||
        !ParseIsoDay(v.get<std::string>()).ok()) {
      return InvalidInput("must be a day (YYYY-MM-DD)", field);
    }
  }
  if (body["ends_on"].get<std::string>() < body["starts_on"].get<std::string>()) {
    return InvalidInput("must not be before starts_on", "ends_on");
  }
  const json document = body.value("document", json());
  if (!document.is_object()) {
    return InvalidInput("must be {reference} or {evidence_id}", "document");
  }
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(document, {"reference", "evidence_id"}, "document."));
  GIAI_ASSIGN_OR_RETURN(std::string reference,
                        internal::Text(document, "reference", false, 500, "document."));
  GIAI_ASSIGN_OR_RETURN(std::string evidence,
                        internal::Text(document, "evidence_id", false, 64, "document."));
  if (reference.empty() == evidence.empty()) {
    return InvalidInput("needs exactly one of reference and evidence_id", "document");
  }
  return Status::Ok();
}

// The signed document in the vault must be an evidence item the caller reaches.
Status CheckDocument(store::Tx& tx, const Principal& who, const json& body) {
  const std::string evidence = body["document"].value("evidence_id", "");
  if (evidence.empty()) return Status::Ok();
  Result<store::RecordRow> row = tx.GetRecord(evidence);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "evidence" ||
      !access::CanSee(who, row->org_id, row->compartment_id)) {
    return InvalidInput("unknown or unreachable evidence item", "document.evidence_id");
  }
  return Status::Ok();
}

json Render(const store::RecordRow& row) {
  json out = json::parse(row.body);
  out["id"] = row.id;
  out["org_id"] = row.org_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  out["created_by"] = row.created_by;
  out["state"] = internal::AgreementState(out, NowRfc3339().substr(0, 10));
  return out;
}

// Agreement events go to every party's trail: each must be able to show what was agreed.
Status AuditParties(store::Tx& tx, const Principal& who, const RequestInfo& request,
                    const std::string& action, const store::RecordRow& row) {
  for (const json& party : json::parse(row.body).value("parties", json::array())) {
    Principal as_party = who;
    as_party.org_id = party.get<std::string>();
    GIAI_RETURN_IF_ERROR(tx.AppendAudit(access::AuditEvent(as_party, action, row.id, request)));
  }
  return Status::Ok();
}

}  // namespace

namespace internal {

std::string AgreementState(const json& body, const std::string& today) {
  const std::string status = body.value("status", "draft");
  if (status != "in_force") return status;
  if (body.value("ends_on", "") < today) return "expired";
  if (body.value("starts_on", "") > today) return "not_yet_in_force";
  return "in_force";
}

Result<json> AgreementForShare(store::Tx& tx, const std::string& agreement_id,
                               const std::string& owner_org, const std::string& recipient_org,
                               const std::string& scope, const std::string& expires_at) {
  Result<store::RecordRow> row = LoadAgreement(tx, owner_org, agreement_id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok()) return InvalidInput("unknown agreement", "agreement_id");
  json body = json::parse(row->body);
  if (!IsParty(body, recipient_org)) {
    return InvalidInput("the recipient is not a party to the agreement", "agreement_id");
  }
  const std::string state = AgreementState(body, NowRfc3339().substr(0, 10));
  if (state != "in_force") {
    return InvalidInput("the agreement is not in force (" + state + ")", "agreement_id");
  }
  const json scopes = body.value("scopes", json::array());
  if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) {
    return InvalidInput("the agreement does not cover the scope " + scope, "scope");
  }
  if (expires_at > body.value("ends_on", "") + "T23:59:59Z") {
    return InvalidInput("must not be after the agreement's end (" + body.value("ends_on", "") + ")",
                        "expires_at");
  }
  body["id"] = row->id;
  return body;
}

}  // namespace internal

Result<json> ShareService::CreateAgreement(const Principal& who, const RequestInfo& request,
                                           const json& body) {
  if (!AllowsShare(who, ShareAction::kRegisterAgreements)) {
    return Deny(who, ShareAction::kRegisterAgreements);
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(
      body, {"title", "parties", "scopes", "starts_on", "ends_on", "document", "status"}));
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> parties,
                        internal::TextList(body, "parties", kMaxParties, 64));
  std::set<std::string> unique(parties.begin(), parties.end());
  if (unique.size() != parties.size() || parties.size() < 2) {
    return InvalidInput("must name at least two distinct organisations", "parties");
  }
  if (!unique.contains(who.org_id)) {
    return InvalidInput("must include the caller's organisation", "parties");
  }
  json stored = body;
  if (!stored.contains("status")) stored["status"] = "draft";
  GIAI_RETURN_IF_ERROR(Validate(stored));
  store::RecordRow row;
  row.id = crypto::NewId("agr");
  row.kind = "agreement";
  row.org_id = who.org_id;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = who.user_id;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    json names = json::array();
    row.terms.clear();
    for (const std::string& party : parties) {
      Result<store::OrganisationRow> org = tx.GetOrganisation(party);
      if (!org.ok() && org.status().code() != Code::kNotFound) return org.status();
      if (!org.ok()) return InvalidInput("unknown organisation " + party, "parties");
      names.push_back(org->name);
      row.terms.push_back("party:" + party);
    }
    stored["party_names"] = names;
    GIAI_RETURN_IF_ERROR(CheckDocument(tx, who, stored));
    row.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return AuditParties(tx, who, request, "agreement.create", row);
  }));
  return Render(row);
}

Result<json> ShareService::GetAgreement(const Principal& who, const std::string& id) {
  if (!AllowsShare(who, ShareAction::kOversee)) return Deny(who, ShareAction::kOversee);
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadAgreement(tx, who.org_id, id));
    return Status::Ok();
  }));
  return Render(row);
}

Result<json> ShareService::UpdateAgreement(const Principal& who, const RequestInfo& request,
                                           const std::string& id, std::int64_t expected_version,
                                           const json& patch) {
  if (!AllowsShare(who, ShareAction::kRegisterAgreements)) {
    return Deny(who, ShareAction::kRegisterAgreements);
  }
  if (!patch.is_object()) return InvalidInput("the body must be a JSON object");
  // The parties are what was agreed between: another set of parties is another agreement.
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(
      patch, {"title", "scopes", "starts_on", "ends_on", "document", "status"}));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadAgreement(tx, who.org_id, id));
    if (row.version != expected_version) {
      return Status(Code::kPreconditionFailed,
                    "the agreement is at version " + std::to_string(row.version));
    }
    json body = json::parse(row.body);
    // Termination is final: what was agreed no longer binds anyone, so it cannot come back.
    if (body.value("status", "") == "terminated") {
      return Conflict("the agreement is terminated; register a new one");
    }
    const json before = body;
    body.merge_patch(patch);
    GIAI_RETURN_IF_ERROR(Validate(body));
    if (patch.contains("document")) GIAI_RETURN_IF_ERROR(CheckDocument(tx, who, body));
    row.body = body.dump();
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    GIAI_RETURN_IF_ERROR(AuditParties(tx, who, request, "agreement.update", row));
    if (body.value("status", "") != before.value("status", "") ||
        body.value("ends_on", "") < before.value("ends_on", "")) {
      GIAI_RETURN_IF_ERROR(EndSharesUnderAgreement(tx, who, request, row.id, body));
    }
    return Status::Ok();
  }));
  return Render(row);
}

Result<Page> ShareService::ListAgreements(const Principal& who, const ShareListRequest& list) {
  if (!AllowsShare(who, ShareAction::kOversee)) return Deny(who, ShareAction::kOversee);
  if (list.limit < 1 || list.limit > DocumentationService::kMaxPageSize) {
    return InvalidInput("must be between 1 and 500", "limit");
  }
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
    for (const store::OrganisationRow& org : orgs) {
      store::RecordQuery q;
      q.kind = "agreement";
      q.org_id = org.id;
      q.terms = {"party:" + who.org_id};
      q.after_id = list.cursor;
      q.limit = list.limit + 1;
      GIAI_ASSIGN_OR_RETURN(auto found, tx.ListRecords(q));
      for (store::RecordRow& r : found) rows.push_back(std::move(r));
    }
    return Status::Ok();
  }));
  std::sort(rows.begin(), rows.end(),
            [](const store::RecordRow& a, const store::RecordRow& b) { return a.id < b.id; });
  Page page;
  if (static_cast<int>(rows.size()) > list.limit) {
    rows.resize(static_cast<std::size_t>(list.limit));
    page.next_cursor = rows.back().id;
  }
  for (const store::RecordRow& r : rows) page.items.push_back(Render(r));
  return page;
}

}  // namespace giai::service
