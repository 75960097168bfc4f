// Generates the OpenAPI 3.1 document from the router's table, so every route is documented by
// construction; component schemas come from openapi_schemas.json (embedded at build time).
#include <set>

#include "http/api.h"

namespace giai::http {

namespace internal {
extern const std::string_view kOpenApiSchemas;
}

namespace {

using nlohmann::json;

json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json ProblemResponse(const char* description) {
  return {{"description", description},
          {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
}

}  // namespace

json OpenApiDocument(const Router& router) {
  json doc = {{"openapi", "3.1.0"},
              {"info",
               {{"title", "giai API"},
                {"version", "1.0.0"},
                {"description",
                 "Documentation, protection and evidence for accountability for international "
                 "crimes. Conventions: docs/API.md."}}},
              {"servers", json::array({{{"url", "/"}}})},
              {"components",
               {{"schemas", json::parse(internal::kOpenApiSchemas)},
                {"securitySchemes",
                 {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
                  {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "giai_session"}}}}}}},
              {"paths", json::object()}};
  for (const Route& route : router.routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    json op = {{"summary", route.doc.summary},
               {"tags", json::array({route.doc.tag})},
               {"operationId", method + route.pattern}};
    json params = json::array();
    std::size_t pos = 0;
    while ((pos = route.pattern.find('{', pos)) != std::string::npos) {
      std::size_t end = route.pattern.find('}', pos);
      params.push_back({{"name", route.pattern.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      pos = end;
    }
    for (const std::string& q : route.query_params) {
      params.push_back({{"name", q}, {"in", "query"}, {"schema", {{"type", "string"}}}});
    }
    if (route.doc.needs_purpose) {
      params.push_back({{"name", "X-Purpose"},
                        {"in", "header"},
                        {"required", true},
                        {"description", "why you need this (recorded in the audit trail)"},
                        {"schema", {{"type", "string"}, {"maxLength", 500}}}});
    }
    if (route.doc.needs_if_match) {
      params.push_back({{"name", "If-Match"},
                        {"in", "header"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    if (route.method == "POST" && route.authenticated) {
      params.push_back(
          {{"name", "Idempotency-Key"},
           {"in", "header"},
           {"description", "a retried POST with the same key returns the first result"},
           {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!route.doc.request_schema.empty()) {
      op["requestBody"] = {
          {"required", true},
          {"content", {{"application/json", {{"schema", Ref(route.doc.request_schema)}}}}}};
    }
    json ok = {{"description", "success"}};
    if (!route.doc.response_schema.empty()) {
      ok["content"] = {{"application/json", {{"schema", Ref(route.doc.response_schema)}}}};
    }
    op["responses"] = {{std::to_string(route.doc.success_status), ok},
                       {"default", ProblemResponse("an error (RFC 9457 problem details)")}};
    op["security"] = route.authenticated
                         ? json::array({{{"bearer", json::array()}}, {{"session", json::array()}}})
                         : json::array();
    doc["paths"][route.pattern][method] = op;
  }
  return doc;
}

}  // namespace giai::http
