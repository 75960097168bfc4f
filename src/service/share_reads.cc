// Share use cases, recipient side: the items of a share, one item, its narrative, a person's
// identity, and contributions. Every call reloads the share, checks that it is approved, not
// revoked and not expired, and asks the consent gate again, in the transaction that reads and
// logs the access (an access record under the share, and audit events for both organisations).
#include <functional>

#include "access/policy.h"
#include "access/share_policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "service/internal/json_fields.h"
#include "service/internal/share_records.h"
#include "service/share_service.h"
#include "service/shared_reach.h"

namespace giai::service {

namespace {

using access::Action;
using access::Principal;
using access::RequestInfo;
using nlohmann::json;

struct Received {
  store::RecordRow share;
  json body;
  Recipient recipient = Recipient::kNgoPartner;
};

// A share addressed to the caller's organisation and approved at some point, or not_found.
Result<Received> LoadReceived(store::Tx& tx, const Principal& who, const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "share") return NotFound("no share " + id);
  Received r;
  r.body = json::parse(row->body);
  if (r.body.value("recipient_org_id", "") != who.org_id ||
      r.body.value("status", "") == "proposed") {
    return NotFound("no share " + id);
  }
  r.share = std::move(row).value();
  GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(who.org_id));
  GIAI_ASSIGN_OR_RETURN(r.recipient, internal::RecipientClassOf(tx, org));
  return r;
}

// Revocation and expiry, against the clock of this request.
Status CheckLive(const json& body) {
  const std::string state = internal::ShareState(body, NowRfc3339());
  if (state == "revoked") return Forbidden("the share was revoked");
  if (state == "expired") return Forbidden("the share expired");
  return Status::Ok();
}

bool InShare(const json& body, const std::string& item_id) {
  for (const json& item : body.value("items", json::array())) {
    if (item.value("id", "") == item_id) return true;
  }
  return false;
}

// The item within the share, readable by the caller's role, and within consent now.
Result<store::RecordRow> LoadItem(store::Tx& tx, const Principal& who, const Received& r,
                                  const std::string& item_id) {
  Result<store::RecordRow> row = NotFound("no item " + item_id + " in this share");
  if (internal::IsSet(r.body)) {
    // A set is resolved now: the item must be one of its members at this request.
    GIAI_ASSIGN_OR_RETURN(auto members,
                          internal::SetMembers(tx, r.share.org_id, r.body["object"]["query"]));
    for (store::RecordRow& m : members) {
      if (m.id == item_id) row = std::move(m);
    }
  } else {
    if (!InShare(r.body, item_id)) return NotFound("no item " + item_id + " in this share");
    row = tx.GetRecord(item_id);
  }
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok()) return NotFound("no item " + item_id + " in this share");
  if (!access::Allows(who, Action::kRead, row->kind)) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not read " +
                     row->kind + " records");
  }
  GIAI_ASSIGN_OR_RETURN(Decision d,
                        internal::GateItem(tx, *row, r.recipient, IdentityLevel::kPseudonymous));
  if (!d.allowed) return Status(Code::kConsentDenied, d.reason);
  return row;
}

// The owner's keys for an item read under a share: the recipient is no member of the item's
// compartment, but the share gate (LoadItem, in this transaction) decided for the owner, who
// could see the item when sharing it.
protect::KeyScope SharedItemScope(const store::RecordRow& row) {
  return protect::KeyScope::ForServer(row.org_id, row.compartment_id);
}

json Origin(const Received& r) {
  return {{"org_id", r.share.org_id},
          {"org_name", r.body.value("origin_name", "")},
          {"share_id", r.share.id},
          {"scope", r.body.value("scope", "")},
          {"expires_at", r.body.value("expires_at", "")}};
}

// Runs `work` under a live share for its recipient. Refusals the recipient may learn about
// (revoked, expired, consent withdrawn, role) are logged as denied accesses, then returned.
Result<json> Guarded(store::Store& store, const Principal& who, const RequestInfo& request,
                     const std::string& id, const std::string& item_id, const std::string& action,
                     const std::function<Result<json>(store::Tx&, const Received&)>& work) {
  if (!access::AllowsShare(who, access::ShareAction::kReceive)) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                     std::string(access::ShareActionName(access::ShareAction::kReceive)));
  }
  if (request.purpose.empty()) {
    return InvalidInput("reading shared material needs a purpose (X-Purpose header)", "X-Purpose");
  }
  json out;
  Status refusal = Status::Ok();
  store::RecordRow share;
  GIAI_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
    refusal = Status::Ok();
    GIAI_ASSIGN_OR_RETURN(Received r, LoadReceived(tx, who, id));
    share = r.share;
    refusal = CheckLive(r.body);
    if (!refusal.ok()) return Status::Ok();
    Result<json> result = work(tx, r);
    if (!result.ok()) {
      const Code code = result.status().code();
      if (code != Code::kForbidden && code != Code::kConsentDenied) return result.status();
      refusal = result.status();
      return Status::Ok();
    }
    out = std::move(result).value();
    return LogShareAccess(tx, who, request, r.share, action, item_id, "ok");
  }));
  if (!refusal.ok()) {
    GIAI_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) {
      return LogShareAccess(tx, who, request, share, action, item_id, "denied");
    }));
    return refusal;
  }
  return out;
}

}  // namespace

Result<json> ShareService::ListItems(const Principal& who, const RequestInfo& request,
                                     const std::string& id) {
  return Guarded(
      store_, who, request, id, "", "share.items.list",
      [&](store::Tx& tx, const Received& r) -> Result<json> {
        json items = json::array();
        json entries = r.body.value("items", json::array());
        if (internal::IsSet(r.body)) {
          entries = json::array();
          GIAI_ASSIGN_OR_RETURN(
              auto members, internal::SetMembers(tx, r.share.org_id, r.body["object"]["query"]));
          for (const store::RecordRow& m : members) entries.push_back({{"id", m.id}});
        }
        for (const json& entry : entries) {
          // Items the consent gate or the role no longer lets through are left out.
          Result<store::RecordRow> row = LoadItem(tx, who, r, entry["id"].get<std::string>());
          if (!row.ok()) {
            const Code code = row.status().code();
            if (code == Code::kForbidden || code == Code::kConsentDenied ||
                code == Code::kNotFound) {
              continue;
            }
            return row.status();
          }
          json item = internal::RenderItem(*row);
          item["origin"] = Origin(r);
          items.push_back(item);
        }
        return json{{"items", items}, {"next_cursor", nullptr}};
      });
}

Result<json> ShareService::GetItem(const Principal& who, const RequestInfo& request,
                                   const std::string& id, const std::string& item_id) {
  return Guarded(store_, who, request, id, item_id, "share.item.read",
                 [&](store::Tx& tx, const Received& r) -> Result<json> {
                   GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadItem(tx, who, r, item_id));
                   json item = internal::RenderItem(row);
                   item["origin"] = Origin(r);
                   item["read_only"] = r.body.value("scope", "") != "contribute";
                   return item;
                 });
}

Result<json> ShareService::ReadNarrative(const Principal& who, const RequestInfo& request,
                                         const std::string& id, const std::string& item_id) {
  return Guarded(store_, who, request, id, item_id, "share.narrative.read",
                 [&](store::Tx& tx, const Received& r) -> Result<json> {
                   GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadItem(tx, who, r, item_id));
                   if (row.kind != "incident" && row.kind != "act" && row.kind != "testimony") {
                     return NotFound("this kind of record has no narrative");
                   }
                   if (!access::Allows(who, Action::kReadNarrative, row.kind)) {
                     return Forbidden("role " + std::string(access::RoleName(who.role)) +
                                      " may not read narratives");
                   }
                   json sealed = json::parse(row.body).value("_sealed", json::object());
                   std::optional<std::string> text;
                   if (sealed.contains("narrative")) {
                     GIAI_ASSIGN_OR_RETURN(
                         text, keys_.OpenField(tx, SharedItemScope(row), row.id, "narrative",
                                               sealed["narrative"].get<std::int64_t>()));
                   }
                   return json{{"id", row.id},
                               {"version", row.version},
                               {"narrative", text ? json(*text) : json()},
                               {"origin", Origin(r)}};
                 });
}

Result<json> ShareService::ReadIdentity(const Principal& who, const RequestInfo& request,
                                        const std::string& id, const std::string& person_id) {
  return Guarded(store_, who, request, id, person_id, "share.identity.read",
                 [&](store::Tx& tx, const Received& r) -> Result<json> {
                   GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadItem(tx, who, r, person_id));
                   if (row.kind != "person")
                     return NotFound("no person " + person_id + " in this share");
                   if (r.body.value("scope", "") != "read_identity") {
                     return Forbidden("the share's scope does not include identities");
                   }
                   if (!access::Allows(who, Action::kReadIdentity, "person")) {
                     return Forbidden("role " + std::string(access::RoleName(who.role)) +
                                      " may not read identities");
                   }
                   GIAI_ASSIGN_OR_RETURN(
                       Decision d, internal::GateItem(tx, row, r.recipient, IdentityLevel::kFull));
                   if (!d.allowed) return Status(Code::kConsentDenied, d.reason);
                   json body = json::parse(row.body);
                   json sealed = body.value("_sealed", json::object());
                   std::optional<Identity> identity;
                   if (sealed.contains("identity")) {
                     GIAI_ASSIGN_OR_RETURN(identity,
                                           identities_.Get(tx, SharedItemScope(row), row.id,
                                                           sealed["identity"].get<std::int64_t>()));
                   }
                   return json{{"id", row.id},
                               {"pseudonym", body.value("pseudonym", "")},
                               {"version", row.version},
                               {"identity", identity ? IdentityToJson(*identity) : json()},
                               {"origin", Origin(r)}};
                 });
}

Result<json> ShareService::Contribute(const Principal& who, const RequestInfo& request,
                                      const std::string& id, const json& body) {
  if (!access::AllowsShare(who, access::ShareAction::kPropose)) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not contribute");
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(body, {"item_id", "type", "text"}));
  GIAI_ASSIGN_OR_RETURN(std::string item_id, internal::Text(body, "item_id", true, 64));
  GIAI_ASSIGN_OR_RETURN(std::string type,
                        internal::OneOf(body, "type", {"comment", "assessment"}, "comment"));
  GIAI_ASSIGN_OR_RETURN(std::string text,
                        internal::Text(body, "text", true, kMaxContributionBytes));
  RequestInfo info = request;
  if (info.purpose.empty()) info.purpose = "contribution";
  return Guarded(store_, who, info, id, item_id, "share.contribute",
                 [&](store::Tx& tx, const Received& r) -> Result<json> {
                   if (r.body.value("scope", "") != "contribute") {
                     return Forbidden("the share's scope does not allow contributions");
                   }
                   GIAI_RETURN_IF_ERROR(LoadItem(tx, who, r, item_id).status());
                   store::RecordRow row;
                   row.id = crypto::NewId("ctb");
                   row.kind = "contribution";
                   row.org_id =
                       who.org_id;  // the recipient's own record: the owner's stays untouched
                   row.parent_id = r.share.id;
                   row.created_at = row.updated_at = NowRfc3339();
                   row.created_by = who.user_id;
                   row.terms = {"item:" + item_id};
                   GIAI_RETURN_IF_ERROR(keys_.SealField(
                       tx, protect::KeyScope::Organisation(row.org_id), row.id, "text", 1, text));
                   json stored = {{"share_id", r.share.id},
                                  {"item_id", item_id},
                                  {"type", type},
                                  {"_sealed", {{"text", 1}}}};
                   row.body = stored.dump();
                   GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
                   stored.erase("_sealed");
                   stored["id"] = row.id;
                   stored["org_id"] = row.org_id;
                   stored["created_at"] = row.created_at;
                   stored["created_by"] = row.created_by;
                   stored["text"] = text;
                   return stored;
                 });
}

Result<json> ShareService::ListContributions(const Principal& who, const RequestInfo& request,
                                             const std::string& id) {
  if (request.purpose.empty()) {
    return InvalidInput("reading contributions needs a purpose (X-Purpose header)", "X-Purpose");
  }
  const bool oversee = access::AllowsShare(who, access::ShareAction::kOversee);
  if (!oversee && !access::AllowsShare(who, access::ShareAction::kReceive)) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) +
                     " may not read contributions");
  }
  json items = json::array();
  Status refusal = Status::Ok();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    items = json::array();
    refusal = Status::Ok();
    Result<store::RecordRow> share = tx.GetRecord(id);
    if (!share.ok() && share.status().code() != Code::kNotFound) return share.status();
    if (!share.ok() || share->kind != "share") return NotFound("no share " + id);
    const json body = json::parse(share->body);
    const bool owner = share->org_id == who.org_id && oversee;
    if (!owner) {
      GIAI_ASSIGN_OR_RETURN(Received r, LoadReceived(tx, who, id));
      refusal = CheckLive(r.body);
      if (!refusal.ok()) return Status::Ok();
    }
    store::RecordQuery q;
    q.kind = "contribution";
    q.org_id = body.value("recipient_org_id", "");
    q.parent_id = id;
    q.limit = 10000;
    GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
    for (const store::RecordRow& row : rows) {
      json c = json::parse(row.body);
      c.erase("_sealed");
      GIAI_ASSIGN_OR_RETURN(
          std::optional<std::string> text,
          keys_.OpenField(tx, protect::KeyScope::Organisation(row.org_id), row.id, "text", 1));
      c["id"] = row.id;
      c["org_id"] = row.org_id;
      c["created_at"] = row.created_at;
      c["created_by"] = row.created_by;
      c["text"] = text ? json(*text) : json();
      items.push_back(c);
    }
    return tx.AppendAudit(access::AuditEvent(who, "share.contributions.read", id, request));
  }));
  if (!refusal.ok()) return refusal;
  return json{{"items", items}, {"next_cursor", nullptr}};
}

}  // namespace giai::service
