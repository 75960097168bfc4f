#include "access/policy.h"

#include <algorithm>
#include <array>

#include "access/share_policy.h"

namespace giai::access {

namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
};
constexpr std::array<RoleInfo, 9> kRoles{{{Role::kAdmin, "admin"},
                                          {Role::kDocumenter, "documenter"},
                                          {Role::kLegal, "legal"},
                                          {Role::kSupport, "support"},
                                          {Role::kAnalyst, "analyst"},
                                          {Role::kGrants, "grants"},
                                          {Role::kReviewer, "reviewer"},
                                          {Role::kViewer, "viewer"},
                                          {Role::kApplicant, "applicant"}}};

bool In(std::string_view kind, std::initializer_list<std::string_view> kinds) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace

bool ParseRole(std::string_view name, Role& out) {
  for (const RoleInfo& r : kRoles) {
    if (r.name == name) {
      out = r.role;
      return true;
    }
  }
  return false;
}

std::string_view RoleName(Role role) {
  for (const RoleInfo& r : kRoles) {
    if (r.role == role) return r.name;
  }
  return "viewer";
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> v;
    for (const RoleInfo& r : kRoles) v.push_back(r.role);
    return v;
  }();
  return kAll;
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kRead: return "read";
    case Action::kWrite: return "write";
    case Action::kReadNarrative: return "read_narrative";
    case Action::kReadIdentity: return "read_identity";
    case Action::kReadAudit: return "read_audit";
    case Action::kManageUsers: return "manage_users";
  }
  return "unknown";
}

// The whole policy. Why these choices:
// - admin runs the organisation (users, audit) and sees records, but not identities or
//   narratives: least privilege — administering accounts does not require knowing survivors.
// - documenter records everything and reads what they recorded.
// - legal qualifies acts and builds cases: reads everything, writes incidents, acts, units and
//   evidence items.
// - evidence content is read like a narrative (kReadNarrative on "evidence").
// - support works with survivors: persons and testimonies, and the incidents they relate to.
// - analyst and viewer count and chart: records without identities or narratives.
// - grants and reviewer work on sub-granting only: nothing of the documentation.
// Case building (cases, charges, element assessments, open-source items) and exporting evidence
// bundles for a mechanism (kWrite on "export") are legal work: only
// the legal role reads and writes it, and reads the sealed notes of assessments
// (kReadNarrative on "assessment"). Every other role is denied, the admin included: a case file
// reveals investigative strategy and is shared on a need-to-know basis (the case team).
bool Allows(const Principal& p, Action action, std::string_view kind) {
  const bool documentation =
      In(kind, {"incident", "act", "person", "unit", "testimony", "evidence"});
  const bool casework = In(kind, {"case", "charge", "assessment", "source", "export"});
  if (casework) {
    return p.role == Role::kLegal && (action == Action::kRead || action == Action::kWrite ||
                                      (action == Action::kReadNarrative && kind == "assessment"));
  }
  switch (p.role) {
    case Role::kAdmin:
      return (documentation && action == Action::kRead) || action == Action::kReadAudit ||
             action == Action::kManageUsers;
    case Role::kDocumenter:
      return documentation && (action == Action::kRead || action == Action::kWrite ||
                               action == Action::kReadNarrative ||
                               (action == Action::kReadIdentity && kind == "person"));
    case Role::kLegal:
      return documentation &&
             (action == Action::kRead || action == Action::kReadNarrative ||
              (action == Action::kReadIdentity && kind == "person") ||
              (action == Action::kWrite && In(kind, {"incident", "act", "unit", "evidence"})));
    case Role::kSupport:
      return In(kind, {"person", "testimony", "incident", "act"}) &&
             (action == Action::kRead || action == Action::kReadNarrative ||
              (action == Action::kReadIdentity && kind == "person") ||
              (action == Action::kWrite && In(kind, {"person", "testimony"})));
    case Role::kAnalyst:
    case Role::kViewer: return documentation && action == Action::kRead;
    case Role::kGrants:
    case Role::kReviewer:
    case Role::kApplicant: return false;
  }
  return false;
}

std::string_view GrantActionName(GrantAction action) {
  switch (action) {
    case GrantAction::kManage: return "manage grants";
    case GrantAction::kReadProgramme: return "read funds and calls";
    case GrantAction::kApply: return "apply for grants";
    case GrantAction::kReview: return "review applications";
    case GrantAction::kExport: return "export grant files";
  }
  return "unknown";
}

// Why these choices: the grants officer runs the programme; reviewers score what they are assigned
// (and are otherwise blind); applicants work on their own organisation's applications. No other
// role touches sub-granting — documentation roles gain nothing here, and admin keeps its audit
// trail (grant transitions are audited) without programme rights.
bool AllowsGrant(const Principal& p, GrantAction action) {
  switch (p.role) {
    case Role::kGrants:
      return action == GrantAction::kManage || action == GrantAction::kReadProgramme ||
             action == GrantAction::kExport;
    case Role::kReviewer:
      return action == GrantAction::kReview || action == GrantAction::kReadProgramme;
    case Role::kApplicant:
      return action == GrantAction::kApply || action == GrantAction::kReadProgramme;
    default: return false;
  }
}

std::string_view LinkageActionName(LinkageAction action) {
  switch (action) {
    case LinkageAction::kRun: return "run linkage jobs";
    case LinkageAction::kReview: return "review linkage candidates";
    case LinkageAction::kUnlink: return "remove person links";
    case LinkageAction::kReadLinks: return "read person links";
    case LinkageAction::kCheckInterviewed: return "check whether a person was already interviewed";
    case LinkageAction::kEstimate: return "run estimates";
  }
  return "unknown";
}

std::string_view ShareActionName(ShareAction action) {
  switch (action) {
    case ShareAction::kPropose: return "propose shares";
    case ShareAction::kApprove: return "approve or revoke shares";
    case ShareAction::kOversee: return "oversee shares and tasks";
    case ShareAction::kReceive: return "receive shares";
    case ShareAction::kRegisterAgreements: return "register data-sharing agreements";
  }
  return "unknown";
}

// Why these choices: a linkage job and its review need identities (the engine compares names;
// a reviewer opens both identities to decide), so only the roles that may read identities and
// link records in their daily work run and review them: documenter and legal. Support reads
// identities to care for survivors, not to consolidate lists, so it may only ask the
// "already interviewed?" check before an interview, as documenters and lawyers may. Links are
// ids only: whoever may read persons sees them. Estimation works on aggregate counts without any
// personal data: it is the analysts' tool, and documenters and lawyers use it too. Admin,
// viewer and the grants roles get nothing here (deny by default).
bool AllowsLinkage(const Principal& p, LinkageAction action) {
  const bool links_work = p.role == Role::kDocumenter || p.role == Role::kLegal;
  switch (action) {
    case LinkageAction::kRun:
    case LinkageAction::kReview:
    case LinkageAction::kUnlink: return links_work;
    case LinkageAction::kReadLinks: return Allows(p, Action::kRead, "person");
    case LinkageAction::kCheckInterviewed: return links_work || p.role == Role::kSupport;
    case LinkageAction::kEstimate: return links_work || p.role == Role::kAnalyst;
  }
  return false;
}

// Why these choices: the people who work with records (documenter, support, legal) know what a
// partner needs and propose; an admin or legal officer approves (a second person: the service
// refuses self-approval), so no single account can send survivors' data out. Analysts and viewers
// may receive (read what their role reads anyway) but not send. Grants roles take no part.
bool AllowsShare(const Principal& p, ShareAction action) {
  const bool works_with_records =
      p.role == Role::kDocumenter || p.role == Role::kSupport || p.role == Role::kLegal;
  switch (action) {
    case ShareAction::kPropose: return works_with_records;
    case ShareAction::kApprove:
    // Agreements bind the organisation: those who approve shares sign them off.
    case ShareAction::kRegisterAgreements: return p.role == Role::kAdmin || p.role == Role::kLegal;
    case ShareAction::kOversee: return works_with_records || p.role == Role::kAdmin;
    case ShareAction::kReceive:
      return works_with_records || p.role == Role::kAdmin || p.role == Role::kAnalyst ||
             p.role == Role::kViewer;
  }
  return false;
}

bool CanSee(const Principal& p, const std::string& owner_org, const std::string& compartment_id) {
  if (p.org_id.empty() || p.org_id != owner_org) return false;
  if (compartment_id.empty()) return true;
  return std::find(p.compartments.begin(), p.compartments.end(), compartment_id) !=
         p.compartments.end();
}

bool MayUseCompartmentKey(const Principal& p, const std::string& owner_org,
                          const std::string& compartment_id) {
  // Deliberately the record reach: whoever may see a compartment's records may have them
  // decrypted (role and consent gates come on top, in the use cases); nobody else.
  return CanSee(p, owner_org, compartment_id);
}

}  // namespace giai::access
