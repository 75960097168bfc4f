// Case use cases: cases, charges, element assessments, open-source items.
// The matrix, suggestions and the case file are in case_matrix_service.cc.
#include "service/case_service.h"

#include <algorithm>
#include <regex>

#include "access/policy.h"
#include "core/clock.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "service/internal/case_records.h"
#include "service/internal/json_fields.h"

namespace giai::service {

namespace {

using access::Action;
using access::Allows;
using access::Principal;
using access::RequestInfo;
using nlohmann::json;

Status Deny(const Principal& who, Action action, std::string_view what) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::ActionName(action)) + " " + std::string(what));
}

// Fields the server owns: clients may read them but never set them.
Status NoServerFields(const json& body) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  for (const char* key :
       {"id", "org_id", "version", "created_at", "updated_at", "created_by", "case_id", "charge_id",
        "item_kind", "has_note", "assessed_by", "assessed_at", "withdrawn", "withdrawal"}) {
    if (body.contains(key)) return InvalidInput("is set by the server", key);
  }
  return Status::Ok();
}

store::RecordRow NewRow(const Principal& who, const char* kind, const char* prefix) {
  store::RecordRow row;
  row.id = crypto::NewId(prefix);
  row.kind = kind;
  row.org_id = who.org_id;
  row.version = 1;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = who.user_id;
  return row;
}

Result<Page> PageOf(store::Store& store, store::RecordQuery q, const CaseListRequest& list) {
  if (list.limit < 1 || list.limit > DocumentationService::kMaxPageSize) {
    return InvalidInput("must be between 1 and 500", "limit");
  }
  q.after_id = list.cursor;
  q.limit = list.limit + 1;
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(rows, tx.ListRecords(q));
    return Status::Ok();
  }));
  Page page;
  if (static_cast<int>(rows.size()) > list.limit) {
    rows.resize(static_cast<std::size_t>(list.limit));
    page.next_cursor = rows.back().id;
  }
  for (const store::RecordRow& row : rows) page.items.push_back(internal::RenderRecord(row));
  return page;
}

}  // namespace

Result<json> CaseService::CreateCase(const Principal& who, const RequestInfo& request,
                                     const json& body) {
  if (!Allows(who, Action::kWrite, "case")) return Deny(who, Action::kWrite, "cases");
  GIAI_RETURN_IF_ERROR(NoServerFields(body));
  json input = body;
  // The creator is always on the team (a case nobody can reach would be lost).
  if (input.contains("team") && input["team"].is_object()) {
    json& ids = input["team"]["user_ids"];
    if (ids.is_null()) ids = json::array();
    if (ids.is_array() && std::find(ids.begin(), ids.end(), who.user_id) == ids.end()) {
      ids.push_back(who.user_id);
    }
  } else if (!input.contains("team")) {
    input["team"] = {{"user_ids", json::array({who.user_id})}};
  }
  store::RecordRow row = NewRow(who, "case", "cas");
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(internal::ValidateCase(tx, who, input, row));
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return tx.AppendAudit(access::AuditEvent(who, "case.create", row.id, request));
  }));
  return internal::RenderRecord(row);
}

Result<json> CaseService::GetCase(const Principal& who, const std::string& id) {
  if (!Allows(who, Action::kRead, "case")) return Deny(who, Action::kRead, "cases");
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, internal::LoadCase(tx, who, id));
    return Status::Ok();
  }));
  return internal::RenderRecord(row);
}

Result<json> CaseService::UpdateCase(const Principal& who, const RequestInfo& request,
                                     const std::string& id, std::int64_t expected_version,
                                     const json& patch) {
  if (!Allows(who, Action::kWrite, "case")) return Deny(who, Action::kWrite, "cases");
  GIAI_RETURN_IF_ERROR(NoServerFields(patch));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, internal::LoadCase(tx, who, id));
    if (row.version != expected_version) {
      return Status(Code::kPreconditionFailed, "the case is at version " +
                                                   std::to_string(row.version) +
                                                   "; reload it and apply your change again");
    }
    json stored = json::parse(row.body);
    stored.merge_patch(patch);
    const std::string compartment = row.compartment_id;
    GIAI_RETURN_IF_ERROR(internal::ValidateCase(tx, who, stored, row));
    // Charges and assessments carry the case's compartment: moving the case would strand them.
    if (row.compartment_id != compartment) {
      return InvalidInput("cannot change once the case exists", "team.compartment_id");
    }
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    return tx.AppendAudit(access::AuditEvent(who, "case.update", row.id, request));
  }));
  return internal::RenderRecord(row);
}

Result<Page> CaseService::ListCases(const Principal& who, const CaseListRequest& list) {
  if (!Allows(who, Action::kRead, "case")) return Deny(who, Action::kRead, "cases");
  store::RecordQuery q;
  q.kind = "case";
  q.org_id = who.org_id;
  q.compartments = who.compartments;
  q.terms = {"team:" + who.user_id};
  return PageOf(store_, q, list);
}

Result<json> CaseService::CreateCharge(const Principal& who, const RequestInfo& request,
                                       const std::string& case_id, const json& body) {
  if (!Allows(who, Action::kWrite, "charge")) return Deny(who, Action::kWrite, "charges");
  GIAI_RETURN_IF_ERROR(NoServerFields(body));
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(body, {"crime_id", "mode_id", "suspect_id"}));
  GIAI_ASSIGN_OR_RETURN(std::string crime_id, internal::Text(body, "crime_id", true, 64));
  GIAI_ASSIGN_OR_RETURN(std::string mode_id, internal::Text(body, "mode_id", true, 64));
  GIAI_ASSIGN_OR_RETURN(std::string suspect_id, internal::Text(body, "suspect_id", true, 64));
  const Crime* crime = vocabulary_.FindCrime(crime_id);
  if (!crime) return InvalidInput("unknown crime id", "crime_id");
  if (!crime->InForce()) return InvalidInput("this provision is not in force", "crime_id");
  if (!vocabulary_.FindMode(mode_id)) return InvalidInput("unknown mode of liability", "mode_id");
  store::RecordRow row = NewRow(who, "charge", "chg");
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow kase, internal::LoadCase(tx, who, case_id));
    if (std::find(kase.terms.begin(), kase.terms.end(), "suspect:" + suspect_id) ==
        kase.terms.end()) {
      return InvalidInput("is not a suspect of this case", "suspect_id");
    }
    row.parent_id = kase.id;
    row.compartment_id = kase.compartment_id;
    row.terms = {"crime:" + crime_id, "mode:" + mode_id, "suspect:" + suspect_id};
    json stored = {{"case_id", kase.id},
                   {"crime_id", crime_id},
                   {"mode_id", mode_id},
                   {"suspect_id", suspect_id}};
    row.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return tx.AppendAudit(access::AuditEvent(who, "charge.create", row.id, request));
  }));
  return internal::RenderRecord(row);
}

Result<Page> CaseService::ListCharges(const Principal& who, const std::string& case_id,
                                      const CaseListRequest& list) {
  if (!Allows(who, Action::kRead, "charge")) return Deny(who, Action::kRead, "charges");
  store::RecordRow kase;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(kase, internal::LoadCase(tx, who, case_id));
    return Status::Ok();
  }));
  store::RecordQuery q;
  q.kind = "charge";
  q.org_id = kase.org_id;
  q.compartments = internal::CompartmentsOf(kase);
  q.parent_id = kase.id;
  return PageOf(store_, q, list);
}

Result<json> CaseService::CreateAssessment(const Principal& who, const RequestInfo& request,
                                           const std::string& charge_id, const json& body) {
  if (!Allows(who, Action::kWrite, "assessment")) {
    return Deny(who, Action::kWrite, "assessments");
  }
  GIAI_RETURN_IF_ERROR(NoServerFields(body));
  GIAI_RETURN_IF_ERROR(
      internal::ExpectOnly(body, {"element_id", "item_id", "relation", "weight", "note"}));
  GIAI_ASSIGN_OR_RETURN(std::string element_id, internal::Text(body, "element_id", true, 64));
  GIAI_ASSIGN_OR_RETURN(std::string item_id, internal::Text(body, "item_id", true, 64));
  GIAI_ASSIGN_OR_RETURN(
      std::string relation_name,
      internal::OneOf(body, "relation", {"supports", "contradicts", "context"}, ""));
  if (relation_name.empty()) return InvalidInput("is required", "relation");
  auto weight = body.find("weight");
  if (weight == body.end() || !weight->is_number_integer() ||
      weight->get<std::int64_t>() < cases::kMinWeight ||
      weight->get<std::int64_t>() > cases::kMaxWeight) {
    return InvalidInput("must be an integer from 1 (weak) to 5 (conclusive)", "weight");
  }
  GIAI_ASSIGN_OR_RETURN(std::string note, internal::Text(body, "note", false, kMaxNoteBytes));

  store::RecordRow row = NewRow(who, "assessment", "asm");
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    store::RecordRow kase;
    GIAI_ASSIGN_OR_RETURN(store::RecordRow charge, internal::LoadCharge(tx, who, charge_id, &kase));
    GIAI_ASSIGN_OR_RETURN(internal::ChargeInfo info, internal::ChargeOf(charge, vocabulary_));
    if (std::none_of(info.elements.begin(), info.elements.end(),
                     [&](const cases::ChargeElement& e) { return e.id == element_id; })) {
      return InvalidInput("is not an element of this charge", "element_id");
    }
    // The item: registered once (evidence, testimony, act or open-source item), within reach.
    Result<store::RecordRow> item = tx.GetRecord(item_id);
    if (!item.ok() && item.status().code() != Code::kNotFound) return item.status();
    static constexpr std::string_view kItemKinds[] = {"evidence", "testimony", "act", "source"};
    if (!item.ok() ||
        std::find(std::begin(kItemKinds), std::end(kItemKinds), item->kind) ==
            std::end(kItemKinds) ||
        !access::CanSee(who, item->org_id, item->compartment_id)) {
      return InvalidInput("unknown item (an evidence item, testimony, act or open-source item)",
                          "item_id");
    }
    store::RecordQuery dup;
    dup.kind = "assessment";
    dup.org_id = charge.org_id;
    dup.compartments = internal::CompartmentsOf(charge);
    dup.parent_id = charge.id;
    dup.terms = {"item:" + item_id, "element:" + element_id};
    dup.limit = 1000;
    GIAI_ASSIGN_OR_RETURN(auto existing, tx.ListRecords(dup));
    if (!existing.empty()) {
      // A withdrawn link does not stop the item being linked again (a fresh assessment).
      GIAI_ASSIGN_OR_RETURN(auto withdrawals, internal::WithdrawalsOf(tx, charge));
      for (const store::RecordRow& e : existing) {
        if (withdrawals.contains(e.id)) continue;
        return Status(Code::kConflict, "this item is already linked to this element (" + e.id + ")",
                      "item_id");
      }
    }
    row.parent_id = charge.id;
    row.compartment_id = charge.compartment_id;
    row.terms = {"case:" + kase.id, "element:" + element_id, "item:" + item_id};
    json stored = {{"case_id", kase.id},           {"charge_id", charge.id},
                   {"element_id", element_id},     {"item_id", item_id},
                   {"item_kind", item->kind},      {"relation", relation_name},
                   {"weight", weight->get<int>()}, {"assessed_by", who.user_id}};
    json sealed = json::object();
    if (!note.empty()) {
      GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                            protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
      GIAI_RETURN_IF_ERROR(keys_.SealField(tx, scope, row.id, "note", row.version, note));
      sealed["note"] = row.version;
    }
    stored["_sealed"] = sealed;
    row.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return tx.AppendAudit(access::AuditEvent(who, "assessment.create", row.id, request));
  }));
  json out = internal::RenderRecord(row);
  out["assessed_at"] = row.created_at;
  return out;
}

Result<Page> CaseService::ListAssessments(const Principal& who, const std::string& charge_id,
                                          const CaseListRequest& list) {
  if (!Allows(who, Action::kRead, "assessment")) return Deny(who, Action::kRead, "assessments");
  store::RecordRow charge;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(charge, internal::LoadCharge(tx, who, charge_id));
    return Status::Ok();
  }));
  store::RecordQuery q;
  q.kind = "assessment";
  q.org_id = charge.org_id;
  q.compartments = internal::CompartmentsOf(charge);
  q.parent_id = charge.id;
  GIAI_ASSIGN_OR_RETURN(Page page, PageOf(store_, q, list));
  std::map<std::string, cases::Assessment::Withdrawal> withdrawals;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(withdrawals, internal::WithdrawalsOf(tx, charge));
    return Status::Ok();
  }));
  for (json& item : page.items) {
    item["assessed_at"] = item["created_at"];
    auto w = withdrawals.find(item["id"].get<std::string>());
    item["withdrawn"] = w != withdrawals.end();
    item["withdrawal"] = internal::WithdrawalJson(
        w == withdrawals.end() ? std::nullopt : std::make_optional(w->second));
  }
  return page;
}

Result<json> CaseService::WithdrawAssessment(const Principal& who, const RequestInfo& request,
                                             const std::string& assessment_id, const json& body) {
  if (!Allows(who, Action::kWrite, "assessment")) {
    return Deny(who, Action::kWrite, "assessments");
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(body, {"reason"}));
  GIAI_ASSIGN_OR_RETURN(std::string reason, internal::Text(body, "reason", true, kMaxReasonBytes));
  if (reason.empty()) return InvalidInput("a withdrawal needs a reason", "reason");
  store::RecordRow row = NewRow(who, "assessment_withdrawal", "awd");
  json out;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Result<store::RecordRow> assessment = tx.GetRecord(assessment_id);
    if (!assessment.ok() && assessment.status().code() != Code::kNotFound) {
      return assessment.status();
    }
    if (!assessment.ok() || assessment->kind != "assessment") {
      return NotFound("no assessment " + assessment_id);
    }
    Result<store::RecordRow> charge = internal::LoadCharge(tx, who, assessment->parent_id);
    if (!charge.ok()) {
      if (charge.status().code() == Code::kNotFound)
        return NotFound("no assessment " + assessment_id);
      return charge.status();
    }
    GIAI_ASSIGN_OR_RETURN(auto withdrawals, internal::WithdrawalsOf(tx, *charge));
    if (withdrawals.contains(assessment_id)) {
      return Status(Code::kConflict, "this assessment was already withdrawn (" +
                                         withdrawals[assessment_id].id + ")");
    }
    row.parent_id = charge->id;
    row.compartment_id = charge->compartment_id;
    row.terms = {"assessment:" + assessment_id};
    row.body = json{{"assessment_id", assessment_id}, {"charge_id", charge->id}, {"reason", reason}}
                   .dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    out = internal::RenderRecord(*assessment);
    out["assessed_at"] = out["created_at"];
    out["withdrawn"] = true;
    out["withdrawal"] = internal::WithdrawalJson(
        cases::Assessment::Withdrawal{row.id, reason, who.user_id, row.created_at});
    return tx.AppendAudit(access::AuditEvent(who, "assessment.withdraw", assessment_id, request));
  }));
  return out;
}

Result<json> CaseService::ReadAssessmentNote(const Principal& who, const RequestInfo& request,
                                             const std::string& assessment_id) {
  if (!Allows(who, Action::kReadNarrative, "assessment")) {
    GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
      return tx.AppendAudit(
          access::AuditEvent(who, "assessment.note.read", assessment_id, request, "denied"));
    }));
    return Deny(who, Action::kReadNarrative, "assessments");
  }
  if (request.purpose.empty()) {
    return InvalidInput("reading a note needs a purpose (X-Purpose header)", "X-Purpose");
  }
  json out;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Result<store::RecordRow> row = tx.GetRecord(assessment_id);
    if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
    if (!row.ok() || row->kind != "assessment" ||
        !internal::LoadCharge(tx, who, row->parent_id).ok()) {
      return NotFound("no assessment " + assessment_id);
    }
    json sealed = json::parse(row->body).value("_sealed", json::object());
    std::optional<std::string> text;
    if (sealed.contains("note")) {
      GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                            protect::KeyScope::ForUser(who, row->org_id, row->compartment_id));
      GIAI_ASSIGN_OR_RETURN(
          text, keys_.OpenField(tx, scope, row->id, "note", sealed["note"].get<std::int64_t>()));
    }
    out = {{"id", row->id}, {"version", row->version}, {"note", text ? json(*text) : json()}};
    return tx.AppendAudit(access::AuditEvent(who, "assessment.note.read", row->id, request));
  }));
  return out;
}

Result<json> CaseService::CreateSource(const Principal& who, const RequestInfo& request,
                                       const json& body) {
  if (!Allows(who, Action::kWrite, "source")) return Deny(who, Action::kWrite, "sources");
  GIAI_RETURN_IF_ERROR(NoServerFields(body));
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(
      body, {"title", "url", "source_type", "published", "retrieved_at", "sha256", "language"}));
  GIAI_RETURN_IF_ERROR(internal::Text(body, "title", true, 500).status());
  GIAI_ASSIGN_OR_RETURN(std::string url, internal::Text(body, "url", false, 2000));
  if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
    return InvalidInput("must be an http(s) URL", "url");
  }
  GIAI_RETURN_IF_ERROR(internal::OneOf(body, "source_type",
                                       {"video", "image", "social_media_post", "satellite_image",
                                        "article", "report", "document", "other"},
                                       "other")
                           .status());
  GIAI_ASSIGN_OR_RETURN(std::optional<Edtf> published, internal::Date(body, "published", false));
  GIAI_ASSIGN_OR_RETURN(std::string retrieved, internal::Text(body, "retrieved_at", false, 40));
  static const std::regex kRfc3339(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
  if (!retrieved.empty() && !std::regex_match(retrieved, kRfc3339)) {
    return InvalidInput("must be an RFC 3339 UTC time", "retrieved_at");
  }
  GIAI_ASSIGN_OR_RETURN(std::string sha256, internal::Text(body, "sha256", false, 64));
  static const std::regex kHex("^[0-9a-f]{64}$");
  if (!sha256.empty() && !std::regex_match(sha256, kHex)) {
    return InvalidInput("must be 64 lower-case hex digits", "sha256");
  }
  GIAI_RETURN_IF_ERROR(internal::Text(body, "language", false, 35).status());
  store::RecordRow row = NewRow(who, "source", "src");
  if (published) {
    row.earliest = published->earliest;
    row.latest = published->latest;
  }
  if (!url.empty()) row.terms.push_back("url:" + crypto::ToHex(crypto::Sha256Of(url)));
  if (!sha256.empty()) row.terms.push_back("sha256:" + sha256);
  row.body = body.dump();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    // Registered once: the same URL or the same content is the same item.
    for (const std::string& term : row.terms) {
      store::RecordQuery q;
      q.kind = "source";
      q.org_id = who.org_id;
      q.terms = {term};
      q.limit = 1;
      GIAI_ASSIGN_OR_RETURN(auto existing, tx.ListRecords(q));
      if (!existing.empty()) {
        return Status(Code::kConflict, "this item is already registered as " + existing[0].id,
                      term.starts_with("url:") ? "url" : "sha256");
      }
    }
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return tx.AppendAudit(access::AuditEvent(who, "source.create", row.id, request));
  }));
  return internal::RenderRecord(row);
}

Result<json> CaseService::GetSource(const Principal& who, const std::string& id) {
  if (!Allows(who, Action::kRead, "source")) return Deny(who, Action::kRead, "sources");
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    Result<store::RecordRow> r = tx.GetRecord(id);
    if (!r.ok() && r.status().code() != Code::kNotFound) return r.status();
    if (!r.ok() || r->kind != "source" || !access::CanSee(who, r->org_id, r->compartment_id)) {
      return NotFound("no source " + id);
    }
    row = std::move(r).value();
    return Status::Ok();
  }));
  return internal::RenderRecord(row);
}

Result<Page> CaseService::ListSources(const Principal& who, const CaseListRequest& list) {
  if (!Allows(who, Action::kRead, "source")) return Deny(who, Action::kRead, "sources");
  store::RecordQuery q;
  q.kind = "source";
  q.org_id = who.org_id;
  q.compartments = who.compartments;
  return PageOf(store_, q, list);
}

}  // namespace giai::service
