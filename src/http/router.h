// Router: the table of API routes. Each route names its method, path pattern ("/api/v1/
// incidents/{id}"), whether it needs a signed-in user, the query parameters it accepts, and its
// handler. The same table generates the OpenAPI document (openapi.cc), so a route cannot exist
// without being documented.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "access/audit.h"
#include "access/principal.h"
#include "core/status.h"
#include "http/server.h"

namespace giai::http {

// Everything a handler needs about the call, already authenticated and parsed.
struct Call {
  const Request& request;
  std::map<std::string, std::string> params;  // path parameters
  std::map<std::string, std::string> query;   // decoded query parameters
  access::Principal principal;
  access::RequestInfo info;  // request id, purpose
  std::string csrf_token;    // of the session, when cookie-authenticated

  // The JSON body; invalid_input for malformed JSON or invalid UTF-8, unsupported_media_type
  // for another content type.
  Result<nlohmann::json> JsonBody() const;
  // The version in If-Match ("3" or W/"3"); precondition_required if absent.
  Result<std::int64_t> IfMatchVersion() const;
  std::string Query(const std::string& name) const;
};

struct OpenApiInfo {
  std::string summary;
  std::string tag;
  std::string request_schema;   // components/schemas name, or empty
  std::string response_schema;  // components/schemas name, or empty
  int success_status = 200;
  bool needs_purpose = false;  // X-Purpose required
  bool needs_if_match = false;
};

// A request body consumed as it arrives (see BodySink in server.h), at the use-case level:
// errors are Statuses, the final answer a Response.
class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  virtual Status Write(std::string_view piece) = 0;
  virtual Result<Response> Finish() = 0;
};

struct Route {
  std::string method;
  std::string pattern;
  bool authenticated = true;
  std::vector<std::string> query_params;
  std::function<Result<Response>(Call&)> handler;
  OpenApiInfo doc;
  // GET only: the answer depends on nothing but the data, the caller, the target and the
  // purpose, so http/read_cache.h may reuse it until the data changes.
  bool reusable = false;
};

// For routes whose body is streamed (uploads): called with the request's head once it is
// authenticated; the route's `handler` is then only used if the transport cannot stream.
using StreamFactory = std::function<Result<std::unique_ptr<StreamHandler>>(Call&)>;

class Router {
 public:
  void Add(Route route);
  // Adds a route whose body is streamed into `stream`.
  void AddStreamed(Route route, StreamFactory stream);
  // The stream factory of `route`, or nullptr for ordinary routes.
  const StreamFactory* StreamOf(const Route& route) const;
  const std::vector<Route>& routes() const { return routes_; }

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed_methods;  // path matched, method did not
  };
  Match Find(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
  // Each route's pattern split at '/', parallel to routes_: Find runs on every request and
  // compares segments without splitting or allocating per route.
  std::vector<std::vector<std::string>> patterns_;
  std::map<std::string, StreamFactory> streams_;  // by "METHOD pattern"
};

// Percent-decodes; false on a malformed escape or a decoded NUL.
bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space = false);
Result<std::map<std::string, std::string>> ParseQuery(std::string_view query);

Response JsonResponse(int status, const nlohmann::json& body);
// The value of cookie `name` in a Cookie header, or empty.
std::string CookieValue(std::string_view header, std::string_view name);

}  // namespace giai::http
