#include "http/api.h"

#include <charconv>
#include <chrono>

#include "core/clock.h"
#include "core/metrics.h"
#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "http/problem.h"
#include "ops/log.h"

namespace giai::http {

namespace {

bool IsUnsafe(const std::string& method) { return method != "GET" && method != "HEAD"; }

void AddSecurityHeaders(Response& r, bool api) {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  if (api) {
    r.headers.emplace_back("Cache-Control", "no-store");
  } else {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' "
                           "'unsafe-inline'; frame-ancestors 'none'");
  }
}

bool ValidPurpose(std::string_view purpose) {
  if (purpose.size() > 500) return false;
  for (unsigned char c : purpose) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

}  // namespace

Api::Api(ApiDeps deps, ApiOptions options)
    : deps_(deps), options_(std::move(options)), read_cache_(options_.read_cache_bytes) {
  AddAuthRoutes(router_, deps_.authenticator, deps_.admin, options_);
  AddAdminRoutes(router_, deps_.admin, deps_.vocabulary);
  AddDocumentationRoutes(router_, deps_.documentation);
  AddConsentRoutes(router_, deps_.consent);
  AddCaseRoutes(router_, deps_.cases, deps_.evidence);
  AddGrantsRoutes(router_, deps_.grants);
  AddGrantAttachmentRoutes(router_, deps_.grants, deps_.evidence);
  AddShareRoutes(router_, deps_.shares);
  AddEvidenceRoutes(router_, deps_.evidence);
  AddExportRoutes(router_, deps_.evidence);
  AddLedgerRoutes(router_, deps_.store, deps_.ledger);
  AddLinkageRoutes(router_, deps_.store, deps_.linkage, deps_.interview_checks, deps_.estimates);
  AddOperationsRoutes(router_);
  Metrics::Global().SetHelp("giai_http_requests_total", "HTTP requests by route and status",
                            "counter");
  Metrics::Global().SetHelp("giai_http_request_seconds", "HTTP request latency by route",
                            "histogram");
}

Status Api::Authenticate(const Request& request, const Route& route, Call& call,
                         std::optional<std::uint64_t> data_version) {
  std::string_view authorization = request.Header("Authorization");
  if (authorization.starts_with("Bearer ")) {
    GIAI_ASSIGN_OR_RETURN(call.principal, deps_.authenticator.FromBearer(
                                              std::string(authorization.substr(7)), data_version));
    return Status::Ok();
  }
  if (!authorization.empty()) {
    return Status(Code::kUnauthenticated, "only Bearer tokens are accepted in Authorization");
  }
  std::string cookie = CookieValue(request.Header("Cookie"), "giai_session");
  if (cookie.empty()) {
    if (!route.authenticated) return Status::Ok();
    return Status(Code::kUnauthenticated, "sign in first");
  }
  std::string csrf;
  Result<access::Principal> p = deps_.authenticator.FromSession(cookie, &csrf, data_version);
  if (!p.ok()) {
    if (!route.authenticated) return Status::Ok();
    return p.status();
  }
  call.principal = std::move(p).value();
  call.csrf_token = csrf;
  if (IsUnsafe(request.method) &&
      !crypto::ConstantTimeEquals(request.Header("X-CSRF-Token"), csrf)) {
    return Forbidden("missing or wrong X-CSRF-Token");
  }
  return Status::Ok();
}

Result<Response> Api::WithIdempotency(const Request& request, Call& call, const Route& route) {
  std::string key(request.Header("Idempotency-Key"));
  if (request.method != "POST" || key.empty() || call.principal.user_id.empty()) {
    return route.handler(call);
  }
  if (key.size() > 200) return InvalidInput("is too long", "Idempotency-Key");
  std::string hash =
      crypto::ToHex(crypto::Sha256Of(request.method + " " + request.path + "\n" + request.body));
  Result<store::IdempotencyRow> seen = store::IdempotencyRow{};
  GIAI_RETURN_IF_ERROR(deps_.store.Read([&](store::Tx& tx) -> Status {
    seen = tx.GetIdempotency(call.principal.user_id, key);
    return Status::Ok();
  }));
  if (seen.ok()) {
    if (seen->request_hash != hash) {
      return Conflict("this Idempotency-Key was used for another request");
    }
    // Replay: answer with the resource as it is now, as a GET of it would.
    Request get;
    get.method = "GET";
    get.path = get.target = seen->location;
    Router::Match m = router_.Find("GET", get.path);
    if (!m.route) return Response{seen->status, {{"Location", seen->location}}, ""};
    Call replay{get, m.params, {}, call.principal, call.info, call.csrf_token};
    GIAI_ASSIGN_OR_RETURN(Response r, m.route->handler(replay));
    r.status = seen->status;
    r.headers.emplace_back("Location", seen->location);
    r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
  }
  GIAI_ASSIGN_OR_RETURN(Response r, route.handler(call));
  std::string location;
  for (const auto& [name, value] : r.headers) {
    if (name == "Location") location = value;
  }
  if (r.status < 300) {
    Status st = deps_.store.Write([&](store::Tx& tx) {
      return tx.PutIdempotency(
          {call.principal.user_id, key, hash, r.status, location, NowRfc3339()});
    });
    // A concurrent retry that stored first is fine: this response is still correct.
    if (!st.ok() && st.code() != Code::kConflict) return st;
  }
  return r;
}

Status Api::Prepare(const Request& request, Call& call, const Route& route,
                    std::optional<std::uint64_t> data_version) {
  GIAI_RETURN_IF_ERROR(Authenticate(request, route, call, data_version));
  GIAI_ASSIGN_OR_RETURN(call.query, ParseQuery(request.query));
  for (const auto& [name, value] : call.query) {
    if (std::find(route.query_params.begin(), route.query_params.end(), name) ==
        route.query_params.end()) {
      return InvalidInput("unknown query parameter", name);
    }
  }
  std::string_view purpose = request.Header("X-Purpose");
  if (!ValidPurpose(purpose))
    return InvalidInput("is too long or has control characters", "X-Purpose");
  call.info.purpose = std::string(purpose);
  return Status::Ok();
}

Result<Response> Api::Dispatch(const Request& request, Call& call, const Route& route) {
  // Read once, before anything is read from the store: what is reused below (the credential's
  // holder, a kept answer) was computed at this version, and any commit since moves it.
  const std::optional<std::uint64_t> data_version = deps_.store.DataVersion();
  GIAI_RETURN_IF_ERROR(Prepare(request, call, route, data_version));
  if (route.reusable && data_version && request.method == "GET") {
    return read_cache_.Answer(call, *data_version, [&] { return route.handler(call); });
  }
  return WithIdempotency(request, call, route);
}

namespace {

// Adapts a route's StreamHandler to the transport, finishing every answer like Handle does.
class ApiSink final : public BodySink {
 public:
  ApiSink(const Api& api, Request head, Call call, std::string route_label,
          std::chrono::steady_clock::time_point start, std::unique_ptr<StreamHandler> handler)
      : api_(api),
        head_(std::make_unique<Request>(std::move(head))),
        call_{*head_,
              std::move(call.params),
              std::move(call.query),
              std::move(call.principal),
              std::move(call.info),
              std::move(call.csrf_token)},
        route_label_(std::move(route_label)),
        start_(start),
        handler_(std::move(handler)) {}

  std::optional<Response> Write(std::string_view piece) override {
    Status st = handler_->Write(piece);
    if (st.ok()) return std::nullopt;
    return Answer(st);
  }
  Response Finish() override { return Answer(handler_->Finish()); }

 private:
  Response Answer(Result<Response> result) {
    Response out;
    api_.Finalize(*head_, call_, route_label_, true, start_, std::move(result), out);
    return out;
  }
  const Api& api_;
  std::unique_ptr<Request> head_;  // call_ refers to it
  Call call_;
  std::string route_label_;
  std::chrono::steady_clock::time_point start_;
  std::unique_ptr<StreamHandler> handler_;
};

}  // namespace

StreamDecision Api::SelectStream(const Request& head) {
  StreamDecision decision;
  if (head.method != "PUT") return decision;
  Router::Match match = router_.Find(head.method, head.path);
  const StreamFactory* stream = match.route ? router_.StreamOf(*match.route) : nullptr;
  if (stream == nullptr) return decision;
  const auto start = std::chrono::steady_clock::now();
  Call call{head, std::move(match.params), {}, {}, {}, {}};
  call.info.request_id = crypto::NewId("req");
  call.info.remote_address = head.remote_address;
  Result<std::unique_ptr<StreamHandler>> handler = [&]() -> Result<std::unique_ptr<StreamHandler>> {
    GIAI_RETURN_IF_ERROR(Prepare(head, call, *match.route));
    return (*stream)(call);
  }();
  if (!handler.ok()) {
    Response out;
    Finalize(head, call, match.route->pattern, true, start, handler.status(), out);
    decision.refuse = std::move(out);
    return decision;
  }
  decision.sink = std::make_unique<ApiSink>(*this, head, std::move(call), match.route->pattern,
                                            start, std::move(handler).value());
  return decision;
}

void Api::Finalize(const Request& request, const Call& call, const std::string& route_label,
                   bool api, std::chrono::steady_clock::time_point start, Result<Response> r,
                   Response& response) const {
  if (r.ok()) {
    response = std::move(r).value();
  } else {
    if (r.status().code() == Code::kInternal || r.status().code() == Code::kIntegrity ||
        r.status().code() == Code::kUnavailable) {
      ops::Log(ops::LogLevel::kError, "request_failed",
               {{"request_id", call.info.request_id}, {"error", r.status().ToString()}});
    }
    response = Problem(r.status(), call.info.request_id);
    if (r.status().code() == Code::kUnauthenticated) {
      response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"giai\"");
    }
  }
  response.headers.emplace_back("X-Request-Id", call.info.request_id);
  AddSecurityHeaders(response, api);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  // A view of the status text that lives through both calls (no allocation for it).
  char status_text[8];
  const char* end =
      std::to_chars(status_text, status_text + sizeof status_text, response.status).ptr;
  const std::string_view status(status_text, static_cast<std::size_t>(end - status_text));
  Metrics::Global().Increment(
      "giai_http_requests_total",
      {{"method", request.method}, {"route", route_label}, {"status", status}});
  Metrics::Global().Observe("giai_http_request_seconds",
                            {{"method", request.method}, {"route", route_label}}, took.count());
  if (!ops::LogEnabled(ops::LogLevel::kInfo)) return;  // every request passes here
  ops::Log(ops::LogLevel::kInfo, "request",
           {{"request_id", call.info.request_id},
            {"method", request.method},
            {"route", route_label},
            {"status", response.status},
            {"user_id", call.principal.user_id},
            {"ms", took.count() * 1000}});
}

Response Api::Handle(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  Call call{request, {}, {}, {}, {}, {}};
  call.info.request_id = crypto::NewId("req");
  call.info.remote_address = request.remote_address;

  std::string route_label = "unmatched";
  Response response;
  Router::Match match = router_.Find(request.method, request.path);
  bool api =
      request.path.starts_with("/api/") || request.path == "/healthz" || request.path == "/metrics";
  if (match.route) {
    route_label = match.route->pattern;
    call.params = std::move(match.params);
    Finalize(request, call, route_label, true, start, Dispatch(request, call, *match.route),
             response);
    return response;
  } else if (!match.allowed_methods.empty()) {
    response = Problem(Status(Code::kInvalidInput, "method not allowed on this path"),
                       call.info.request_id);
    response.status = 405;
    std::string allow;
    for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
    response.headers.emplace_back("Allow", allow);
  } else if (auto file = (!api && request.method == "GET")
                             ? ServeStatic(options_.web_root, request.path)
                             : std::nullopt) {
    route_label = "static";
    response = std::move(*file);
  } else {
    response = Problem(NotFound("no such route"), call.info.request_id);
  }
  Finalize(request, call, route_label, api || !match.allowed_methods.empty(), start,
           std::move(response), response);
  return response;
}

Result<int> LimitQuery(const Call& call) {
  std::string text = call.Query("limit");
  if (text.empty()) return 50;
  int limit = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || limit > 100000) return InvalidInput("must be a number", "limit");
    limit = limit * 10 + (c - '0');
  }
  return limit;
}

Response PageResponse(service::Page page) {
  nlohmann::json body = nlohmann::json::object();
  body["items"] = std::move(page.items);
  body["next_cursor"] =
      page.next_cursor.empty() ? nlohmann::json() : nlohmann::json(std::move(page.next_cursor));
  return JsonResponse(200, body);
}

}  // namespace giai::http
