// Applications (concept note -> full proposal), the applicant portal, and screening.
#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/country.h"
#include "grants/rules.h"
#include "service/grants_service.h"
#include "service/internal/grant_records.h"

namespace giai::service {

namespace {

using access::GrantAction;
using access::Role;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

constexpr std::string_view kApplicantFields[] = {
    "call_id",  "form_version", "title",         "activity", "recipient_category",
    "language", "country",      "co_applicants", "budget",   "declarations",
    "summary",  "attachments"};

bool Contains(const json& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(), [&](const json& v) { return v == value; });
}

// Validates the applicant's fields against the call and the fund; returns the stored shape
// (without the declarations' sealed text) and the sealed text, if any, in `declaration_text`.
Result<json> ValidateApplication(const json& in, const json& call, const json& fund,
                                 std::optional<std::string>& declaration_text) {
  if (!in.is_object()) return InvalidInput("the body must be a JSON object");
  for (const auto& [key, value] : in.items()) {
    if (std::find(std::begin(kApplicantFields), std::end(kApplicantFields), key) ==
        std::end(kApplicantFields)) {
      return InvalidInput("is not a field of an application, or is set by the server", key);
    }
  }
  json out = json::object();
  GIAI_ASSIGN_OR_RETURN(std::string form_version, Str(in, "form_version", true, 50));
  // Every application of a call uses the call's form (fairness: same questions for everyone).
  if (form_version != call["form_version"].get<std::string>()) {
    return InvalidInput(
        "does not match the call's form version " + call["form_version"].get<std::string>(),
        "form_version");
  }
  out["form_version"] = form_version;
  GIAI_ASSIGN_OR_RETURN(out["title"], Str(in, "title", true, 300));
  GIAI_ASSIGN_OR_RETURN(out["summary"], Str(in, "summary", false, 20000));
  GIAI_ASSIGN_OR_RETURN(std::string activity, Str(in, "activity", true, 500));
  if (!Contains(fund["activities"], activity)) {
    return InvalidInput("is not on the fund's closed list of activities", "activity");
  }
  out["activity"] = activity;
  GIAI_ASSIGN_OR_RETURN(std::string category, Str(in, "recipient_category", true, 500));
  if (!Contains(fund["recipient_categories"], category)) {
    return InvalidInput("is not an eligible category of recipient", "recipient_category");
  }
  out["recipient_category"] = category;
  GIAI_ASSIGN_OR_RETURN(std::string language, Str(in, "language", true, 12));
  if (!Contains(call["languages"], language)) {
    return InvalidInput("must be one of the call's languages", "language");
  }
  out["language"] = language;
  GIAI_ASSIGN_OR_RETURN(std::string country, Str(in, "country", true, 2));
  if (!IsCountryCode(country)) return InvalidInput("must be ISO 3166-1 alpha-2", "country");
  out["country"] = country;
  GIAI_ASSIGN_OR_RETURN(out["co_applicants"], Strings(in, "co_applicants", false, 20));
  GIAI_ASSIGN_OR_RETURN(out["attachments"], Strings(in, "attachments", false, 100));
  // Budget table in the applicant's currency: lines that add up to the total.
  if (!in.contains("budget") || !in["budget"].is_object()) {
    return InvalidInput("must be {total, lines: [{label, amount}]}", "budget");
  }
  const json& b = in["budget"];
  GIAI_RETURN_IF_ERROR(Only(b, {"total", "lines"}));
  GIAI_ASSIGN_OR_RETURN(grants::Money total, MoneyField(b, "total", "budget.total"));
  if (!b.contains("lines") || !b["lines"].is_array() || b["lines"].size() > 200) {
    return InvalidInput("must be a list of at most 200 lines", "budget.lines");
  }
  std::vector<grants::BudgetLine> lines;
  json stored_lines = json::array();
  for (std::size_t i = 0; i < b["lines"].size(); ++i) {
    const json& l = b["lines"][i];
    const std::string f = "budget.lines[" + std::to_string(i) + "]";
    if (!l.is_object()) return InvalidInput("must be {label, amount}", f);
    GIAI_RETURN_IF_ERROR(Only(l, {"label", "amount"}));
    GIAI_ASSIGN_OR_RETURN(std::string label, Str(l, "label", true, 300, f + ".label"));
    GIAI_ASSIGN_OR_RETURN(grants::Money amount, MoneyField(l, "amount", f + ".amount"));
    lines.push_back({label, amount});
    stored_lines.push_back({{"label", label}, {"amount", MoneyJson(amount)}});
  }
  GIAI_RETURN_IF_ERROR(grants::CheckBudget(lines, total));
  out["budget"] = {{"total", MoneyJson(total)}, {"lines", stored_lines}};
  // Declarations on honour; their text may name people, so it is sealed.
  json decl = in.value("declarations", json::object());
  if (!decl.is_object()) return InvalidInput("must be {on_honour, text}", "declarations");
  GIAI_RETURN_IF_ERROR(Only(decl, {"on_honour", "text"}));
  if (decl.contains("on_honour") && !decl["on_honour"].is_boolean()) {
    return InvalidInput("must be true or false", "declarations.on_honour");
  }
  out["declarations"] = {{"on_honour", decl.value("on_honour", false)}};
  if (decl.contains("text")) {
    GIAI_ASSIGN_OR_RETURN(std::string text, Str(decl, "text", false, 20000, "declarations.text"));
    declaration_text = text;
  }
  return out;
}

// The application's `attachments` name its own files in the vault (the ids that
// PUT /grant-applications/{id}/attachments/{name} returned), each at most once: a reference the
// programme cannot open is refused rather than kept as a dangling promise.
Status CheckAttachmentRefs(store::Tx& tx, const store::RecordRow& application, const json& refs) {
  std::set<std::string> seen;
  for (const json& ref : refs) {
    const std::string id = ref.get<std::string>();
    Result<store::RecordRow> file = LoadGrant(tx, kAttachment, id);
    if (!file.ok() || file->parent_id != application.id || file->org_id != application.org_id) {
      return InvalidInput(
          "must list ids of files attached to this application (" + id + " is not one)",
          "attachments");
    }
    if (!seen.insert(id).second) return InvalidInput("lists " + id + " twice", "attachments");
  }
  return Status::Ok();
}

// The applicant-facing view: stored fields, no reviewer-only material.
Status CheckCallOpen(const json& call) {
  if (StateOf(call) != "open") return Status(Code::kConflict, "the call is not open", "call_id");
  if (call["deadline"].get<std::string>() < NowRfc3339()) {
    return Status(Code::kConflict, "the call's deadline has passed", "deadline");
  }
  return Status::Ok();
}

}  // namespace

Result<store::RecordRow> GrantsService::LoadApplicationFor(store::Tx& tx, const P& who,
                                                           const std::string& id,
                                                           bool for_reviewer_too) {
  GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadGrant(tx, kApplication, id));
  const Status not_found = NotFound("no application " + id);
  if (who.role == Role::kApplicant) {
    if (BodyOf(row).value("applicant_org_id", "") != who.org_id) return not_found;
    return row;
  }
  if (who.role == Role::kGrants) {
    if (!OwnProgramme(who, row)) return not_found;
    return row;
  }
  if (who.role == Role::kReviewer && for_reviewer_too && OwnProgramme(who, row)) {
    // The COI gate: only an assignment whose reviewer declared no conflict opens the application.
    GIAI_ASSIGN_OR_RETURN(
        std::vector<store::RecordRow> mine,
        ListGrants(tx, kAssignment, row.org_id, row.id, {"reviewer:" + who.user_id}));
    for (const store::RecordRow& a : mine) {
      std::string s = StateOf(BodyOf(a));
      if (s == "none" || s == "submitted") return row;
    }
  }
  return not_found;
}

Result<json> GrantsService::CreateApplication(const P& who, const R& request, const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_ASSIGN_OR_RETURN(std::string call_id, Str(body, "call_id", true, 100));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow call_row, LoadGrant(tx, kCall, call_id));
    json call = BodyOf(call_row);
    if (StateOf(call) == "draft") return NotFound("no call " + call_id);
    GIAI_RETURN_IF_ERROR(CheckCallOpen(call));
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund_row,
                          LoadGrant(tx, kFund, call["fund_id"].get<std::string>()));
    std::optional<std::string> declaration_text;
    json fields = body;
    fields.erase("call_id");
    GIAI_ASSIGN_OR_RETURN(json app,
                          ValidateApplication(fields, call, BodyOf(fund_row), declaration_text));
    if (!app["attachments"].empty()) {
      return InvalidInput(
          "must list ids of files attached to this application: attach them once it exists "
          "(PUT /grant-applications/{id}/attachments/{name})",
          "attachments");
    }
    app["call_id"] = call_id;
    app["fund_id"] = call["fund_id"];
    app["applicant_org_id"] = who.org_id;
    app["stage"] = call.value("two_stage", false) ? "concept" : "full";
    app["state"] = "draft";
    app["history"] = json::array({{{"state", "draft"}, {"at", NowRfc3339()}, {"by", who.user_id}}});
    row = NewGrantRow(kApplication, who, call_row.org_id);
    row.parent_id = call_id;
    row.country = app["country"];
    row.terms = {"applicant:" + who.org_id, "call:" + call_id,
                 "fund:" + call["fund_id"].get<std::string>()};
    if (declaration_text && !declaration_text->empty()) {
      GIAI_RETURN_IF_ERROR(
          SealGrantField(keys_, tx, row, 1, app, "declarations", *declaration_text));
    }
    GIAI_RETURN_IF_ERROR(InsertGrant(tx, row, app));
    return tx.AppendAudit(access::AuditEvent(who, "grant_application.create", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::GetApplication(const P& who, const std::string& id) {
  if (!access::AllowsGrant(who, GrantAction::kManage) &&
      !access::AllowsGrant(who, GrantAction::kApply) &&
      !access::AllowsGrant(who, GrantAction::kReview)) {
    return RequireGrant(who, GrantAction::kApply);
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadApplicationFor(tx, who, id, true));
    return Status::Ok();
  }));
  json out = RenderGrant(row);
  // Applicants do not see the screening notes' internal checks nor reviewers' material.
  if (who.role == Role::kApplicant) out.erase("screening");
  return out;
}

Result<json> GrantsService::ListApplications(const P& who, const std::string& call_id) {
  GIAI_RETURN_IF_ERROR(
      RequireGrant(who, who.role == Role::kApplicant ? GrantAction::kApply : GrantAction::kManage));
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    std::vector<std::string> orgs = {who.org_id};
    std::vector<std::string> terms;
    if (who.role == Role::kApplicant) {
      GIAI_ASSIGN_OR_RETURN(orgs, ProgrammeOrganisations(tx));
      terms.push_back("applicant:" + who.org_id);
    }
    for (const std::string& org : orgs) {
      GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows,
                            ListGrants(tx, kApplication, org, call_id, terms));
      for (const store::RecordRow& r : rows) {
        json item = RenderGrant(r);
        if (who.role == Role::kApplicant) item.erase("screening");
        items.push_back(item);
      }
    }
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> GrantsService::UpdateApplication(const P& who, const R& request, const std::string& id,
                                              std::int64_t expected_version, const json& patch) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  if (!patch.is_object()) return InvalidInput("the body must be a JSON object");
  if (patch.contains("call_id")) return InvalidInput("cannot change", "call_id");
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadApplicationFor(tx, who, id, false));
    if (row.version != expected_version) {
      return Status(Code::kPreconditionFailed,
                    "the application is at version " + std::to_string(row.version));
    }
    json app = BodyOf(row);
    const std::string state = StateOf(app);
    if (state != "draft" && state != "more_info" && state != "invited") {
      return Conflict("an application in state " + state + " cannot be edited");
    }
    GIAI_ASSIGN_OR_RETURN(store::RecordRow call_row,
                          LoadGrant(tx, kCall, app["call_id"].get<std::string>()));
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund_row,
                          LoadGrant(tx, kFund, app["fund_id"].get<std::string>()));
    json fields = json::object();
    for (std::string_view k : kApplicantFields) {
      if (k != "call_id" && app.contains(std::string(k))) fields[std::string(k)] = app[k];
    }
    fields.merge_patch(patch);
    std::optional<std::string> declaration_text;
    GIAI_ASSIGN_OR_RETURN(json updated, ValidateApplication(fields, BodyOf(call_row),
                                                            BodyOf(fund_row), declaration_text));
    // Checked when the list changes (records written before the check keep their references).
    if (patch.contains("attachments")) {
      GIAI_RETURN_IF_ERROR(CheckAttachmentRefs(tx, row, updated["attachments"]));
    }
    for (const auto& [k, v] : updated.items()) app[k] = v;
    if (declaration_text) {
      GIAI_RETURN_IF_ERROR(
          SealGrantField(keys_, tx, row, row.version + 1, app, "declarations", *declaration_text));
    }
    row.country = app["country"];
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
    return tx.AppendAudit(access::AuditEvent(who, "grant_application.update", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::SubmitApplication(const P& who, const R& request,
                                              const std::string& id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadApplicationFor(tx, who, id, false));
    json app = BodyOf(row);
    GIAI_ASSIGN_OR_RETURN(store::RecordRow call_row,
                          LoadGrant(tx, kCall, app["call_id"].get<std::string>()));
    json call = BodyOf(call_row);
    const std::string state = StateOf(app);
    // The deadline binds the first submission; answers to "more information" and full proposals
    // of invited concepts follow the programme's own timetable.
    if (state == "draft") {
      GIAI_RETURN_IF_ERROR(CheckCallOpen(call));
    }
    if (app["form_version"] != call["form_version"]) {
      return InvalidInput("does not match the call's form version", "form_version");
    }
    if (!app["declarations"].value("on_honour", false)) {
      return InvalidInput("the declaration on honour must be given before submitting",
                          "declarations.on_honour");
    }
    const bool concept_note = state == "draft" && app.value("stage", "full") == "concept";
    GIAI_RETURN_IF_ERROR(MoveState(app, grants::Machine::kApplication,
                                   concept_note ? "concept_submitted" : "submitted", who));
    app["submitted_at"] = NowRfc3339();
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
    return tx.AppendAudit(access::AuditEvent(who, "grant_application.submit", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::WithdrawApplication(const P& who, const R& request,
                                                const std::string& id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadApplicationFor(tx, who, id, false));
    json app = BodyOf(row);
    GIAI_RETURN_IF_ERROR(MoveState(app, grants::Machine::kApplication, "withdrawn", who));
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
    return tx.AppendAudit(access::AuditEvent(who, "grant_application.withdraw", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::InviteFullProposal(const P& who, const R& request,
                                               const std::string& id) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadApplicationFor(tx, who, id, false));
    json app = BodyOf(row);
    GIAI_RETURN_IF_ERROR(MoveState(app, grants::Machine::kApplication, "invited", who));
    app["stage"] = "full";
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
    return tx.AppendAudit(access::AuditEvent(who, "grant_application.invite", row.id, request));
  }));
  return RenderGrant(row);
}

Result<json> GrantsService::Screen(const P& who, const R& request, const std::string& id,
                                   const json& body) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kManage));
  GIAI_RETURN_IF_ERROR(
      Only(body, {"checklist", "outcome", "notes", "request", "double_funding_note"}));
  GIAI_ASSIGN_OR_RETURN(std::string outcome, Str(body, "outcome", true, 20));
  if (outcome != "eligible" && outcome != "ineligible" && outcome != "more_info") {
    return InvalidInput("must be eligible, ineligible or more_info", "outcome");
  }
  constexpr const char* kChecklist[] = {"admissible", "eligible_activity", "eligible_recipient",
                                        "budget_complete"};
  if (!body.contains("checklist") || !body["checklist"].is_object()) {
    return InvalidInput("must be an object of yes/no checks", "checklist");
  }
  for (const auto& [k, v] : body["checklist"].items()) {
    if (!v.is_boolean()) return InvalidInput("must be true or false", "checklist." + k);
  }
  for (const char* item : kChecklist) {
    if (!body["checklist"].contains(item))
      return InvalidInput("is required", std::string("checklist.") + item);
    if (outcome == "eligible" && !body["checklist"][item].get<bool>()) {
      return InvalidInput("an eligible application passes every check",
                          std::string("checklist.") + item);
    }
  }
  GIAI_ASSIGN_OR_RETURN(std::string notes, Str(body, "notes", false, 8000));
  GIAI_ASSIGN_OR_RETURN(std::string info_request,
                        Str(body, "request", outcome == "more_info", 8000));
  GIAI_ASSIGN_OR_RETURN(std::string df_note, Str(body, "double_funding_note", false, 4000));
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadApplicationFor(tx, who, id, false));
    json app = BodyOf(row);
    GIAI_ASSIGN_OR_RETURN(store::RecordRow fund_row,
                          LoadGrant(tx, kFund, app["fund_id"].get<std::string>()));
    json fund = BodyOf(fund_row);
    const std::string applicant = app["applicant_org_id"];
    // Exclusion: the applicant organisation (by id or name) on the fund's exclusion list.
    GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(applicant));
    const bool excluded =
        Contains(fund["exclusion_list"], org.id) || Contains(fund["exclusion_list"], org.name);
    // Double funding: other applications of the same organisation for the same activity already
    // awarded, contracted or closed in this organisation's programmes.
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> others,
                          ListGrants(tx, kApplication, row.org_id, "", {"applicant:" + applicant}));
    json double_funding = json::array();
    for (const store::RecordRow& o : others) {
      json ob = BodyOf(o);
      std::string s = StateOf(ob);
      if (o.id != row.id && ob["activity"] == app["activity"] &&
          (s == "awarded" || s == "contracted" || s == "closed")) {
        double_funding.push_back(o.id);
      }
    }
    if (outcome == "eligible" && excluded) {
      return Status(Code::kConflict, "the applicant is on the fund's exclusion list",
                    "exclusion_list");
    }
    if (outcome == "eligible" && !double_funding.empty() && df_note.empty()) {
      return Status(Code::kConflict,
                    "possible double funding with " + double_funding.dump() +
                        ": record why it is not (double_funding_note)",
                    "double_funding_note");
    }
    GIAI_RETURN_IF_ERROR(MoveState(app, grants::Machine::kApplication, outcome, who));
    app["screening"].push_back({{"at", NowRfc3339()},
                                {"by", who.user_id},
                                {"checklist", body["checklist"]},
                                {"outcome", outcome},
                                {"notes", notes},
                                {"excluded", excluded},
                                {"double_funding", double_funding},
                                {"double_funding_note", df_note}});
    if (outcome == "more_info") app["information_request"] = info_request;
    GIAI_RETURN_IF_ERROR(SaveGrant(tx, row, app));
    return tx.AppendAudit(
        access::AuditEvent(who, "grant_application.screen." + outcome, row.id, request));
  }));
  return RenderGrant(row);
}

}  // namespace giai::service
