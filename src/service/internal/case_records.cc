#include "service/internal/case_records.h"

#include <algorithm>

#include "access/policy.h"
#include "service/internal/json_fields.h"

namespace giai::service::internal {

namespace {

bool InTeam(const nlohmann::json& body, const std::string& user_id) {
  const json team = body.value("team", json::object()).value("user_ids", json::array());
  return std::find(team.begin(), team.end(), user_id) != team.end();
}

// A reference to a documentation record the caller can see, of one of `kinds`.
Status Refers(store::Tx& tx, const access::Principal& who, const std::string& id,
              std::initializer_list<std::string_view> kinds, const std::string& field) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || std::find(kinds.begin(), kinds.end(), row->kind) == kinds.end() ||
      !access::CanSee(who, row->org_id, row->compartment_id)) {
    return InvalidInput("unknown record " + id, field);
  }
  return Status::Ok();
}

}  // namespace

Result<store::RecordRow> LoadCase(store::Tx& tx, const access::Principal& who,
                                  const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "case" || !access::CanSee(who, row->org_id, row->compartment_id) ||
      !InTeam(json::parse(row->body), who.user_id)) {
    return NotFound("no case " + id);
  }
  return row;
}

Result<store::RecordRow> LoadCharge(store::Tx& tx, const access::Principal& who,
                                    const std::string& id, store::RecordRow* case_row) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != "charge") return NotFound("no charge " + id);
  Result<store::RecordRow> kase = LoadCase(tx, who, row->parent_id);
  if (!kase.ok()) {
    if (kase.status().code() == Code::kNotFound) return NotFound("no charge " + id);
    return kase.status();
  }
  if (case_row) *case_row = std::move(kase).value();
  return row;
}

std::vector<std::string> CompartmentsOf(const store::RecordRow& parent) {
  if (parent.compartment_id.empty()) return {};
  return {parent.compartment_id};
}

Result<std::vector<store::RecordRow>> Children(store::Tx& tx, const std::string& kind,
                                               const store::RecordRow& parent) {
  std::vector<store::RecordRow> all;
  store::RecordQuery q;
  q.kind = kind;
  q.org_id = parent.org_id;
  q.compartments = CompartmentsOf(parent);
  q.parent_id = parent.id;
  q.limit = 1000;
  while (true) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> page, tx.ListRecords(q));
    if (page.empty()) break;
    q.after_id = page.back().id;
    const bool last = static_cast<int>(page.size()) < q.limit;
    std::move(page.begin(), page.end(), std::back_inserter(all));
    if (last) break;
  }
  return all;
}

Status ValidateCase(store::Tx& tx, const access::Principal& who, const json& body,
                    store::RecordRow& row) {
  GIAI_RETURN_IF_ERROR(ExpectOnly(
      body, {"title", "mechanism", "status", "team", "suspects", "incident_ids", "act_ids"}));
  GIAI_RETURN_IF_ERROR(Text(body, "title", true, 500).status());
  GIAI_RETURN_IF_ERROR(
      OneOf(body, "status", {"draft", "investigation", "submitted", "closed"}, "draft").status());
  auto mechanism = body.find("mechanism");
  if (mechanism == body.end() || !mechanism->is_object()) {
    return InvalidInput("is required: {type, state, name}", "mechanism");
  }
  GIAI_RETURN_IF_ERROR(ExpectOnly(*mechanism, {"type", "state", "name"}, "mechanism"));
  GIAI_ASSIGN_OR_RETURN(
      std::string type,
      OneOf(*mechanism, "type", {"icc", "national_prosecutor", "un_mechanism", "other"}, "",
            "mechanism"));
  if (type.empty()) return InvalidInput("is required", "mechanism.type");
  GIAI_ASSIGN_OR_RETURN(
      std::string state,
      CountryField(*mechanism, "state", type == "national_prosecutor", "mechanism"));
  GIAI_RETURN_IF_ERROR(Text(*mechanism, "name", false, 300, "mechanism").status());

  row.terms.clear();
  auto team = body.find("team");
  if (team == body.end() || !team->is_object()) {
    return InvalidInput("is required: {user_ids, compartment_id}", "team");
  }
  GIAI_RETURN_IF_ERROR(ExpectOnly(*team, {"user_ids", "compartment_id"}, "team"));
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> members,
                        TextList(*team, "user_ids", 200, 64, "team"));
  if (members.empty())
    return InvalidInput("a case team needs at least one member", "team.user_ids");
  GIAI_ASSIGN_OR_RETURN(row.compartment_id, Text(*team, "compartment_id", false, 64, "team"));
  if (!row.compartment_id.empty() && std::find(who.compartments.begin(), who.compartments.end(),
                                               row.compartment_id) == who.compartments.end()) {
    return InvalidInput("unknown compartment", "team.compartment_id");
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    Result<store::UserRow> user = tx.GetUser(members[i]);
    if (!user.ok() || user->org_id != who.org_id) {
      return InvalidInput("unknown user", "team.user_ids[" + std::to_string(i) + "]");
    }
    row.terms.push_back("team:" + members[i]);
  }

  const json suspects = body.value("suspects", json::array());
  if (!suspects.is_array() || suspects.size() > 200)
    return InvalidInput("must be a list", "suspects");
  for (std::size_t i = 0; i < suspects.size(); ++i) {
    std::string where = "suspects[" + std::to_string(i) + "]";
    GIAI_RETURN_IF_ERROR(ExpectOnly(suspects[i], {"person_id", "unit_id"}, where));
    GIAI_ASSIGN_OR_RETURN(std::string person, Text(suspects[i], "person_id", false, 64, where));
    GIAI_ASSIGN_OR_RETURN(std::string unit, Text(suspects[i], "unit_id", false, 64, where));
    if (person.empty() == unit.empty()) return InvalidInput("needs person_id or unit_id", where);
    if (!person.empty()) {
      GIAI_RETURN_IF_ERROR(Refers(tx, who, person, {"person"}, where + ".person_id"));
    } else {
      GIAI_RETURN_IF_ERROR(Refers(tx, who, unit, {"unit"}, where + ".unit_id"));
    }
    row.terms.push_back("suspect:" + (person.empty() ? unit : person));
  }
  for (const char* field : {"incident_ids", "act_ids"}) {
    GIAI_ASSIGN_OR_RETURN(std::vector<std::string> ids, TextList(body, field, 1000, 64));
    const std::string_view kind = std::string_view(field) == "incident_ids" ? "incident" : "act";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      GIAI_RETURN_IF_ERROR(
          Refers(tx, who, ids[i], {kind}, std::string(field) + "[" + std::to_string(i) + "]"));
      row.terms.push_back(std::string(kind) + ":" + ids[i]);
    }
  }
  (void)state;
  std::sort(row.terms.begin(), row.terms.end());
  row.terms.erase(std::unique(row.terms.begin(), row.terms.end()), row.terms.end());
  json stored = body;
  stored["team"]["compartment_id"] = row.compartment_id.empty() ? json() : json(row.compartment_id);
  row.body = stored.dump();
  return Status::Ok();
}

json RenderRecord(const store::RecordRow& row) {
  json out = json::parse(row.body);
  const json sealed = out.value("_sealed", json::object());
  out.erase("_sealed");
  if (row.kind == "assessment") out["has_note"] = sealed.contains("note");
  out["id"] = row.id;
  out["org_id"] = row.org_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  out["created_by"] = row.created_by;
  return out;
}

Result<ChargeInfo> ChargeOf(const store::RecordRow& charge, const Vocabulary& vocabulary) {
  json body = json::parse(charge.body);
  ChargeInfo info;
  info.crime = vocabulary.FindCrime(body.value("crime_id", ""));
  info.mode = vocabulary.FindMode(body.value("mode_id", ""));
  info.suspect_id = body.value("suspect_id", "");
  if (!info.crime || !info.mode) {
    return Integrity("charge " + charge.id + " names a crime or mode the vocabulary lacks");
  }
  info.elements = cases::ChargeElements(*info.crime, *info.mode);
  return info;
}

Result<cases::Assessment> AssessmentOf(const store::RecordRow& row) {
  json body = json::parse(row.body, nullptr, false);
  if (body.is_discarded()) return Integrity("stored assessment " + row.id + " is not readable");
  cases::Assessment a;
  a.id = row.id;
  a.element_id = body.value("element_id", "");
  a.item_id = body.value("item_id", "");
  a.item_kind = body.value("item_kind", "");
  if (!cases::ParseRelation(body.value("relation", ""), a.relation)) {
    return Integrity("stored assessment " + row.id + " has an unknown relation");
  }
  a.weight = body.value("weight", cases::kMinWeight);
  a.assessed_by = row.created_by;
  a.assessed_at = row.created_at;
  a.has_note = body.value("_sealed", json::object()).contains("note");
  return a;
}

Result<std::map<std::string, cases::Assessment::Withdrawal>> WithdrawalsOf(
    store::Tx& tx, const store::RecordRow& charge) {
  GIAI_ASSIGN_OR_RETURN(auto rows, Children(tx, "assessment_withdrawal", charge));
  std::map<std::string, cases::Assessment::Withdrawal> out;
  for (const store::RecordRow& row : rows) {
    json body = json::parse(row.body, nullptr, false);
    if (body.is_discarded()) return Integrity("stored withdrawal " + row.id + " is not readable");
    out.emplace(body.value("assessment_id", ""),
                cases::Assessment::Withdrawal{row.id, body.value("reason", ""), row.created_by,
                                              row.created_at});
  }
  return out;
}

json WithdrawalJson(const std::optional<cases::Assessment::Withdrawal>& w) {
  if (!w) return nullptr;
  return {{"id", w->id},
          {"reason", w->reason},
          {"withdrawn_by", w->withdrawn_by},
          {"withdrawn_at", w->withdrawn_at}};
}

}  // namespace giai::service::internal
