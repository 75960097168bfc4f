// The selection committee's decision on a closed call: awards (with the cap per recipient checked
// across currencies and the envelope), reserve list, rejections with reasons, justified
// deviations from the ranking, sealed minutes, and a notification letter per application.
#include <algorithm>
#include <map>
#include <set>

#include "core/clock.h"
#include "grants/rules.h"
#include "service/grants_service.h"
#include "service/internal/grant_awards.h"
#include "service/internal/grant_letters.h"
#include "service/internal/grant_records.h"

namespace giai::service {

namespace {

using access::GrantAction;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

struct Outcome {
  std::string application_id;
  std::string outcome;  // awarded, reserve, rejected
  std::string reasons;
  std::string field;  // "awards[0]" ...
  json award;         // for awards: the request's entry
};

Result<std::vector<Outcome>> ParseOutcomes(const json& body) {
  std::vector<Outcome> out;
  for (const char* list : {"awards", "reserve", "rejected"}) {
    if (!body.contains(list)) continue;
    if (!body[list].is_array()) return InvalidInput("must be a list", list);
    for (std::size_t i = 0; i < body[list].size(); ++i) {
      const json& e = body[list][i];
      const std::string f = std::string(list) + "[" + std::to_string(i) + "]";
      if (!e.is_object()) return InvalidInput("must be an object", f);
      Outcome o;
      o.field = f;
      GIAI_ASSIGN_OR_RETURN(o.application_id,
                            Str(e, "application_id", true, 100, f + ".application_id"));
      GIAI_ASSIGN_OR_RETURN(
          o.reasons, Str(e, "reasons", std::string(list) == "rejected", 8000, f + ".reasons"));
      o.outcome = std::string(list) == "awards" ? "awarded" : list;
      if (o.outcome == "awarded") {
        GIAI_RETURN_IF_ERROR(Only(e, {"application_id", "amount", "fx_rate", "cap_justification",
                                      "deviation_justification", "reasons"}));
      } else {
        GIAI_RETURN_IF_ERROR(Only(e, {"application_id", "reasons"}));
      }
      o.award = e;
      out.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace

Result<json> GrantsService::Decide(const P& who, const R& request, const std::string& call_id,
                                   const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"meeting_date", "minutes", "awards", "reserve", "rejected"}));
  GIAI_ASSIGN_OR_RETURN(std::string meeting_date, Str(body, "meeting_date", true, 10));
  if (!IsIsoDay(meeting_date)) return InvalidInput("must be YYYY-MM-DD", "meeting_date");
  GIAI_ASSIGN_OR_RETURN(std::string minutes, Str(body, "minutes", true, 100000));
  GIAI_ASSIGN_OR_RETURN(std::vector<Outcome> outcomes, ParseOutcomes(body));
  store::RecordRow decision;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow call_row, LoadGrant(tx, kCall, call_id));
    if (!OwnProgramme(who, call_row)) return NotFound("no call " + call_id);
    json call = BodyOf(call_row);
    if (StateOf(call) != "closed") {
      return Conflict("the committee decides on a closed call (this one is " + StateOf(call) + ")");
    }
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund_row,
                          LoadGrant(tx, kFund, call["fund_id"].get<std::string>()));
    json fund = BodyOf(fund_row);
    GIAI_ASSIGN_OR_RETURN(grants::Money cap,
                          MoneyField(fund, "cap_per_recipient", "cap_per_recipient"));
    GIAI_ASSIGN_OR_RETURN(grants::Money envelope, MoneyField(fund, "envelope", "envelope"));

    // Every eligible application of the call gets exactly one outcome; nothing else does.
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> apps,
                          ListGrants(tx, kApplication, call_row.org_id, call_id));
    std::map<std::string, store::RecordRow> eligible;
    for (store::RecordRow& a : apps) {
      if (StateOf(BodyOf(a)) == "eligible") eligible.emplace(a.id, std::move(a));
    }
    std::set<std::string> seen;
    for (const Outcome& o : outcomes) {
      if (!eligible.count(o.application_id)) {
        return InvalidInput("is not an eligible application of this call",
                            o.field + ".application_id");
      }
      if (!seen.insert(o.application_id).second) {
        return InvalidInput("has more than one outcome", o.field + ".application_id");
      }
    }
    for (const auto& [id, row] : eligible) {
      if (!seen.count(id)) return InvalidInput("misses an outcome for " + id, "awards");
    }

    // Ranking: an award below a better-ranked application that is not awarded is a deviation
    // and needs its justification in the minutes.
    std::vector<store::RecordRow> eligible_rows;
    for (const auto& [id, row] : eligible) eligible_rows.push_back(row);
    GIAI_ASSIGN_OR_RETURN(Scored scored, ScoreApplications(tx, eligible_rows));
    const json& ranking = scored.ranking;

    // Awards so far in the fund (all calls), per recipient and in total, in the fund currency.
    GIAI_ASSIGN_OR_RETURN(FundAwards awards,
                          LoadFundAwards(tx, call_row.org_id, call["fund_id"].get<std::string>()));
    json deviations = json::array();
    std::map<std::string, json> award_of;
    for (const Outcome& o : outcomes) {
      if (o.outcome != "awarded") continue;
      json app = BodyOf(eligible[o.application_id]);
      GIAI_ASSIGN_OR_RETURN(std::string deviation,
                            Str(o.award, "deviation_justification", false, 8000));
      for (const Outcome& other : outcomes) {
        if (other.outcome != "awarded" &&
            RanksAbove(scored.score[other.application_id], scored.score[o.application_id]) &&
            deviation.empty()) {
          return Status(Code::kConflict,
                        "awarding below the better-ranked " + other.application_id +
                            " is a deviation from the ranking and needs its justification",
                        o.field + ".deviation_justification");
        }
      }
      if (!deviation.empty()) {
        deviations.push_back({{"application_id", o.application_id}, {"justification", deviation}});
      }
      GIAI_ASSIGN_OR_RETURN(json award,
                            PriceAward(o.award, o.field, app, o.application_id, cap, awards));
      award["deviation_justification"] = deviation;
      award_of[o.application_id] = award;
    }
    GIAI_RETURN_IF_ERROR(CheckEnvelope(awards, envelope, "awards"));

    decision = NewGrantRow(kDecision, who, call_row.org_id);
    decision.parent_id = call_id;
    decision.terms = {"call:" + call_id, "fund:" + call["fund_id"].get<std::string>()};
    json d = {{"call_id", call_id},           {"fund_id", call["fund_id"]},
              {"meeting_date", meeting_date}, {"ranking", ranking},
              {"deviations", deviations},     {"awards", json::array()},
              {"reserve", json::array()},     {"rejected", json::array()}};
    for (const Outcome& o : outcomes) {
      store::RecordRow& row = eligible[o.application_id];
      json app = BodyOf(row);
      GIAI_RETURN_IF_ERROR(MoveState(app, grants::Machine::kApplication, o.outcome, who));
      std::string amount;
      if (o.outcome == "awarded") {
        app["award"] = award_of[o.application_id];
        amount = app["award"]["amount"]["amount"].get<std::string>() + " " +
                 app["award"]["amount"]["currency"].get<std::string>();
        d["awards"].push_back({{"application_id", row.id}, {"award", app["award"]}});
      } else {
        d[o.outcome == "reserve" ? "reserve" : "rejected"].push_back(
            {{"application_id", row.id}, {"reasons", o.reasons}});
      }
      json letter = ComposeLetter({app["language"].get<std::string>(), o.outcome,
                                   app["title"].get<std::string>(), row.id, amount, o.reasons,
                                   call["redress_route"].get<std::string>()});
      app["decision"] = {{"decision_id", decision.id}, {"outcome", o.outcome}, {"letter", letter}};
      GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
      GIAI_RETURN_IF_ERROR(tx.AppendAudit(
          access::AuditEvent(who, "grant_application." + o.outcome, row.id, request)));
    }
    GIAI_RETURN_IF_ERROR(SealGrantField(keys_, tx, decision, 1, d, "minutes", minutes));
    GIAI_RETURN_IF_ERROR(InsertGrant(tx, decision, d));
    GIAI_RETURN_IF_ERROR(MoveState(call, grants::Machine::kCall, "decided", who));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, call_row, call));
    return tx.AppendAudit(access::AuditEvent(who, "grant_decision.create", decision.id, request));
  }));
  return RenderGrant(decision);
}

}  // namespace giai::service
