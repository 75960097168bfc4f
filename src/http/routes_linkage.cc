// Routes of record linkage (jobs, review queue, person links and clusters, the cross-
// organisation "already interviewed?" check) and of estimation. They translate only: the
// decisions are in service/linkage_service, service/interview_check and service/estimate_service.
#include "http/api.h"
#include "http/problem.h"
#include "service/estimate_records.h"

namespace giai::http {

namespace {

using nlohmann::json;

}  // namespace

void AddLinkageRoutes(Router& router, store::Store& store, service::LinkageService& linkage,
                      service::InterviewCheckService& checks,
                      const service::EstimateService& estimates) {
  const std::string jobs = "/api/v1/linkage/jobs";
  router.Add({"POST",
              jobs,
              true,
              {},
              [&linkage, jobs](Call& call) -> Result<Response> {
                json body = json::object();
                if (!call.request.body.empty()) {
                  GIAI_ASSIGN_OR_RETURN(body, call.JsonBody());
                }
                GIAI_ASSIGN_OR_RETURN(json job, linkage.StartJob(call.principal, call.info, body));
                Response r = JsonResponse(202, job);
                r.headers.emplace_back("Location", jobs + "/" + job["id"].get<std::string>());
                return r;
              },
              {"Start a linkage job over the organisation's persons (runs in the background; "
               "poll the job)",
               "linkage", "LinkageJobInput", "LinkageJob", 202, /*needs_purpose=*/true}});
  router.Add({"GET",
              jobs,
              true,
              {"limit", "cursor"},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(int limit, LimitQuery(call));
                GIAI_ASSIGN_OR_RETURN(
                    json page, linkage.ListJobs(call.principal, call.Query("cursor"), limit));
                return JsonResponse(200, page);
              },
              {"The organisation's linkage jobs, oldest first", "linkage", "", "LinkageJobPage"}});
  router.Add({"GET",
              jobs + "/{id}",
              true,
              {},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json job, linkage.GetJob(call.principal, call.params["id"]));
                return JsonResponse(200, job);
              },
              {"A linkage job: status (queued, running, done, failed) and counts", "linkage", "",
               "LinkageJob"}});

  const std::string reviews = "/api/v1/linkage/reviews";
  router.Add({"GET",
              reviews,
              true,
              {"job_id", "decision", "limit", "cursor"},
              [&linkage](Call& call) -> Result<Response> {
                service::ReviewListRequest list;
                list.job_id = call.Query("job_id");
                list.decision = call.Query("decision");
                list.cursor = call.Query("cursor");
                GIAI_ASSIGN_OR_RETURN(list.limit, LimitQuery(call));
                GIAI_ASSIGN_OR_RETURN(json page, linkage.ListReviews(call.principal, list));
                return JsonResponse(200, page);
              },
              {"Candidate pairs to review: person ids, match weight, probability, field levels "
               "(never identities)",
               "linkage", "", "LinkageReviewPage"}});
  router.Add({"GET",
              reviews + "/{id}",
              true,
              {},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json item,
                                      linkage.GetReview(call.principal, call.params["id"]));
                return JsonResponse(200, item);
              },
              {"One candidate pair", "linkage", "", "LinkageReview"}});
  router.Add({"POST",
              reviews + "/{id}/decision",
              true,
              {},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(
                    json item, linkage.Decide(call.principal, call.info, call.params["id"], body));
                return JsonResponse(200, item);
              },
              {"Decide on a pair: accept (creates the same-person link), reject or unsure",
               "linkage", "LinkageDecision", "LinkageReview"}});

  const std::string person = "/api/v1/persons/{id}";
  router.Add({"GET",
              person + "/links",
              true,
              {},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json page,
                                      linkage.ListLinks(call.principal, call.params["id"]));
                return JsonResponse(200, page);
              },
              {"The person's active same-person links", "persons", "", "PersonLinkPage"}});
  router.Add({"POST",
              person + "/links",
              true,
              {},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(auto made, linkage.LinkByHand(call.principal, call.info,
                                                                    call.params["id"], body));
                return JsonResponse(made.second ? 201 : 200, made.first);
              },
              {"Link two persons as the same person by hand: the caller's own, or one of theirs "
               "and a person another organisation shares with them (200 if already linked)",
               "persons", "PersonLinkInput", "PersonLink", 201, /*needs_purpose=*/true}});
  router.Add({"POST",
              person + "/links/{link_id}/unlink",
              true,
              {},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json link,
                                      linkage.Unlink(call.principal, call.info, call.params["id"],
                                                     call.params["link_id"]));
                return JsonResponse(200, link);
              },
              {"Remove a same-person link (audited; later jobs do not propose the pair again)",
               "persons", "", "PersonLink"}});
  router.Add({"GET",
              person + "/cluster",
              true,
              {},
              [&linkage](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json cluster,
                                      linkage.Cluster(call.principal, call.params["id"]));
                return JsonResponse(200, cluster);
              },
              {"The persons linked to this one, directly or through others (connected component)",
               "persons", "", "PersonCluster"}});

  router.Add({"POST",
              "/api/v1/linkage/interview-checks",
              true,
              {},
              [&checks](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                long retry_after = 0;
                Result<json> result = checks.Check(call.principal, call.info, body, &retry_after);
                if (!result.ok() && result.status().code() == Code::kRateLimited) {
                  Response r = Problem(result.status(), call.info.request_id);
                  r.headers.emplace_back("Retry-After", std::to_string(retry_after));
                  return r;
                }
                GIAI_RETURN_IF_ERROR(result.status());
                return JsonResponse(200, *result);
              },
              {"Already interviewed? Which other member organisations hold a probable match "
               "(Bloom-filter encodings only; no identity crosses)",
               "linkage", "InterviewCheckInput", "InterviewCheck", 200, /*needs_purpose=*/true}});

  router.Add({"POST",
              "/api/v1/estimates",
              true,
              {},
              [&estimates](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json result, estimates.Estimate(call.principal, body));
                return JsonResponse(200, result);
              },
              {"Multiple systems estimation over a posted capture table", "estimates",
               "EstimateInput", "Estimate"}});
  router.Add({"GET",
              "/api/v1/estimates/organisations",
              true,
              {},
              [&store, &estimates](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    json page,
                    service::RecordEstimateService(store, estimates).Organisations(call.principal));
                return JsonResponse(200, page);
              },
              {"The organisations an estimate from records may name as lists: the caller's own "
               "and those sharing persons with it (no counts)",
               "estimates", "", "EstimateOrganisationPage"}});
  router.Add({"POST",
              "/api/v1/estimates/from-records",
              true,
              {},
              [&store, &estimates](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json result, service::RecordEstimateService(store, estimates)
                                                       .Estimate(call.principal, call.info, body));
                return JsonResponse(200, result);
              },
              {"Multiple systems estimation from the linked victims of chosen organisations "
               "(counts only)",
               "estimates", "RecordEstimateInput", "RecordEstimate", 200,
               /*needs_purpose=*/true}});
}

}  // namespace giai::http
