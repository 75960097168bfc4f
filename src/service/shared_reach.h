// SharedReach: the one place that decides what of another organisation's records the caller
// reaches under shares through the ordinary routes (GET /incidents, /persons/{id}, /evidence,
// /evidence/{id}/content ...; docs/SHARING.md, "In the recipient's own lists").
//
// A record of another organisation is reachable when a share to the caller's organisation that
// holds it is active at this request's clock (approved, not revoked, not expired), the caller's
// role may receive shares and read records of that kind, and the consent gate (purpose sharing,
// the recipient organisation's class, pseudonymous level) lets it through now. Nothing is
// cached: a revocation, an expiry or a withdrawal of consent takes effect at the next call.
// Reached records are read-only: the services answer 403 to writes on them (the recipient
// already knows they exist), and contributions go through the share.
//
// Every read through the ordinary routes is logged with LogShareAccess (the owner's access log
// of the share, plus an audit event in both organisations), in the transaction that reads.
//
// Example (a service's Get, after its own-organisation lookup answered not_found):
//   GIAI_ASSIGN_OR_RETURN(auto shared, FindShared(tx, who, "incident", id));
//   if (!shared) return NotFound(...);
//   GIAI_RETURN_IF_ERROR(LogShareAccess(tx, who, request, shared->share, "incident.read", id));
//   return MarkShared(Render(shared->row), *shared);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/audit.h"
#include "access/principal.h"
#include "store/store.h"

namespace giai::service {

struct SharedRecord {
  store::RecordRow row;    // the owner's record
  store::RecordRow share;  // the active share that grants it (the oldest, if several do)
  std::string scope;       // read_pseudonymised, read_identity or contribute
  nlohmann::json origin;   // {org_id, org_name, share_id, scope, expires_at}
};

// The record `id` of kind `kind`, if the caller reaches it under an active share; nullopt if not
// (the caller's own records are not looked at: callers ask their own organisation first).
Result<std::optional<SharedRecord>> FindShared(store::Tx& tx, const access::Principal& who,
                                               std::string_view kind, const std::string& id);

// Every record of `kind` the caller reaches under active shares that matches `filter` (its
// country, from/to, terms, terms_via_children, parent_id and after_id; org_id and compartments
// are ignored: the shares decide), sorted by id. Name search is never matched: blind indexes
// are keyed per organisation.
Result<std::vector<SharedRecord>> ListShared(store::Tx& tx, const access::Principal& who,
                                             std::string_view kind,
                                             const store::RecordQuery& filter);

// Whether the identity of a shared person may be disclosed to the caller now: the share's scope
// is read_identity, the caller's role reads identities, and the person's consent allows a full
// identity for the recipient organisation's class.
Result<bool> SharedIdentityAllowed(store::Tx& tx, const access::Principal& who,
                                   const SharedRecord& shared);

// Whether the content of a shared evidence item may be read now: a file can show a face or
// carry a voice, so it needs the scope read_identity and, for every person the item names, a
// consent allowing a full identity for the recipient organisation's class. forbidden (scope)
// or consent_denied (with the reason) otherwise. The caller's role is checked by the service.
Status SharedContentAllowed(store::Tx& tx, const access::Principal& who,
                            const SharedRecord& shared);

// One access under a share: an entry of the share's access log (owner side) and an audit event
// in the recipient's and in the owner's trails. `item_id` empty: the share as a whole (lists).
Status LogShareAccess(store::Tx& tx, const access::Principal& who,
                      const access::RequestInfo& request, const store::RecordRow& share,
                      const std::string& action, const std::string& item_id,
                      const std::string& outcome = "ok");

// A rendered record marked as shared: `origin`, `read_only` (unless the scope is contribute),
// `shared: true`; the owner's compartment is dropped.
nlohmann::json MarkShared(nlohmann::json rendered, const SharedRecord& shared);

// The refusal of a write on a record the caller reaches only under a share.
Status SharedReadOnly(std::string_view kind, const std::string& id);

}  // namespace giai::service
