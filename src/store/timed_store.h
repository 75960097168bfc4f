// TimedStore: a Store decorator that records how long each transaction takes, by kind
// (read/write) and outcome, in the process metrics (giai_db_transaction_seconds).
#pragma once

#include <chrono>
#include <memory>

#include "core/metrics.h"
#include "store/store.h"

namespace giai::store {

class TimedStore : public Store {
 public:
  explicit TimedStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {
    Metrics::Global().SetHelp("giai_db_transaction_seconds", "Duration of storage transactions",
                              "histogram");
  }
  Status Write(const std::function<Status(Tx&)>& work) override {
    return Timed("write", [&] { return inner_->Write(work); });
  }
  Status Read(const std::function<Status(Tx&)>& work) override {
    return Timed("read", [&] { return inner_->Read(work); });
  }
  Result<int> SchemaVersion() override { return inner_->SchemaVersion(); }
  std::optional<std::uint64_t> DataVersion() override { return inner_->DataVersion(); }

 private:
  template <typename F>
  Status Timed(const char* kind, F&& run) {
    auto start = std::chrono::steady_clock::now();
    Status st = run();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    Metrics::Global().Observe("giai_db_transaction_seconds",
                              {{"kind", kind}, {"outcome", st.ok() ? "ok" : "error"}},
                              took.count());
    return st;
  }
  std::unique_ptr<Store> inner_;
};

}  // namespace giai::store
