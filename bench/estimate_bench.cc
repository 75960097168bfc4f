// Multiple systems estimation benchmarks (see docs/ESTIMATION.md for the figures):
//   BM_LatentClassGibbs: single-chain LCMCR iterations per second, n ≈ 4,400 observed, J = 4,
//                        K = 10 (items_per_second = Gibbs iterations/s).
//   BM_LatentClassGibbsUk5: the same on the UK 2013 5-list table (n = 2,744, J = 5, K = 10).
//   BM_Calibration*:     calibration checks, not speed figures (issue 6: 95% intervals should
//                        cover the true N in about 95% of replications): 100 simulated
//                        populations each, counters `coverage`, `median_bias`, `rhat_over_1_1`.
//   BM_StepwiseFit:      one SparseMSE-style stepwise selection on the UK 2013 5-list table,
//                        the reference unit for the bootstrap below.
//   BM_BootstrapStepwise: 1,000 bootstrap replicates of the whole stepwise selection (all
//                        hardware threads, BCa jackknife included).
#include <benchmark/benchmark.h>

#include <algorithm>
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

// Calibration study (docs/ESTIMATION.md, "Calibration"): 100 populations of N = 2,000 on 5
// lists, simulated with seeds 1..100 and sampled with the same seeds; two chains each. Counters:
// `coverage` (share of 95% intervals containing N; Monte Carlo s.e. ~0.022 at 0.95),
// `median_bias` (median over replications of (posterior median - N) / N), `truth_above`
// (share of replications whose interval lies wholly below N), `rhat_over_1_1` (replications
// whose split R-hat of N exceeded 1.1), `median_width` (median of (upper - lower) / N).
template <typename MakeTable>
void RunCalibration(benchmark::State& state, MakeTable make_table, std::int64_t burn_in, int thin) {
  constexpr int kTrueN = 2000;
  constexpr int kReplications = 100;
  for (auto _ : state) {
    int covered = 0, above = 0, unmixed = 0;
    std::vector<double> bias, width;
    for (int rep = 1; rep <= kReplications; ++rep) {
      const CaptureTable table = make_table(kTrueN, static_cast<std::uint64_t>(rep));
      LatentClassOptions options;
      options.seed = static_cast<std::uint64_t>(rep);
      options.chains = 2;
      options.burn_in = burn_in;
      options.samples = 2000;
      options.thin = thin;
      Result<LatentClassResult> r = SampleLatentClass(table, options);
      if (!r.ok()) {
        state.SkipWithError(r.status().message().c_str());
        return;
      }
      covered += r->lower <= kTrueN && kTrueN <= r->upper;
      above += r->upper < kTrueN;
      unmixed += r->rhat > 1.1;
      bias.push_back((r->median - kTrueN) / kTrueN);
      width.push_back((r->upper - r->lower) / kTrueN);
    }
    const auto median = [](std::vector<double>& v) {
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
      return v[v.size() / 2];
    };
    state.counters["coverage"] = static_cast<double>(covered) / kReplications;
    state.counters["truth_above"] = static_cast<double>(above) / kReplications;
    state.counters["median_bias"] = median(bias);
    state.counters["median_width"] = median(width);
    state.counters["rhat_over_1_1"] = unmixed;
  }
}

// (a) Homogeneous capture: the model holds exactly (one class).
void BM_CalibrationHomogeneous(benchmark::State& state) {
  RunCalibration(state, testing::HomogeneousFiveListTable, 5000, 10);
}
BENCHMARK(BM_CalibrationHomogeneous)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// (b) Two well-separated classes (70% captured 0.5-0.6, 30% captured 0.05-0.15).
void BM_CalibrationSeparated(benchmark::State& state) {
  RunCalibration(state, testing::SeparatedClassesFiveListTable, 5000, 10);
}
BENCHMARK(BM_CalibrationSeparated)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// (c) Mild heterogeneity (60% / 40%, capture 0.35-0.5 against 0.2-0.3): the former
// BM_LatentClassCoverage, with 25,000 iterations per chain and with 10 times longer chains.
void BM_CalibrationMild(benchmark::State& state) {
  RunCalibration(state, testing::TwoClassFiveListTable, 5000, 10);
}
BENCHMARK(BM_CalibrationMild)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// The slowest benchmark here: ~270 s of CPU (2 x 250,000 iterations per replication).
void BM_CalibrationMildLongChains(benchmark::State& state) {
  RunCalibration(state, testing::TwoClassFiveListTable, 50000, 100);
}
BENCHMARK(BM_CalibrationMildLongChains)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// (d) Simulation-based calibration: class weights and capture probabilities drawn from the
// sampler's prior (K = 10, alpha ~ Gamma(0.25, 0.25), Beta(1, 1)); N fixed at 2,000.
void BM_CalibrationPriorDraws(benchmark::State& state) {
  RunCalibration(
      state,
      [](int n, std::uint64_t seed) {
        return testing::PriorDrawFiveListTable(n, LatentClassOptions{}.max_classes, seed);
      },
      5000, 10);
}
BENCHMARK(BM_CalibrationPriorDraws)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

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
