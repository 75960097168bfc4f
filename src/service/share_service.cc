// Share use cases, owner side: propose, approve, revoke, read and list shares, the access log.
// The recipient side is in share_reads.cc, follow-up tasks in share_tasks.cc.
#include "service/share_service.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "access/policy.h"
#include "access/share_policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "service/internal/json_fields.h"
#include "service/internal/share_records.h"

namespace giai::service {

namespace {

using access::AllowsShare;
using access::Principal;
using access::RequestInfo;
using access::ShareAction;
using nlohmann::json;

Status Deny(const Principal& who, ShareAction action) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::ShareActionName(action)));
}

Status CheckLimit(const ShareListRequest& list) {
  if (list.limit < 1 || list.limit > DocumentationService::kMaxPageSize) {
    return InvalidInput("must be between 1 and 500", "limit");
  }
  return Status::Ok();
}

// A share of the caller's organisation, or not_found.
Result<store::RecordRow> LoadOwnShare(store::Tx& tx, const Principal& who, const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "share" || row->org_id != who.org_id) {
    return NotFound("no share " + id);
  }
  return row;
}

// Runs the consent gate over `ids` and splits them into items that may go and refused ones;
// sets the share's terms (recipient, the persons of the items that go, the items).
Status GateAll(store::Tx& tx, const std::vector<store::RecordRow>& rows, Recipient recipient,
               const std::string& scope, json& body, store::RecordRow& share) {
  json items = json::array(), refused = json::array();
  std::set<std::string> persons;
  for (const store::RecordRow& item : rows) {
    GIAI_ASSIGN_OR_RETURN(Decision d,
                          internal::GateItem(tx, item, recipient, IdentityLevel::kPseudonymous));
    if (!d.allowed) {
      refused.push_back({{"id", item.id}, {"kind", item.kind}, {"reason", d.reason}});
      continue;
    }
    json entry = {{"id", item.id}, {"kind", item.kind}};
    if (item.kind == "person") {
      bool identity = false;
      if (scope == "read_identity") {
        GIAI_ASSIGN_OR_RETURN(Decision full,
                              internal::GateItem(tx, item, recipient, IdentityLevel::kFull));
        identity = full.allowed;
        if (!full.allowed) entry["identity_withheld_reason"] = full.reason;
      }
      entry["identity_disclosed"] = identity;
    }
    items.push_back(entry);
    for (const std::string& p : internal::PersonsOf(item)) persons.insert(p);
  }
  body["items"] = items;
  body["refused"] = refused;
  share.terms = {"recipient:" + body["recipient_org_id"].get<std::string>()};
  for (const std::string& p : persons) share.terms.push_back("person:" + p);
  for (const json& i : items) share.terms.push_back("item:" + i["id"].get<std::string>());
  // A set's members change: readers find set shares by this term and resolve them then.
  if (internal::IsSet(body)) share.terms.push_back("set");
  return Status::Ok();
}

bool InItems(const json& body, const std::string& id) {
  for (const json& item : body.value("items", json::array())) {
    if (item.value("id", "") == id) return true;
  }
  return false;
}

Result<Page> PageOf(std::vector<store::RecordRow> rows, const ShareListRequest& list, bool owner,
                    const std::string& now) {
  Page page;
  if (static_cast<int>(rows.size()) > list.limit) {
    rows.resize(static_cast<std::size_t>(list.limit));
    page.next_cursor = rows.back().id;
  }
  for (const store::RecordRow& row : rows) {
    page.items.push_back(internal::RenderShare(row, owner, now));
  }
  return page;
}

}  // namespace

Result<json> ShareService::Propose(const Principal& who, const RequestInfo& request,
                                   const json& body) {
  if (!AllowsShare(who, ShareAction::kPropose)) return Deny(who, ShareAction::kPropose);
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(body, {"recipient_org_id", "object", "scope", "purpose",
                                                   "legal_basis", "agreement_id", "expires_at"}));
  GIAI_ASSIGN_OR_RETURN(std::string agreement_id, internal::Text(body, "agreement_id", false, 64));
  GIAI_ASSIGN_OR_RETURN(std::string recipient_id,
                        internal::Text(body, "recipient_org_id", true, 64));
  GIAI_ASSIGN_OR_RETURN(
      std::string scope,
      internal::OneOf(body, "scope", {"read_pseudonymised", "read_identity", "contribute"}, ""));
  if (scope.empty()) return InvalidInput("is required", "scope");
  GIAI_ASSIGN_OR_RETURN(std::string purpose, internal::Text(body, "purpose", true, 500));
  // With an agreement, the agreement is the legal basis unless the sharer adds one.
  GIAI_ASSIGN_OR_RETURN(std::string legal_basis,
                        internal::Text(body, "legal_basis", agreement_id.empty(), 500));
  GIAI_ASSIGN_OR_RETURN(std::string expires_at, internal::Text(body, "expires_at", true, 40));
  if (!internal::IsUtcTimestamp(expires_at)) {
    return InvalidInput("must be an RFC 3339 UTC time with seconds (2027-01-31T00:00:00Z)",
                        "expires_at");
  }
  const auto now_tp = WallNow();
  const std::string now = ToRfc3339(now_tp);
  if (expires_at <= now) return InvalidInput("must be in the future", "expires_at");
  if (expires_at > ToRfc3339(now_tp + std::chrono::hours(24 * kMaxExpiryDays))) {
    return InvalidInput("must be at most " + std::to_string(kMaxExpiryDays) + " days ahead",
                        "expires_at");
  }
  if (!body.contains("object")) return InvalidInput("is required", "object");

  store::RecordRow row;
  row.id = crypto::NewId("shr");
  row.kind = "share";
  row.org_id = who.org_id;
  row.created_at = row.updated_at = now;
  row.created_by = who.user_id;
  json stored;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Result<store::OrganisationRow> org = tx.GetOrganisation(recipient_id);
    if (!org.ok() && org.status().code() != Code::kNotFound) return org.status();
    if (!org.ok()) return InvalidInput("unknown organisation", "recipient_org_id");
    if (org->id == who.org_id) {
      return InvalidInput("is the caller's own organisation", "recipient_org_id");
    }
    GIAI_ASSIGN_OR_RETURN(Recipient recipient, internal::RecipientClassOf(tx, *org));
    // A mechanism receives under a formal agreement only (its confidentiality and deletion
    // duties are in it); between platform organisations an agreement is optional.
    if (org->kind == "mechanism" && agreement_id.empty()) {
      return InvalidInput("a share to a mechanism needs the agreement it is made under",
                          "agreement_id");
    }
    json agreement;
    if (!agreement_id.empty()) {
      GIAI_ASSIGN_OR_RETURN(agreement, internal::AgreementForShare(tx, agreement_id, who.org_id,
                                                                   org->id, scope, expires_at));
      if (legal_basis.empty()) legal_basis = "agreement: " + agreement.value("title", "");
    }
    GIAI_ASSIGN_OR_RETURN(auto rows, internal::ResolveObject(tx, who, body["object"]));
    if (rows.size() > kMaxItems) return InvalidInput("too many items in one share", "object");
    stored = {{"recipient_org_id", org->id},
              {"recipient_name", org->name},
              {"recipient_class", RecipientName(recipient)},
              {"object", body["object"]},
              {"scope", scope},
              {"purpose", purpose},
              {"legal_basis", legal_basis},
              {"agreement_id", agreement_id.empty() ? json() : json(agreement_id)},
              {"expires_at", expires_at},
              {"status", "proposed"},
              {"proposed_by", who.user_id},
              {"approved_by", nullptr},
              {"approved_at", nullptr},
              {"revoked_by", nullptr},
              {"revoked_at", nullptr}};
    GIAI_ASSIGN_OR_RETURN(store::OrganisationRow own, tx.GetOrganisation(who.org_id));
    stored["origin_name"] = own.name;
    GIAI_RETURN_IF_ERROR(GateAll(tx, rows, recipient, scope, stored, row));
    row.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return tx.AppendAudit(access::AuditEvent(who, "share.propose", row.id, request));
  }));
  return internal::RenderShare(row, true, now);
}

Result<json> ShareService::Approve(const Principal& who, const RequestInfo& request,
                                   const std::string& id) {
  if (!AllowsShare(who, ShareAction::kApprove)) return Deny(who, ShareAction::kApprove);
  store::RecordRow row;
  const std::string now = NowRfc3339();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadOwnShare(tx, who, id));
    json body = json::parse(row.body);
    const std::string state = internal::ShareState(body, now);
    if (state != "proposed") return Conflict("the share is " + state + ", not proposed");
    if (body.value("proposed_by", "") == who.user_id) {
      return Forbidden("a share is approved by someone other than its proposer");
    }
    // The gate again: consent may have changed since the proposal.
    GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org,
                          tx.GetOrganisation(body["recipient_org_id"].get<std::string>()));
    GIAI_ASSIGN_OR_RETURN(Recipient recipient, internal::RecipientClassOf(tx, org));
    // The agreement must still be in force: one that expired since the proposal blocks it.
    if (body.value("agreement_id", json()).is_string()) {
      Result<json> agreement = internal::AgreementForShare(
          tx, body["agreement_id"].get<std::string>(), row.org_id, org.id,
          body["scope"].get<std::string>(), body["expires_at"].get<std::string>());
      if (!agreement.ok()) {
        return Conflict("the share's agreement no longer allows it: " +
                        agreement.status().message());
      }
    }
    std::vector<store::RecordRow> rows;
    if (internal::IsSet(body)) {
      GIAI_ASSIGN_OR_RETURN(rows, internal::SetMembers(tx, row.org_id, body["object"]["query"]));
    }
    for (const char* list : {"items", "refused"}) {
      if (internal::IsSet(body)) break;
      for (const json& item : body[list]) {
        Result<store::RecordRow> r = tx.GetRecord(item["id"].get<std::string>());
        if (r.ok()) rows.push_back(std::move(r).value());
      }
    }
    std::sort(rows.begin(), rows.end(),
              [](const store::RecordRow& a, const store::RecordRow& b) { return a.id < b.id; });
    GIAI_RETURN_IF_ERROR(GateAll(tx, rows, recipient, body["scope"].get<std::string>(), body, row));
    body["status"] = "active";
    body["approved_by"] = who.user_id;
    body["approved_at"] = now;
    // Each evidence item that goes leaves the owner's sole custody: the chain says to whom,
    // under which share, until when.
    if (evidence_) {
      for (const store::RecordRow& item : rows) {
        if (item.kind != "evidence" || !InItems(body, item.id)) continue;
        GIAI_RETURN_IF_ERROR(evidence_
                                 ->RecordCustody(tx, item, "transferred", who.user_id, request,
                                                 {{"share_id", row.id},
                                                  {"recipient_org_id", body["recipient_org_id"]},
                                                  {"scope", body["scope"]},
                                                  {"expires_at", body["expires_at"]}})
                                 .status());
      }
    }
    row.body = body.dump();
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = now;
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(who, "share.approve", row.id, request));
  }));
  return internal::RenderShare(row, true, now);
}

Result<json> ShareService::Revoke(const Principal& who, const RequestInfo& request,
                                  const std::string& id) {
  if (!AllowsShare(who, ShareAction::kApprove)) return Deny(who, ShareAction::kApprove);
  store::RecordRow row;
  const std::string now = NowRfc3339();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadOwnShare(tx, who, id));
    json body = json::parse(row.body);
    if (body.value("status", "") == "revoked") return Conflict("the share is already revoked");
    body["status"] = "revoked";
    body["revoked_by"] = who.user_id;
    body["revoked_at"] = now;
    row.body = body.dump();
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = now;
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(who, "share.revoke", row.id, request));
  }));
  return internal::RenderShare(row, true, now);
}

Result<json> ShareService::Get(const Principal& who, const std::string& id) {
  const bool oversee = AllowsShare(who, ShareAction::kOversee);
  if (!oversee && !AllowsShare(who, ShareAction::kReceive)) {
    return Deny(who, ShareAction::kReceive);
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    Result<store::RecordRow> r = tx.GetRecord(id);
    if (!r.ok() && r.status().code() != Code::kNotFound) return r.status();
    if (!r.ok() || r->kind != "share") return NotFound("no share " + id);
    const json body = json::parse(r->body);
    const bool owner = r->org_id == who.org_id && oversee;
    // A recipient sees a share once it was approved; until then it does not exist for them.
    const bool recipient =
        body.value("recipient_org_id", "") == who.org_id && body.value("status", "") != "proposed";
    if (!owner && !recipient) return NotFound("no share " + id);
    row = std::move(r).value();
    return Status::Ok();
  }));
  return internal::RenderShare(row, row.org_id == who.org_id, NowRfc3339());
}

Result<Page> ShareService::ListGiven(const Principal& who, const ShareListRequest& list) {
  if (!AllowsShare(who, ShareAction::kOversee)) return Deny(who, ShareAction::kOversee);
  GIAI_RETURN_IF_ERROR(CheckLimit(list));
  store::RecordQuery q;
  q.kind = "share";
  q.org_id = who.org_id;
  q.after_id = list.cursor;
  q.limit = list.limit + 1;
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(rows, tx.ListRecords(q));
    return Status::Ok();
  }));
  return PageOf(std::move(rows), list, true, NowRfc3339());
}

Result<json> ShareService::Recipients(const Principal& who) {
  if (!AllowsShare(who, ShareAction::kPropose)) return Deny(who, ShareAction::kPropose);
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
    for (const store::OrganisationRow& org : orgs) {
      if (org.id == who.org_id) continue;
      Result<Recipient> recipient = internal::RecipientClassOf(tx, org);
      if (!recipient.ok()) {
        // A mechanism without a recorded class cannot receive shares; storage errors propagate.
        if (recipient.status().code() == Code::kInvalidInput) continue;
        return recipient.status();
      }
      items.push_back({{"id", org.id},
                       {"name", org.name},
                       {"kind", org.kind},
                       {"recipient_class", RecipientName(*recipient)}});
    }
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<Page> ShareService::ListReceived(const Principal& who, const ShareListRequest& list) {
  if (!AllowsShare(who, ShareAction::kReceive)) return Deny(who, ShareAction::kReceive);
  GIAI_RETURN_IF_ERROR(CheckLimit(list));
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
    for (const store::OrganisationRow& org : orgs) {
      if (org.id == who.org_id) continue;
      store::RecordQuery q;
      q.kind = "share";
      q.org_id = org.id;
      q.terms = {"recipient:" + who.org_id};
      q.after_id = list.cursor;
      q.limit = list.limit + 1;
      GIAI_ASSIGN_OR_RETURN(auto found, tx.ListRecords(q));
      for (store::RecordRow& r : found) {
        if (json::parse(r.body).value("status", "") != "proposed") rows.push_back(std::move(r));
      }
    }
    return Status::Ok();
  }));
  std::sort(rows.begin(), rows.end(),
            [](const store::RecordRow& a, const store::RecordRow& b) { return a.id < b.id; });
  return PageOf(std::move(rows), list, false, NowRfc3339());
}

Result<Page> ShareService::AccessLog(const Principal& who, const std::string& id,
                                     const ShareListRequest& list) {
  if (!AllowsShare(who, ShareAction::kOversee)) return Deny(who, ShareAction::kOversee);
  GIAI_RETURN_IF_ERROR(CheckLimit(list));
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(LoadOwnShare(tx, who, id).status());
    store::RecordQuery q;
    q.kind = "share_access";
    q.org_id = who.org_id;
    q.parent_id = id;
    q.after_id = list.cursor;
    q.limit = list.limit + 1;
    GIAI_ASSIGN_OR_RETURN(rows, tx.ListRecords(q));
    return Status::Ok();
  }));
  Page page;
  if (static_cast<int>(rows.size()) > list.limit) {
    rows.resize(static_cast<std::size_t>(list.limit));
    page.next_cursor = rows.back().id;
  }
  for (const store::RecordRow& r : rows) {
    json entry = json::parse(r.body);
    entry["id"] = r.id;
    entry["share_id"] = r.parent_id;
    entry["at"] = r.created_at;
    page.items.push_back(entry);
  }
  return page;
}

}  // namespace giai::service
