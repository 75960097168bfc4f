// Who is asking: the authenticated user behind a request, as the policy sees them.
#pragma once

#include <string>
#include <vector>

namespace giai::access {

// kApplicant: an external user of an applicant organisation (kind "subgrantee"), working in the
// grants applicant portal on their own organisation's applications only.
enum class Role {
  kAdmin,
  kDocumenter,
  kLegal,
  kSupport,
  kAnalyst,
  kGrants,
  kReviewer,
  kViewer,
  kApplicant
};

// "admin", "documenter", ...; false if `name` is not a role.
bool ParseRole(std::string_view name, Role& out);
std::string_view RoleName(Role role);
const std::vector<Role>& AllRoles();

struct Principal {
  std::string user_id;
  std::string org_id;
  std::string email;
  Role role = Role::kViewer;
  std::vector<std::string> compartments;
  bool via_session = false;  // cookie-authenticated: writes need the CSRF token
};

}  // namespace giai::access
