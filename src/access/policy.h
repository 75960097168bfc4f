// The access policy: the one place that decides who may do what (deny by default).
//
// Two questions, asked by every use case before it touches data:
//   Allows(principal, action, kind) — may this role do this to this kind of record at all?
//   CanSee(principal, owner_org, compartment) — is this record within the caller's reach?
// A record outside reach is reported as not found, never as forbidden, so that nobody learns
// that another organisation's record exists (API-CONVENTIONS.md "Reading and writing").
#pragma once

#include <string>
#include <string_view>

#include "access/principal.h"

namespace giai::access {

enum class Action {
  kRead,           // non-protected fields of records
  kWrite,          // create and update records
  kReadNarrative,  // narratives of incidents, acts, testimonies (purpose required, audited)
  kReadIdentity,   // a person's identity (purpose required, audited)
  kReadAudit,      // the organisation's audit trail
  kManageUsers,    // users, tokens and compartments of the organisation
};

std::string_view ActionName(Action action);

// `kind` is a record kind ("incident", "act", "person", "unit", "testimony"; for case building
// "case", "charge", "assessment", "source"), "export" for evidence bundles sent to a mechanism,
// or "" for actions not about records (audit, users).
bool Allows(const Principal& principal, Action action, std::string_view kind = "");

// True if the record (owned by `owner_org`, restricted to `compartment_id` if not empty) is
// within the caller's organisation and compartments.
bool CanSee(const Principal& principal, const std::string& owner_org,
            const std::string& compartment_id);

// True if the key of compartment `compartment_id` of `owner_org` may be unwrapped for the caller
// (empty compartment: the organisation key). The same reach as CanSee: a user outside the
// compartment never gets its key, whatever their role. protect::KeyScope::ForUser asks it, so
// every key a request uses passes through here.
bool MayUseCompartmentKey(const Principal& principal, const std::string& owner_org,
                          const std::string& compartment_id);

// Sub-granting (docs/GRANTS.md). Grant records are not documentation records: Allows() denies
// every grant kind to every role, and the documentation routes never resolve a grant kind. What a
// role may do in the grants workflow is asked here; which application or assignment a caller may
// touch (their organisation's application, their own assignment after the COI declaration) is
// decided by the grants service on the record itself.
enum class GrantAction {
  kManage,         // funds, calls, screening, assignments, decisions, agreements, tranches, reports
  kReadProgramme,  // funds and calls (applicants: open calls only, checked by the service)
  kApply,          // create, edit, submit applications; submit reports (own organisation only)
  kReview,         // declare COI and score assigned applications (own assignments only)
  kExport,         // the whole file of a fund for auditors (purpose required, audited)
};
std::string_view GrantActionName(GrantAction action);
bool AllowsGrant(const Principal& principal, GrantAction action);

// Record linkage and estimation (docs/LINKAGE.md, docs/ESTIMATION.md, "In the server"). A linkage
// job decrypts the identities of the organisation's persons in memory, so running one and
// deciding on its review queue are identity work; which persons a job or a link may touch is
// still decided per record by CanSee and by each person's consent.
enum class LinkageAction {
  kRun,               // start linkage jobs over the organisation's persons, read their results
  kReview,            // decide on review items (accept / reject / unsure); create links
  kUnlink,            // remove a "same person" link
  kReadLinks,         // a person's links and cluster (ids only)
  kCheckInterviewed,  // the cross-organisation "already interviewed?" check
  kEstimate,          // multiple systems estimation on capture tables
};
std::string_view LinkageActionName(LinkageAction action);
bool AllowsLinkage(const Principal& principal, LinkageAction action);

}  // namespace giai::access
