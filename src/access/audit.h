// Audit events: who did what, to which record, for what purpose, with what outcome.
// They carry ids and codes only, never identity or narrative values, so the trail itself can
// be shown to administrators and auditors without exposing anyone.
#pragma once

#include <string>

#include "access/principal.h"
#include "store/rows.h"

namespace giai::access {

// The request-scoped facts every audit event repeats.
struct RequestInfo {
  std::string request_id;
  std::string purpose;         // from X-Purpose
  std::string remote_address;  // kept in logs, not in audit rows
};

store::AuditRow AuditEvent(const Principal& who, std::string action, std::string record_id,
                           const RequestInfo& request, std::string outcome = "ok");

}  // namespace giai::access
