// Routes for a person's consent (record, withdraw, history), the restriction of their
// processing (set, lift, history) and the erasure of their identity.
#include "http/api.h"

namespace giai::http {

void AddConsentRoutes(Router& router, service::ConsentService& consent) {
  using nlohmann::json;
  const std::string base = "/api/v1/persons/{id}";
  router.Add({"GET",
              base + "/consents",
              true,
              {},
              [&consent](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json page,
                                      consent.History(call.principal, call.params["id"]));
                return JsonResponse(200, page);
              },
              {"The person's consent versions, oldest first", "persons", "", "ConsentPage"}});
  router.Add(
      {"POST",
       base + "/consents",
       true,
       {},
       [&consent](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
         GIAI_ASSIGN_OR_RETURN(json version,
                               consent.Record(call.principal, call.info, call.params["id"], body));
         return JsonResponse(201, version);
       },
       {"Record a new consent version (append-only)", "persons", "ConsentInput", "Consent", 201}});
  router.Add(
      {"POST",
       base + "/consents/withdraw",
       true,
       {},
       [&consent](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(json version,
                               consent.Withdraw(call.principal, call.info, call.params["id"]));
         return JsonResponse(201, version);
       },
       {"Withdraw consent: effective for the very next request", "persons", "", "Consent", 201}});
  router.Add({"POST",
              base + "/identity/erase",
              true,
              {},
              [&consent](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    json out, consent.EraseIdentity(call.principal, call.info, call.params["id"]));
                return JsonResponse(200, out);
              },
              {"Erase the identity by destroying its key (crypto-shredding); audited", "persons",
               "", "Erasure"}});
  router.Add({"GET",
              base + "/restriction",
              true,
              {},
              [&consent](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json out,
                                      consent.Restriction(call.principal, call.params["id"]));
                return JsonResponse(200, out);
              },
              {"Whether the person's processing is restricted, with its versions", "persons", "",
               "Restriction"}});
  router.Add({"POST",
              base + "/restriction",
              true,
              {},
              [&consent](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json version, consent.Restrict(call.principal, call.info,
                                                                     call.params["id"], body));
                return JsonResponse(201, version);
              },
              {"Restrict the person's processing while a dispute is resolved (administrators; "
               "audited)",
               "persons", "RestrictionInput", "RestrictionVersion", 201}});
  router.Add({"POST",
              base + "/restriction/lift",
              true,
              {},
              [&consent](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(
                    json version,
                    consent.LiftRestriction(call.principal, call.info, call.params["id"], body));
                return JsonResponse(201, version);
              },
              {"Lift the restriction (administrators; audited)", "persons", "RestrictionLift",
               "RestrictionVersion", 201}});
}

}  // namespace giai::http
