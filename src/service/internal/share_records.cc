#include "service/internal/share_records.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "access/policy.h"
#include "core/clock.h"
#include "core/edtf.h"
#include "service/consent_service.h"
#include "service/internal/case_records.h"
#include "service/internal/json_fields.h"
#include "service/record_kinds.h"

namespace giai::service::internal {

namespace {

using nlohmann::json;

bool Contains(std::initializer_list<std::string_view> list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// A record of one of `kinds` the caller may read, or invalid_input naming object.ids.
Result<store::RecordRow> Reachable(store::Tx& tx, const access::Principal& who,
                                   const std::string& id,
                                   std::initializer_list<std::string_view> kinds) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || !Contains(kinds, row->kind) ||
      !access::CanSee(who, row->org_id, row->compartment_id) ||
      !access::Allows(who, access::Action::kRead, row->kind)) {
    return InvalidInput("unknown or unreachable record " + id, "object.ids");
  }
  return row;
}

Result<std::vector<store::RecordRow>> Tagged(store::Tx& tx, const store::RecordRow& owner,
                                             const std::string& kind, const std::string& term,
                                             const std::string& parent) {
  store::RecordQuery q;
  q.kind = kind;
  q.org_id = owner.org_id;
  if (!owner.compartment_id.empty()) q.compartments = {owner.compartment_id};
  if (!term.empty()) q.terms = {term};
  q.parent_id = parent;
  q.limit = 10000;
  return tx.ListRecords(q);
}

}  // namespace

Result<Recipient> RecipientClassOf(store::Tx& tx, const store::OrganisationRow& org) {
  if (org.kind != "mechanism") return Recipient::kNgoPartner;
  store::RecordQuery q;
  q.kind = "mechanism_class";
  q.org_id = org.id;
  q.limit = 100;
  GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
  if (!rows.empty()) {
    const std::string cls = json::parse(rows.back().body).value("class", "");
    if (cls == "icc") return Recipient::kIcc;
    if (cls == "un_mechanism") return Recipient::kUnMechanism;
    if (cls == "national_prosecutor") return Recipient::kNationalProsecutor;
  }
  return InvalidInput(
      "the mechanism has no recorded class (icc, un_mechanism or "
      "national_prosecutor); the operator sets it with `giai org add --class`",
      "recipient_org_id");
}

std::vector<std::string> PersonsOf(const store::RecordRow& item) {
  std::vector<std::string> out;
  if (item.kind == "person") out.push_back(item.id);
  if (item.kind == "testimony" && !item.parent_id.empty()) out.push_back(item.parent_id);
  const std::string prefix = item.kind == "act" ? "victim:" : "person:";
  if (item.kind == "act" || item.kind == "evidence") {
    for (const std::string& t : item.terms) {
      if (t.starts_with(prefix)) out.push_back(t.substr(prefix.size()));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<Decision> GateItem(store::Tx& tx, const store::RecordRow& item, Recipient recipient,
                          IdentityLevel level) {
  for (const std::string& person : PersonsOf(item)) {
    GIAI_ASSIGN_OR_RETURN(std::optional<Consent> consent, LatestConsent(tx, item.org_id, person));
    Decision d = DecideConsent(consent, {Purpose::kSharing, recipient, level});
    if (!d.allowed) {
      d.reason = "consent of person " + person + ": " + d.reason;
      return d;
    }
  }
  return Decision{true, ""};
}

bool IsSet(const json& share_body) {
  return share_body.value("object", json::object()).value("type", "") == "set";
}

Result<std::vector<store::RecordRow>> SetMembers(store::Tx& tx, const std::string& owner_org,
                                                 const json& query) {
  if (!query.is_object()) return InvalidInput("must be an object", "object.query");
  GIAI_RETURN_IF_ERROR(ExpectOnly(
      query,
      {"collection", "country", "from", "to", "crime", "category", "act_type", "gender_based"},
      "object.query."));
  GIAI_ASSIGN_OR_RETURN(std::string collection,
                        Text(query, "collection", true, 40, "object.query."));
  store::RecordQuery q;
  const KindSpec* kind = FindKindByCollection(collection);
  if (kind) {
    q.kind = std::string(kind->kind);
  } else if (collection == "evidence") {
    q.kind = "evidence";
  } else {
    return InvalidInput("must be incidents, acts, persons, units, testimonies or evidence",
                        "object.query.collection");
  }
  q.org_id = owner_org;  // no compartments: a set never reaches need-to-know records
  GIAI_ASSIGN_OR_RETURN(q.country, Text(query, "country", false, 2, "object.query."));
  for (const char* bound : {"from", "to"}) {
    GIAI_ASSIGN_OR_RETURN(std::string day, Text(query, bound, false, 10, "object.query."));
    if (day.empty()) continue;
    Result<std::int64_t> parsed = ParseIsoDay(day);
    if (!parsed.ok())
      return InvalidInput("must be a day (YYYY-MM-DD)", "object.query." + std::string(bound));
    (std::string(bound) == "from" ? q.from : q.to) = *parsed;
  }
  for (const char* term : {"crime", "category", "act_type"}) {
    GIAI_ASSIGN_OR_RETURN(std::string value, Text(query, term, false, 100, "object.query."));
    if (!value.empty()) q.terms.push_back(std::string(term) + ":" + value);
  }
  GIAI_ASSIGN_OR_RETURN(bool gender_based, Flag(query, "gender_based", false));
  if (gender_based) q.terms.push_back("gender_based");
  q.terms_via_children = q.kind == "incident";
  q.limit = 1000;
  return tx.ListRecords(q);
}

Result<std::vector<store::RecordRow>> ResolveObject(store::Tx& tx, const access::Principal& who,
                                                    const json& object) {
  if (!object.is_object()) return InvalidInput("must be an object {type, ids}", "object");
  const std::string type = object.value("type", "");
  if (type == "set") {
    for (const auto& [key, value] : object.items()) {
      if (key != "type" && key != "query") return InvalidInput("is not a field of object", key);
    }
    GIAI_ASSIGN_OR_RETURN(auto rows, SetMembers(tx, who.org_id, object.value("query", json())));
    std::vector<store::RecordRow> out;
    for (store::RecordRow& row : rows) {
      if (access::CanSee(who, row.org_id, row.compartment_id) &&
          access::Allows(who, access::Action::kRead, row.kind)) {
        out.push_back(std::move(row));
      }
    }
    return out;
  }
  for (const auto& [key, value] : object.items()) {
    if (key != "type" && key != "ids") return InvalidInput("is not a field of object", key);
  }
  const json ids = object.value("ids", json());
  if (!ids.is_array() || ids.empty() ||
      !std::all_of(ids.begin(), ids.end(), [](const json& i) { return i.is_string(); })) {
    return InvalidInput("must be a non-empty list of ids", "object.ids");
  }
  if (type != "evidence" && ids.size() != 1) {
    return InvalidInput("must hold exactly one id for this type", "object.ids");
  }
  if (ids.size() > 200) return InvalidInput("at most 200 evidence items", "object.ids");
  std::vector<store::RecordRow> out;
  std::set<std::string> seen;
  auto add = [&](store::RecordRow row) {
    if (seen.insert(row.id).second) out.push_back(std::move(row));
  };
  const std::string first = ids[0].get<std::string>();
  if (type == "record") {
    GIAI_ASSIGN_OR_RETURN(
        store::RecordRow row,
        Reachable(tx, who, first, {"incident", "act", "person", "testimony", "unit"}));
    add(std::move(row));
  } else if (type == "evidence") {
    for (const json& id : ids) {
      GIAI_ASSIGN_OR_RETURN(store::RecordRow row,
                            Reachable(tx, who, id.get<std::string>(), {"evidence"}));
      add(std::move(row));
    }
  } else if (type == "person_file") {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow person, Reachable(tx, who, first, {"person"}));
    GIAI_ASSIGN_OR_RETURN(auto testimonies, Tagged(tx, person, "testimony", "", person.id));
    GIAI_ASSIGN_OR_RETURN(auto acts, Tagged(tx, person, "act", "victim:" + person.id, ""));
    GIAI_ASSIGN_OR_RETURN(auto evidence, Tagged(tx, person, "evidence", "person:" + person.id, ""));
    add(std::move(person));
    for (auto* list : {&testimonies, &acts, &evidence}) {
      for (store::RecordRow& row : *list) {
        if (access::CanSee(who, row.org_id, row.compartment_id) &&
            access::Allows(who, access::Action::kRead, row.kind)) {
          add(std::move(row));
        }
      }
    }
  } else if (type == "case") {
    if (!access::Allows(who, access::Action::kRead, "case")) {
      return Forbidden("only the legal role may share a case");
    }
    Result<store::RecordRow> kase = LoadCase(tx, who, first);
    if (!kase.ok()) return InvalidInput("unknown or unreachable case " + first, "object.ids");
    json body = json::parse(kase->body);
    std::vector<std::string> refs;
    for (const char* list : {"incident_ids", "act_ids"}) {
      for (const json& id : body.value(list, json::array())) refs.push_back(id.get<std::string>());
    }
    GIAI_ASSIGN_OR_RETURN(auto charges, Children(tx, "charge", *kase));
    for (const store::RecordRow& charge : charges) {
      GIAI_ASSIGN_OR_RETURN(auto assessments, Children(tx, "assessment", charge));
      for (const store::RecordRow& a : assessments) {
        refs.push_back(json::parse(a.body).value("item_id", ""));
      }
    }
    add(std::move(kase).value());
    for (const std::string& ref : refs) {
      Result<store::RecordRow> row = tx.GetRecord(ref);
      if (row.ok() && access::CanSee(who, row->org_id, row->compartment_id)) {
        add(std::move(row).value());
      }
    }
  } else {
    return InvalidInput("must be record, person_file, evidence, case or set", "object.type");
  }
  return out;
}

std::string ShareState(const json& body, const std::string& now) {
  const std::string status = body.value("status", "proposed");
  if (status == "revoked") return "revoked";
  if (body.value("expires_at", "") <= now) return "expired";
  return status;
}

json RenderShare(const store::RecordRow& row, bool owner_view, const std::string& now) {
  json out = json::parse(row.body);
  out["id"] = row.id;
  out["org_id"] = row.org_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  out["state"] = ShareState(out, now);
  out["read_only"] = out.value("scope", "") != "contribute";
  if (!owner_view) {
    // The object's ids may name records the gate refused: the recipient sees only its type.
    out["object"] = {{"type", out["object"].value("type", "")}};
    out.erase("refused");
    json items = json::array();
    for (const json& item : out.value("items", json::array())) {
      items.push_back({{"id", item["id"]}, {"kind", item["kind"]}});
    }
    out["items"] = items;
  }
  return out;
}

json RenderItem(const store::RecordRow& row) {
  json out = json::parse(row.body);
  const json sealed = out.value("_sealed", json::object());
  out.erase("_sealed");
  out["id"] = row.id;
  out["kind"] = row.kind;
  out["org_id"] = row.org_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  if (row.kind == "incident" || row.kind == "act" || row.kind == "testimony") {
    out["has_narrative"] = sealed.contains("narrative");
  }
  if (row.kind == "person") out["has_identity"] = sealed.contains("identity");
  return out;
}

bool IsUtcTimestamp(const std::string& text) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return false;
  }
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return false;
  const std::time_t t = timegm(&tm);
  return ToRfc3339(std::chrono::system_clock::from_time_t(t)) == text;
}

}  // namespace giai::service::internal
