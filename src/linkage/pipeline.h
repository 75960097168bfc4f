// The linkage pipeline end to end: normalise -> (encode) -> block -> compare -> learn m/u by
// EM -> score -> apply review decisions -> cluster -> evaluate, over one or more input lists.
//
// Owns everything it computes (LinkageRun), so the CLI, the benchmarks and the tests read the
// same results. The run is not movable: the comparator points into its own table.
// Threads: `threads` std::threads for normalisation and comparison (0 = all cores).
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(auto run, RunLinkage(config, {&list_a, &list_b}, options));
//   run->metrics->f1; run->clustering.labels;
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/blocking.h"
#include "linkage/cluster.h"
#include "linkage/compare.h"
#include "linkage/config.h"
#include "linkage/csv.h"
#include "linkage/evaluate.h"
#include "linkage/model.h"
#include "linkage/record.h"
#include "linkage/review.h"
#include "linkage/scoring.h"

namespace giai::linkage {

struct RunOptions {
  std::string truth_column;                   // enables metrics
  std::optional<std::string> privacy_secret;  // enables the privacy-preserving mode
  ReviewDecisions decisions;
  // A decisions CSV (review.h) resolved against the run's record ids, added to `decisions`.
  std::string decisions_path;
  // Called with a stage name and a fraction in [0, 1] (e.g. for a progress bar).
  std::function<void(std::string_view stage, double fraction)> progress;
};

struct StageTimes {
  double normalise = 0, block = 0, compare = 0, learn = 0, cluster = 0, total = 0;  // seconds
};

struct LinkageRun {
  LinkageRun() = default;
  LinkageRun(const LinkageRun&) = delete;
  LinkageRun& operator=(const LinkageRun&) = delete;

  Table table;
  std::optional<Comparator> comparator;
  std::optional<Scorer> scorer;
  CandidateSet candidates;
  std::vector<std::uint8_t> levels;  // candidates x comparisons
  EmResult em;
  std::vector<float> weights;  // per candidate
  double threshold = 0.0;      // match weight threshold
  Clustering clustering;
  std::vector<ReviewItem> review;
  std::optional<BlockingMetrics> blocking_metrics;
  std::optional<PairMetrics> metrics;       // clusters vs truth
  std::optional<PairMetrics> pair_metrics;  // thresholded pairs (before clustering) vs truth
  StageTimes times;
};

Result<std::unique_ptr<LinkageRun>> RunLinkage(const LinkageConfig& config,
                                               const std::vector<const CsvTable*>& inputs,
                                               const RunOptions& options);

// Random record pairs (across sources in link mode) to measure u on.
std::vector<std::uint64_t> SampleRandomPairs(const Table& table, std::size_t count,
                                             bool cross_source_only, std::uint64_t seed);

}  // namespace giai::linkage
