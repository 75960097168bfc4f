// Routes of sharing across organisations (docs/SHARING.md): shares (propose, approve, revoke,
// read, list given and received, access log), the recipient's reads and contributions under a
// share, and follow-up tasks.
#include "http/api.h"

namespace giai::http {

namespace {

using nlohmann::json;
using service::ShareService;

Result<service::ShareListRequest> ListOf(const Call& call) {
  service::ShareListRequest list;
  list.cursor = call.Query("cursor");
  list.status = call.Query("status");
  GIAI_ASSIGN_OR_RETURN(list.limit, LimitQuery(call));
  return list;
}

Response WithEtag(Response r, const json& record) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(record.value("version", 0)) + "\"");
  return r;
}

OpenApiInfo WithPurpose(OpenApiInfo info) {
  info.needs_purpose = true;
  return info;
}

}  // namespace

void AddShareRoutes(Router& router, ShareService& shares) {
  const std::vector<std::string> paging = {"limit", "cursor"};
  const std::string base = "/api/v1/shares";
  router.Add({"POST",
              base,
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json s, shares.Propose(call.principal, call.info, body));
                Response r = WithEtag(JsonResponse(201, s), s);
                r.headers.emplace_back("Location", "/api/v1/shares/" + s["id"].get<std::string>());
                return r;
              },
              {"Propose a share; the consent gate lists refused items with the reason", "shares",
               "ShareInput", "Share", 201}});
  router.Add({"GET",
              base,
              true,
              paging,
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
                GIAI_ASSIGN_OR_RETURN(service::Page page, shares.ListGiven(call.principal, list));
                return PageResponse(std::move(page));
              },
              {"Shares given by the caller's organisation", "shares", "", "SharePage"}});
  router.Add({"GET",
              base + "/received",
              true,
              paging,
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
                GIAI_ASSIGN_OR_RETURN(service::Page page,
                                      shares.ListReceived(call.principal, list));
                return PageResponse(std::move(page));
              },
              {"Shares other organisations gave to the caller's organisation (with origin and "
               "expiry)",
               "shares", "", "SharePage"}});
  router.Add({"GET",
              base + "/recipients",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json page, shares.Recipients(call.principal));
                return JsonResponse(200, page);
              },
              {"Organisations a share can go to (for the proposer's picker; no personal data)",
               "shares", "", "ShareRecipientPage"}});
  router.Add({"GET",
              base + "/{id}",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json s, shares.Get(call.principal, call.params["id"]));
                return WithEtag(JsonResponse(200, s), s);
              },
              {"A share (the owner also sees refused items)", "shares", "", "Share"}});
  router.Add(
      {"POST",
       base + "/{id}/approve",
       true,
       {},
       [&shares](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(json s,
                               shares.Approve(call.principal, call.info, call.params["id"]));
         return WithEtag(JsonResponse(200, s), s);
       },
       {"Approve a proposed share (admin or legal, never the proposer)", "shares", "", "Share"}});
  router.Add({"POST",
              base + "/{id}/revoke",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json s,
                                      shares.Revoke(call.principal, call.info, call.params["id"]));
                return WithEtag(JsonResponse(200, s), s);
              },
              {"Revoke a share: effective for the very next request", "shares", "", "Share"}});
  router.Add(
      {"GET",
       base + "/{id}/access-log",
       true,
       paging,
       [&shares](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
         GIAI_ASSIGN_OR_RETURN(service::Page page,
                               shares.AccessLog(call.principal, call.params["id"], list));
         return PageResponse(std::move(page));
       },
       {"Who read what under the share, and when (owner)", "shares", "", "ShareAccessPage"}});
  router.Add({"GET",
              base + "/{id}/items",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    json page, shares.ListItems(call.principal, call.info, call.params["id"]));
                return JsonResponse(200, page);
              },
              WithPurpose({"The items of a live share the consent gate lets through (recipient)",
                           "shares", "", "SharedItemPage"})});
  router.Add({"GET",
              base + "/{id}/items/{item_id}",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json item,
                                      shares.GetItem(call.principal, call.info, call.params["id"],
                                                     call.params["item_id"]));
                return JsonResponse(200, item);
              },
              WithPurpose({"One shared item, pseudonymised, marked with its origin (recipient)",
                           "shares", "", "SharedItem"})});
  router.Add({"GET",
              base + "/{id}/items/{item_id}/narrative",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    json out, shares.ReadNarrative(call.principal, call.info, call.params["id"],
                                                   call.params["item_id"]));
                return JsonResponse(200, out);
              },
              WithPurpose({"The narrative of a shared item (recipient; audited for both)", "shares",
                           "", "Narrative"})});
  router.Add({"GET",
              base + "/{id}/items/{item_id}/identity",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    json out, shares.ReadIdentity(call.principal, call.info, call.params["id"],
                                                  call.params["item_id"]));
                return JsonResponse(200, out);
              },
              WithPurpose({"A shared person's identity: scope read_identity and consent at "
                           "identity level full",
                           "shares", "", "IdentityRead"})});
  router.Add({"POST",
              base + "/{id}/contributions",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(
                    json c, shares.Contribute(call.principal, call.info, call.params["id"], body));
                return JsonResponse(201, c);
              },
              {"A comment or assessment on a shared item (scope contribute; the owner's record "
               "is unchanged)",
               "shares", "ContributionInput", "Contribution", 201}});
  router.Add({"GET",
              base + "/{id}/contributions",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json page, shares.ListContributions(call.principal, call.info,
                                                                          call.params["id"]));
                return JsonResponse(200, page);
              },
              WithPurpose({"Contributions under a share (owner and recipient)", "shares", "",
                           "ContributionPage"})});

  // The register of data-sharing agreements (no DELETE: an agreement ends by its status,
  // terminated, and stays on record for the shares made under it).
  const std::string agreements = "/api/v1/agreements";
  router.Add({"POST",
              agreements,
              true,
              {},
              [&shares, agreements](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json a,
                                      shares.CreateAgreement(call.principal, call.info, body));
                Response r = WithEtag(JsonResponse(201, a), a);
                r.headers.emplace_back("Location", agreements + "/" + a["id"].get<std::string>());
                return r;
              },
              {"Register a data-sharing agreement (admin or legal of a party)", "agreements",
               "AgreementInput", "Agreement", 201}});
  router.Add(
      {"GET",
       agreements,
       true,
       paging,
       [&shares](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
         GIAI_ASSIGN_OR_RETURN(service::Page page, shares.ListAgreements(call.principal, list));
         return PageResponse(std::move(page));
       },
       {"Agreements the caller's organisation is a party to", "agreements", "", "AgreementPage"}});
  router.Add({"GET",
              agreements + "/{id}",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json a,
                                      shares.GetAgreement(call.principal, call.params["id"]));
                return WithEtag(JsonResponse(200, a), a);
              },
              {"A data-sharing agreement", "agreements", "", "Agreement"}});
  OpenApiInfo patch_doc{"Change an agreement (JSON merge patch, If-Match; parties are fixed)",
                        "agreements", "AgreementPatch", "Agreement"};
  patch_doc.needs_if_match = true;
  router.Add({"PATCH",
              agreements + "/{id}",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(std::int64_t version, call.IfMatchVersion());
                GIAI_ASSIGN_OR_RETURN(json patch, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(
                    json a, shares.UpdateAgreement(call.principal, call.info, call.params["id"],
                                                   version, patch));
                return WithEtag(JsonResponse(200, a), a);
              },
              patch_doc});

  router.Add({"GET",
              "/api/v1/tasks",
              true,
              {"limit", "cursor", "status"},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(auto list, ListOf(call));
                GIAI_ASSIGN_OR_RETURN(service::Page page, shares.ListTasks(call.principal, list));
                return PageResponse(std::move(page));
              },
              {"Follow-up tasks of the caller's organisation (status=open|closed)", "tasks", "",
               "TaskPage"}});
  router.Add({"GET",
              "/api/v1/tasks/{id}",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json t, shares.GetTask(call.principal, call.params["id"]));
                return WithEtag(JsonResponse(200, t), t);
              },
              {"A follow-up task", "tasks", "", "Task"}});
  router.Add({"POST",
              "/api/v1/tasks/{id}/close",
              true,
              {},
              [&shares](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(
                    json t, shares.CloseTask(call.principal, call.info, call.params["id"], body));
                return WithEtag(JsonResponse(200, t), t);
              },
              {"Close a follow-up task with an optional note (no identities in notes)", "tasks",
               "TaskClose", "Task"}});
}

}  // namespace giai::http
