// The fictional sub-granting programme of the demo dataset: one fund worked through from call to
// closure (two sub-grantee organisations, two reviewers — one abstains on a conflict of interest —
// a committee decision in two currencies, one agreement closed after report-gated tranches, one
// in progress). Created through GrantsService like real data. NOTHING IN IT IS REAL.
#pragma once

#include <string>
#include <vector>

#include "demo/demo_data.h"
#include "service/admin_service.h"
#include "service/grants_service.h"

namespace giai::demo {

// `lead_org_id`: the organisation running the programme (the demo's secretariat).
Status CreateDemoGrants(service::AdminService& admin, service::GrantsService& grants,
                        const std::string& lead_org_id, DemoCounts& counts,
                        std::vector<DemoLogin>& logins);

}  // namespace giai::demo
