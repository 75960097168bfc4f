// Reviewer assignments with the conflict-of-interest gate, independent scoring, consolidation,
// ranking, and the committee decision with its notification letters.
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
using access::Role;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

std::vector<grants::Criterion> CriteriaOf(const json& fund) {
  std::vector<grants::Criterion> out;
  for (const json& c : fund["criteria"]) out.push_back({c["id"], c["weight"]});
  return out;
}

// Submitted reviews count; abstentions (declared), recusals and pending ones count for nothing.
json ScoreJson(std::optional<int> hundredths) {
  if (!hundredths) return nullptr;
  std::string s = std::to_string(*hundredths / 100) + "." + (*hundredths % 100 < 10 ? "0" : "") +
                  std::to_string(*hundredths % 100);
  return s;
}

Result<store::RecordRow> LoadOwnAssignment(store::Tx& tx, const access::Principal& who,
                                           const std::string& id) {
  GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadGrant(tx, kAssignment, id));
  const bool mine = who.role == Role::kReviewer && OwnProgramme(who, row) &&
                    BodyOf(row).value("reviewer_id", "") == who.user_id;
  if (!mine && !(who.role == Role::kGrants && OwnProgramme(who, row))) {
    return NotFound("no assignment " + id);
  }
  return row;
}

// The application's ranking within its call.
Result<std::vector<grants::Ranked>> RankCall(store::Tx& tx, const store::RecordRow& call) {
  GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> apps,
                        ListGrants(tx, kApplication, call.org_id, call.id));
  std::vector<store::RecordRow> ranked;  // the applications that passed eligibility
  for (store::RecordRow& app : apps) {
    const std::string s = StateOf(BodyOf(app));
    if (s == "eligible" || s == "awarded" || s == "reserve" || s == "rejected" ||
        s == "contracted" || s == "closed") {
      ranked.push_back(std::move(app));
    }
  }
  return RankApplications(tx, ranked);
}

}  // namespace

Result<json> GrantsService::Assign(const P& who, const R& request,
                                   const std::string& application_id, const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"reviewer_id"}));
  GIAI_ASSIGN_OR_RETURN(std::string reviewer_id, Str(body, "reviewer_id", true, 100));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app, LoadApplicationFor(tx, who, application_id, false));
    json app_body = BodyOf(app);
    if (StateOf(app_body) != "eligible") {
      return Conflict("only eligible applications are reviewed (this one is " + StateOf(app_body) +
                      ")");
    }
    Result<store::UserRow> reviewer = tx.GetUser(reviewer_id);
    if (!reviewer.ok() || reviewer->org_id != who.org_id || reviewer->role != "reviewer" ||
        reviewer->disabled) {
      return InvalidInput("must be an active reviewer of your organisation", "reviewer_id");
    }
    GIAI_ASSIGN_OR_RETURN(
        std::vector<store::RecordRow> existing,
        ListGrants(tx, kAssignment, app.org_id, app.id, {"reviewer:" + reviewer_id}));
    if (!existing.empty()) return Conflict("the reviewer is already assigned: " + existing[0].id);
    json a = {{"application_id", app.id},
              {"call_id", app_body["call_id"]},
              {"fund_id", app_body["fund_id"]},
              {"reviewer_id", reviewer_id},
              {"state", "pending"},
              {"history",
               json::array({{{"state", "pending"}, {"at", NowRfc3339()}, {"by", who.user_id}}})}};
    row = NewGrantRow(kAssignment, who, app.org_id);
    row.parent_id = app.id;
    row.terms = {"reviewer:" + reviewer_id, "application:" + app.id,
                 "call:" + app_body["call_id"].get<std::string>()};
    GIAI_RETURN_IF_ERROR(InsertGrant(tx, row, a));
    return tx.AppendAudit(access::AuditEvent(who, "grant_assignment.create", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::GetAssignment(const P& who, const std::string& id) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReview));
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadOwnAssignment(tx, who, id));
    return Status::Ok();
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::ListAssignments(const P& who, const std::string& application_id) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReview));
  }
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    std::vector<std::string> terms;
    if (who.role == Role::kReviewer) terms.push_back("reviewer:" + who.user_id);
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows,
                          ListGrants(tx, kAssignment, who.org_id, application_id, terms));
    for (const store::RecordRow& r : rows) items.push_back(RenderGrant(r));
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> GrantsService::Declare(const P& who, const R& request, const std::string& id,
                                    const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReview));
  GIAI_RETURN_IF_ERROR(Only(body, {"conflict", "confidentiality", "statement"}));
  GIAI_ASSIGN_OR_RETURN(std::string conflict, Str(body, "conflict", true, 20));
  if (conflict != "none" && conflict != "declared") {
    return InvalidInput("must be none or declared", "conflict");
  }
  if (!body.contains("confidentiality") || body["confidentiality"] != true) {
    return InvalidInput("the confidentiality undertaking must be given (true)", "confidentiality");
  }
  GIAI_ASSIGN_OR_RETURN(std::string statement,
                        Str(body, "statement", conflict == "declared", 8000));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadOwnAssignment(tx, who, id));
    json a = BodyOf(row);
    GIAI_RETURN_IF_ERROR(MoveState(a, grants::Machine::kAssignment, conflict, who));
    a["declaration"] = {{"conflict", conflict}, {"confidentiality", true}, {"at", NowRfc3339()}};
    if (!statement.empty()) {
      GIAI_RETURN_IF_ERROR(
          SealGrantField(keys_, tx, row, row.version + 1, a, "coi_statement", statement));
    }
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, a));
    return tx.AppendAudit(
        access::AuditEvent(who, "grant_assignment.declare." + conflict, row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::Recuse(const P& who, const R& request, const std::string& id,
                                   const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(Only(body, {"reason"}));
  GIAI_ASSIGN_OR_RETURN(std::string reason, Str(body, "reason", true, 8000));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadOwnAssignment(tx, who, id));
    json a = BodyOf(row);
    GIAI_RETURN_IF_ERROR(MoveState(a, grants::Machine::kAssignment, "recused", who));
    a["recusal"] = {{"at", NowRfc3339()}, {"by", who.user_id}};
    GIAI_RETURN_IF_ERROR(
        SealGrantField(keys_, tx, row, row.version + 1, a, "recusal_reason", reason));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, a));
    return tx.AppendAudit(access::AuditEvent(who, "grant_assignment.recuse", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::SubmitReview(const P& who, const R& request, const std::string& id,
                                         const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReview));
  GIAI_RETURN_IF_ERROR(Only(body, {"scores", "comments", "comment", "recommendation"}));
  GIAI_ASSIGN_OR_RETURN(std::string recommendation, Str(body, "recommendation", true, 10));
  if (recommendation != "yes" && recommendation != "maybe" && recommendation != "no") {
    return InvalidInput("must be yes, maybe or no", "recommendation");
  }
  GIAI_ASSIGN_OR_RETURN(std::string comment, Str(body, "comment", false, 20000));
  if (!body.contains("scores") || !body["scores"].is_object()) {
    return InvalidInput("must map each criterion to a score 0..5", "scores");
  }
  std::map<std::string, int> scores;
  for (const auto& [k, v] : body["scores"].items()) {
    if (!v.is_number_integer()) return InvalidInput("must be an integer 0..5", "scores." + k);
    scores[k] = v.get<int>();
  }
  json comments = body.value("comments", json::object());
  if (!comments.is_object()) return InvalidInput("must map criteria to text", "comments");
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadOwnAssignment(tx, who, id));
    json a = BodyOf(row);
    if (a["reviewer_id"] != who.user_id) return NotFound("no assignment " + id);
    if (StateOf(a) != "none") {
      return Status(Code::kConflict,
                    StateOf(a) == "pending"
                        ? "declare your conflicts of interest and confidentiality first"
                        : "an assignment in state " + StateOf(a) + " cannot be scored",
                    "state");
    }
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund,
                          LoadGrant(tx, kFund, a["fund_id"].get<std::string>()));
    GIAI_ASSIGN_OR_RETURN(int weighted, grants::WeightedScore(CriteriaOf(BodyOf(fund)), scores));
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app,
                          LoadGrant(tx, kApplication, a["application_id"].get<std::string>()));
    if (StateOf(BodyOf(app)) != "eligible")
      return Conflict("the application is no longer in review");
    GIAI_RETURN_IF_ERROR(MoveState(a, grants::Machine::kAssignment, "submitted", who));
    a["review"] = {{"scores", body["scores"]},    {"comments", comments},
                   {"comment", comment},          {"recommendation", recommendation},
                   {"weighted_score", weighted},  {"score", ScoreJson(weighted)},
                   {"submitted_at", NowRfc3339()}};
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, a));
    return tx.AppendAudit(access::AuditEvent(who, "grant_assignment.review", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::ListReviews(const P& who, const std::string& application_id) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kReview));
  }
  json out;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app, LoadApplicationFor(tx, who, application_id, true));
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> assignments,
                          ListGrants(tx, kAssignment, app.org_id, app.id));
    if (who.role == Role::kReviewer) {
      // Independent scoring: the others' scores stay hidden until one's own review is in.
      bool submitted = false;
      for (const store::RecordRow& a : assignments) {
        json b = BodyOf(a);
        submitted = submitted || (b["reviewer_id"] == who.user_id && StateOf(b) == "submitted");
      }
      if (!submitted) {
        return Forbidden("other reviewers' scores are shown once your own review is submitted");
      }
    }
    json items = json::array();
    std::vector<int> counting;
    for (const store::RecordRow& a : assignments) {
      json b = BodyOf(a);
      const std::string s = StateOf(b);
      if (who.role == Role::kReviewer && s != "submitted") continue;
      json item = {{"assignment_id", a.id},
                   {"reviewer_id", b["reviewer_id"]},
                   {"state", s},
                   {"counts", s == "submitted"}};
      if (b.contains("review") && s == "submitted") item["review"] = b["review"];
      if (s == "submitted") counting.push_back(b["review"]["weighted_score"]);
      items.push_back(item);
    }
    out = {{"application_id", app.id},
           {"items", items},
           {"consolidated_score", ScoreJson(grants::Consolidate(counting))},
           {"reviews_counted", counting.size()}};
    return Status::Ok();
  }));
  return out;
}

Result<json> GrantsService::Ranking(const P& who, const std::string& call_id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow call, LoadGrant(tx, kCall, call_id));
    if (!OwnProgramme(who, call)) return NotFound("no call " + call_id);
    GIAI_ASSIGN_OR_RETURN(std::vector<grants::Ranked> ranked, RankCall(tx, call));
    for (const grants::Ranked& r : ranked) {
      items.push_back({{"application_id", r.application_id},
                       {"rank", r.rank == 0 ? json() : json(r.rank)},
                       {"score", ScoreJson(r.score)},
                       {"reviews_counted", r.reviews}});
    }
    return Status::Ok();
  }));
  return json{{"call_id", call_id}, {"items", items}};
}

Result<json> GrantsService::Letter(const P& who, const std::string& application_id) {
  if (!access::AllowsGrant(who, GrantAction::kManage)) {
    GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  }
  json out;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app, LoadApplicationFor(tx, who, application_id, false));
    json b = BodyOf(app);
    if (!b.contains("decision")) return Conflict("no decision has been recorded yet");
    out = b["decision"]["letter"];
    out["application_id"] = app.id;
    return Status::Ok();
  }));
  return out;
}

}  // namespace giai::service
