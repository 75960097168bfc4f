// Routes of case building (docs/CASES.md): cases, charges, element assessments, open-source
// items, the coverage matrix, gaps, suggested links, and the consent-gated case file.
#include "http/api.h"
#include "service/case_file_bundle.h"

namespace giai::http {

namespace {

using nlohmann::json;
using service::CaseService;

Response WithEtag(Response r, const json& record) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(record.value("version", 0)) + "\"");
  return r;
}

Response Created(const json& record, const std::string& location) {
  Response r = WithEtag(JsonResponse(201, record), record);
  r.headers.emplace_back("Location", location);
  return r;
}

Result<service::CaseListRequest> ListOf(const Call& call) {
  service::CaseListRequest list;
  list.cursor = call.Query("cursor");
  GIAI_ASSIGN_OR_RETURN(list.limit, LimitQuery(call));
  return list;
}

}  // namespace

void AddCaseRoutes(Router& router, CaseService& cases, service::EvidenceService& evidence) {
  const std::vector<std::string> paging = {"limit", "cursor"};
  router.Add({"POST",
              "/api/v1/cases",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json c, cases.CreateCase(call.principal, call.info, body));
                return Created(c, "/api/v1/cases/" + c["id"].get<std::string>());
              },
              {"Create a case (legal role; the creator joins the team)", "cases", "CaseInput",
               "Case", 201}});
  router.Add({"GET",
              "/api/v1/cases",
              true,
              paging,
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
                GIAI_ASSIGN_OR_RETURN(service::Page page, cases.ListCases(call.principal, list));
                return PageResponse(std::move(page));
              },
              {"List the cases whose team the caller is on", "cases", "", "CasePage"}});
  router.Add({"GET",
              "/api/v1/cases/{id}",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json c, cases.GetCase(call.principal, call.params["id"]));
                return WithEtag(JsonResponse(200, c), c);
              },
              {"Read a case", "cases", "", "Case"}});
  OpenApiInfo patch_doc{"Update a case (JSON merge patch, If-Match)", "cases", "CaseInput", "Case"};
  patch_doc.needs_if_match = true;
  router.Add({"PATCH",
              "/api/v1/cases/{id}",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(std::int64_t version, call.IfMatchVersion());
                GIAI_ASSIGN_OR_RETURN(json patch, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json c, cases.UpdateCase(call.principal, call.info,
                                                               call.params["id"], version, patch));
                return WithEtag(JsonResponse(200, c), c);
              },
              patch_doc});
  router.Add({"POST",
              "/api/v1/cases/{id}/charges",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(
                    json c, cases.CreateCharge(call.principal, call.info, call.params["id"], body));
                return Created(c, "/api/v1/charges/" + c["id"].get<std::string>() + "/matrix");
              },
              {"Charge a suspect of the case: crime x mode of liability", "cases", "ChargeInput",
               "Charge", 201}});
  router.Add({"GET",
              "/api/v1/cases/{id}/charges",
              true,
              paging,
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
                GIAI_ASSIGN_OR_RETURN(service::Page page,
                                      cases.ListCharges(call.principal, call.params["id"], list));
                return PageResponse(std::move(page));
              },
              {"List the charges of a case", "cases", "", "ChargePage"}});
  OpenApiInfo file_doc{
      "The case file for the case's mechanism: matrices, gaps, shared items and "
      "the items the consent gate withheld, with reasons (needs X-Purpose; "
      "audited)",
      "cases", "", "CaseFile"};
  file_doc.needs_purpose = true;
  router.Add({"GET",
              "/api/v1/cases/{id}/case-file",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    json file, cases.ExportCaseFile(call.principal, call.info, call.params["id"]));
                return JsonResponse(200, file);
              },
              file_doc});
  OpenApiInfo bundle_doc{
      "Export the case file as a verifiable bundle (tar, streamed): manifest, the case file "
      "as JSON and HTML, the evidence items' files with Merkle proofs, checkpoint, log key; "
      "withheld items with reasons (needs X-Purpose; audited)",
      "cases", "", ""};
  bundle_doc.needs_purpose = true;
  router.Add({"POST",
              "/api/v1/cases/{id}/case-file",
              true,
              {},
              [&cases, &evidence](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(service::Bundle bundle,
                                      service::ExportCaseFileBundle(cases, evidence, call.principal,
                                                                    call.info, call.params["id"]));
                std::size_t withheld = 0;
                for (const service::BundleEntry& e : bundle.entries) {
                  if (e.path == "withheld.json") withheld = json::parse(e.text).size();
                }
                return BundleResponse(evidence, std::move(bundle), "giai-case-file", withheld);
              },
              bundle_doc});

  router.Add({"GET",
              "/api/v1/charges/{id}/matrix",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json m,
                                      cases.ChargeMatrix(call.principal, call.params["id"]));
                return JsonResponse(200, m);
              },
              {"Coverage matrix of a charge: each element with its supporting, contradicting "
               "and context items",
               "cases", "", "ChargeMatrix"}});
  router.Add({"GET",
              "/api/v1/charges/{id}/gaps",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json g, cases.ChargeGaps(call.principal, call.params["id"]));
                return JsonResponse(200, g);
              },
              {"Elements not (fully) covered, with the means of proof that usually establish "
               "them",
               "cases", "", "GapList"}});
  router.Add({"GET",
              "/api/v1/charges/{id}/suggestions",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json s, cases.Suggestions(call.principal, call.params["id"]));
                return JsonResponse(200, s);
              },
              {"Acts in the case's scope qualified with the charge's crime, proposed for its "
               "conduct elements",
               "cases", "", "SuggestionList"}});
  router.Add({"POST",
              "/api/v1/charges/{id}/assessments",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json a, cases.CreateAssessment(call.principal, call.info,
                                                                     call.params["id"], body));
                return Created(a, "/api/v1/charges/" + call.params["id"] + "/assessments");
              },
              {"Link an item to an element of the charge (supports, contradicts, context)", "cases",
               "AssessmentInput", "Assessment", 201}});
  router.Add({"GET",
              "/api/v1/charges/{id}/assessments",
              true,
              paging,
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
                GIAI_ASSIGN_OR_RETURN(
                    service::Page page,
                    cases.ListAssessments(call.principal, call.params["id"], list));
                return PageResponse(std::move(page));
              },
              {"List the element assessments of a charge", "cases", "", "AssessmentPage"}});
  router.Add(
      {"POST",
       "/api/v1/assessments/{id}/withdrawal",
       true,
       {},
       [&cases](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
         GIAI_ASSIGN_OR_RETURN(
             json a, cases.WithdrawAssessment(call.principal, call.info, call.params["id"], body));
         Response r = JsonResponse(201, a);
         r.headers.emplace_back(
             "Location", "/api/v1/charges/" + a["charge_id"].get<std::string>() + "/assessments");
         return r;
       },
       {"Withdraw an assessment (append-only, with a reason): it no longer counts toward "
        "coverage and stays in the history; a withdrawn contradicting item stays listed",
        "cases", "WithdrawalInput", "Assessment", 201}});
  OpenApiInfo note_doc{"Read an assessment's note (needs X-Purpose; audited)", "cases", "",
                       "AssessmentNote"};
  note_doc.needs_purpose = true;
  router.Add({"GET",
              "/api/v1/assessments/{id}/note",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    json n, cases.ReadAssessmentNote(call.principal, call.info, call.params["id"]));
                return JsonResponse(200, n);
              },
              note_doc});

  router.Add({"POST",
              "/api/v1/sources",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json s, cases.CreateSource(call.principal, call.info, body));
                return Created(s, "/api/v1/sources/" + s["id"].get<std::string>());
              },
              {"Register an open-source item once (same URL or SHA-256 twice: 409)", "cases",
               "SourceInput", "Source", 201}});
  router.Add({"GET",
              "/api/v1/sources",
              true,
              paging,
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
                GIAI_ASSIGN_OR_RETURN(service::Page page, cases.ListSources(call.principal, list));
                return PageResponse(std::move(page));
              },
              {"List open-source items", "cases", "", "SourcePage"}});
  router.Add({"GET",
              "/api/v1/sources/{id}",
              true,
              {},
              [&cases](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json s, cases.GetSource(call.principal, call.params["id"]));
                return WithEtag(JsonResponse(200, s), s);
              },
              {"Read an open-source item", "cases", "", "Source"}});
}

}  // namespace giai::http
