// Case use cases that read across a case: the coverage matrix, gaps, suggested links, and the
// consent-gated case file.
#include <algorithm>
#include <map>
#include <set>

#include "access/policy.h"
#include "cases/case_file.h"
#include "core/clock.h"
#include "core/consent.h"
#include "service/case_service.h"
#include "service/consent_service.h"
#include "service/internal/case_records.h"
#include "service/internal/share_records.h"

namespace giai::service {

namespace {

using access::Action;
using access::Allows;
using access::Principal;
using access::RequestInfo;
using nlohmann::json;

Status DenyRead(const Principal& who) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not read charges");
}

json ChargeJson(const store::RecordRow& charge, const internal::ChargeInfo& info) {
  json out = internal::RenderRecord(charge);
  out["crime_title"] = info.crime->title_en;
  out["crime_article"] = info.crime->article;
  out["crime_category"] = info.crime->category;
  out["mode_title"] = info.mode->title_en;
  out["mode_article"] = info.mode->article;
  return out;
}

struct ChargeView {
  json charge;
  cases::Matrix matrix;
  std::vector<cases::Assessment> assessments;
};

Result<ChargeView> ViewOf(store::Tx& tx, const store::RecordRow& charge,
                          const Vocabulary& vocabulary) {
  GIAI_ASSIGN_OR_RETURN(internal::ChargeInfo info, internal::ChargeOf(charge, vocabulary));
  GIAI_ASSIGN_OR_RETURN(auto rows, internal::Children(tx, "assessment", charge));
  GIAI_ASSIGN_OR_RETURN(auto withdrawals, internal::WithdrawalsOf(tx, charge));
  ChargeView view;
  for (const store::RecordRow& row : rows) {
    GIAI_ASSIGN_OR_RETURN(cases::Assessment a, internal::AssessmentOf(row));
    if (auto w = withdrawals.find(a.id); w != withdrawals.end()) a.withdrawal = w->second;
    view.assessments.push_back(std::move(a));
  }
  view.charge = ChargeJson(charge, info);
  view.matrix = cases::ComputeMatrix(info.elements, view.assessments);
  return view;
}

// The consent class a mechanism receives as (core/consent.h); nullopt: no class covers it.
std::optional<Recipient> RecipientOf(const std::string& mechanism_type) {
  if (mechanism_type == "icc") return Recipient::kIcc;
  if (mechanism_type == "national_prosecutor") return Recipient::kNationalProsecutor;
  if (mechanism_type == "un_mechanism") return Recipient::kUnMechanism;
  return std::nullopt;
}

// What the mechanism receives about an item that passes the gate: enough to find it in the
// evidence bundle or the source, no identity, no narrative.
json Descriptor(const store::RecordRow& row) {
  json body = json::parse(row.body);
  json out = {{"item_id", row.id}, {"item_kind", row.kind}};
  if (row.kind == "testimony") {
    for (const char* k : {"date", "language", "source_type", "status"}) {
      if (body.contains(k)) out[k] = body[k];
    }
  } else if (row.kind == "act") {
    for (const char* k : {"incident_id", "act_type", "date", "qualifications", "gender_based"}) {
      if (body.contains(k)) out[k] = body[k];
    }
  } else if (row.kind == "source") {
    for (const char* k :
         {"title", "url", "source_type", "published", "retrieved_at", "sha256", "language"}) {
      if (body.contains(k)) out[k] = body[k];
    }
  }
  return out;
}

}  // namespace

Result<json> CaseService::ChargeMatrix(const Principal& who, const std::string& charge_id) {
  if (!Allows(who, Action::kRead, "charge")) return DenyRead(who);
  ChargeView view;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow charge, internal::LoadCharge(tx, who, charge_id));
    GIAI_ASSIGN_OR_RETURN(view, ViewOf(tx, charge, vocabulary_));
    return Status::Ok();
  }));
  return json{{"charge", view.charge},
              {"matrix", cases::ToJson(view.matrix)},
              {"gaps", cases::ToJson(cases::Gaps(view.matrix))}};
}

Result<json> CaseService::ChargeGaps(const Principal& who, const std::string& charge_id) {
  GIAI_ASSIGN_OR_RETURN(json m, ChargeMatrix(who, charge_id));
  return json{{"charge_id", charge_id}, {"items", m["gaps"]}};
}

Result<json> CaseService::Suggestions(const Principal& who, const std::string& charge_id) {
  if (!Allows(who, Action::kRead, "charge")) return DenyRead(who);
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    store::RecordRow kase;
    GIAI_ASSIGN_OR_RETURN(store::RecordRow charge, internal::LoadCharge(tx, who, charge_id, &kase));
    GIAI_ASSIGN_OR_RETURN(internal::ChargeInfo info, internal::ChargeOf(charge, vocabulary_));
    GIAI_ASSIGN_OR_RETURN(ChargeView view, ViewOf(tx, charge, vocabulary_));
    std::set<std::pair<std::string, std::string>> linked;
    for (const cases::Assessment& a : view.assessments) linked.insert({a.item_id, a.element_id});

    // Acts in the case's scope: those named, and those of the incidents named.
    json body = json::parse(kase.body);
    std::map<std::string, store::RecordRow> acts;
    for (const json& id : body.value("act_ids", json::array())) {
      Result<store::RecordRow> act = tx.GetRecord(id.get<std::string>());
      if (act.ok() && act->kind == "act" && access::CanSee(who, act->org_id, act->compartment_id)) {
        acts.emplace(act->id, *act);
      }
    }
    for (const json& id : body.value("incident_ids", json::array())) {
      store::RecordQuery q;
      q.kind = "act";
      q.org_id = who.org_id;
      q.compartments = who.compartments;
      q.parent_id = id.get<std::string>();
      q.limit = 1000;
      GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
      for (store::RecordRow& r : rows) acts.emplace(r.id, std::move(r));
    }
    const std::string crime_term = "crime:" + info.crime->id;
    for (const cases::ChargeElement& e : info.elements) {
      if (!cases::IsConductElement(e)) continue;
      for (const auto& entry : acts) {
        const store::RecordRow& act = entry.second;
        if (std::find(act.terms.begin(), act.terms.end(), crime_term) == act.terms.end()) continue;
        if (linked.contains({act.id, e.id})) continue;
        const bool perpetrator = std::find(act.terms.begin(), act.terms.end(),
                                           "perpetrator:" + info.suspect_id) != act.terms.end();
        items.push_back({{"element_id", e.id},
                         {"item_id", act.id},
                         {"item_kind", "act"},
                         {"incident_id", act.parent_id},
                         {"suspect_is_perpetrator", perpetrator},
                         {"reason", "the act is qualified as " + info.crime->id}});
      }
    }
    return Status::Ok();
  }));
  return json{{"charge_id", charge_id}, {"items", items}};
}

Result<json> CaseService::ExportCaseFile(const Principal& who, const RequestInfo& request,
                                         const std::string& case_id) {
  if (!Allows(who, Action::kRead, "case")) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not export cases");
  }
  if (request.purpose.empty()) {
    return InvalidInput("exporting a case file needs a purpose (X-Purpose header)", "X-Purpose");
  }
  json file;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow kase, internal::LoadCase(tx, who, case_id));
    json case_json = internal::RenderRecord(kase);
    const std::string mechanism = case_json["mechanism"].value("type", "");
    const std::optional<Recipient> recipient = RecipientOf(mechanism);
    GIAI_ASSIGN_OR_RETURN(auto charges, internal::Children(tx, "charge", kase));

    std::vector<ChargeView> views;
    std::map<std::string, std::string> item_kinds;  // item id -> kind, sorted
    for (const store::RecordRow& charge : charges) {
      GIAI_ASSIGN_OR_RETURN(ChargeView view, ViewOf(tx, charge, vocabulary_));
      for (const cases::Assessment& a : view.assessments) item_kinds[a.item_id] = a.item_kind;
      views.push_back(std::move(view));
    }

    // The consent gate, item by item, in the same transaction as the audit of the export:
    // every person an item concerns (a testimony's person, an act's victims, the persons an
    // evidence item names) must have consented to sharing with the mechanism's class at
    // pseudonymous level — the question every share and evidence export asks (GateItem).
    std::vector<std::pair<std::string, std::string>> withheld;  // item id, reason
    json shared = json::array(), evidence = json::array();
    for (const auto& [item_id, kind] : item_kinds) {
      Result<store::RecordRow> item = tx.GetRecord(item_id);
      if (!item.ok() && item.status().code() != Code::kNotFound) return item.status();
      if (!item.ok() || !access::CanSee(who, item->org_id, item->compartment_id)) {
        withheld.push_back({item_id, "the item is no longer within the exporting user's reach"});
        continue;
      }
      if (!recipient) {
        const std::vector<std::string> persons = internal::PersonsOf(*item);
        if (!persons.empty()) {
          withheld.push_back(
              {item_id, "no consent scope covers sharing with a mechanism of type " +
                            (mechanism.empty() ? std::string("unknown") : mechanism) + " (the " +
                            kind + " concerns person " + persons[0] + ")"});
          continue;
        }
      } else {
        GIAI_ASSIGN_OR_RETURN(
            Decision d, internal::GateItem(tx, *item, *recipient, IdentityLevel::kPseudonymous));
        if (!d.allowed) {
          withheld.push_back({item_id, d.reason});
          continue;
        }
      }
      if (kind == "evidence") evidence.push_back(item_id);
      shared.push_back(Descriptor(*item));
    }

    json charges_json = json::array();
    for (const ChargeView& view : views) {
      json matrix = cases::ToJson(view.matrix);
      for (json& row : matrix["elements"]) {
        for (const char* list : {"supporting", "contradicting", "context", "withdrawn"}) {
          if (!row.contains(list)) continue;
          for (json& a : row[list]) a["withheld"] = false;
        }
      }
      charges_json.push_back({{"charge", view.charge},
                              {"matrix", matrix},
                              {"gaps", cases::ToJson(cases::Gaps(view.matrix))}});
    }
    file = {{"format", "giai-case-file/1"},
            {"case", case_json},
            {"exported_at", NowRfc3339()},
            {"exported_by", who.user_id},
            {"purpose", request.purpose},
            {"charges", charges_json},
            {"items", shared},
            {"withheld", json::array()},
            {"evidence",
             {{"items", evidence},
              {"bundle", nullptr},
              {"note",
               "Evidence items are referenced by id here. The exported case file (giai case "
               "export, or POST /api/v1/cases/{id}/case-file) carries their original files "
               "and Merkle inclusion proofs in its evidence bundle."}}}};
    for (const auto& [item_id, reason] : withheld) cases::WithholdItem(file, item_id, reason);
    return tx.AppendAudit(access::AuditEvent(who, "case.export", kase.id, request));
  }));
  return file;
}

}  // namespace giai::service
