// The selection committee's decision on a closed call: awards (with the cap per recipient checked
// across currencies and the envelope), reserve list, rejections with reasons, justified
// deviations from the ranking, sealed minutes, and a notification letter per application.
#include <algorithm>
#include <map>
#include <set>

#include "core/clock.h"
#include "grants/rules.h"
#include "service/grants_service.h"
#include "service/internal/grant_letters.h"
#include "service/internal/grant_records.h"

namespace giai::service {

namespace {

using access::GrantAction;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

bool Awarded(const std::string& state) {
  return state == "awarded" || state == "contracted" || state == "closed";
}

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
    std::map<std::string, std::optional<int>> score;
    json ranking = json::array();
    {
      std::vector<grants::Ranked> items;
      for (const auto& [id, row] : eligible) {
        GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> assignments,
                              ListGrants(tx, kAssignment, row.org_id, id));
        std::vector<int> scores;
        for (const store::RecordRow& a : assignments) {
          json b = BodyOf(a);
          if (StateOf(b) == "submitted") scores.push_back(b["review"]["weighted_score"]);
        }
        items.push_back({id, grants::Consolidate(scores), static_cast<int>(scores.size()), 0});
      }
      for (const grants::Ranked& r : grants::Rank(items)) {
        score[r.application_id] = r.score;
        ranking.push_back({{"application_id", r.application_id},
                           {"rank", r.rank == 0 ? json() : json(r.rank)},
                           {"score_hundredths", r.score ? json(*r.score) : json()}});
      }
    }
    auto better = [](std::optional<int> a, std::optional<int> b) {
      return a.has_value() && (!b.has_value() || *a > *b);
    };

    // Awards so far in the fund (all calls), per recipient and in total, in the fund currency.
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> in_fund,
                          ListGrants(tx, kApplication, call_row.org_id, "",
                                     {"fund:" + call["fund_id"].get<std::string>()}));
    std::map<std::string, std::vector<grants::Award>> by_recipient;
    std::vector<grants::Award> all;
    for (const store::RecordRow& a : in_fund) {
      json b = BodyOf(a);
      if (!Awarded(StateOf(b)) || !b.contains("award")) continue;
      GIAI_ASSIGN_OR_RETURN(grants::Money m, MoneyField(b["award"], "amount", "award.amount"));
      GIAI_ASSIGN_OR_RETURN(std::int64_t rate,
                            grants::ParseRate(b["award"]["fx_rate"].get<std::string>()));
      grants::Award award{a.id, m, rate};
      by_recipient[b["applicant_org_id"]].push_back(award);
      all.push_back(award);
    }

    json deviations = json::array();
    std::map<std::string, json> award_of;
    for (const Outcome& o : outcomes) {
      if (o.outcome != "awarded") continue;
      json app = BodyOf(eligible[o.application_id]);
      GIAI_ASSIGN_OR_RETURN(grants::Money amount,
                            MoneyField(o.award, "amount", o.field + ".amount"));
      GIAI_ASSIGN_OR_RETURN(grants::Money requested,
                            MoneyField(app["budget"], "total", "budget.total"));
      if (amount.currency != requested.currency) {
        return InvalidInput("must be the application's budget currency " + requested.currency,
                            o.field + ".amount.currency");
      }
      if (amount.minor <= 0 || amount.minor > requested.minor) {
        return InvalidInput(
            "must be positive and at most the requested " + grants::FormatAmount(requested),
            o.field + ".amount.amount");
      }
      GIAI_ASSIGN_OR_RETURN(std::string rate_text,
                            Str(o.award, "fx_rate", true, 30, o.field + ".fx_rate"));
      GIAI_ASSIGN_OR_RETURN(std::int64_t rate, grants::ParseRate(rate_text, o.field + ".fx_rate"));
      GIAI_ASSIGN_OR_RETURN(grants::Money in_fund_currency,
                            grants::Convert(amount, cap.currency, rate));
      GIAI_ASSIGN_OR_RETURN(std::string deviation,
                            Str(o.award, "deviation_justification", false, 8000));
      for (const Outcome& other : outcomes) {
        if (other.outcome != "awarded" &&
            better(score[other.application_id], score[o.application_id])) {
          if (deviation.empty()) {
            return Status(Code::kConflict,
                          "awarding below the better-ranked " + other.application_id +
                              " is a deviation from the ranking and needs its justification",
                          o.field + ".deviation_justification");
          }
        }
      }
      if (!deviation.empty()) {
        deviations.push_back({{"application_id", o.application_id}, {"justification", deviation}});
      }
      // The cap per recipient, across all its awards in the fund, at their recorded rates.
      const std::string recipient = app["applicant_org_id"];
      grants::Award award{o.application_id, amount, rate};
      by_recipient[recipient].push_back(award);
      all.push_back(award);
      GIAI_ASSIGN_OR_RETURN(grants::CapCheck check, grants::CheckCap(by_recipient[recipient], cap));
      GIAI_ASSIGN_OR_RETURN(std::string cap_justification,
                            Str(o.award, "cap_justification", false, 8000));
      if (check.exceeds && cap_justification.empty()) {
        return Status(Code::kConflict,
                      "the awards to this recipient would total " +
                          grants::FormatAmount(check.total) + " " + cap.currency +
                          ", above the cap of " + grants::FormatAmount(cap) +
                          ": a breach needs its recorded justification",
                      o.field + ".cap_justification");
      }
      award_of[o.application_id] = {{"amount", MoneyJson(amount)},
                                    {"fx_rate", grants::FormatRate(rate)},
                                    {"amount_in_fund_currency", MoneyJson(in_fund_currency)},
                                    {"cap_check",
                                     {{"recipient_total", MoneyJson(check.total)},
                                      {"cap", MoneyJson(cap)},
                                      {"exceeds", check.exceeds},
                                      {"justification", cap_justification}}},
                                    {"deviation_justification", deviation}};
    }
    GIAI_ASSIGN_OR_RETURN(grants::CapCheck total, grants::CheckCap(all, envelope));
    if (total.exceeds) {
      return Status(Code::kConflict,
                    "the awards would total " + grants::FormatAmount(total.total) +
                        ", above the fund's envelope of " + grants::FormatAmount(envelope),
                    "awards");
    }

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
