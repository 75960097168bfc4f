// The ledger as giai runs it: commitments appended in database transactions (SQLite, durable),
// with a checkpoint signed per transaction, and inclusion proofs read back from the database.
// Goals (issue: evidence): >= 20,000 appends/s batched, < 100 us per inclusion proof.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "crypto/random.h"
#include "ledger/leaf.h"
#include "service/ledger_service.h"
#include "store/sqlite/sqlite_store.h"

namespace giai {
namespace {

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<service::Ledger> ledger;

  explicit Fixture(std::uint64_t prefill) {
    crypto::Init();
    dir =
        std::filesystem::temp_directory_path() / ("giai-ledger-bench-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = std::move(store::sqlite::SqliteStore::Create((dir / "giai.db").string())).value();
    (void)service::Ledger::CreateKeyFile(dir / "ledger.key", "bench/log");
    ledger = std::move(service::Ledger::Open(dir / "ledger.key")).value();
    for (std::uint64_t done = 0; done < prefill; done += 10000) Append(10000);
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  void Append(int batch) {
    std::vector<ledger::Commitment> commitments;
    for (int i = 0; i < batch; ++i) {
      commitments.push_back(ledger::Commitment::Create(ledger::CommitmentKind::kCustodyEvent,
                                                       "cus_bench", std::string(64, 'a'), 1)
                                .value());
    }
    Status st =
        store->Write([&](store::Tx& tx) { return ledger->Append(tx, commitments).status(); });
    if (!st.ok()) std::abort();
  }
};

void BM_AppendBatched(benchmark::State& state) {
  Fixture f(0);
  for (auto _ : state) f.Append(static_cast<int>(state.range(0)));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AppendBatched)->Arg(1)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_InclusionProofFromDatabase(benchmark::State& state) {
  Fixture f(static_cast<std::uint64_t>(state.range(0)));
  const std::uint64_t size = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t index = 0;
  for (auto _ : state) {
    Status st = f.store->Read([&](store::Tx& tx) {
      auto proof = f.ledger->InclusionProof(tx, index, size);
      benchmark::DoNotOptimize(proof);
      return proof.status();
    });
    if (!st.ok()) std::abort();
    index = (index + 7919) % size;
  }
}
BENCHMARK(BM_InclusionProofFromDatabase)
    ->Arg(100000)
    ->Arg(1000000)
    ->Arg(10000000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace giai

BENCHMARK_MAIN();
