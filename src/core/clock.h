// Wall-clock time as giai records it: RFC 3339 in UTC with seconds ("2026-11-28T18:34:08Z").
// Strings in this format sort chronologically, which the store relies on for expiry checks.
#pragma once

#include <chrono>
#include <string>

namespace giai {

std::string ToRfc3339(std::chrono::system_clock::time_point t);
inline std::string NowRfc3339() { return ToRfc3339(std::chrono::system_clock::now()); }

}  // namespace giai
