#include "protect/key_scope.h"

#include "access/policy.h"

namespace giai::protect {

Result<KeyScope> KeyScope::ForUser(const access::Principal& who, const std::string& org_id,
                                   const std::string& compartment_id) {
  if (!access::MayUseCompartmentKey(who, org_id, compartment_id)) {
    return NotFound("no such record");
  }
  return KeyScope(org_id, compartment_id);
}

}  // namespace giai::protect
