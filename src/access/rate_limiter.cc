#include "access/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace giai::access {

long RateLimiter::Take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(key);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = burst_;
  } else if (now > b.updated) {
    const double refilled = std::chrono::duration<double>(now - b.updated).count() /
                            std::chrono::duration<double>(interval_).count();
    b.tokens = std::min<double>(burst_, b.tokens + refilled);
  }
  b.updated = std::max(b.updated, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  const double seconds = (1.0 - b.tokens) * std::chrono::duration<double>(interval_).count();
  return std::max(1L, static_cast<long>(std::ceil(seconds)));
}

}  // namespace giai::access
