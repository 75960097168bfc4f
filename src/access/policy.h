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
// "case", "charge", "assessment", "source") or "" for actions not about records (audit, users).
bool Allows(const Principal& principal, Action action, std::string_view kind = "");

// True if the record (owned by `owner_org`, restricted to `compartment_id` if not empty) is
// within the caller's organisation and compartments.
bool CanSee(const Principal& principal, const std::string& owner_org,
            const std::string& compartment_id);

}  // namespace giai::access
