// Wall-clock time as giai records it: RFC 3339 in UTC with seconds ("2026-11-28T18:34:08Z").
// Strings in this format sort chronologically, which the store relies on for expiry checks.
//
// Code outside core/ reads the wall clock through WallNow (or NowRfc3339), never
// system_clock::now() directly: each read is counted per thread, so the HTTP read cache can
// tell whether an answer depended on the time (an expiry, a date window) and must not be reused
// (http/read_cache.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace giai {

namespace clock_internal {
inline thread_local std::uint64_t reads_on_this_thread = 0;
}  // namespace clock_internal

inline std::chrono::system_clock::time_point WallNow() {
  ++clock_internal::reads_on_this_thread;
  return std::chrono::system_clock::now();
}
// How many times this thread has read the wall clock: compare two values around a computation.
inline std::uint64_t WallClockReadsOnThisThread() { return clock_internal::reads_on_this_thread; }

std::string ToRfc3339(std::chrono::system_clock::time_point t);
inline std::string NowRfc3339() { return ToRfc3339(WallNow()); }

}  // namespace giai
