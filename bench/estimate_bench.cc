// Multiple systems estimation benchmarks (see docs/ESTIMATION.md for the figures):
//   BM_LatentClassGibbs: single-chain LCMCR iterations per second, n ≈ 4,400 observed, J = 4,
//                        K = 10 (items_per_second = Gibbs iterations/s).
//   BM_LatentClassGibbsUk5: the same on the UK 2013 5-list table (n = 2,744, J = 5, K = 10).
//   BM_LatentClassCoverage: calibration check, not a speed figure: 100 populations of N = 2,000
//                        in two latent classes (5 lists) simulated with seeds 1..100; counter
//                        `coverage` = share of 95% credible intervals that contain N (issue 6:
//                        about 0.95), `median_bias` = mean of (median - N) / N.
//   BM_StepwiseFit:      one SparseMSE-style stepwise selection on the UK 2013 5-list table,
//                        the reference unit for the bootstrap below.
//   BM_BootstrapStepwise: 1,000 bootstrap replicates of the whole stepwise selection (all
//                        hardware threads, BCa jackknife included).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "estimate/bootstrap.h"
#include "estimate/csv_reader.h"
#include "estimate/latent_class.h"
#include "estimate/model_selection.h"
#include "estimate/simulated_population.h"

namespace giai::estimate {
namespace {

CaptureTable UkFiveListTable() {
  const char* source = std::getenv("GIAI_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : GIAI_DEFAULT_SOURCE_DIR) +
                   "/../shared/data/mse/uk_modern_slavery/UKdat_5.csv");
  Result<StratifiedTables> data = ReadCaptureCsv(in, {});
  if (!data.ok()) {
    std::fprintf(stderr, "cannot read UKdat_5.csv: %s\n", data.status().ToString().c_str());
    std::exit(1);
  }
  return data->tables.front();
}

void BM_LatentClassGibbs(benchmark::State& state) {
  const CaptureTable table = testing::BenchmarkFourListTable();
  LatentClassOptions options;
  options.chains = 1;
  options.max_classes = 10;
  options.burn_in = 0;
  options.thin = 10;
  options.samples = 20000;  // 200,000 iterations per run
  double rate = 0;
  for (auto _ : state) {
    Result<LatentClassResult> r = SampleLatentClass(table, options);
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    rate = r->iterations_per_second;
    benchmark::DoNotOptimize(r->median);
  }
  state.SetItemsProcessed(state.iterations() * options.samples * options.thin);
  state.counters["observed"] = table.ObservedTotal();
  state.counters["chain_iter_per_s"] = rate;
}
BENCHMARK(BM_LatentClassGibbs)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LatentClassGibbsUk5(benchmark::State& state) {
  const CaptureTable table = UkFiveListTable();
  LatentClassOptions options;
  options.chains = 1;
  options.burn_in = 0;
  options.thin = 10;
  options.samples = 20000;
  double rate = 0;
  for (auto _ : state) {
    Result<LatentClassResult> r = SampleLatentClass(table, options);
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    rate = r->iterations_per_second;
  }
  state.SetItemsProcessed(state.iterations() * options.samples * options.thin);
  state.counters["chain_iter_per_s"] = rate;
}
BENCHMARK(BM_LatentClassGibbsUk5)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LatentClassCoverage(benchmark::State& state) {
  constexpr int kTrueN = 2000;
  constexpr int kReplications = 100;
  int covered = 0;
  double bias = 0;
  for (auto _ : state) {
    covered = 0;
    bias = 0;
    for (int rep = 1; rep <= kReplications; ++rep) {
      const CaptureTable table =
          testing::TwoClassFiveListTable(kTrueN, static_cast<std::uint64_t>(rep));
      LatentClassOptions options;
      options.seed = static_cast<std::uint64_t>(rep);
      options.chains = 2;
      options.burn_in = 5000;
      options.samples = 2000;
      options.thin = 10;
      Result<LatentClassResult> r = SampleLatentClass(table, options);
      if (!r.ok()) {
        state.SkipWithError(r.status().message().c_str());
        return;
      }
      covered += r->lower <= kTrueN && kTrueN <= r->upper;
      bias += (r->median - kTrueN) / kTrueN;
    }
  }
  state.counters["coverage"] = static_cast<double>(covered) / kReplications;
  state.counters["median_bias"] = bias / kReplications;
}
BENCHMARK(BM_LatentClassCoverage)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_StepwiseFit(benchmark::State& state) {
  const CaptureTable table = UkFiveListTable();
  for (auto _ : state) {
    Result<ModelFit> fit = StepwiseSelect(table, {});
    benchmark::DoNotOptimize(fit.ok());
  }
}
BENCHMARK(BM_StepwiseFit)->Unit(benchmark::kMicrosecond);

void BM_BootstrapStepwise(benchmark::State& state) {
  const CaptureTable table = UkFiveListTable();
  BootstrapOptions options;
  options.replicates = 1000;
  for (auto _ : state) {
    Result<BootstrapResult> b = BootstrapStepwise(table, {}, options);
    if (!b.ok()) state.SkipWithError(b.status().message().c_str());
    state.counters["bca_lower"] = b->bca_lower;
    state.counters["bca_upper"] = b->bca_upper;
  }
}
BENCHMARK(BM_BootstrapStepwise)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace giai::estimate

BENCHMARK_MAIN();
