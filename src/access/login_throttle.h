// LoginThrottle: slows password guessing. After kFreeAttempts failures for the same account or
// from the same address within the window, further attempts are refused (rate_limited) for a
// delay that doubles with each further failure, up to kMaxDelay. Kept in memory: a restart
// resets it, which an attacker cannot trigger from outside.
// Thread safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace giai::access {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kFreeAttempts = 5;
  static constexpr std::chrono::seconds kWindow{15 * 60};
  static constexpr std::chrono::seconds kMaxDelay{15 * 60};

  // Seconds to wait before another attempt is allowed for this account and address (0: go).
  long RetryAfterSeconds(const std::string& account, const std::string& address,
                         Clock::time_point now = Clock::now());
  void RecordFailure(const std::string& account, const std::string& address,
                     Clock::time_point now = Clock::now());
  void RecordSuccess(const std::string& account);

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point last_failure{};
  };
  long Wait(const Entry& e, Clock::time_point now) const;

  std::mutex mutex_;
  std::map<std::string, Entry> accounts_, addresses_;
};

}  // namespace giai::access
