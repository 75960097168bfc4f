#include "access/audit.h"

#include "core/clock.h"
#include "crypto/random.h"

namespace giai::access {

store::AuditRow AuditEvent(const Principal& who, std::string action, std::string record_id,
                           const RequestInfo& request, std::string outcome) {
  store::AuditRow row;
  row.id = crypto::NewId("aud");
  row.at = NowRfc3339();
  row.org_id = who.org_id;
  row.user_id = who.user_id;
  row.action = std::move(action);
  row.record_id = std::move(record_id);
  row.purpose = request.purpose;
  row.outcome = std::move(outcome);
  row.request_id = request.request_id;
  return row;
}

}  // namespace giai::access
