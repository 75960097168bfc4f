// The sub-granting state machines (docs/GRANTS.md): calls, applications, reviewer assignments,
// agreements, tranches and reports. Each machine is an explicit table of allowed transitions;
// anything not in the table is a conflict with a stable message naming both states. The service
// asks CheckTransition before every change and records the change in the audit trail.
//
// Example:
//   GIAI_RETURN_IF_ERROR(CheckTransition(Machine::kApplication, "submitted", "screening"));
// Pure functions; thread safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/status.h"

namespace giai::grants {

enum class Machine { kCall, kApplication, kAssignment, kAgreement, kTranche, kReport };

std::string_view MachineName(Machine m);
// The states of `m`, the initial one first.
const std::vector<std::string_view>& States(Machine m);
bool IsState(Machine m, std::string_view state);
// Ok if `from` -> `to` is allowed; kConflict otherwise (kInvalidInput if `to` is not a state).
Status CheckTransition(Machine m, std::string_view from, std::string_view to);

}  // namespace giai::grants
