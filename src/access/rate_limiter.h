// RateLimiter: a token bucket per key (a user id). Each key may spend `burst` actions at once,
// then one more every `interval`; Take() says how many seconds to wait when none is left. Used
// where a route is an oracle that must not be queried in bulk (the "already interviewed?" check
// answers whether other organisations hold a given person). Kept in memory per process: a restart
// refills every bucket, which an attacker cannot trigger from outside.
// Thread safe.
//
// Example:
//   access::RateLimiter limiter(20, std::chrono::minutes(3));
//   if (long wait = limiter.Take(who.user_id); wait > 0) return RateLimited(wait);
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace giai::access {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(int burst, Clock::duration interval) : burst_(burst), interval_(interval) {}

  // Spends one action of `key`: 0 if allowed, else the whole seconds (at least 1) until the next
  // action is allowed (nothing is spent then).
  long Take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated{};
  };

  const int burst_;
  const Clock::duration interval_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace giai::access
