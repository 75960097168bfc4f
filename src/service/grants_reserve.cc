// When an award falls away (the applicant declines it, its agreement is not signed, or is
// terminated before the action starts) and the officer awards the next application on the call's
// reserve list in its place: still in ranking order (a jump is a justified deviation), within the
// fund's remaining envelope and the cap per recipient, with recused reviewers counting for nothing
// and the exclusion list checked again. Every step is audited.
#include <algorithm>

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

bool Contains(const json& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(), [&](const json& v) { return v == value; });
}

const store::RecordRow* Find(const std::vector<store::RecordRow>& rows, const std::string& id) {
  for (const store::RecordRow& r : rows) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace

Result<json> GrantsService::ReleaseAward(const P& who, const R& request, const std::string& id,
                                         const json& body) {
  const bool officer = access::AllowsGrant(who, GrantAction::kManage);
  if (!officer) GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  GIAI_RETURN_IF_ERROR(Only(body, {"reason", "notes"}));
  GIAI_ASSIGN_OR_RETURN(std::string reason, Str(body, "reason", true, 40));
  if (reason != "declined" && reason != "not_signed" && reason != "terminated_before_start") {
    return InvalidInput("must be declined, not_signed or terminated_before_start", "reason");
  }
  // The applicant may decline its own award; the rest is the programme's to record, with why.
  if (!officer && reason != "declined") {
    return Status(Code::kForbidden, "an applicant may only decline an award", "reason");
  }
  GIAI_ASSIGN_OR_RETURN(std::string notes, Str(body, "notes", officer, 8000));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadApplicationFor(tx, who, id, false));
    json app = BodyOf(row);
    const std::string state = StateOf(app);
    // declined and not_signed: an award without a signed agreement; terminated_before_start: a
    // signed one under which nothing was paid yet.
    const std::string before = reason == "terminated_before_start" ? "contracted" : "awarded";
    if (state != before) {
      return Conflict("an application in state " + state + " cannot be released as " + reason);
    }
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> agreements,
                          ListGrants(tx, kAgreement, row.org_id, row.id));
    for (store::RecordRow& ag_row : agreements) {
      json ag = BodyOf(ag_row);
      if (StateOf(ag) != "draft" && StateOf(ag) != "signed") continue;
      GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> tranches,
                            ListGrants(tx, kTranche, ag_row.org_id, ag_row.id));
      for (const store::RecordRow& t : tranches) {
        if (StateOf(BodyOf(t)) == "paid") {
          return Status(Code::kConflict,
                        "a tranche was paid: the action has started (close the agreement, with a "
                        "recovery if due)",
                        "tranches");
        }
      }
      for (store::RecordRow& t : tranches) {
        json tb = BodyOf(t);
        GIAI_RETURN_IF_ERROR(MoveState(tb, grants::Machine::kTranche, "cancelled", who));
        GIAI_RETURN_IF_ERROR(SaveGrant(tx, t, tb));
      }
      GIAI_RETURN_IF_ERROR(MoveState(ag, grants::Machine::kAgreement, "cancelled", who));
      ag["cancellation"] = {{"reason", reason}, {"at", NowRfc3339()}, {"by", who.user_id}};
      GIAI_RETURN_IF_ERROR(SaveGrant(tx, ag_row, ag));
      GIAI_RETURN_IF_ERROR(
          tx.AppendAudit(access::AuditEvent(who, "grant_agreement.cancel", ag_row.id, request)));
    }
    GIAI_RETURN_IF_ERROR(MoveState(app, grants::Machine::kApplication,
                                   reason == "declined" ? "declined" : "lapsed", who));
    app["release"] = {
        {"reason", reason}, {"notes", notes}, {"at", NowRfc3339()}, {"by", who.user_id}};
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
    return tx.AppendAudit(
        access::AuditEvent(who, "grant_application.release." + reason, row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::AwardFromReserve(const P& who, const R& request,
                                             const std::string& call_id, const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"application_id", "replaces", "amount", "fx_rate",
                                   "cap_justification", "deviation_justification", "reasons"}));
  GIAI_ASSIGN_OR_RETURN(std::string app_id, Str(body, "application_id", true, 100));
  GIAI_ASSIGN_OR_RETURN(std::string replaces, Str(body, "replaces", true, 100));
  GIAI_ASSIGN_OR_RETURN(std::string deviation, Str(body, "deviation_justification", false, 8000));
  GIAI_ASSIGN_OR_RETURN(std::string reasons, Str(body, "reasons", false, 8000));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow call_row, LoadGrant(tx, kCall, call_id));
    if (!OwnProgramme(who, call_row)) return NotFound("no call " + call_id);
    json call = BodyOf(call_row);
    if (StateOf(call) != "decided") {
      return Conflict("awards from the reserve list follow the call's decision (this call is " +
                      StateOf(call) + ")");
    }
    const std::string fund_id = call["fund_id"];
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund_row, LoadGrant(tx, kFund, fund_id));
    json fund = BodyOf(fund_row);
    GIAI_ASSIGN_OR_RETURN(grants::Money cap,
                          MoneyField(fund, "cap_per_recipient", "cap_per_recipient"));
    GIAI_ASSIGN_OR_RETURN(grants::Money envelope, MoneyField(fund, "envelope", "envelope"));
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> apps,
                          ListGrants(tx, kApplication, call_row.org_id, call_id));

    // The vacancy: an award of this call that fell away and was not yet replaced.
    const store::RecordRow* gone = Find(apps, replaces);
    if (gone == nullptr) return InvalidInput("is not an application of this call", "replaces");
    store::RecordRow gone_row = *gone;
    json gone_body = BodyOf(gone_row);
    if (StateOf(gone_body) != "declined" && StateOf(gone_body) != "lapsed") {
      return Status(Code::kConflict,
                    "is not an award that fell away (it is " + StateOf(gone_body) + ")",
                    "replaces");
    }
    if (gone_body.contains("replaced_by")) {
      return Status(Code::kConflict,
                    "was already replaced by " + gone_body["replaced_by"].get<std::string>(),
                    "replaces");
    }

    // The candidate: on the reserve list, and its rank among the reserve list as the counting
    // reviews stand now (a reviewer recused since the decision counts for nothing any more).
    std::vector<store::RecordRow> reserve;
    for (const store::RecordRow& a : apps) {
      if (StateOf(BodyOf(a)) == "reserve") reserve.push_back(a);
    }
    const store::RecordRow* chosen = Find(reserve, app_id);
    if (chosen == nullptr) {
      return InvalidInput("is not on the call's reserve list", "application_id");
    }
    row = *chosen;
    json app = BodyOf(row);
    GIAI_ASSIGN_OR_RETURN(Scored scored, ScoreApplications(tx, reserve));
    for (const store::RecordRow& other : reserve) {
      if (other.id != app_id && RanksAbove(scored.score[other.id], scored.score[app_id]) &&
          deviation.empty()) {
        return Status(Code::kConflict,
                      "the reserve list ranks " + other.id +
                          " higher: awarding below it is a deviation that needs its justification",
                      "deviation_justification");
      }
    }
    // The exclusion list may have grown since the screening.
    const std::string applicant = app["applicant_org_id"];
    GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(applicant));
    if (Contains(fund["exclusion_list"], org.id) || Contains(fund["exclusion_list"], org.name)) {
      return Status(Code::kConflict, "the applicant is on the fund's exclusion list",
                    "exclusion_list");
    }
    // The cap per recipient and the envelope, over the awards still held (the one that fell away
    // no longer counts).
    GIAI_ASSIGN_OR_RETURN(FundAwards awards, LoadFundAwards(tx, call_row.org_id, fund_id));
    GIAI_ASSIGN_OR_RETURN(json award, PriceAward(body, "", app, app_id, cap, awards));
    GIAI_RETURN_IF_ERROR(CheckEnvelope(awards, envelope, "amount"));
    award["deviation_justification"] = deviation;
    award["replaces"] = replaces;

    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> decisions,
                          ListGrants(tx, kDecision, call_row.org_id, call_id));
    if (decisions.empty()) return Conflict("the call has no recorded decision");
    store::RecordRow& decision = decisions.front();
    json d = BodyOf(decision);
    if (!d.contains("reserve_awards")) d["reserve_awards"] = json::array();
    d["reserve_awards"].push_back({{"application_id", app_id},
                                   {"replaces", replaces},
                                   {"award", award},
                                   {"at", NowRfc3339()},
                                   {"by", who.user_id}});
    GIAI_RETURN_IF_ERROR(MoveState(app, grants::Machine::kApplication, "awarded", who));
    app["award"] = award;
    const std::string amount = award["amount"]["amount"].get<std::string>() + " " +
                               award["amount"]["currency"].get<std::string>();
    json letter = ComposeLetter({app["language"].get<std::string>(), "awarded",
                                 app["title"].get<std::string>(), row.id, amount, reasons,
                                 call["redress_route"].get<std::string>()});
    // The reserve letter the applicant received stays in the file beside the new one.
    json earlier = app.value("decision", json::object()).value("earlier_letters", json::array());
    if (app.contains("decision") && app["decision"].contains("letter")) {
      earlier.push_back(app["decision"]["letter"]);
    }
    app["decision"] = {{"decision_id", decision.id},
                       {"outcome", "awarded"},
                       {"from_reserve", true},
                       {"letter", letter},
                       {"earlier_letters", earlier}};
    gone_body["replaced_by"] = app_id;
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, gone_row, gone_body));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, decision, d));
    GIAI_RETURN_IF_ERROR(
        tx.AppendAudit(access::AuditEvent(who, "grant_application.awarded", row.id, request)));
    return tx.AppendAudit(
        access::AuditEvent(who, "grant_decision.reserve_award", decision.id, request));
  }));
  return RenderGrant(row);
}

}  // namespace giai::service
