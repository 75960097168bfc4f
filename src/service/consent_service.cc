#include "service/consent_service.h"

#include "access/policy.h"
#include "core/clock.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "protect/blind_index.h"
#include "service/share_service.h"

namespace giai::service {

namespace {

using nlohmann::json;

Status LoadPerson(store::Tx& tx, const access::Principal& who, const std::string& person_id) {
  Result<store::RecordRow> row = tx.GetRecord(person_id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "person" ||
      !access::CanSee(who, row->org_id, row->compartment_id)) {
    return NotFound("no person " + person_id);
  }
  return Status::Ok();
}

Result<std::vector<store::RecordRow>> Versions(store::Tx& tx, const std::string& org_id,
                                               const std::string& person_id) {
  store::RecordQuery q;
  q.kind = "consent";
  q.org_id = org_id;
  q.parent_id = person_id;
  q.limit = 10000;
  return tx.ListRecords(q);
}

Result<Consent> FromStored(const store::RecordRow& row) {
  json j = json::parse(row.body, nullptr, false);
  if (j.is_discarded()) return Integrity("stored consent " + row.id + " is not readable");
  bool withdrawn = j.value("withdrawn", false);
  j.erase("withdrawn");
  GIAI_ASSIGN_OR_RETURN(Consent c, ConsentFromJson(j));
  c.withdrawn = withdrawn;
  return c;
}

json Render(const store::RecordRow& row) {
  json out = json::parse(row.body);
  out["id"] = row.id;
  out["person_id"] = row.parent_id;
  out["version"] = row.version;
  out["recorded_at"] = row.created_at;
  out["recorded_by"] = row.created_by;
  // The commitment the transparency log will hold for this version (no personal data in it).
  out["sha256"] = crypto::ToHex(crypto::Sha256Of(row.id + "\n" + row.body));
  return out;
}

}  // namespace

namespace {

// The consent a person's latest version states (nullptr: none recorded) under a restriction.
Result<std::optional<Consent>> ConsentOf(const store::RecordRow* latest, bool restricted) {
  if (latest == nullptr) {
    if (!restricted) return std::optional<Consent>();
    Consent none;  // no consent at all: only a restriction review may read
    none.restricted = true;
    return std::optional<Consent>(std::move(none));
  }
  GIAI_ASSIGN_OR_RETURN(Consent c, FromStored(*latest));
  c.restricted = restricted;
  return std::optional<Consent>(std::move(c));
}

}  // namespace

Result<std::optional<Consent>> LatestConsent(store::Tx& tx, const std::string& org_id,
                                             const std::string& person_id) {
  GIAI_ASSIGN_OR_RETURN(auto versions, Versions(tx, org_id, person_id));
  GIAI_ASSIGN_OR_RETURN(bool restricted, IsRestricted(tx, org_id, person_id));
  // Ids are time-ordered and versions never change: the last one is the latest.
  return ConsentOf(versions.empty() ? nullptr : &versions.back(), restricted);
}

Result<std::unordered_map<std::string, std::optional<Consent>>> LatestConsents(
    store::Tx& tx, const std::string& org_id, const std::vector<std::string>& person_ids) {
  // The same latest versions as Versions() and the restriction's versions would end with: the
  // highest id per person and kind, outside compartments.
  GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows,
                        tx.LatestChildren(org_id, {"consent", "restriction"}, person_ids));
  std::unordered_map<std::string, const store::RecordRow*> consent_of;
  std::unordered_map<std::string, bool> restricted;
  for (const store::RecordRow& row : rows) {
    if (row.kind == "consent") consent_of[row.parent_id] = &row;
    if (row.kind == "restriction") restricted[row.parent_id] = RestrictionOfLatest(row).restricted;
  }
  std::unordered_map<std::string, std::optional<Consent>> out;
  out.reserve(person_ids.size());
  for (const std::string& id : person_ids) {
    auto c = consent_of.find(id);
    auto r = restricted.find(id);
    GIAI_ASSIGN_OR_RETURN(
        std::optional<Consent> consent,
        ConsentOf(c == consent_of.end() ? nullptr : c->second, r != restricted.end() && r->second));
    out[id] = std::move(consent);
  }
  return out;
}

Result<json> ConsentService::Append(const access::Principal& who,
                                    const access::RequestInfo& request,
                                    const std::string& person_id, const Consent& consent,
                                    const std::string& action) {
  if (!access::Allows(who, access::Action::kWrite, "person")) {
    return Forbidden("this role may not record consent");
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(LoadPerson(tx, who, person_id));
    GIAI_ASSIGN_OR_RETURN(auto versions, Versions(tx, who.org_id, person_id));
    row.id = crypto::NewId("cns");
    row.kind = "consent";
    row.org_id = who.org_id;
    row.version = static_cast<std::int64_t>(versions.size()) + 1;
    row.created_at = row.updated_at = NowRfc3339();
    row.created_by = who.user_id;
    row.parent_id = person_id;
    row.body = ConsentToJson(consent).dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    if (ledger_) {
      GIAI_RETURN_IF_ERROR(
          ledger_->CommitRecordVersion(tx, row, ledger::CommitmentKind::kConsentVersion).status());
    }
    if (consent.withdrawn) {
      // Follow-up tasks for the owner and every organisation that received the person's data,
      // in the withdrawal's transaction (docs/SHARING.md).
      GIAI_RETURN_IF_ERROR(CreateWithdrawalTasks(tx, who, request, person_id));
    }
    return tx.AppendAudit(access::AuditEvent(who, action, person_id, request));
  }));
  return Render(row);
}

Result<json> ConsentService::Record(const access::Principal& who,
                                    const access::RequestInfo& request,
                                    const std::string& person_id, const json& body) {
  GIAI_ASSIGN_OR_RETURN(Consent consent, ConsentFromJson(body));
  return Append(who, request, person_id, consent, "person.consent.record");
}

Result<json> ConsentService::Withdraw(const access::Principal& who,
                                      const access::RequestInfo& request,
                                      const std::string& person_id) {
  Consent withdrawal;
  withdrawal.given_how = "written";
  withdrawal.information_sheet_version = "withdrawal";
  withdrawal.language = "und";
  withdrawal.withdrawn = true;
  return Append(who, request, person_id, withdrawal, "person.consent.withdraw");
}

Result<json> ConsentService::History(const access::Principal& who, const std::string& person_id) {
  if (!access::Allows(who, access::Action::kRead, "person")) {
    return Forbidden("this role may not read consents");
  }
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(LoadPerson(tx, who, person_id));
    GIAI_ASSIGN_OR_RETURN(auto versions, Versions(tx, who.org_id, person_id));
    for (const auto& v : versions) items.push_back(Render(v));
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> ConsentService::EraseIdentity(const access::Principal& who,
                                           const access::RequestInfo& request,
                                           const std::string& person_id) {
  if (!access::Allows(who, access::Action::kWrite, "person")) {
    return Forbidden("this role may not erase identities");
  }
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(LoadPerson(tx, who, person_id));
    GIAI_RETURN_IF_ERROR(tx.ShredSealed(person_id, "identity"));
    // The record no longer claims an identity.
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, tx.GetRecord(person_id));
    json body = json::parse(row.body);
    body["_sealed"].erase("identity");
    row.body = body.dump();
    // Nor can it be found by name any more.
    std::erase_if(row.terms,
                  [](const std::string& t) { return protect::BlindIndex::IsIndexTerm(t); });
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(who, "person.identity.erase", person_id, request));
  }));
  return json{{"id", person_id}, {"identity_erased", true}};
}

}  // namespace giai::service
