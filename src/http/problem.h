// The one mapping from a Status to an HTTP response: RFC 9457 problem details with the stable
// `code`, the offending `field` and the request id (API-CONVENTIONS.md "Errors").
#pragma once

#include <string>

#include "core/status.h"
#include "http/server.h"

namespace giai::http {

int HttpStatusFor(Code code);
Response Problem(const Status& status, const std::string& request_id);

}  // namespace giai::http
