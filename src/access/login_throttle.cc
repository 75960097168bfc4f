#include "access/login_throttle.h"

#include <algorithm>

namespace giai::access {

long LoginThrottle::Wait(const Entry& e, Clock::time_point now) const {
  if (e.failures < kFreeAttempts || now - e.last_failure > kWindow) return 0;
  int extra = std::min(e.failures - kFreeAttempts, 10);
  auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(1L << extra), kMaxDelay);
  auto until = e.last_failure + delay;
  if (now >= until) return 0;
  return std::max<long>(1, std::chrono::duration_cast<std::chrono::seconds>(until - now).count());
}

long LoginThrottle::RetryAfterSeconds(const std::string& account, const std::string& address,
                                      Clock::time_point now) {
  std::lock_guard lock(mutex_);
  long wait = 0;
  if (auto it = accounts_.find(account); it != accounts_.end()) wait = Wait(it->second, now);
  if (auto it = addresses_.find(address); it != addresses_.end()) {
    wait = std::max(wait, Wait(it->second, now));
  }
  return wait;
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address,
                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  for (Entry* e : {&accounts_[account], &addresses_[address]}) {
    if (now - e->last_failure > kWindow) e->failures = 0;
    ++e->failures;
    e->last_failure = now;
  }
  // Bound memory under a spray of random account names.
  if (accounts_.size() > 100000) accounts_.clear();
  if (addresses_.size() > 100000) addresses_.clear();
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account);
}

}  // namespace giai::access
