// The sharing part of the access policy (docs/SHARING.md): who may propose, approve, oversee and
// receive shares. Kept apart from policy.h so the many users of the core policy do not depend
// on it; the definitions live in policy.cc with the rest of the policy.
#pragma once

#include <string_view>

#include "access/principal.h"

namespace giai::access {

// Sharing across organisations (docs/SHARING.md). What the recipient may do with a shared item is
// asked with Allows() on the item's kind (read, read_narrative, read_identity); these actions are
// the owner's side, plus contributions.
enum class ShareAction {
  kPropose,             // propose a share of records the caller can read; contribute under a share
  kApprove,             // approve (never one's own proposal) and revoke shares
  kOversee,             // list the organisation's shares, their access logs, and follow-up tasks
  kReceive,             // see what other organisations shared with the caller's organisation
  kRegisterAgreements,  // create and change the data-sharing agreements of the organisation
};
std::string_view ShareActionName(ShareAction action);
bool AllowsShare(const Principal& principal, ShareAction action);

}  // namespace giai::access
