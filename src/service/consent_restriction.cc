// ConsentService: the restricted state of a person (GDPR Art. 18). See consent_service.h.
#include "access/policy.h"
#include "core/clock.h"
#include "core/edtf.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "service/consent_service.h"

namespace giai::service {

namespace {

using nlohmann::json;

Result<std::vector<store::RecordRow>> RestrictionVersions(store::Tx& tx, const std::string& org_id,
                                                          const std::string& person_id) {
  store::RecordQuery q;
  q.kind = "restriction";
  q.org_id = org_id;
  q.parent_id = person_id;
  q.limit = 10000;
  return tx.ListRecords(q);
}

Result<std::string> Text(const json& body, const char* key, bool required, std::size_t max) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return InvalidInput("is required", key);
    return std::string();
  }
  if (!it->is_string() || it->get_ref<const std::string&>().size() > max) {
    return InvalidInput("must be a string of at most " + std::to_string(max) + " bytes", key);
  }
  const std::string& text = it->get_ref<const std::string&>();
  if (required && text.find_first_not_of(" \t\n") == std::string::npos) {
    return InvalidInput("must not be empty", key);
  }
  return text;
}

// A version as the API shows it. `reason`: the opened sealed reason (nullopt: unreadable, the
// key was destroyed). Versions written before reasons were sealed keep theirs in the body.
json Render(const store::RecordRow& row, const std::optional<std::string>& reason) {
  json out = json::parse(row.body);
  if (out.contains("_sealed")) {
    out.erase("_sealed");
    out["reason"] = reason ? json(*reason) : json();
  }
  out["id"] = row.id;
  out["person_id"] = row.parent_id;
  out["version"] = row.version;
  out["recorded_at"] = row.created_at;
  out["recorded_by"] = row.created_by;
  // Digest of the stored version (the reason's ciphertext is bound to it by its AEAD data).
  out["sha256"] = crypto::ToHex(crypto::Sha256Of(row.id + "\n" + row.body));
  return out;
}

// The person, if the caller may see them (404 otherwise, like a missing record).
Result<store::RecordRow> LoadPerson(store::Tx& tx, const access::Principal& who,
                                    const std::string& person_id) {
  Result<store::RecordRow> row = tx.GetRecord(person_id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "person" ||
      !access::CanSee(who, row->org_id, row->compartment_id)) {
    return NotFound("no person " + person_id);
  }
  return row;
}

}  // namespace

RestrictionState RestrictionOfLatest(const store::RecordRow& latest_version) {
  json latest = json::parse(latest_version.body, nullptr, false);
  // Fail closed: an unreadable restriction version keeps the person restricted (no reviewer).
  if (latest.is_discarded() || !latest.is_object()) return RestrictionState{true, ""};
  return RestrictionState{latest.value("restricted", true), latest.value("reviewer_id", "")};
}

Result<RestrictionState> CurrentRestriction(store::Tx& tx, const std::string& org_id,
                                            const std::string& person_id) {
  GIAI_ASSIGN_OR_RETURN(auto versions, RestrictionVersions(tx, org_id, person_id));
  if (versions.empty()) return RestrictionState{};
  return RestrictionOfLatest(versions.back());
}

Result<json> ConsentService::AppendRestriction(const access::Principal& who,
                                               const access::RequestInfo& request,
                                               const std::string& person_id, json body,
                                               bool restricted) {
  const std::string action = restricted ? "person.restriction.set" : "person.restriction.lift";
  // The reason is free text that may name people: it is sealed, never stored in the body.
  const std::string reason = body["reason"].get<std::string>();
  body.erase("reason");
  store::RecordRow row;
  bool refused = false;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow person, LoadPerson(tx, who, person_id));
    if (who.role != access::Role::kAdmin) {
      refused = true;  // audited below, after this transaction
      return Status::Ok();
    }
    if (body.contains("reviewer_id")) {
      Result<store::UserRow> reviewer = tx.GetUser(body["reviewer_id"].get<std::string>());
      if (!reviewer.ok() || reviewer->org_id != who.org_id) {
        return InvalidInput("no such user in this organisation", "reviewer_id");
      }
    }
    GIAI_ASSIGN_OR_RETURN(auto versions, RestrictionVersions(tx, who.org_id, person_id));
    GIAI_ASSIGN_OR_RETURN(bool now, IsRestricted(tx, who.org_id, person_id));
    if (now == restricted) {
      return Conflict(restricted ? "this person's processing is already restricted"
                                 : "this person's processing is not restricted");
    }
    body["restricted"] = restricted;
    row.id = crypto::NewId("rst");
    row.kind = "restriction";
    row.org_id = who.org_id;
    row.version = static_cast<std::int64_t>(versions.size()) + 1;
    row.created_at = row.updated_at = NowRfc3339();
    row.created_by = who.user_id;
    row.parent_id = person_id;
    body["_sealed"] = {{"reason", row.version}};  // like narratives: the sealed version
    row.body = body.dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                          protect::KeyScope::ForUser(who, person.org_id, person.compartment_id));
    GIAI_RETURN_IF_ERROR(keys_.SealField(tx, scope, row.id, "reason", row.version, reason));
    if (ledger_) {
      GIAI_RETURN_IF_ERROR(
          ledger_->CommitRecordVersion(tx, row, ledger::CommitmentKind::kRestrictionVersion)
              .status());
    }
    return tx.AppendAudit(access::AuditEvent(who, action, person_id, request));
  });
  GIAI_RETURN_IF_ERROR(st);
  if (refused) {
    GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
      return tx.AppendAudit(access::AuditEvent(who, action, person_id, request, "denied"));
    }));
    return Forbidden("only an administrator may restrict or lift a restriction");
  }
  return Render(row, reason);
}

Result<json> ConsentService::Restrict(const access::Principal& who,
                                      const access::RequestInfo& request,
                                      const std::string& person_id, const json& body) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "reason" && key != "legal_basis" && key != "review_date" && key != "reviewer_id") {
      return InvalidInput("is not a field of a restriction", key);
    }
  }
  GIAI_ASSIGN_OR_RETURN(std::string reason, Text(body, "reason", true, 1000));
  GIAI_ASSIGN_OR_RETURN(std::string legal_basis, Text(body, "legal_basis", false, 200));
  GIAI_ASSIGN_OR_RETURN(std::string review_date, Text(body, "review_date", false, 10));
  if (!review_date.empty() && !ParseIsoDay(review_date).ok()) {
    return InvalidInput("must be YYYY-MM-DD", "review_date");
  }
  GIAI_ASSIGN_OR_RETURN(std::string reviewer, Text(body, "reviewer_id", false, 64));
  json stored = {{"reason", reason}, {"reviewer_id", reviewer.empty() ? who.user_id : reviewer}};
  if (!legal_basis.empty()) stored["legal_basis"] = legal_basis;
  if (!review_date.empty()) stored["review_date"] = review_date;
  return AppendRestriction(who, request, person_id, std::move(stored), true);
}

Result<json> ConsentService::LiftRestriction(const access::Principal& who,
                                             const access::RequestInfo& request,
                                             const std::string& person_id, const json& body) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "reason") return InvalidInput("is not a field of a lift", key);
  }
  GIAI_ASSIGN_OR_RETURN(std::string reason, Text(body, "reason", true, 1000));
  return AppendRestriction(who, request, person_id, json{{"reason", reason}}, false);
}

Result<json> ConsentService::Restriction(const access::Principal& who,
                                         const std::string& person_id) {
  if (!access::Allows(who, access::Action::kRead, "person")) {
    return Forbidden("this role may not read restrictions");
  }
  json items = json::array();
  bool restricted = false;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow person, LoadPerson(tx, who, person_id));
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                          protect::KeyScope::ForUser(who, person.org_id, person.compartment_id));
    GIAI_ASSIGN_OR_RETURN(auto versions, RestrictionVersions(tx, who.org_id, person_id));
    for (const auto& v : versions) {
      Result<std::optional<std::string>> reason =
          keys_.OpenField(tx, scope, v.id, "reason", v.version);
      // Destroyed keys (an erased compartment) leave the version without its reason.
      if (!reason.ok() && reason.status().code() != Code::kNotFound) return reason.status();
      items.push_back(Render(v, reason.ok() ? *reason : std::nullopt));
    }
    GIAI_ASSIGN_OR_RETURN(restricted, IsRestricted(tx, who.org_id, person_id));
    return Status::Ok();
  }));
  return json{{"person_id", person_id}, {"restricted", restricted}, {"items", items}};
}

}  // namespace giai::service
