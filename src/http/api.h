// Api: the HTTP adapter of giai. It turns a Request into a call of a use case and the result
// into a Response; it decides nothing itself (DESIGN.md §3: adapters translate).
//
// For every request, in order: request id -> route match (404/405) -> authentication (bearer
// token or session cookie; CSRF token for cookie-authenticated writes) -> query parsing
// (unknown parameters are errors) -> idempotency replay for POST -> handler -> problem mapping
// -> security headers -> metrics and a JSON log line (no identities, narratives or secrets).
// Thread safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "access/authenticator.h"
#include "core/vocabulary.h"
#include "http/read_cache.h"
#include "http/router.h"
#include "http/server.h"
#include "service/admin_service.h"
#include "service/case_service.h"
#include "service/consent_service.h"
#include "service/documentation_service.h"
#include "service/estimate_service.h"
#include "service/evidence_bundle.h"
#include "service/evidence_service.h"
#include "service/grants_service.h"
#include "service/interview_check.h"
#include "service/ledger_service.h"
#include "service/linkage_service.h"
#include "service/share_service.h"
#include "store/store.h"

namespace giai::http {

struct ApiOptions {
  bool secure_cookies = false;  // add Secure to cookies (always under TLS)
  std::string web_root;         // directory of the built web UI; empty: API only
  int session_ttl_minutes = 480;
  std::size_t read_cache_bytes = 0;  // http/read_cache.h; 0: off
};

struct ApiDeps {
  store::Store& store;
  access::Authenticator& authenticator;
  service::DocumentationService& documentation;
  service::AdminService& admin;
  service::ConsentService& consent;
  service::CaseService& cases;
  service::EvidenceService& evidence;
  service::Ledger& ledger;
  service::GrantsService& grants;
  service::LinkageService& linkage;
  service::InterviewCheckService& interview_checks;
  const service::EstimateService& estimates;
  service::ShareService& shares;
  const Vocabulary& vocabulary;
};

class Api {
 public:
  Api(ApiDeps deps, ApiOptions options);
  Response Handle(const Request& request);
  // The transport's StreamSelector: streams the bodies of routes that have a `stream` handler.
  StreamDecision SelectStream(const Request& head);
  const Router& router() const { return router_; }

 private:
  Result<Response> Dispatch(const Request& request, Call& call, const Route& route);
  Status Authenticate(const Request& request, const Route& route, Call& call,
                      std::optional<std::uint64_t> data_version);
  Result<Response> WithIdempotency(const Request& request, Call& call, const Route& route);
  // Authentication, query and purpose checks shared by buffered and streamed requests.
  Status Prepare(const Request& request, Call& call, const Route& route,
                 std::optional<std::uint64_t> data_version = std::nullopt);

 public:
  // Problem mapping, request id, security headers, metrics and the log line of every answer.
  void Finalize(const Request& request, const Call& call, const std::string& route_label, bool api,
                std::chrono::steady_clock::time_point start, Result<Response> result,
                Response& out) const;

 private:
  ApiDeps deps_;
  ApiOptions options_;
  Router router_;
  ReadCache read_cache_;
};

// Shared by the route files: the `limit` query parameter of lists (50 when absent; digits only,
// else invalid_input) and the page shape {"items": [...], "next_cursor": ... or null}.
Result<int> LimitQuery(const Call& call);
// Takes the page by value: its items move into the response instead of being copied.
Response PageResponse(service::Page page);
// An export bundle as a streamed tar download (chunked), with X-Export-Id, X-Exported-Count and
// X-Withheld-Count; `name` prefixes the file name ("giai-bundle", "giai-case-file").
Response BundleResponse(service::EvidenceService& evidence, service::Bundle bundle,
                        const std::string& name, std::size_t withheld);

// Route groups, one file each.
void AddAuthRoutes(Router& router, access::Authenticator& auth, service::AdminService& admin,
                   const ApiOptions& options);
void AddAdminRoutes(Router& router, service::AdminService& admin, const Vocabulary& vocabulary);
void AddDocumentationRoutes(Router& router, service::DocumentationService& documentation);
void AddConsentRoutes(Router& router, service::ConsentService& consent);
void AddCaseRoutes(Router& router, service::CaseService& cases, service::EvidenceService& evidence);
void AddEvidenceRoutes(Router& router, service::EvidenceService& evidence);
void AddExportRoutes(Router& router, service::EvidenceService& evidence);
void AddLedgerRoutes(Router& router, store::Store& store, service::Ledger& ledger);
void AddGrantsRoutes(Router& router, service::GrantsService& grants);
void AddGrantAttachmentRoutes(Router& router, service::GrantsService& grants,
                              service::EvidenceService& evidence);
void AddLinkageRoutes(Router& router, store::Store& store, service::LinkageService& linkage,
                      service::InterviewCheckService& checks,
                      const service::EstimateService& estimates);
void AddShareRoutes(Router& router, service::ShareService& shares);
void AddOperationsRoutes(Router& router);
// GET /api/v1/openapi.json, generated from the router's table.
nlohmann::json OpenApiDocument(const Router& router);
// Static files of the web UI (GET only, no path escapes); nullopt if `path` is not a UI path.
std::optional<Response> ServeStatic(const std::string& web_root, const std::string& path);

}  // namespace giai::http
