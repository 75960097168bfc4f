#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace giai::http {

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidInput: return 400;
    case Code::kUnauthenticated: return 401;
    case Code::kForbidden: return 403;
    case Code::kConsentDenied: return 403;
    case Code::kDigestMismatch: return 422;
    case Code::kNotFound: return 404;
    case Code::kConflict: return 409;
    case Code::kPreconditionFailed: return 412;
    case Code::kPayloadTooLarge: return 413;
    case Code::kUnsupportedMediaType: return 415;
    case Code::kPreconditionRequired: return 428;
    case Code::kRateLimited: return 429;
    case Code::kIntegrity: return 500;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

namespace {
std::string Title(Code code) {
  std::string name(CodeName(code));
  for (char& c : name) c = c == '_' ? ' ' : c;
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}
}  // namespace

Response Problem(const Status& status, const std::string& request_id) {
  nlohmann::json body = {
      {"type", "https://giai.example/problems/" + std::string(CodeName(status.code()))},
      {"title", Title(status.code())},
      {"status", HttpStatusFor(status.code())},
      {"code", CodeName(status.code())},
      {"detail", status.message()},
      {"request_id", request_id}};
  if (!status.field().empty()) body["field"] = status.field();
  // Internal failures keep their details in the log; the client gets the request id to quote.
  if (status.code() == Code::kInternal) body["detail"] = "internal error; quote the request id";
  Response r;
  r.status = HttpStatusFor(status.code());
  r.headers = {{"Content-Type", "application/problem+json"}};
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace giai::http
