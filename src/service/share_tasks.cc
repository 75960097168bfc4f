// Follow-up tasks (consent withdrawn: remove copies / stop using) and the class of mechanism
// organisations. Tasks are records of kind "task" owned by the organisation that must act.
#include <set>

#include "access/policy.h"
#include "access/share_policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "service/internal/json_fields.h"
#include "service/internal/share_records.h"
#include "service/share_service.h"

namespace giai::service {

namespace {

using access::Principal;
using access::RequestInfo;
using nlohmann::json;

constexpr const char* kWithdrawnTitle = "consent withdrawn: remove copies / stop using";
constexpr const char* kAgreementEndedTitle =
    "agreement ended: return or delete what was received under it";

json RenderTask(const store::RecordRow& row) {
  json out = json::parse(row.body);
  out["id"] = row.id;
  out["org_id"] = row.org_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  return out;
}

Status InsertTask(store::Tx& tx, const Principal& who, const RequestInfo& request,
                  const std::string& org_id, json body) {
  store::RecordRow row;
  row.id = crypto::NewId("tsk");
  row.kind = "task";
  row.org_id = org_id;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = who.user_id;
  row.parent_id = body.value("person_id", "");
  row.terms = {"status:open"};
  body["status"] = "open";
  body["closed_at"] = nullptr;
  body["closed_by"] = nullptr;
  body["note"] = nullptr;
  row.body = body.dump();
  GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
  Principal as_org = who;
  as_org.org_id = org_id;
  return tx.AppendAudit(access::AuditEvent(as_org, "task.create", row.id, request));
}

Result<store::RecordRow> LoadTask(store::Tx& tx, const Principal& who, const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "task" || row->org_id != who.org_id) {
    return NotFound("no task " + id);
  }
  return row;
}

Status DenyTasks(const Principal& who) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::ShareActionName(access::ShareAction::kOversee)));
}

}  // namespace

Status CreateWithdrawalTasks(store::Tx& tx, const Principal& who, const RequestInfo& request,
                             const std::string& person_id) {
  GIAI_ASSIGN_OR_RETURN(store::RecordRow person, tx.GetRecord(person_id));
  const std::string pseudonym = json::parse(person.body).value("pseudonym", "");
  store::RecordQuery q;
  q.kind = "share";
  q.org_id = person.org_id;
  q.terms = {"person:" + person_id};
  q.limit = 100000;
  GIAI_ASSIGN_OR_RETURN(auto shares, tx.ListRecords(q));
  json share_ids = json::array();
  for (const store::RecordRow& share : shares) {
    const json body = json::parse(share.body);
    if (body.value("status", "") == "proposed") continue;  // nothing ever reached the recipient
    share_ids.push_back(share.id);
    // The items of this share that concern the person.
    json item_ids = json::array();
    for (const json& item : body.value("items", json::array())) {
      Result<store::RecordRow> row = tx.GetRecord(item["id"].get<std::string>());
      if (!row.ok()) continue;
      for (const std::string& p : internal::PersonsOf(*row)) {
        if (p == person_id) item_ids.push_back(row->id);
      }
    }
    GIAI_RETURN_IF_ERROR(InsertTask(tx, who, request, body["recipient_org_id"].get<std::string>(),
                                    {{"type", "consent_withdrawn"},
                                     {"title", kWithdrawnTitle},
                                     {"person_id", person_id},
                                     {"pseudonym", pseudonym},
                                     {"origin_org_id", share.org_id},
                                     {"share_id", share.id},
                                     {"item_ids", item_ids}}));
  }
  return InsertTask(tx, who, request, person.org_id,
                    {{"type", "consent_withdrawn"},
                     {"title", kWithdrawnTitle},
                     {"person_id", person_id},
                     {"pseudonym", pseudonym},
                     {"origin_org_id", person.org_id},
                     {"share_ids", share_ids}});
}

Status EndSharesUnderAgreement(store::Tx& tx, const Principal& who, const RequestInfo& request,
                               const std::string& agreement_id, const json& agreement) {
  const std::string status = agreement.value("status", "");
  const bool ended = status == "terminated" || status == "suspended";
  const std::string last_instant = agreement.value("ends_on", "") + "T23:59:59Z";
  const std::string now = NowRfc3339();
  for (const json& party : agreement.value("parties", json::array())) {
    // Shares name their agreement in the body only; an organisation's shares are few.
    store::RecordQuery q;
    q.kind = "share";
    q.org_id = party.get<std::string>();
    q.limit = 100000;
    GIAI_ASSIGN_OR_RETURN(auto shares, tx.ListRecords(q));
    for (store::RecordRow& share : shares) {
      json body = json::parse(share.body);
      if (body.value("agreement_id", json()) != agreement_id) continue;
      const std::string state = internal::ShareState(body, now);
      if (state != "active" && state != "proposed") continue;
      std::string action;
      if (ended) {
        body["status"] = "revoked";
        body["revoked_by"] = who.user_id;
        body["revoked_at"] = now;
        body["revoked_reason"] = "agreement_" + status;
        action = "share.revoke";
      } else if (body.value("expires_at", "") > last_instant) {
        body["expires_at"] = last_instant;  // the agreement was shortened: so is the share
        action = "share.shorten";
      } else {
        continue;
      }
      share.body = body.dump();
      const std::int64_t previous = share.version;
      share.version = previous + 1;
      share.updated_at = now;
      GIAI_RETURN_IF_ERROR(tx.UpdateRecord(share, previous));
      Principal as_owner = who;
      as_owner.org_id = share.org_id;
      GIAI_RETURN_IF_ERROR(tx.AppendAudit(access::AuditEvent(as_owner, action, share.id, request)));
      // What already reached the recipient must go back or be deleted under the agreement's terms.
      if (ended && state == "active") {
        GIAI_RETURN_IF_ERROR(InsertTask(tx, who, request,
                                        body["recipient_org_id"].get<std::string>(),
                                        {{"type", "agreement_ended"},
                                         {"title", kAgreementEndedTitle},
                                         {"agreement_id", agreement_id},
                                         {"agreement_status", status},
                                         {"origin_org_id", share.org_id},
                                         {"share_id", share.id}}));
      }
    }
  }
  return Status::Ok();
}

Status SetMechanismClass(store::Tx& tx, const std::string& org_id, const std::string& cls) {
  if (cls != "icc" && cls != "un_mechanism" && cls != "national_prosecutor") {
    return InvalidInput("must be icc, un_mechanism or national_prosecutor", "class");
  }
  GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(org_id));
  if (org.kind != "mechanism") return InvalidInput("only a mechanism has a class", "class");
  store::RecordRow row;
  row.id = crypto::NewId("mcl");
  row.kind = "mechanism_class";
  row.org_id = org_id;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = "operator";
  row.terms = {"class:" + cls};
  row.body = json{{"class", cls}}.dump();
  return tx.InsertRecord(row);
}

Result<Page> ShareService::ListTasks(const Principal& who, const ShareListRequest& list) {
  if (!access::AllowsShare(who, access::ShareAction::kOversee)) return DenyTasks(who);
  if (list.limit < 1 || list.limit > DocumentationService::kMaxPageSize) {
    return InvalidInput("must be between 1 and 500", "limit");
  }
  if (!list.status.empty() && list.status != "open" && list.status != "closed") {
    return InvalidInput("must be open or closed", "status");
  }
  store::RecordQuery q;
  q.kind = "task";
  q.org_id = who.org_id;
  if (!list.status.empty()) q.terms = {"status:" + list.status};
  q.after_id = list.cursor;
  q.limit = list.limit + 1;
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(rows, tx.ListRecords(q));
    return Status::Ok();
  }));
  Page page;
  if (static_cast<int>(rows.size()) > list.limit) {
    rows.resize(static_cast<std::size_t>(list.limit));
    page.next_cursor = rows.back().id;
  }
  for (const store::RecordRow& row : rows) page.items.push_back(RenderTask(row));
  return page;
}

Result<json> ShareService::GetTask(const Principal& who, const std::string& id) {
  if (!access::AllowsShare(who, access::ShareAction::kOversee)) return DenyTasks(who);
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadTask(tx, who, id));
    return Status::Ok();
  }));
  return RenderTask(row);
}

Result<json> ShareService::CloseTask(const Principal& who, const RequestInfo& request,
                                     const std::string& id, const json& body) {
  if (!access::AllowsShare(who, access::ShareAction::kOversee)) return DenyTasks(who);
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(body, {"note"}));
  GIAI_ASSIGN_OR_RETURN(std::string note, internal::Text(body, "note", false, 2000));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadTask(tx, who, id));
    json stored = json::parse(row.body);
    if (stored.value("status", "") == "closed") return Conflict("the task is already closed");
    stored["status"] = "closed";
    stored["closed_at"] = NowRfc3339();
    stored["closed_by"] = who.user_id;
    stored["note"] = note.empty() ? json() : json(note);
    row.body = stored.dump();
    row.terms = {"status:closed"};
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(who, "task.close", row.id, request));
  }));
  return RenderTask(row);
}

}  // namespace giai::service
