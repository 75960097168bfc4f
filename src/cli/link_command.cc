// `giai link`: record linkage of victim lists (deduplication of one list or linkage of several),
// configured by a JSON file (docs/LINKAGE.md). Writes scored pairs, clusters and the review
// queue; prints accuracy when a ground-truth column is named. Progress goes to stderr, and only
// when stderr is a terminal, so scripted runs stay clean.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "linkage/csv.h"
#include "linkage/pipeline.h"

namespace giai::cli {
namespace {

struct LinkArgs {
  std::string config;
  std::vector<std::string> inputs;
  std::string output;
  std::string clusters;
  std::string truth;
  std::string privacy_key;
  std::string review_queue;
  std::string decisions;
  unsigned threads = 0;
};

Result<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open privacy key file " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string key = buffer.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  return key;
}

Status WritePairs(const std::string& path, const linkage::LinkageRun& run, double min_probability) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Unavailable("cannot write " + path);
  const auto& specs = run.comparator->specs();
  out << "id_a,id_b,weight,probability,match";
  for (const auto& spec : specs) out << ",level_" << spec.field;
  out << '\n';
  const std::size_t width = specs.size();
  for (std::size_t p = 0; p < run.candidates.pairs.size(); ++p) {
    const double probability = run.scorer->Probability(run.weights[p]);
    if (probability < min_probability) continue;
    const std::uint32_t a = linkage::PairFirst(run.candidates.pairs[p]);
    const std::uint32_t b = linkage::PairSecond(run.candidates.pairs[p]);
    linkage::WriteCsvField(out, run.table.ids[a]);
    out << ',';
    linkage::WriteCsvField(out, run.table.ids[b]);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, ",%.4f,%.6f,%d", run.weights[p], probability,
                  run.weights[p] >= run.threshold ? 1 : 0);
    out << buffer;
    for (std::size_t k = 0; k < width; ++k) {
      out << ',' << linkage::LevelLabel(specs[k], run.levels[p * width + k]);
    }
    out << '\n';
  }
  if (!out) return Unavailable("cannot write " + path);
  return Status::Ok();
}

Status WriteClusters(const std::string& path, const linkage::LinkageRun& run) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Unavailable("cannot write " + path);
  out << "id,cluster,source\n";
  // Rows in input order (the pipeline stores records in blocking order).
  std::vector<std::uint32_t> by_input(run.table.size());
  for (std::uint32_t i = 0; i < run.table.size(); ++i) by_input[run.table.input_row[i]] = i;
  for (const std::uint32_t i : by_input) {
    linkage::WriteCsvField(out, run.table.ids[i]);
    out << ',';
    linkage::WriteCsvField(out, run.table.ids[run.clustering.labels[i]]);
    out << ',' << run.table.source[i] << '\n';
  }
  if (!out) return Unavailable("cannot write " + path);
  return Status::Ok();
}

void PrintSummary(const linkage::LinkageRun& run) {
  std::printf("records %zu, candidate pairs %zu, EM iterations %d%s, lambda %.5f\n",
              run.table.size(), run.candidates.pairs.size(), run.em.iterations,
              run.em.converged ? "" : " (not converged)", run.em.model.lambda);
  if (run.em.label_switched) std::printf("EM converged with the classes swapped; swapped back\n");
  std::printf("match weight threshold %.3f, review queue %zu pairs, guard rejected %zu merges\n",
              run.threshold, run.review.size(), run.clustering.rejected_merges);
  if (run.blocking_metrics) {
    std::printf(
        "blocking: pairs completeness %.4f, reduction ratio %.6f (%llu of %llu true pairs)\n",
        run.blocking_metrics->pairs_completeness, run.blocking_metrics->reduction_ratio,
        static_cast<unsigned long long>(run.blocking_metrics->true_candidates),
        static_cast<unsigned long long>(run.blocking_metrics->true_pairs));
  }
  if (run.pair_metrics) {
    std::printf("pairs:    precision %.4f, recall %.4f, F1 %.4f\n", run.pair_metrics->precision,
                run.pair_metrics->recall, run.pair_metrics->f1);
  }
  if (run.metrics) {
    std::printf("clusters: precision %.4f, recall %.4f, F1 %.4f\n", run.metrics->precision,
                run.metrics->recall, run.metrics->f1);
  }
  std::printf(
      "time: normalise %.3f s, block %.3f s, compare %.3f s, learn %.3f s, cluster %.3f s, "
      "total %.3f s\n",
      run.times.normalise, run.times.block, run.times.compare, run.times.learn, run.times.cluster,
      run.times.total);
}

int RunLink(const LinkArgs& args) {
  Result<linkage::LinkageConfig> config = linkage::LoadLinkageConfig(args.config);
  if (!config.ok()) return Fail(config.status());
  if (args.threads > 0) config->threads = args.threads;
  if (args.inputs.empty()) return Fail(InvalidInput("at least one --input is required", "input"));
  std::vector<linkage::CsvTable> tables;
  tables.reserve(args.inputs.size());
  for (const std::string& path : args.inputs) {
    Result<linkage::CsvTable> table = linkage::ReadCsvFile(path);
    if (!table.ok()) return Fail(table.status());
    tables.push_back(std::move(table).value());
  }
  std::vector<const linkage::CsvTable*> inputs;
  for (const auto& t : tables) inputs.push_back(&t);

  linkage::RunOptions options;
  options.truth_column = args.truth;
  if (!args.privacy_key.empty()) {
    Result<std::string> key = ReadKeyFile(args.privacy_key);
    if (!key.ok()) return Fail(key.status());
    options.privacy_secret = std::move(key).value();
  }
  if (isatty(STDERR_FILENO)) {
    options.progress = [](std::string_view stage, double fraction) {
      const int filled = static_cast<int>(fraction * 30);
      std::fprintf(stderr, "\r[%-30s] %3d%% %-10.*s", std::string(filled, '#').c_str(),
                   static_cast<int>(fraction * 100), static_cast<int>(stage.size()), stage.data());
      if (fraction >= 1.0) std::fprintf(stderr, "\n");
    };
  }
  options.decisions_path = args.decisions;
  Result<std::unique_ptr<linkage::LinkageRun>> run = linkage::RunLinkage(*config, inputs, options);
  if (!run.ok()) return Fail(run.status());
  const linkage::LinkageRun& r = **run;
  if (Status s = WritePairs(args.output, r, config->review.low); !s.ok()) return Fail(s);
  if (Status s = WriteClusters(args.clusters, r); !s.ok()) return Fail(s);
  if (!args.review_queue.empty()) {
    if (Status s = linkage::WriteReviewQueue(args.review_queue, r.table, r.review); !s.ok()) {
      return Fail(s);
    }
  }
  PrintSummary(r);
  return 0;
}

}  // namespace

void RegisterLinkCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<LinkArgs>();
  CLI::App* cmd = app.add_subcommand("link", "Link or deduplicate victim lists (record linkage)");
  cmd->add_option("--config", args->config, "JSON linkage configuration")->required();
  cmd->add_option("--input", args->inputs, "Input CSV (repeat for several lists)")->required();
  cmd->add_option("--output", args->output, "Scored pairs CSV to write")->required();
  cmd->add_option("--clusters", args->clusters, "Clusters CSV to write")->required();
  cmd->add_option("--truth", args->truth, "Ground-truth entity column: print precision/recall/F1");
  cmd->add_option("--privacy-key", args->privacy_key,
                  "File with the consortium secret: link Bloom-filter encodings only");
  cmd->add_option("--review-queue", args->review_queue, "Uncertain pairs CSV to write");
  cmd->add_option("--decisions", args->decisions, "Reviewed pairs CSV (id_a,id_b,decision)");
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)");
  cmd->callback([args, &ctx] { ctx.exit_code = RunLink(*args); });
}

}  // namespace giai::cli
