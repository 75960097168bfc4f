// Runs a task every `period` on its own thread until Stop() (or destruction). The task never
// runs concurrently with itself; Stop() waits for a running task to finish.
//
// Example:
//   ops::PeriodicTask sealing(std::chrono::seconds(300), [&] { sealer.SealPending(...); });
//   server.Run();
//   sealing.Stop();
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace giai::ops {

class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds period, std::function<void()> task)
      : period_(period), task_(std::move(task)), thread_([this] { Loop(); }) {}
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
      lock.unlock();
      task_();
      lock.lock();
    }
  }

  std::chrono::milliseconds period_;
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is initialised
};

}  // namespace giai::ops
