#include "service/shared_reach.h"

#include <algorithm>
#include <map>

#include "access/policy.h"
#include "access/share_policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "service/internal/share_records.h"

namespace giai::service {

namespace {

using access::Principal;
using nlohmann::json;

struct LiveShare {
  store::RecordRow row;
  json body;
};

// The shares to the caller's organisation that are active now, by id (oldest first); with
// `item_id`, only those holding it.
Result<std::vector<LiveShare>> LiveShares(store::Tx& tx, const Principal& who,
                                          const std::string& item_id) {
  std::vector<LiveShare> out;
  // Read when the first share is seen: an answer about an organisation that holds no share
  // does not depend on the time, and may be reused until the data changes (http/read_cache.h).
  std::string now;
  GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
  for (const store::OrganisationRow& org : orgs) {
    if (org.id == who.org_id) continue;
    store::RecordQuery q;
    q.kind = "share";
    q.org_id = org.id;
    q.terms = {"recipient:" + who.org_id};
    if (!item_id.empty()) q.terms.push_back("item:" + item_id);
    q.limit = 10000;
    GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
    if (!item_id.empty()) {
      // Sets hold no item terms (their members are resolved now): take them all, and let the
      // caller check membership.
      q.terms = {"recipient:" + who.org_id, "set"};
      GIAI_ASSIGN_OR_RETURN(auto sets, tx.ListRecords(q));
      for (store::RecordRow& set : sets) rows.push_back(std::move(set));
    }
    for (store::RecordRow& row : rows) {
      json body = json::parse(row.body);
      if (body.value("recipient_org_id", "") != who.org_id) continue;
      if (now.empty()) now = NowRfc3339();
      if (internal::ShareState(body, now) != "active") continue;
      out.push_back({std::move(row), std::move(body)});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const LiveShare& a, const LiveShare& b) { return a.row.id < b.row.id; });
  return out;
}

// The ids a live share holds now: its items, or a set's current members.
Result<std::vector<std::string>> HeldIds(store::Tx& tx, const LiveShare& share) {
  std::vector<std::string> out;
  if (internal::IsSet(share.body)) {
    GIAI_ASSIGN_OR_RETURN(
        auto members, internal::SetMembers(tx, share.row.org_id, share.body["object"]["query"]));
    for (const store::RecordRow& m : members) out.push_back(m.id);
    return out;
  }
  for (const json& item : share.body.value("items", json::array())) {
    out.push_back(item.value("id", ""));
  }
  return out;
}

Result<Recipient> CallerClass(store::Tx& tx, const Principal& who) {
  GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(who.org_id));
  return internal::RecipientClassOf(tx, org);
}

SharedRecord Make(store::RecordRow row, const LiveShare& share) {
  SharedRecord out;
  out.row = std::move(row);
  out.share = share.row;
  out.scope = share.body.value("scope", "");
  out.origin = {{"org_id", share.row.org_id},
                {"org_name", share.body.value("origin_name", "")},
                {"share_id", share.row.id},
                {"scope", out.scope},
                {"expires_at", share.body.value("expires_at", "")}};
  return out;
}

// The record passes the gate for the caller's role and the consent of the persons it concerns.
Result<bool> Passes(store::Tx& tx, const Principal& who, const store::RecordRow& row,
                    Recipient recipient) {
  if (!access::Allows(who, access::Action::kRead, row.kind)) return false;
  GIAI_ASSIGN_OR_RETURN(Decision d,
                        internal::GateItem(tx, row, recipient, IdentityLevel::kPseudonymous));
  return d.allowed;
}

bool HasTerm(const store::RecordRow& row, const std::string& term) {
  return std::find(row.terms.begin(), row.terms.end(), term) != row.terms.end();
}

// The store's list filter, applied to one record (store/sqlite ListRecords is the reference).
Result<bool> Matches(store::Tx& tx, const store::RecordRow& row, const store::RecordQuery& q) {
  if (!q.after_id.empty() && row.id <= q.after_id) return false;
  if (!q.country.empty() && row.country != q.country) return false;
  if (q.from && row.latest && *row.latest < *q.from) return false;
  if (q.to && row.earliest && *row.earliest > *q.to) return false;
  if (!q.parent_id.empty() && row.parent_id != q.parent_id) return false;
  for (const std::string& term : q.terms) {
    if (HasTerm(row, term)) continue;
    if (!q.terms_via_children) return false;
    store::RecordQuery children;
    children.org_id = row.org_id;
    children.parent_id = row.id;
    children.terms = {term};
    children.limit = 1;
    GIAI_ASSIGN_OR_RETURN(auto compartments, tx.ListCompartments(row.org_id));
    for (const store::CompartmentRow& c : compartments) children.compartments.push_back(c.id);
    GIAI_ASSIGN_OR_RETURN(auto found, tx.ListRecords(children));
    if (found.empty()) return false;
  }
  return true;
}

Result<std::optional<SharedRecord>> None() { return std::optional<SharedRecord>(); }

}  // namespace

Result<std::optional<SharedRecord>> FindShared(store::Tx& tx, const Principal& who,
                                               std::string_view kind, const std::string& id) {
  if (!access::AllowsShare(who, access::ShareAction::kReceive)) return None();
  GIAI_ASSIGN_OR_RETURN(auto shares, LiveShares(tx, who, id));
  if (shares.empty()) return None();
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != kind || row->org_id == who.org_id) return None();
  GIAI_ASSIGN_OR_RETURN(Recipient recipient, CallerClass(tx, who));
  GIAI_ASSIGN_OR_RETURN(bool passes, Passes(tx, who, *row, recipient));
  if (!passes) return None();
  for (const LiveShare& share : shares) {
    if (share.row.org_id != row->org_id) continue;
    GIAI_ASSIGN_OR_RETURN(std::vector<std::string> held, HeldIds(tx, share));
    if (std::find(held.begin(), held.end(), id) == held.end()) continue;
    return std::optional<SharedRecord>(Make(std::move(row).value(), share));
  }
  return None();
}

Result<std::vector<SharedRecord>> ListShared(store::Tx& tx, const Principal& who,
                                             std::string_view kind,
                                             const store::RecordQuery& filter) {
  std::vector<SharedRecord> out;
  if (!access::AllowsShare(who, access::ShareAction::kReceive)) return out;
  if (!access::Allows(who, access::Action::kRead, kind)) return out;
  GIAI_ASSIGN_OR_RETURN(auto shares, LiveShares(tx, who, ""));
  if (shares.empty()) return out;
  GIAI_ASSIGN_OR_RETURN(Recipient recipient, CallerClass(tx, who));
  std::map<std::string, const LiveShare*> first;  // item id -> the oldest share holding it
  for (const LiveShare& share : shares) {
    if (internal::IsSet(share.body)) {
      // Only sets of this kind: their members are resolved now.
      GIAI_ASSIGN_OR_RETURN(
          auto members, internal::SetMembers(tx, share.row.org_id, share.body["object"]["query"]));
      for (const store::RecordRow& m : members) {
        if (m.kind != kind || (!filter.after_id.empty() && m.id <= filter.after_id)) continue;
        first.emplace(m.id, &share);
      }
      continue;
    }
    for (const json& item : share.body.value("items", json::array())) {
      if (item.value("kind", "") != kind) continue;
      const std::string id = item.value("id", "");
      if (!filter.after_id.empty() && id <= filter.after_id) continue;
      first.emplace(id, &share);
    }
  }
  for (const auto& [id, share] : first) {
    Result<store::RecordRow> row = tx.GetRecord(id);
    if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
    if (!row.ok() || row->kind != kind || row->org_id != share->row.org_id) continue;
    GIAI_ASSIGN_OR_RETURN(bool matches, Matches(tx, *row, filter));
    if (!matches) continue;
    GIAI_ASSIGN_OR_RETURN(bool passes, Passes(tx, who, *row, recipient));
    if (!passes) continue;
    out.push_back(Make(std::move(row).value(), *share));
  }
  return out;  // std::map iterates in id order
}

Result<bool> SharedIdentityAllowed(store::Tx& tx, const Principal& who,
                                   const SharedRecord& shared) {
  if (shared.scope != "read_identity" || shared.row.kind != "person") return false;
  if (!access::Allows(who, access::Action::kReadIdentity, "person")) return false;
  GIAI_ASSIGN_OR_RETURN(Recipient recipient, CallerClass(tx, who));
  GIAI_ASSIGN_OR_RETURN(Decision d,
                        internal::GateItem(tx, shared.row, recipient, IdentityLevel::kFull));
  return d.allowed;
}

Status SharedContentAllowed(store::Tx& tx, const Principal& who, const SharedRecord& shared) {
  if (shared.scope != "read_identity") {
    return Forbidden("the share's scope (" + shared.scope +
                     ") does not include evidence content; that needs read_identity");
  }
  GIAI_ASSIGN_OR_RETURN(Recipient recipient, CallerClass(tx, who));
  GIAI_ASSIGN_OR_RETURN(Decision d,
                        internal::GateItem(tx, shared.row, recipient, IdentityLevel::kFull));
  if (!d.allowed) return Status(Code::kConsentDenied, d.reason);
  return Status::Ok();
}

Status LogShareAccess(store::Tx& tx, const Principal& who, const access::RequestInfo& request,
                      const store::RecordRow& share, const std::string& action,
                      const std::string& item_id, const std::string& outcome) {
  store::RecordRow log;
  log.id = crypto::NewId("sac");
  log.kind = "share_access";
  log.org_id = share.org_id;
  log.parent_id = share.id;
  log.created_at = log.updated_at = NowRfc3339();
  log.created_by = who.user_id;
  log.body =
      json{{"user_id", who.user_id},     {"user_org_id", who.org_id},
           {"action", action},           {"item_id", item_id.empty() ? json() : json(item_id)},
           {"purpose", request.purpose}, {"outcome", outcome}}
          .dump();
  GIAI_RETURN_IF_ERROR(tx.InsertRecord(log));
  const std::string record = item_id.empty() ? share.id : item_id;
  GIAI_RETURN_IF_ERROR(tx.AppendAudit(access::AuditEvent(who, action, record, request, outcome)));
  Principal as_owner = who;
  as_owner.org_id = share.org_id;
  return tx.AppendAudit(access::AuditEvent(as_owner, action, record, request, outcome));
}

json MarkShared(json rendered, const SharedRecord& shared) {
  rendered.erase("compartment_id");
  rendered["shared"] = true;
  rendered["origin"] = shared.origin;
  rendered["read_only"] = shared.scope != "contribute";
  return rendered;
}

Status SharedReadOnly(std::string_view kind, const std::string& id) {
  return Forbidden(std::string(kind) + " " + id +
                   " is shared with your organisation and read-only; comment or assess it "
                   "under the share (POST /shares/{id}/contributions)");
}

}  // namespace giai::service
