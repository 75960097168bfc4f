#include "linkage/pipeline.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <random>
#include <thread>

#include "linkage/lsh.h"
#include "linkage/privacy.h"
#include "linkage/radix_sort.h"

namespace giai::linkage {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::size_t> LevelCounts(const std::vector<ComparisonSpec>& specs) {
  std::vector<std::size_t> out;
  for (const ComparisonSpec& s : specs) out.push_back(LevelCount(s));
  return out;
}

PairMetrics EvaluateThresholdedPairs(const Table& table, const std::vector<std::uint64_t>& pairs,
                                     const std::vector<float>& weights, double threshold,
                                     std::uint64_t true_pairs) {
  PairMetrics m;
  m.true_pairs = true_pairs;
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    if (weights[p] < threshold) continue;
    ++m.predicted_pairs;
    const std::string& ta = table.truth[PairFirst(pairs[p])];
    if (!ta.empty() && ta == table.truth[PairSecond(pairs[p])]) ++m.true_positives;
  }
  m.precision = m.predicted_pairs ? static_cast<double>(m.true_positives) / m.predicted_pairs : 0.0;
  m.recall = m.true_pairs ? static_cast<double>(m.true_positives) / m.true_pairs : 0.0;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
  return m;
}

// Appends one key vector (and one plain rule) per LSH band of every LSH rule. In privacy mode
// the bands sample the encodings; in clear mode filters are built with a public key, since they
// only serve blocking.
Status AddLshKeys(const Table& table, const LinkageConfig& config, bool encoded,
                  std::vector<BlockingRule>& rules, std::vector<std::vector<std::uint64_t>>& keys) {
  const std::size_t original = rules.size();
  for (std::size_t r = 0; r < original; ++r) {
    const BlockingRule rule = rules[r];
    if (rule.lsh_bands == 0) continue;
    std::vector<std::vector<std::uint64_t>> clear_filters;
    std::vector<const std::vector<std::uint64_t>*> filters;
    std::vector<std::size_t> words;
    std::optional<BloomEncoder> encoder;
    if (!encoded) {
      GIAI_ASSIGN_OR_RETURN(BloomEncoder e,
                            BloomEncoder::Create("giai-lsh-public-clear-mode", config.privacy));
      encoder.emplace(std::move(e));
    }
    clear_filters.reserve(rule.parts.size());
    for (const KeyPart& part : rule.parts) {
      const int f = table.FieldIndex(part.field);
      if (f < 0)
        return InvalidInput("LSH rule names unknown field '" + part.field + "'", "blocking");
      const Column& col = table.columns[static_cast<std::size_t>(f)];
      if (encoded) {
        filters.push_back(&col.bloom);
        words.push_back(col.bloom_words);
      } else {
        clear_filters.push_back(FieldFilters(table, static_cast<std::size_t>(f), *encoder));
        filters.push_back(&clear_filters.back());
        words.push_back(encoder->words());
      }
    }
    std::vector<std::vector<std::uint64_t>> bands =
        LshKeys(filters, words, table.size(), rule.lsh_bands, rule.lsh_bits, config.model.seed + r);
    for (auto& band : bands) {
      rules.push_back(BlockingRule{rule.parts, 0, 0, 0});
      keys.push_back(std::move(band));
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::uint64_t> SampleRandomPairs(const Table& table, std::size_t count,
                                             bool cross_source_only, std::uint64_t seed) {
  std::vector<std::uint64_t> pairs;
  const std::size_t n = table.size();
  if (n < 2) return pairs;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
  // Bounded attempts: with a single source in link mode there is no valid pair at all.
  for (std::size_t attempts = 0; pairs.size() < count && attempts < count * 4; ++attempts) {
    const std::uint32_t a = pick(rng);
    const std::uint32_t b = pick(rng);
    if (a == b || (cross_source_only && table.source[a] == table.source[b])) continue;
    pairs.push_back(MakePair(a, b));
  }
  return pairs;
}

Result<std::unique_ptr<LinkageRun>> RunLinkage(const LinkageConfig& config,
                                               const std::vector<const CsvTable*>& inputs,
                                               const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto progress = [&](std::string_view stage, double fraction) {
    if (options.progress) options.progress(stage, fraction);
  };
  if (config.link_mode && inputs.size() < 2) {
    return InvalidInput("link mode needs at least two inputs", "input");
  }
  auto run = std::make_unique<LinkageRun>();
  const unsigned threads =
      config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());

  progress("normalise", 0.0);
  auto t = std::chrono::steady_clock::now();
  BuildOptions build{config.id_column, options.truth_column,
                     config.nicknames.empty() ? nullptr : &config.nicknames, threads};
  GIAI_ASSIGN_OR_RETURN(run->table, BuildTable(config.fields, inputs, build));
  run->times.normalise = SecondsSince(t);
  // Records that share the first blocking key are stored next to each other: at a million
  // records, comparisons otherwise wait on cache misses for the second record of every pair.
  if (!config.blocking.empty() && config.blocking[0].window == 0 &&
      config.blocking[0].lsh_bands == 0) {
    const std::vector<std::uint64_t> hashes =
        BlockingKeyHashes(run->table, config.blocking[0], ~0ULL, threads);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(run->table.size());
    for (std::uint32_t i = 0; i < keyed.size(); ++i) keyed[i] = {hashes[i], i};
    RadixSortBy(keyed, [](const auto& k) { return k.first; });  // stable: index order
    std::vector<std::uint32_t> order;
    order.reserve(keyed.size());
    for (const auto& [key, index] : keyed) order.push_back(index);
    PermuteTable(run->table, order, threads);
  }
  ReviewDecisions decisions = options.decisions;
  if (!options.decisions_path.empty()) {
    GIAI_ASSIGN_OR_RETURN(ReviewDecisions loaded,
                          LoadDecisions(options.decisions_path, run->table));
    for (std::uint64_t key : loaded.same)
      decisions.Add(PairFirst(key), PairSecond(key), Decision::kSame);
    for (std::uint64_t key : loaded.different) {
      decisions.Add(PairFirst(key), PairSecond(key), Decision::kDifferent);
    }
  }

  progress("block", 0.2);
  t = std::chrono::steady_clock::now();
  std::vector<ComparisonSpec> specs = config.comparisons;
  std::vector<std::vector<std::uint64_t>> keys;
  if (options.privacy_secret) {
    GIAI_ASSIGN_OR_RETURN(BloomEncoder encoder,
                          BloomEncoder::Create(*options.privacy_secret, config.privacy));
    for (const BlockingRule& rule : config.blocking) {
      if (rule.window > 0 && rule.lsh_bands == 0) {
        return InvalidInput("sorted-neighbourhood blocking is not available in privacy mode",
                            "blocking");
      }
    }
    GIAI_ASSIGN_OR_RETURN(keys,
                          HashBlockingKeys(run->table, config.blocking, encoder.BlockingHasher()));
    GIAI_RETURN_IF_ERROR(EncodeForPrivacy(run->table, encoder));
    specs = PrivacyComparisons(config.comparisons, config.privacy);
  } else {
    GIAI_ASSIGN_OR_RETURN(keys, HashBlockingKeys(run->table, config.blocking, Fnv1a64));
  }
  std::vector<BlockingRule> rules = config.blocking;
  GIAI_RETURN_IF_ERROR(
      AddLshKeys(run->table, config, options.privacy_secret.has_value(), rules, keys));
  GIAI_ASSIGN_OR_RETURN(run->candidates, GenerateCandidates(run->table, rules, keys,
                                                            config.blocking_options, threads));
  keys.clear();
  const bool has_truth = !options.truth_column.empty();
  if (has_truth) {
    run->blocking_metrics = EvaluateBlocking(run->table, run->candidates.pairs, config.link_mode);
  }
  run->times.block = SecondsSince(t);

  progress("compare", 0.4);
  t = std::chrono::steady_clock::now();
  GIAI_ASSIGN_OR_RETURN(Comparator comparator, Comparator::Create(run->table, specs, threads));
  run->comparator.emplace(std::move(comparator));
  // The random pairs that u is measured on are compared in the same parallel pass as the
  // candidates (one set of threads, and the two halves balance each other).
  const std::vector<std::uint64_t> random_pairs =
      config.model.random_pairs > 0 ? SampleRandomPairs(run->table, config.model.random_pairs,
                                                        config.link_mode, config.model.seed)
                                    : std::vector<std::uint64_t>();
  const std::size_t width = specs.size();
  const std::size_t n_candidates = run->candidates.pairs.size();
  run->levels.resize(n_candidates * width);
  std::vector<std::uint8_t> random_levels(random_pairs.size() * width);
  ParallelFor(n_candidates + random_pairs.size(), threads, [&](std::size_t begin, std::size_t end) {
    const Comparator& c = *run->comparator;
    for (std::size_t p = begin; p < end; ++p) {
      if (p < n_candidates) {
        const std::uint64_t pair = run->candidates.pairs[p];
        c.Compare(PairFirst(pair), PairSecond(pair), &run->levels[p * width]);
      } else {
        const std::size_t q = p - n_candidates;
        c.Compare(PairFirst(random_pairs[q]), PairSecond(random_pairs[q]),
                  &random_levels[q * width]);
      }
    }
  });
  run->times.compare = SecondsSince(t);

  progress("learn", 0.6);
  t = std::chrono::steady_clock::now();
  const std::vector<std::size_t> level_counts = LevelCounts(specs);
  std::vector<std::vector<double>> random_u;
  if (config.model.random_pairs > 0) random_u = UFromLevels(random_levels, width, level_counts);
  const PatternCounts patterns =
      CountPatterns(run->levels.data(), run->candidates.pairs.size(), specs.size(), threads);
  EmOptions em_options;
  em_options.max_iterations = config.model.max_iterations;
  em_options.fix_u = config.model.fix_u && !random_u.empty();
  GIAI_ASSIGN_OR_RETURN(
      run->em,
      EstimateEm(patterns, InitialModel(level_counts, random_u, config.model.initial_lambda),
                 em_options));
  run->scorer.emplace(Scorer::Create(*run->comparator, run->em.model));
  run->weights = ScoreAll(*run->scorer, run->candidates.pairs, run->levels, threads);
  run->threshold = config.model.has_threshold_weight
                       ? config.model.threshold_weight
                       : run->scorer->WeightAtProbability(config.model.match_probability);
  run->times.learn = SecondsSince(t);

  progress("cluster", 0.8);
  t = std::chrono::steady_clock::now();
  // Reviewer decisions override the model on the pairs they cover. The probability (an exp2)
  // is only computed for weights near or above review.low's: a weight well below it cannot
  // reach it (the margin dwarfs any rounding), and that is most candidates.
  const bool any_decision = decisions.size() > 0;
  const double review_floor = config.review.low > 0.0 && config.review.low < 1.0
                                  ? run->scorer->WeightAtProbability(config.review.low) - 1e-3
                                  : -std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < run->candidates.pairs.size(); ++p) {
    if (!any_decision && run->weights[p] < review_floor) continue;
    const std::uint32_t a = PairFirst(run->candidates.pairs[p]);
    const std::uint32_t b = PairSecond(run->candidates.pairs[p]);
    const double probability = run->scorer->Probability(run->weights[p]);
    if (decisions.IsDifferent(a, b)) {
      run->weights[p] = -1e9f;
    } else if (decisions.IsSame(a, b)) {
      run->weights[p] = 1e9f;
    } else if (probability >= config.review.low && probability < config.review.high) {
      run->review.push_back({a, b, run->weights[p], probability});
    }
  }
  std::sort(run->review.begin(), run->review.end(),
            [](const ReviewItem& x, const ReviewItem& y) { return x.probability > y.probability; });
  ClusterOptions cluster_options = config.clustering;
  cluster_options.threshold = run->threshold;
  const Scorer& scorer = *run->scorer;
  PairScoreFn score = [&scorer](std::uint32_t a, std::uint32_t b) {
    std::uint8_t levels[kMaxComparisons];
    scorer.comparator().Compare(a, b, levels);
    return scorer.Weight(a, b, levels);
  };
  run->clustering = ClusterRecords(run->table.size(), run->candidates.pairs, run->weights,
                                   run->table.source, decisions, cluster_options, score);
  run->times.cluster = SecondsSince(t);

  if (has_truth) {
    run->metrics = EvaluateClusters(run->table, run->clustering.labels, config.link_mode);
    run->pair_metrics = EvaluateThresholdedPairs(run->table, run->candidates.pairs, run->weights,
                                                 run->threshold, run->blocking_metrics->true_pairs);
  }
  run->times.total = SecondsSince(start);
  progress("done", 1.0);
  return run;
}

}  // namespace giai::linkage
