// DocumentationService::SubjectAccess: everything held about one person (GDPR Art. 15).
// See documentation_service.h for what is and is not included.
#include <set>

#include "access/policy.h"
#include "core/clock.h"
#include "core/edtf.h"
#include "service/consent_service.h"
#include "service/documentation_service.h"

namespace giai::service {

namespace {

using nlohmann::json;

constexpr int kMaxItems = 10000;
constexpr int kAuditPage = 1000;

// The ordinary fields of a record plus its metadata; protected fields never appear here.
json Plain(const store::RecordRow& row) {
  json out = json::parse(row.body);
  out.erase("_sealed");
  out["id"] = row.id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  return out;
}

Result<std::vector<store::RecordRow>> Children(store::Tx& tx, const access::Principal& who,
                                               const std::string& kind,
                                               const std::string& parent_id,
                                               std::vector<std::string> terms = {}) {
  store::RecordQuery q;
  q.kind = kind;
  q.org_id = who.org_id;
  q.compartments = who.compartments;
  q.parent_id = parent_id;
  q.terms = std::move(terms);
  q.limit = kMaxItems;
  return tx.ListRecords(q);
}

// Other people named in a list of {person_id, ...} entries are replaced by a marker.
void RedactOthers(json& list, const std::string& subject) {
  if (!list.is_array()) return;
  for (json& entry : list) {
    if (!entry.is_object() || !entry.contains("person_id")) continue;
    if (entry["person_id"] != subject) entry["person_id"] = "(another person)";
  }
}

}  // namespace

Result<json> DocumentationService::SubjectAccess(const access::Principal& who,
                                                 const access::RequestInfo& request,
                                                 const std::string& person_id) {
  const std::string action = "person.subject_access";
  const KindSpec& person_kind = *FindKind("person");
  // The named reviewer of a restricted person may answer it whatever their role (checked in
  // the transaction below); anyone else needs the identity right.
  const bool allowed = access::Allows(who, access::Action::kReadIdentity, person_kind.kind);
  if (!allowed && who.role != access::Role::kAdmin) {
    GIAI_RETURN_IF_ERROR(AuditDenied(who, request, action, person_id));
    return Forbidden("role " + std::string(access::RoleName(who.role)) +
                     " may not export what is held about a person");
  }
  if (request.purpose.empty()) {
    return InvalidInput("a subject-access export needs a purpose (X-Purpose header)", "X-Purpose");
  }
  json out;
  Status refusal;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow person, LoadVisible(tx, who, person_kind, person_id));
    // While the person's processing is restricted, only the reviewer the restriction names
    // answers their request (otherwise the export would be a way around the restriction).
    GIAI_ASSIGN_OR_RETURN(RestrictionState restriction,
                          CurrentRestriction(tx, person.org_id, person.id));
    const bool reviewer = restriction.restricted && restriction.reviewer_id == who.user_id;
    if (!allowed && !reviewer) {
      refusal = Forbidden("role " + std::string(access::RoleName(who.role)) +
                          " may not export what is held about a person");
      return Status::Ok();
    }
    if (restriction.restricted && !reviewer) {
      refusal = Status(Code::kConsentDenied,
                       "processing of this person's data is restricted; the reviewer named by "
                       "the restriction answers subject-access requests");
      return Status::Ok();  // audit the refusal below, then refuse
    }
    json person_json = Plain(person);
    json sealed = json::parse(person.body).value("_sealed", json::object());
    json identity;
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope person_scope,
                          protect::KeyScope::ForUser(who, person.org_id, person.compartment_id));
    if (sealed.contains("identity")) {
      GIAI_ASSIGN_OR_RETURN(
          std::optional<Identity> id,
          identities_.Get(tx, person_scope, person.id, sealed["identity"].get<std::int64_t>()));
      if (id) identity = IdentityToJson(*id);
    }
    std::set<std::string> records = {person.id};  // whose access history is reported

    json consents = json::array();
    GIAI_ASSIGN_OR_RETURN(auto consent_rows, Children(tx, who, "consent", person.id));
    for (const auto& row : consent_rows) {
      json c = Plain(row);
      c.erase("updated_at");
      c["recorded_by"] = row.created_by;
      consents.push_back(std::move(c));
      records.insert(row.id);
    }
    json restrictions = json::array();
    GIAI_ASSIGN_OR_RETURN(auto restriction_rows, Children(tx, who, "restriction", person.id));
    for (const auto& row : restriction_rows) {
      json r = Plain(row);
      json r_sealed = json::parse(row.body).value("_sealed", json::object());
      if (r_sealed.contains("reason")) {
        GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                              protect::KeyScope::ForUser(who, row.org_id, person.compartment_id));
        Result<std::optional<std::string>> reason =
            keys_.OpenField(tx, scope, row.id, "reason", r_sealed["reason"].get<std::int64_t>());
        if (!reason.ok() && reason.status().code() != Code::kNotFound) return reason.status();
        r["reason"] = reason.ok() && *reason ? json(**reason) : json();
      }
      r.erase("updated_at");
      r["recorded_by"] = row.created_by;
      restrictions.push_back(std::move(r));
    }
    const bool restricted = restriction.restricted;

    json testimonies = json::array();
    std::set<std::string> incident_ids;
    GIAI_ASSIGN_OR_RETURN(auto testimony_rows, Children(tx, who, "testimony", person.id));
    for (const auto& row : testimony_rows) {
      json t = Plain(row);
      json t_sealed = json::parse(row.body).value("_sealed", json::object());
      std::optional<std::string> text;
      if (t_sealed.contains("narrative")) {
        GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                              protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
        GIAI_ASSIGN_OR_RETURN(text, keys_.OpenField(tx, scope, row.id, "narrative",
                                                    t_sealed["narrative"].get<std::int64_t>()));
      }
      t["narrative"] = text ? json(*text) : json();
      for (const auto& i : t.value("incident_ids", std::vector<std::string>{})) {
        incident_ids.insert(i);
      }
      testimonies.push_back(std::move(t));
      records.insert(row.id);
    }

    json acts = json::array();
    GIAI_ASSIGN_OR_RETURN(auto act_rows, Children(tx, who, "act", "", {"victim:" + person.id}));
    for (const auto& row : act_rows) {
      json a = Plain(row);
      RedactOthers(a["victims"], person.id);
      if (a.contains("perpetrators")) RedactOthers(a["perpetrators"], person.id);
      a["role"] = "victim";
      acts.push_back(std::move(a));
    }
    json incidents = json::array();
    for (const std::string& id : incident_ids) {
      Result<store::RecordRow> row = tx.GetRecord(id);
      if (!row.ok() || row->kind != "incident" ||
          !access::CanSee(who, row->org_id, row->compartment_id)) {
        continue;
      }
      json i = Plain(*row);
      i["role"] = "witness";
      incidents.push_back(std::move(i));
    }

    json evidence = json::array();
    GIAI_ASSIGN_OR_RETURN(auto evidence_rows,
                          Children(tx, who, "evidence", "", {"person:" + person.id}));
    for (const auto& row : evidence_rows) {
      json body = json::parse(row.body);
      json e = {{"id", row.id}, {"created_at", row.created_at}};
      for (const char* key : {"status", "media_type", "sha256", "size", "declared_sha256",
                              "declared_size", "incident_id", "acquisition"}) {
        if (body.contains(key)) e[key] = body[key];
      }
      evidence.push_back(std::move(e));
    }

    // Who read or changed these records, and when (the organisation's audit trail).
    json accesses = json::array();
    std::string after;
    for (;;) {
      GIAI_ASSIGN_OR_RETURN(auto page, tx.ListAudit(who.org_id, after, kAuditPage));
      for (const auto& a : page) {
        if (!records.count(a.record_id)) continue;
        accesses.push_back({{"at", a.at},
                            {"user_id", a.user_id},
                            {"action", a.action},
                            {"record_id", a.record_id},
                            {"purpose", a.purpose},
                            {"outcome", a.outcome}});
      }
      if (static_cast<int>(page.size()) < kAuditPage) break;
      after = page.back().id;
    }

    out = {{"format", "giai-subject-access/1"},
           {"generated_at", NowRfc3339()},
           {"person", person_json},
           {"identity", identity},
           {"restricted", restricted},
           {"consents", consents},
           {"restrictions", restrictions},
           {"testimonies", testimonies},
           {"acts", acts},
           {"incidents", incidents},
           {"evidence", evidence},
           {"accesses", accesses}};
    return tx.AppendAudit(access::AuditEvent(who, action, person.id, request));
  }));
  if (!refusal.ok()) {
    GIAI_RETURN_IF_ERROR(AuditDenied(who, request, action, person_id));
    return refusal;
  }
  return out;
}

}  // namespace giai::service
