// Routes of sub-granting (docs/GRANTS.md, docs/API.md "Sub-granting"): funds, calls,
// applications (applicant portal), screening, reviewer assignments with the COI gate, reviews,
// ranking, decisions and letters, agreements, tranches, reports, closure and the auditors' export.
// Every route translates and delegates to service::GrantsService; nothing is decided here.
#include "http/api.h"

namespace giai::http {

namespace {

using nlohmann::json;
using service::GrantsService;
using Handler = std::function<Result<json>(GrantsService&, Call&)>;

struct Spec {
  const char* method;
  std::string pattern;
  std::string summary;
  Handler handler;
  int status = 200;
  std::vector<std::string> query = {};
  bool purpose = false;
  bool if_match = false;
  bool body = false;               // request body is a GrantInput
  std::string location_base = {};  // 201: Location = base + "/" + id
};

Response WithEtag(Response r, const json& record) {
  if (record.contains("version")) {
    r.headers.emplace_back("ETag", "\"" + std::to_string(record.value("version", 0)) + "\"");
  }
  return r;
}

void Add(Router& router, GrantsService& grants, Spec spec) {
  OpenApiInfo doc{
      spec.summary, "grants", spec.body ? "GrantInput" : "",
      spec.pattern.find("/export") != std::string::npos ? "GrantExport"
      : spec.method == std::string("GET") && spec.pattern.find("{id}") == std::string::npos
          ? "GrantPage"
          : "GrantRecord",
      spec.status};
  doc.needs_purpose = spec.purpose;
  doc.needs_if_match = spec.if_match;
  const int status = spec.status;
  const std::string location = spec.location_base;
  Handler handler = spec.handler;
  router.Add({spec.method, "/api/v1" + spec.pattern, true, spec.query,
              [&grants, handler, status, location](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json out, handler(grants, call));
                Response r = WithEtag(JsonResponse(status, out), out);
                if (!location.empty() && out.contains("id")) {
                  r.headers.emplace_back("Location",
                                         "/api/v1" + location + "/" + out["id"].get<std::string>());
                }
                return r;
              },
              doc});
}

#define GIAI_BODY(call) GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody())

}  // namespace

void AddGrantsRoutes(Router& router, service::GrantsService& grants) {
  using G = GrantsService;
  // Funds.
  Add(router, grants,
      {"POST",
       "/grant-funds",
       "Create a fund (envelope, cap per recipient, closed lists, criteria)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.CreateFund(c.principal, c.info, body);
       },
       201,
       {},
       false,
       false,
       true,
       "/grant-funds"});
  Add(router, grants, {"GET", "/grant-funds", "List funds", [](G& g, Call& c) {
                         return g.ListFunds(c.principal);
                       }});
  Add(router, grants, {"GET", "/grant-funds/{id}", "Read a fund", [](G& g, Call& c) {
                         return g.GetFund(c.principal, c.params["id"]);
                       }});
  Add(router, grants,
      {"PATCH",
       "/grant-funds/{id}",
       "Edit a fund (merge patch, If-Match; once a call is published: envelope and exclusion list, "
       "with change_reason)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_ASSIGN_OR_RETURN(std::int64_t version, c.IfMatchVersion());
         GIAI_BODY(c);
         return g.UpdateFund(c.principal, c.info, c.params["id"], version, body);
       },
       200,
       {},
       false,
       true,
       true});
  Add(router, grants,
      {"GET",
       "/grant-funds/{id}/export",
       "Export the fund's whole file for auditors (needs X-Purpose; audited)",
       [](G& g, Call& c) { return g.Export(c.principal, c.info, c.params["id"]); },
       200,
       {},
       true});
  // Calls.
  Add(router, grants,
      {"POST",
       "/grant-calls",
       "Create a call for proposals (draft)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.CreateCall(c.principal, c.info, body);
       },
       201,
       {},
       false,
       false,
       true,
       "/grant-calls"});
  Add(router, grants,
      {"GET",
       "/grant-calls",
       "List calls (applicants: published calls of every programme)",
       [](G& g, Call& c) { return g.ListCalls(c.principal, c.Query("fund_id")); },
       200,
       {"fund_id"}});
  Add(router, grants, {"GET", "/grant-calls/{id}", "Read a call", [](G& g, Call& c) {
                         return g.GetCall(c.principal, c.params["id"]);
                       }});
  Add(router, grants,
      {"PATCH",
       "/grant-calls/{id}",
       "Edit a call (merge patch, If-Match; once open: extend the deadline, with change_reason and "
       "a notice in its Q&A)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_ASSIGN_OR_RETURN(std::int64_t version, c.IfMatchVersion());
         GIAI_BODY(c);
         return g.UpdateCall(c.principal, c.info, c.params["id"], version, body);
       },
       200,
       {},
       false,
       true,
       true});
  Add(router, grants,
      {"POST",
       "/grant-calls/{id}/state",
       "Move a call: open, closed, archived",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.MoveCall(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-calls/{id}/questions",
       "Publish a question and its answer (Q&A)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.AddQuestion(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"GET", "/grant-calls/{id}/ranking", "Consolidated scores and ranking of the call",
       [](G& g, Call& c) { return g.Ranking(c.principal, c.params["id"]); }});
  Add(router, grants,
      {"POST",
       "/grant-calls/{id}/decision",
       "Record the committee decision: awards, reserve, rejections, minutes, letters",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.Decide(c.principal, c.info, c.params["id"], body);
       },
       201,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-calls/{id}/reserve-awards",
       "Award a reserve application in place of an award that fell away (ranking, envelope, cap)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.AwardFromReserve(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  // Applications.
  Add(router, grants,
      {"POST",
       "/grant-applications",
       "Start an application (applicant)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.CreateApplication(c.principal, c.info, body);
       },
       201,
       {},
       false,
       false,
       true,
       "/grant-applications"});
  Add(router, grants,
      {"GET",
       "/grant-applications",
       "List applications (applicants: their organisation's)",
       [](G& g, Call& c) { return g.ListApplications(c.principal, c.Query("call_id")); },
       200,
       {"call_id"}});
  Add(router, grants,
      {"GET", "/grant-applications/{id}",
       "Read an application (reviewers: only after declaring no conflict of interest)",
       [](G& g, Call& c) { return g.GetApplication(c.principal, c.params["id"]); }});
  Add(router, grants,
      {"PATCH",
       "/grant-applications/{id}",
       "Edit a draft (JSON merge patch, If-Match)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_ASSIGN_OR_RETURN(std::int64_t version, c.IfMatchVersion());
         GIAI_BODY(c);
         return g.UpdateApplication(c.principal, c.info, c.params["id"], version, body);
       },
       200,
       {},
       false,
       true,
       true});
  for (const char* verb : {"submit", "withdraw", "invite"}) {
    std::string v = verb;
    Add(router, grants,
        {"POST", "/grant-applications/{id}/" + v,
         v == "submit"     ? "Submit (concept note or full proposal) before the deadline"
         : v == "withdraw" ? "Withdraw an application (applicant)"
                           : "Invite a concept note to a full proposal (two-stage calls)",
         [v](G& g, Call& c) {
           if (v == "submit") return g.SubmitApplication(c.principal, c.info, c.params["id"]);
           if (v == "withdraw") return g.WithdrawApplication(c.principal, c.info, c.params["id"]);
           return g.InviteFullProposal(c.principal, c.info, c.params["id"]);
         }});
  }
  Add(router, grants,
      {"POST",
       "/grant-applications/{id}/release",
       "An award falls away: declined, not signed, or terminated before the start",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.ReleaseAward(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-applications/{id}/screening",
       "Screen: checklist, exclusion and double-funding checks; eligible, ineligible, more_info",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.Screen(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-applications/{id}/assignments",
       "Assign a reviewer",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.Assign(c.principal, c.info, c.params["id"], body);
       },
       201,
       {},
       false,
       false,
       true,
       "/grant-assignments"});
  Add(router, grants,
      {"GET", "/grant-applications/{id}/reviews",
       "Reviews and consolidated score (reviewers: after submitting their own)",
       [](G& g, Call& c) { return g.ListReviews(c.principal, c.params["id"]); }});
  Add(router, grants,
      {"GET", "/grant-applications/{id}/letter",
       "The decision letter, in the application's language, with reasons and redress route",
       [](G& g, Call& c) { return g.Letter(c.principal, c.params["id"]); }});
  Add(router, grants,
      {"POST",
       "/grant-applications/{id}/agreement",
       "Draft the agreement: due diligence (bank details sealed), schedule of tranches",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.CreateAgreement(c.principal, c.info, c.params["id"], body);
       },
       201,
       {},
       false,
       false,
       true,
       "/grant-agreements"});
  // Assignments (reviewers).
  Add(router, grants,
      {"GET",
       "/grant-assignments",
       "List assignments (reviewers: their own)",
       [](G& g, Call& c) { return g.ListAssignments(c.principal, c.Query("application_id")); },
       200,
       {"application_id"}});
  Add(router, grants, {"GET", "/grant-assignments/{id}", "Read an assignment", [](G& g, Call& c) {
                         return g.GetAssignment(c.principal, c.params["id"]);
                       }});
  Add(router, grants,
      {"POST",
       "/grant-assignments/{id}/declaration",
       "Declare conflicts of interest and confidentiality (none opens the application)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.Declare(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-assignments/{id}/recusal",
       "Recuse a reviewer (manager; reason sealed)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.Recuse(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-assignments/{id}/review",
       "Submit scores per weighted criterion",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.SubmitReview(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  // Agreements, tranches, reports.
  Add(router, grants, {"GET", "/grant-agreements/{id}", "Read an agreement", [](G& g, Call& c) {
                         return g.GetAgreement(c.principal, c.params["id"]);
                       }});
  Add(router, grants,
      {"POST",
       "/grant-agreements/{id}/due-diligence",
       "Complete the due-diligence checklist of a draft agreement (bank details sealed)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.UpdateDueDiligence(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST", "/grant-agreements/{id}/sign", "Sign (needs complete due diligence)",
       [](G& g, Call& c) { return g.SignAgreement(c.principal, c.info, c.params["id"]); }});
  Add(router, grants,
      {"POST",
       "/grant-agreements/{id}/amendments",
       "Amend a signed agreement (new version)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.AmendAgreement(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"GET",
       "/grant-agreements/{id}/bank-details",
       "Read the sealed bank details (needs X-Purpose; audited)",
       [](G& g, Call& c) { return g.ReadBankDetails(c.principal, c.info, c.params["id"]); },
       200,
       {},
       true});
  Add(router, grants,
      {"GET", "/grant-agreements/{id}/tranches", "The payment schedule",
       [](G& g, Call& c) { return g.ListTranches(c.principal, c.params["id"]); }});
  Add(router, grants,
      {"POST",
       "/grant-agreements/{id}/reports",
       "Submit a report (narrative sealed; indicator values structured)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.SubmitReport(c.principal, c.info, c.params["id"], body);
       },
       201,
       {},
       false,
       false,
       true,
       "/grant-reports"});
  Add(router, grants,
      {"GET", "/grant-agreements/{id}/reports", "The agreement's reports",
       [](G& g, Call& c) { return g.ListReports(c.principal, c.params["id"]); }});
  Add(router, grants,
      {"POST",
       "/grant-agreements/{id}/closure",
       "Close: approved final report, balance or recovery, retention period",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.Close(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-tranches/{id}/payment",
       "Record a payment (refused until the tranche's reports are approved)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.PayTranche(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-reports/{id}/review",
       "Approve a report or request changes",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.ReviewReport(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
  Add(router, grants,
      {"POST",
       "/grant-reports/{id}/resubmission",
       "Resubmit a report sent back for changes (new version; the previous one is kept)",
       [](G& g, Call& c) -> Result<json> {
         GIAI_BODY(c);
         return g.ResubmitReport(c.principal, c.info, c.params["id"], body);
       },
       200,
       {},
       false,
       false,
       true});
}

}  // namespace giai::http
