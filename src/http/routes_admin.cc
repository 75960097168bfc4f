// Routes for signing in and out, the caller's organisation and users, the audit trail, the
// vocabularies, and operations (health, metrics, the OpenAPI document).
#include "core/metrics.h"
#include "http/api.h"
#include "http/problem.h"

namespace giai::http {

namespace {

using nlohmann::json;

std::string SessionCookie(const std::string& value, const std::string& max_age, bool secure) {
  return "giai_session=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + max_age +
         (secure ? "; Secure" : "");
}

json PrincipalJson(const access::Principal& p) {
  return {{"id", p.user_id},
          {"email", p.email},
          {"org_id", p.org_id},
          {"role", access::RoleName(p.role)},
          {"compartments", p.compartments}};
}

}  // namespace

void AddAuthRoutes(Router& router, access::Authenticator& auth, service::AdminService& admin,
                   const ApiOptions& options) {
  router.Add({"POST",
              "/api/v1/auth/login",
              false,
              {},
              [&auth, &admin, options](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                if (!body.is_object() || !body["email"].is_string() ||
                    !body["password"].is_string() || body.size() != 2) {
                  return InvalidInput("send exactly {\"email\": ..., \"password\": ...}");
                }
                long retry_after = 0;
                Result<access::Session> session =
                    auth.Login(body["email"], body["password"], call.info, &retry_after);
                if (!session.ok() && session.status().code() == Code::kRateLimited) {
                  Response r = Problem(session.status(), call.info.request_id);
                  r.headers.emplace_back("Retry-After", std::to_string(retry_after));
                  return r;
                }
                GIAI_RETURN_IF_ERROR(session.status());
                GIAI_ASSIGN_OR_RETURN(json org, admin.GetOrganisation(session->principal));
                Response r = JsonResponse(200, {{"user", PrincipalJson(session->principal)},
                                                {"organisation", org},
                                                {"csrf_token", session->csrf_token},
                                                {"expires_at", session->expires_at}});
                bool secure = options.secure_cookies || call.request.tls;
                r.headers.emplace_back(
                    "Set-Cookie",
                    SessionCookie(session->token, std::to_string(options.session_ttl_minutes * 60),
                                  secure));
                return r;
              },
              {"Sign in with e-mail and password (sets the session cookie)", "auth", "Login",
               "LoginResult"}});

  router.Add({"POST",
              "/api/v1/auth/logout",
              true,
              {},
              [&auth, options](Call& call) -> Result<Response> {
                std::string cookie = CookieValue(call.request.Header("Cookie"), "giai_session");
                if (!cookie.empty()) GIAI_RETURN_IF_ERROR(auth.Logout(cookie));
                Response r{204, {}, ""};
                r.headers.emplace_back(
                    "Set-Cookie",
                    SessionCookie("", "0", options.secure_cookies || call.request.tls));
                return r;
              },
              {"Sign out (ends the session)", "auth", "", "", 204}});

  router.Add({"GET",
              "/api/v1/auth/me",
              true,
              {},
              [&admin](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json org, admin.GetOrganisation(call.principal));
                json out = {{"user", PrincipalJson(call.principal)}, {"organisation", org}};
                if (!call.csrf_token.empty()) out["csrf_token"] = call.csrf_token;
                return JsonResponse(200, out);
              },
              {"The signed-in user, their organisation and role", "auth", "", "LoginResult"}});
}

void AddAdminRoutes(Router& router, service::AdminService& admin, const Vocabulary& vocabulary) {
  router.Add({"GET",
              "/api/v1/organisation",
              true,
              {},
              [&admin](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json org, admin.GetOrganisation(call.principal));
                return JsonResponse(200, org);
              },
              {"The caller's organisation and its compartments", "admin", "", "Organisation"}});
  router.Add({"GET",
              "/api/v1/users",
              true,
              {},
              [&admin](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json users, admin.ListUsers(call.principal));
                return JsonResponse(200, users);
              },
              {"Users of the caller's organisation (admin)", "admin", "", "UserPage"}});
  router.Add(
      {"POST",
       "/api/v1/users",
       true,
       {},
       [&admin](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
         GIAI_ASSIGN_OR_RETURN(json user, admin.CreateUserAs(call.principal, call.info, body));
         Response r = JsonResponse(201, user);
         r.headers.emplace_back("Location", "/api/v1/users/" + user["id"].get<std::string>());
         return r;
       },
       {"Create a user in the caller's organisation (admin)", "admin", "UserInput", "User", 201}});
  router.Add({"GET",
              "/api/v1/audit",
              true,
              {"cursor", "limit"},
              [&admin](Call& call) -> Result<Response> {
                int limit = 100;
                if (std::string l = call.Query("limit"); !l.empty()) {
                  if (l.size() > 4 || l.find_first_not_of("0123456789") != std::string::npos) {
                    return InvalidInput("must be a number", "limit");
                  }
                  limit = std::stoi(l);
                }
                GIAI_ASSIGN_OR_RETURN(json page,
                                      admin.ListAudit(call.principal, call.Query("cursor"), limit));
                return JsonResponse(200, page);
              },
              {"The organisation's audit trail (admin)", "admin", "", "AuditPage"}});
  router.Add({"GET",
              "/api/v1/vocabularies/crimes",
              true,
              {},
              [&vocabulary](Call&) -> Result<Response> {
                return JsonResponse(200, vocabulary.crimes_json());
              },
              {"Crimes, their elements and modes of liability (en/fr)", "vocabularies", "",
               "CrimeVocabulary"}});
  router.Add({"GET",
              "/api/v1/vocabularies/act-types",
              true,
              {},
              [&vocabulary](Call&) -> Result<Response> {
                return JsonResponse(200, vocabulary.act_types_json());
              },
              {"HURIDOCS types of acts and degrees of involvement (en/fr)", "vocabularies", "",
               "ActTypeVocabulary"}});
}

void AddOperationsRoutes(Router& router) {
  router.Add({"GET",
              "/healthz",
              false,
              {},
              [](Call&) -> Result<Response> {
                return JsonResponse(200, {{"status", "ok"}});
              },
              {"Liveness", "operations", "", "Health"}});
  router.Add(
      {"GET",
       "/metrics",
       false,
       {},
       [](Call&) -> Result<Response> {
         return Response{200,
                         {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}},
                         Metrics::Global().Render()};
       },
       {"Prometheus metrics (requests and latencies by route, DB timings)", "operations", "", ""}});
  const Router* self = &router;
  router.Add(
      {"GET",
       "/api/v1/openapi.json",
       false,
       {},
       [self](Call&) -> Result<Response> { return JsonResponse(200, OpenApiDocument(*self)); },
       {"This API's OpenAPI 3.1 document", "operations", "", ""}});
}

}  // namespace giai::http
