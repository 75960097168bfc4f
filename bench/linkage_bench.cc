// Record-linkage benchmarks (issue 5). Reference: Python recordlinkage + ECM takes ~5 s on
// FEBRL4 (F1 0.991) and ~2.5 s on FEBRL3 (F1 0.979) on this kind of machine.
//   build/release/bench/linkage_bench --benchmark_filter=Febrl
// Counters: F1 and candidate pairs for accuracy, peak RSS (MiB) for memory.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <random>
#include <string>

#include "linkage/metrics.h"
#include "linkage/pipeline.h"
#include "linkage/privacy.h"
#include "linkage/synthetic.h"

namespace giai::linkage {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("GIAI_SOURCE_DIR");
  return dir ? dir : GIAI_SOURCE_DIR_DEFAULT;
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double PeakRssMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

CsvTable Load(const std::string& relative) {
  auto t = ReadCsvFile(SourceDir() + "/../shared/data/linkage/" + relative);
  if (!t.ok()) std::abort();
  return std::move(t).value();
}

LinkageConfig Config(const std::string& name) {
  auto c = LoadLinkageConfig(SourceDir() + "/config/linkage/" + name);
  if (!c.ok()) std::abort();
  return std::move(c).value();
}

void RunEndToEnd(benchmark::State& state, const std::string& config_name,
                 const std::vector<const CsvTable*>& inputs, bool privacy) {
  const LinkageConfig config = Config(config_name);
  RunOptions options;
  options.truth_column = "entity_id";
  if (privacy) options.privacy_secret = "benchmark-consortium-secret";
  double f1 = 0.0;
  std::size_t candidates = 0;
  StageTimes sum;
  const double cpu_before = CpuSeconds();
  for (auto _ : state) {
    auto run = RunLinkage(config, inputs, options);
    if (!run.ok()) {
      state.SkipWithError(run.status().message().c_str());
      return;
    }
    f1 = (*run)->metrics->f1;
    candidates = (*run)->candidates.pairs.size();
    const StageTimes& t = (*run)->times;
    sum.normalise += t.normalise;
    sum.block += t.block;
    sum.compare += t.compare;
    sum.learn += t.learn;
    sum.cluster += t.cluster;
  }
  // Wall milliseconds per stage (mean over the iterations): where a run's time goes.
  const double per_run_ms = 1e3 / static_cast<double>(state.iterations());
  state.counters["ms_normalise"] = sum.normalise * per_run_ms;
  state.counters["ms_block"] = sum.block * per_run_ms;
  state.counters["ms_compare"] = sum.compare * per_run_ms;
  state.counters["ms_learn"] = sum.learn * per_run_ms;
  state.counters["ms_cluster"] = sum.cluster * per_run_ms;
  state.counters["F1"] = f1;
  state.counters["process_cpu_s_per_run"] =
      (CpuSeconds() - cpu_before) / static_cast<double>(state.iterations());
  state.counters["candidates"] = static_cast<double>(candidates);
  state.counters["peak_rss_MiB"] = PeakRssMib();
}

void BM_Febrl4EndToEnd(benchmark::State& state) {
  static const CsvTable a = Load("febrl4/dataset4a.csv");
  static const CsvTable b = Load("febrl4/dataset4b.csv");
  RunEndToEnd(state, "febrl4.json", {&a, &b}, state.range(0) != 0);
}
BENCHMARK(BM_Febrl4EndToEnd)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Febrl3EndToEnd(benchmark::State& state) {
  static const CsvTable list = Load("febrl3/dataset3.csv");
  RunEndToEnd(state, "febrl3.json", {&list}, state.range(0) != 0);
}
BENCHMARK(BM_Febrl3EndToEnd)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The comparison of FEBRL4's candidate pairs alone, on one thread: the largest stage of a run,
// measured without the rest.
void BM_Febrl4CompareCandidates(benchmark::State& state) {
  static const CsvTable a = Load("febrl4/dataset4a.csv");
  static const CsvTable b = Load("febrl4/dataset4b.csv");
  RunOptions options;
  auto run = RunLinkage(Config("febrl4.json"), {&a, &b}, options);
  if (!run.ok()) {
    state.SkipWithError(run.status().message().c_str());
    return;
  }
  const LinkageRun& r = **run;
  for (auto _ : state) {
    std::vector<std::uint8_t> levels = CompareAll(*r.comparator, r.candidates.pairs, 1);
    benchmark::DoNotOptimize(levels.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(r.candidates.pairs.size()));
}
BENCHMARK(BM_Febrl4CompareCandidates)->Unit(benchmark::kMillisecond);

// All 25M cross pairs of FEBRL4, streamed: the model is learnt once on blocked pairs, then
// every pair is compared with early exit and only pairs above the threshold are kept.
void BM_Febrl4Exhaustive(benchmark::State& state) {
  static const CsvTable a = Load("febrl4/dataset4a.csv");
  static const CsvTable b = Load("febrl4/dataset4b.csv");
  RunOptions options;
  options.truth_column = "entity_id";
  auto run = RunLinkage(Config("febrl4.json"), {&a, &b}, options);
  if (!run.ok()) {
    state.SkipWithError(run.status().message().c_str());
    return;
  }
  const LinkageRun& r = **run;
  std::size_t found = 0;
  std::size_t true_found = 0;
  const double cpu_before = CpuSeconds();
  for (auto _ : state) {
    std::vector<ScoredPair> pairs = ScanAllPairs(*r.scorer, r.threshold, true, 0);
    found = pairs.size();
    true_found = 0;
    for (const ScoredPair& p : pairs) {
      if (r.table.truth[PairFirst(p.pair)] == r.table.truth[PairSecond(p.pair)]) ++true_found;
    }
  }
  const double precision = found ? static_cast<double>(true_found) / found : 0.0;
  const double recall = static_cast<double>(true_found) / 5000.0;
  state.counters["pairs_per_s"] =
      benchmark::Counter(25e6, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["matches"] = static_cast<double>(found);
  state.counters["process_cpu_s"] = CpuSeconds() - cpu_before;
  state.counters["F1_pairs"] =
      precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  state.counters["peak_rss_MiB"] = PeakRssMib();
}
BENCHMARK(BM_Febrl4Exhaustive)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Deduplication of ~1M synthetic victim records (three lists in three scripts).
void BM_SyntheticDedup(benchmark::State& state) {
  SyntheticOptions o;
  o.entities = static_cast<std::size_t>(state.range(0));
  o.seed = 42;
  const CsvTable all = ConcatenateLists(GenerateVictimLists(o));
  LinkageConfig config = Config("victims.json");
  RunOptions options;
  options.truth_column = "entity_id";
  double f1 = 0.0;
  const double cpu_before = CpuSeconds();
  for (auto _ : state) {
    auto run = RunLinkage(config, {&all}, options);
    if (!run.ok()) {
      state.SkipWithError(run.status().message().c_str());
      return;
    }
    f1 = (*run)->metrics->f1;
    state.counters["precision"] = (*run)->metrics->precision;
    state.counters["recall"] = (*run)->metrics->recall;
    state.counters["candidates"] = static_cast<double>((*run)->candidates.pairs.size());
    state.counters["pairs_completeness"] = (*run)->blocking_metrics->pairs_completeness;
    state.counters["t_normalise"] = (*run)->times.normalise;
    state.counters["t_block"] = (*run)->times.block;
    state.counters["t_compare"] = (*run)->times.compare;
    state.counters["t_learn"] = (*run)->times.learn;
    state.counters["t_cluster"] = (*run)->times.cluster;
  }
  state.counters["process_cpu_s"] = CpuSeconds() - cpu_before;
  state.counters["records"] = static_cast<double>(all.rows.size());
  state.counters["F1"] = f1;
  state.counters["peak_rss_MiB"] = PeakRssMib();
}
BENCHMARK(BM_SyntheticDedup)
    ->Arg(20000)
    ->Arg(530000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

void BM_DiceComparisons(benchmark::State& state) {
  const std::size_t words = static_cast<std::size_t>(state.range(0)) / 64;
  const std::size_t records = 4096;
  std::vector<std::uint64_t> filters(records * words);
  std::mt19937_64 rng(7);
  for (auto& w : filters) w = rng() & rng();  // ~25% bits set
  double sink = 0.0;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t a = i % records;
    const std::size_t b = (i * 2654435761u) % records;
    sink += DiceCoefficient(&filters[a * words], &filters[b * words], words);
    ++i;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DiceComparisons)->Arg(512)->Arg(1024);

void BM_JaroWinkler(benchmark::State& state) {
  const char* names[] = {"michaela", "neumann", "courtney", "painter", "mukhammad", "muhammad"};
  double sink = 0.0;
  std::size_t i = 0;
  for (auto _ : state) {
    sink += JaroWinkler(names[i % 6], names[(i + 1) % 6]);
    ++i;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_JaroWinkler);

void BM_Levenshtein(benchmark::State& state) {
  const char* names[] = {"pinkerton circuit", "stanley street", "wallaby place", "pridhamstreet"};
  int sink = 0;
  std::size_t i = 0;
  for (auto _ : state) {
    sink += Levenshtein(names[i % 4], names[(i + 1) % 4]);
    ++i;
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Levenshtein);

}  // namespace
}  // namespace giai::linkage

BENCHMARK_MAIN();
