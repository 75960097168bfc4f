// Transparency-log throughput: appends, proof generation and verification at n = 1,000,000.
//
// Read results as ratios to BM_Sha256Node (one RFC 9162 node hash, measured in the same run):
// an append costs about two node hashes amortised, a proof about log2(n) store reads.
//   build/release/bench/ledger_bench --benchmark_filter=...
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "crypto/hash.h"
#include "crypto/random.h"
#include "ledger/checkpoint.h"
#include "ledger/checkpointer.h"
#include "ledger/leaf.h"
#include "ledger/leaf_store.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tlog_proof.h"

namespace giai::ledger {
namespace {

constexpr std::uint64_t kMillion = 1'000'000;

// A log of one million leaves, built once and shared by the proof benchmarks.
struct MillionLeafLog {
  MemoryLeafStore store;
  std::unique_ptr<MerkleLog> log;

  MillionLeafLog() {
    log = MerkleLog::Create(&store).value();
    std::vector<Hash> batch;
    batch.reserve(kMillion);
    for (std::uint64_t i = 0; i < kMillion; ++i) batch.push_back(HashLeaf(std::to_string(i)));
    if (!log->AppendLeafHashes(batch).ok()) std::abort();
  }
};

MillionLeafLog& SharedLog() {
  static auto* shared = new MillionLeafLog();
  return *shared;
}

void BM_Sha256Node(benchmark::State& state) {
  Hash left = HashLeaf("l"), right = HashLeaf("r");
  for (auto _ : state) {
    left = HashChildren(left, right);
    benchmark::DoNotOptimize(left);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sha256Node);

void BM_Append(benchmark::State& state) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store).value();
  std::uint64_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(log->Append(std::to_string(i++)));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["final_size"] = static_cast<double>(log->size());
}
BENCHMARK(BM_Append);

void BM_AppendBatch1000(benchmark::State& state) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store).value();
  std::vector<Hash> batch;
  for (int i = 0; i < 1000; ++i) batch.push_back(HashLeaf(std::to_string(i)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(log->AppendLeafHashes(batch));
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_AppendBatch1000);

void BM_InclusionProofAtMillion(benchmark::State& state) {
  MerkleLog& log = *SharedLog().log;
  std::mt19937_64 rng(1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(log.InclusionProof(rng() % kMillion, kMillion));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InclusionProofAtMillion);

void BM_InclusionProofAtOlderSize(benchmark::State& state) {
  MerkleLog& log = *SharedLog().log;
  std::mt19937_64 rng(2);
  for (auto _ : state) {
    const std::uint64_t size = 1 + rng() % kMillion;
    benchmark::DoNotOptimize(log.InclusionProof(rng() % size, size));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InclusionProofAtOlderSize);

void BM_ConsistencyProofAtMillion(benchmark::State& state) {
  MerkleLog& log = *SharedLog().log;
  std::mt19937_64 rng(3);
  for (auto _ : state) {
    benchmark::DoNotOptimize(log.ConsistencyProof(1 + rng() % kMillion, kMillion));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ConsistencyProofAtMillion);

void BM_VerifyInclusionAtMillion(benchmark::State& state) {
  MerkleLog& log = *SharedLog().log;
  const std::uint64_t index = 123'457;
  const std::vector<Hash> proof = log.InclusionProof(index, kMillion).value();
  const Hash leaf = log.LeafHash(index).value();
  const Hash root = log.Root();
  for (auto _ : state) {
    benchmark::DoNotOptimize(VerifyInclusion(index, kMillion, leaf, proof, root));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyInclusionAtMillion);

void BM_RootAtOlderSize(benchmark::State& state) {
  MerkleLog& log = *SharedLog().log;
  std::mt19937_64 rng(4);
  for (auto _ : state) benchmark::DoNotOptimize(log.RootAt(1 + rng() % kMillion));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RootAtOlderSize);

void BM_SignCheckpoint(benchmark::State& state) {
  NoteSigner signer = NoteSigner::Generate("giai.example/ledger").value();
  Checkpoint checkpoint{"giai.example/ledger", kMillion, HashLeaf("root"), {}};
  for (auto _ : state) benchmark::DoNotOptimize(SignCheckpoint(checkpoint, signer));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignCheckpoint);

void BM_OpenCheckpoint(benchmark::State& state) {
  NoteSigner signer = NoteSigner::Generate("giai.example/ledger").value();
  Checkpoint checkpoint{"giai.example/ledger", kMillion, HashLeaf("root"), {}};
  const std::string note = SignCheckpoint(checkpoint, signer).value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(OpenCheckpoint(note, "giai.example/ledger", signer.verifier()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OpenCheckpoint);

void BM_VerifyItemProofAtMillion(benchmark::State& state) {
  // What an offline verifier does per exported item: parse, Ed25519, leaf, inclusion.
  MerkleLog& log = *SharedLog().log;
  MemoryLeafStore store;
  auto small = MerkleLog::Create(&store).value();
  const std::string origin = "giai.example/ledger";
  NoteSigner signer = NoteSigner::Generate(origin).value();
  const crypto::Digest256 item = crypto::Sha256Of(std::string_view("evidence"));
  const std::string leaf =
      EncodeLeaf(Commitment::Create(CommitmentKind::kEvidenceIngested, "item-1",
                                    crypto::ToHex(item), 1764355200000)
                     .value())
          .value();
  // Graft the leaf onto a copy of the million-leaf tree's shape: leaf 0 of a fresh log of 10^6.
  std::vector<Hash> batch = {HashLeaf(leaf)};
  for (std::uint64_t i = 1; i < kMillion; ++i) batch.push_back(log.LeafHash(i).value());
  if (!small->AppendLeafHashes(batch).ok()) std::abort();
  const std::string note = SignNextCheckpoint(*small, origin, std::nullopt, signer).value();
  const std::string proof = FormatTlogProof(MakeTlogProof(*small, 0, leaf, note).value());
  for (auto _ : state) {
    benchmark::DoNotOptimize(VerifyItemProof(proof, item, origin, signer.verifier()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyItemProofAtMillion);

void BM_VerifyStoreIntegrityAtMillion(benchmark::State& state) {
  MerkleLog& log = *SharedLog().log;
  for (auto _ : state) benchmark::DoNotOptimize(log.VerifyStoreIntegrity());
  state.SetItemsProcessed(state.iterations() * kMillion);
}
BENCHMARK(BM_VerifyStoreIntegrityAtMillion)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace giai::ledger

int main(int argc, char** argv) {
  if (!giai::crypto::Init()) return 1;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
