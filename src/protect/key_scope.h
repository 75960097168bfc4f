// KeyScope: which wrapping key seals an object's data keys — its organisation's key, or the key of
// the compartment the object is restricted to — and the proof that whoever asks may use it.
//
// A KeyScope can only be made through the factories below, so every key the KeyRing unwraps for
// a request passed the access policy first (access::MayUseCompartmentKey, the same reach as
// access::CanSee): a user outside a compartment never gets its key, whatever their role.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(KeyScope scope, KeyScope::ForUser(who, row.org_id, row.compartment_id));
//   GIAI_ASSIGN_OR_RETURN(auto text, keys.OpenField(tx, scope, row.id, "narrative", v));
#pragma once

#include <string>

#include "access/principal.h"
#include "core/status.h"

namespace giai::protect {

class KeyScope {
 public:
  // An object of `org_id` restricted to `compartment_id` (empty: the whole organisation), used
  // on behalf of `who`. kNotFound (like a record outside reach) unless the policy allows it.
  static Result<KeyScope> ForUser(const access::Principal& who, const std::string& org_id,
                                  const std::string& compartment_id);
  // Objects that are never in a compartment (grant records, share contributions, case notes of
  // an organisation-wide case): the organisation key only.
  static KeyScope Organisation(const std::string& org_id) { return KeyScope(org_id, ""); }
  // Work the server does on its own behalf, after its own gate decided: the fixity check, a
  // share recipient's read approved by the share gate, the operator's CLI. Keep the callers few
  // and named (grep ForServer).
  static KeyScope ForServer(const std::string& org_id, const std::string& compartment_id) {
    return KeyScope(org_id, compartment_id);
  }

  const std::string& org_id() const { return org_id_; }
  const std::string& compartment_id() const { return compartment_id_; }

 private:
  KeyScope(std::string org_id, std::string compartment_id)
      : org_id_(std::move(org_id)), compartment_id_(std::move(compartment_id)) {}

  std::string org_id_;
  std::string compartment_id_;
};

}  // namespace giai::protect
